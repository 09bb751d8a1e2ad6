"""Reflex configuration. Ports come from services.config, the one source of truth.

Prod mode (`reflex run --env prod`) serves frontend and backend on ONE port: the frontend port
(with WEB_BACKENDS > 1 each backend on its own port behind haproxy; devstack/reflex_app.py).
Start the app through devstack (`python -m devstack.reflex_app start`), which also provides bun.
"""

import reflex as rx
from reflex.plugins.sitemap import SitemapPlugin

from dreams_app.styles import theme
from services.config import get_settings

_settings = get_settings()

config = rx.Config(
    app_name="dreams_app",
    frontend_port=_settings.frontend_port,
    backend_port=_settings.backend_port,
    backend_host=_settings.app_host,
    deploy_url=_settings.public_url,
    # X-Forwarded-For counts only behind proxies we run (router.session.client_ip then follows it).
    trusted_proxy_hops=_settings.trusted_proxy_hops,
    # Every tab's state lives in Redis (not in a local folder), so it survives a backend's death
    # and several backend processes share it (docs/DESIGN.md §1b). REFLEX_REDIS_URL still wins.
    redis_url=_settings.redis_url,
    # The app never touches SQL (the users worker owns that database).
    db_url=None,
    telemetry_enabled=False,
    show_built_with_reflex=False,
    default_color_mode="light",
    # Since 0.9 the Radix theme is configured here, not with rx.App(theme=...).
    plugins=[rx.plugins.RadixThemesPlugin(theme=theme)],
    # The sitemap lists every route for search engines; nothing here is public yet.
    disable_plugins=[SitemapPlugin],
)
