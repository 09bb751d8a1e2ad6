"""`/users` (staff only): every account, confirmed or not, with search, paging and loading, empty
and error states."""

import reflex as rx

from dreams_app import routes
from dreams_app.components.empty_state import empty_state
from dreams_app.components.error_callout import error_callout
from dreams_app.components.loading_skeleton import loading_skeleton
from dreams_app.components.page_header import page_header
from dreams_app.components.staff_only import staff_only
from dreams_app.components.users_list import users_list
from dreams_app.i18n import t
from dreams_app.state.users import QUERY_MAX, UsersState
from dreams_app.template import page


def _pager() -> rx.Component:
    return rx.hstack(
        rx.button(
            rx.icon("chevron-left", size=16),
            t("users.previous"),
            variant="soft",
            on_click=UsersState.previous_page,
            disabled=~UsersState.has_previous,
        ),
        rx.text(UsersState.range_text, size="2", color_scheme="gray", data_testid="users-range"),
        rx.button(
            t("users.next"),
            rx.icon("chevron-right", size=16),
            variant="soft",
            on_click=UsersState.next_page,
            disabled=~UsersState.has_next,
        ),
        justify="between",
        align="center",
        width="100%",
        role="navigation",
        aria_label=t("users.pages_label"),
    )


def _search() -> rx.Component:
    return rx.form(
        rx.hstack(
            rx.input(
                rx.input.slot(rx.icon("search", size=16, aria_hidden="true")),
                name="query",
                default_value=UsersState.query,
                placeholder=t("users.search_placeholder"),
                aria_label=t("users.search_label"),
                type="search",
                max_length=QUERY_MAX,
                width="100%",
                size="3",
            ),
            rx.button(t("users.search_button"), type="submit", size="3"),
            width="100%",
            spacing="2",
        ),
        on_submit=UsersState.search,
        role="search",
        width="100%",
        margin_bottom="1rem",
    )


def _no_match() -> rx.Component:
    return empty_state(
        t("users.no_match_title"),
        t("users.no_match_text"),
        "search-x",
        rx.button(t("users.clear_search"), variant="soft", on_click=UsersState.clear_search),
    )


def _list() -> rx.Component:
    return rx.fragment(
        _search(),
        rx.match(
            UsersState.status,
            ("error", error_callout(t("users.unavailable"), on_retry=UsersState.load_users)),
            (
                "ready",
                rx.cond(
                    UsersState.has_users,
                    rx.vstack(users_list(UsersState.rows), _pager(), width="100%", spacing="4"),
                    rx.cond(
                        UsersState.searching,
                        _no_match(),
                        empty_state(t("users.empty_title"), t("users.empty_text"), icon="users"),
                    ),
                ),
            ),
            loading_skeleton(t("users.loading_label")),
        ),
    )


@page(route=routes.USERS, title_key="users.title", on_load=UsersState.load_users, on_load_checks_session=True)
def users_page() -> rx.Component:
    return rx.box(
        page_header(t("users.heading"), t("users.intro")),
        staff_only(UsersState.staff_access, _list(), on_retry=UsersState.load_users),
        width="100%",
        data_testid="users-page",
        data_access=UsersState.staff_access,
    )
