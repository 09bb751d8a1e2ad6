"""The Reflex app. It only assembles: styles, extra HTTP routes and the services' lifespan (built
at start-up, dreams_app/backend.py); pages register themselves.

The Radix theme is set in rxconfig.py (RadixThemesPlugin), as Reflex 0.9+ wants.
"""

import reflex as rx

from dreams_app import backend, pages, styles  # noqa: F401  (importing pages registers them)
from dreams_app.api import build_api
from dreams_app.components.html_lang_script import html_lang_script
from dreams_app.components.route_focus_script import route_focus_script
from dreams_app.locales import DEFAULT_LOCALE, HTML_LANG
from dreams_app.socket_failover import install as install_socket_failover
from dreams_app.state_manager import install as install_state_manager

install_socket_failover()  # a tab keeps its state when its backend dies (several backends, Redis)
install_state_manager()  # fewer substates read per event; leases (opt-in) written through
app = rx.App(
    stylesheets=styles.stylesheets,
    style=styles.base_style,
    html_lang=HTML_LANG[DEFAULT_LOCALE],
    head_components=[html_lang_script(), route_focus_script(), rx.el.style(styles.palette_css())],
    api_transformer=build_api(),
)
app.register_lifespan_task(backend.lifespan)
