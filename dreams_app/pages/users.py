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


@page(route=routes.USERS, title_key="users.title", on_load=UsersState.load_users)
def users_page() -> rx.Component:
    return rx.box(
        page_header(t("users.heading"), t("users.intro")),
        rx.match(
            UsersState.status,
            ("error", error_callout(t("users.unavailable"), on_retry=UsersState.load_users)),
            ("ready", rx.cond(
                UsersState.has_users,
                users_list(UsersState.rows),
                empty_state(t("users.empty_title"), t("users.empty_text"), icon="users"),
            )),
            loading_skeleton(t("users.loading_label")),
        ),
        width="100%",
    )
