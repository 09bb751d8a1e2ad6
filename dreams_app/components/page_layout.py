"""Every page's frame: skip link, navbar, the page's content in <main>, footer."""

import reflex as rx

from dreams_app import styles
from dreams_app.components.footer import footer
from dreams_app.components.navbar import navbar
from dreams_app.i18n import t

MAIN_ID = "main"


def page_layout(*children: rx.Component, check_session: bool = True) -> rx.Component:
    return rx.flex(
        # Focus moves in the page itself: a bare "#main" link would be a router navigation here.
        rx.el.a(
            t("nav.skip"), href=f"#{MAIN_ID}", class_name="skip-link", on_click=rx.set_focus(MAIN_ID).prevent_default
        ),
        navbar(check_session),
        rx.el.main(*children, id=MAIN_ID, tab_index=-1, style=styles.main_style),
        footer(),
        direction="column",
        min_height="100vh",
        background_color=rx.color("gray", 1),
    )
