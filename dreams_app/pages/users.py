"""`/users`: every confirmed user, with loading, empty and error states."""
import reflex as rx

from dreams_app import routes
from dreams_app.components.empty_state import empty_state
from dreams_app.components.error_callout import error_callout
from dreams_app.components.loading_skeleton import loading_skeleton
from dreams_app.components.page_header import page_header
from dreams_app.components.users_list import users_list
from dreams_app.i18n import t
from dreams_app.state.users import UsersState
from dreams_app.template import page


def _pager() -> rx.Component:
    return rx.hstack(
        rx.button(rx.icon("chevron-left", size=16), t("users.previous"), variant="soft",
                  on_click=UsersState.previous_page, disabled=~UsersState.has_previous),
        rx.text(UsersState.range_text, size="2", color_scheme="gray", data_testid="users-range"),
        rx.button(t("users.next"), rx.icon("chevron-right", size=16), variant="soft",
                  on_click=UsersState.next_page, disabled=~UsersState.has_next),
        justify="between", align="center", width="100%",
        role="navigation", aria_label=t("users.pages_label"),
    )


@page(route=routes.USERS, title_key="users.title", on_load=UsersState.load_users)
def users_page() -> rx.Component:
    return rx.box(
        page_header(t("users.heading"), t("users.intro")),
        rx.match(
            UsersState.status,
            ("error", error_callout(t("users.unavailable"), on_retry=UsersState.load_users)),
            ("ready", rx.cond(
                UsersState.has_users,
                rx.vstack(users_list(UsersState.rows), _pager(), width="100%", spacing="4"),
                empty_state(t("users.empty_title"), t("users.empty_text"), icon="users"),
            )),
            loading_skeleton(t("users.loading_label")),
        ),
        width="100%",
    )
