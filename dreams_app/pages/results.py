"""`/search?from=GRU&to=LIS&depart=…&return=…`: package cards with sort, filters, loading and empty states."""

import reflex as rx

from dreams_app import routes, styles
from dreams_app.components.empty_state import empty_state
from dreams_app.components.error_callout import error_callout
from dreams_app.components.package_card import package_card
from dreams_app.components.package_skeleton import package_skeleton
from dreams_app.components.results_toolbar import filters_panel, filters_toggle, sort_select
from dreams_app.i18n import t
from dreams_app.state.results import ResultsState
from dreams_app.template import page


def _header() -> rx.Component:
    return rx.flex(
        rx.vstack(
            rx.heading(t("results.heading"), as_="h1", size="8", weight="bold", letter_spacing="-0.02em"),
            rx.text(ResultsState.summary, size="4", style=styles.muted_text_style, data_testid="results-summary"),
            spacing="1",
        ),
        rx.hstack(
            filters_toggle(),
            rx.link(
                rx.icon("pencil", size=16, aria_hidden="true"),
                t("results.change_search"),
                href=ResultsState.change_search_url,
                style=styles.nav_link_style,
                display="inline-flex",
                align_items="center",
                gap="0.375rem",
                border=f"1px solid {rx.color('gray', 6)}",
            ),
            spacing="2",
            align="center",
        ),
        justify="between",
        align=rx.breakpoints(initial="start", sm="end"),
        direction=rx.breakpoints(initial="column", sm="row"),
        gap="1rem",
        margin_bottom="1.5rem",
        width="100%",
    )


def _invalid() -> rx.Component:
    return rx.callout.root(
        rx.callout.icon(rx.icon("triangle-alert")),
        rx.vstack(
            rx.text(t("results.invalid_title"), weight="bold"),
            rx.text(t("results.invalid_text")),
            rx.el.ul(rx.foreach(ResultsState.invalid_messages, lambda m: rx.el.li(m)), padding_left="1.25rem"),
            rx.link(t("results.change_search"), href=ResultsState.change_search_url),
            spacing="1",
            align="start",
        ),
        color_scheme="amber",
        role="alert",
        width="100%",
    )


def _empty() -> rx.Component:
    return empty_state(
        t("results.empty_title"),
        rx.cond(ResultsState.filters_active, t("results.empty_filters"), t("results.empty_search")),
        "search-x",
        rx.hstack(
            rx.cond(
                ResultsState.filters_active,
                rx.button(t("results.clear_filters"), on_click=ResultsState.clear_filters, variant="soft"),
            ),
            rx.link(t("results.change_search"), href=ResultsState.change_search_url),
            spacing="4",
            align="center",
        ),
    )


def _list() -> rx.Component:
    return rx.vstack(
        rx.el.ul(
            rx.foreach(ResultsState.cards, package_card),
            display="flex",
            flex_direction="column",
            gap="0.75rem",
            padding="0",
            margin="0",
            width="100%",
        ),
        rx.cond(
            ResultsState.has_more,
            rx.button(
                t("results.show_more"), on_click=ResultsState.show_more, variant="soft", size="3", align_self="center"
            ),
        ),
        spacing="4",
        width="100%",
    )


def _results() -> rx.Component:
    return rx.match(
        ResultsState.status,
        ("error", error_callout(t("results.failed"), on_retry=ResultsState.refresh)),
        ("ready", rx.cond(ResultsState.total > 0, _list(), _empty())),
        package_skeleton(t("results.loading_label")),
    )


@page(route=routes.SEARCH, title_key="results.title", on_load=ResultsState.load)
def results_page() -> rx.Component:
    return rx.box(
        _header(),
        rx.cond(
            ResultsState.status == "invalid",
            _invalid(),
            rx.grid(
                filters_panel(),
                rx.vstack(
                    rx.flex(
                        rx.text(
                            rx.cond(ResultsState.status == "ready", ResultsState.count_text, ""),
                            weight="medium",
                            aria_live="polite",
                            data_testid="results-count",
                        ),
                        sort_select(),
                        justify="between",
                        align="center",
                        wrap="wrap",
                        gap="0.75rem",
                        width="100%",
                    ),
                    _results(),
                    spacing="3",
                    width="100%",
                    min_width="0",
                ),
                columns=rx.breakpoints(initial="1", md="16rem 1fr"),
                spacing="5",
                width="100%",
                align_items="start",
            ),
        ),
        width="100%",
        data_testid="results",
        data_status=ResultsState.status,
        data_search=ResultsState.search_key,
    )
