"""The top bar: logo (home link), main navigation, the language switch and the account area."""

import reflex as rx

from dreams_app import routes, styles
from dreams_app.components.account_menu import account_menu
from dreams_app.components.language_switch import language_switch
from dreams_app.i18n import t
from dreams_app.state.auth import AuthState


def _nav_link(label: rx.Var[str], href: str) -> rx.Component:
    return rx.link(label, href=href, style=styles.nav_link_style)


def navbar(check_session: bool = True) -> rx.Component:
    return rx.el.header(
        rx.hstack(
            rx.link(
                rx.image(src="/logo.svg", alt="Dreams", height=["1.875rem", "2.25rem"], width="auto", flex_shrink="0"),
                href=routes.home_url(),
                aria_label=t("nav.logo"),
                display="flex",
                flex_shrink="0",
            ),
            rx.spacer(),
            rx.el.nav(
                # Staff links for staff only; the pages check the role themselves on every event.
                rx.cond(
                    AuthState.is_staff,
                    rx.hstack(
                        _nav_link(t("nav.users"), routes.users_url()),
                        _nav_link(t("nav.ops"), routes.ops_url()),
                        spacing="1",
                        display=["none", "flex"],
                    ),
                ),  # on a phone: in the account menu
                aria_label=t("nav.main"),
            ),
            language_switch(),
            account_menu(check_session),
            align="center",
            spacing=rx.breakpoints(initial="2", sm="3"),
            # At 320 px (or 200 % zoom) the bar wraps onto a second row instead of scrolling sideways.
            flex_wrap="wrap",
            min_height="4rem",
            padding_y="0.5rem",
            style=styles.container_style,
        ),
        style=styles.header_style,
    )
