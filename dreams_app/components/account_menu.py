"""The header's account area: "Entrar"/"Criar conta" when logged out; the first name and a menu
(Minhas viagens, Perfil, the staff pages for staff, Sair) when logged in. Checks the session each time a page mounts it.

Log-out is a POST to /api/session/end (a plain form post: only an HTTP response can clear the
HttpOnly cookie). Reflex forms always stop the native submit, so a tiny script submits one.
"""

from __future__ import annotations

import reflex as rx

from dreams_app import routes, styles
from dreams_app.i18n import t
from dreams_app.session_routes import END
from dreams_app.state.auth import AuthState, SessionCheckState

LOG_OUT_SCRIPT = (
    "(()=>{const f=document.createElement('form');f.method='post';"
    f"f.action='{END}';document.body.appendChild(f);f.submit()}})()"
)


def _logged_out() -> rx.Component:
    # Two links from tablet width up; on a phone they fold into one menu so the bar fits 390 px.
    return rx.fragment(
        rx.hstack(
            rx.link(t("nav.login"), href=routes.login_url(), style=styles.nav_link_style),
            rx.link(t("nav.signup"), href=routes.signup_url(), style=styles.nav_signup_link_style),
            spacing="1",
            align="center",
            display=["none", "flex"],
        ),
        rx.box(
            rx.menu.root(
                rx.menu.trigger(
                    rx.icon_button(
                        rx.icon("circle-user-round", size=20, aria_hidden="true"),
                        variant="soft",
                        radius="full",
                        size="2",
                        aria_label=t("nav.account_menu"),
                    ),
                ),
                rx.menu.content(
                    rx.menu.item(t("nav.login"), on_select=rx.redirect(routes.login_url())),
                    rx.menu.item(t("nav.signup"), on_select=rx.redirect(routes.signup_url())),
                    align="end",
                ),
            ),
            display=["block", "none"],
        ),
    )


def _logged_in() -> rx.Component:
    return rx.menu.root(
        rx.menu.trigger(
            rx.button(
                rx.icon("circle-user-round", size=18, aria_hidden="true"),
                # On a phone the bar has no room for a name: the icon alone, the name heads the menu.
                rx.text(
                    AuthState.user_first_name, as_="span", style=styles.user_name_style, display=["none", "inline"]
                ),
                rx.box(rx.icon("chevron-down", size=14, aria_hidden="true"), display=["none", "block"]),
                variant="soft",
                radius="full",
                size="2",
                data_testid="account-menu",
                min_height="2rem",
                aria_label=t("nav.account_menu") + ": " + AuthState.user_first_name,
            ),
        ),
        rx.menu.content(
            rx.text(
                AuthState.user_first_name,
                as_="div",
                weight="bold",
                size="2",
                padding="0.25rem 0.75rem",
                style=styles.user_name_style,
            ),
            rx.menu.item(
                rx.icon("luggage", size=16, aria_hidden="true"),
                t("nav.trips"),
                on_select=rx.redirect(routes.dashboard_url()),
            ),
            rx.menu.item(
                rx.icon("user", size=16, aria_hidden="true"),
                t("nav.profile"),
                on_select=rx.redirect(routes.profile_url()),
            ),
            # Staff pages, here too: on a phone the bar has no room for their links.
            rx.cond(
                AuthState.is_staff,
                rx.fragment(
                    rx.menu.separator(),
                    rx.menu.item(
                        rx.icon("users", size=16, aria_hidden="true"),
                        t("nav.users"),
                        on_select=rx.redirect(routes.users_url()),
                    ),
                    rx.menu.item(
                        rx.icon("activity", size=16, aria_hidden="true"),
                        t("nav.ops"),
                        on_select=rx.redirect(routes.ops_url()),
                    ),
                ),
            ),
            rx.menu.separator(),
            rx.menu.item(
                rx.icon("log-out", size=16, aria_hidden="true"),
                t("nav.logout"),
                on_select=rx.call_script(LOG_OUT_SCRIPT),
                color_scheme="red",
            ),
            align="end",
        ),
    )


def account_menu(check_session: bool = True) -> rx.Component:
    """`check_session=False` on a page whose own on_load checks the session and applies it to
    AuthState (template.page): a second check of the same cookie would be a background event of its
    own, two state round trips, on every visit."""
    return rx.box(
        rx.cond(
            AuthState.session_checked,
            rx.cond(AuthState.signed_in, _logged_in(), _logged_out()),
            rx.skeleton(width=rx.breakpoints(initial="2rem", sm="6rem"), height="2rem", border_radius="999px"),
        ),
        data_testid="account-area",
        **({"on_mount": SessionCheckState.sync_session} if check_session else {}),
    )
