"""The top bar: logo (home link), main navigation and the language switch."""
import reflex as rx

from dreams_app import routes, styles
from dreams_app.components.language_switch import language_switch
from dreams_app.i18n import t


def _nav_link(label: rx.Var[str], href: str) -> rx.Component:
    return rx.link(label, href=href, style=styles.nav_link_style)


def navbar() -> rx.Component:
    return rx.el.header(
        rx.hstack(
            rx.link(
                rx.image(src="/logo.svg", alt="Dreams", height="2.25rem", width="auto"),
                href=routes.home_url(),
                aria_label=t("nav.logo"),
                display="flex",
            ),
            rx.spacer(),
            rx.el.nav(
                rx.hstack(_nav_link(t("nav.users"), routes.users_url()), spacing="1"),
                aria_label=t("nav.main"),
            ),
            language_switch(),
            align="center",
            spacing="3",
            height="4rem",
            style=styles.container_style,
        ),
        style=styles.header_style,
    )
