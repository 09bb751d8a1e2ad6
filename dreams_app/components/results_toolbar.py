"""Sort and filters for the results: sort order, maximum stops, hotel stars and a price range.

Every change re-runs the search on the server and updates the address bar (share and reload keep it).
"""

import reflex as rx

from dreams_app import styles
from dreams_app.components.search_field import SELECT_STYLE, field_label
from dreams_app.i18n import t
from dreams_app.state.results import STAR_CHOICES, ResultsState


def sort_select() -> rx.Component:
    return rx.hstack(
        field_label(t("results.sort"), "sort"),
        rx.el.select(
            *[rx.el.option(t(f"results.sort_{key}"), value=key) for key in ("price", "duration", "stars")],
            id="sort",
            value=ResultsState.sort,
            on_change=ResultsState.set_sort,
            style={**SELECT_STYLE, "width": "auto", "min_width": "12rem"},
        ),
        align="center",
        spacing="2",
        wrap="wrap",
    )


def _stops() -> rx.Component:
    return rx.vstack(
        field_label(t("results.max_stops"), "stops"),
        rx.el.select(
            *[rx.el.option(t(f"results.stops_{key}"), value=key) for key in ("any", "0", "1")],
            id="stops",
            value=ResultsState.max_stops,
            on_change=ResultsState.set_max_stops,
            style=SELECT_STYLE,
        ),
        spacing="1",
        width="100%",
    )


def _stars() -> rx.Component:
    return rx.el.fieldset(
        rx.el.legend(rx.text(t("results.stars"), weight="medium", size="2"), margin_bottom="0.375rem"),
        rx.grid(
            *[
                rx.checkbox(
                    rx.text("★" * int(star), color=rx.color("amber", 9), aria_hidden="true", size="2", as_="span"),
                    checked=ResultsState.stars.contains(star),
                    on_change=lambda checked, star=star: ResultsState.toggle_star(star, checked),
                    aria_label=t("stars.label", n=int(star)),
                    size="2",
                )
                for star in STAR_CHOICES
            ],
            columns="2",
            spacing="2",
        ),
        border="none",
        padding="0",
        margin="0",
    )


def _price_input(name: str, label_key: str, value: rx.Var[str]) -> rx.Component:
    return rx.vstack(
        field_label(t(label_key), name),
        rx.input(id=name, name=name, type="number", min="0", default_value=value, input_mode="numeric", width="100%"),
        spacing="1",
        width="100%",
        min_width="0",
    )


def _prices() -> rx.Component:
    return rx.form(
        rx.grid(
            _price_input("pmin", "results.price_min", ResultsState.price_min),
            _price_input("pmax", "results.price_max", ResultsState.price_max),
            columns="2",
            spacing="2",
            width="100%",
        ),
        rx.button(t("results.apply"), type="submit", variant="soft", width="100%", margin_top="0.5rem"),
        key=ResultsState.filter_key,
        on_submit=ResultsState.apply_prices,
        no_validate=True,  # a bad number is ignored on the server rather than blocking the form
        reset_on_submit=False,
        width="100%",
    )


FILTERS_ID = "filters"
_DESKTOP = "@media (min-width: 1024px)"  # Radix "md": filters always open beside the list


def filters_toggle() -> rx.Component:
    """On a phone the filters fold away behind this button, so the results come first."""
    return rx.button(
        rx.icon("sliders-horizontal", size=16, aria_hidden="true"),
        t("results.filters"),
        on_click=ResultsState.toggle_filters,
        aria_expanded=ResultsState.filters_open,
        aria_controls=FILTERS_ID,
        variant="outline",
        style={"display": "inline-flex", _DESKTOP: {"display": "none"}},
    )


def filters_panel() -> rx.Component:
    return rx.el.aside(
        rx.vstack(
            rx.heading(t("results.filters"), as_="h2", size="4"),
            _stops(),
            _stars(),
            _prices(),
            rx.cond(
                ResultsState.filters_active,
                rx.button(
                    rx.icon("x", size=14, aria_hidden="true"),
                    t("results.clear_filters"),
                    on_click=ResultsState.clear_filters,
                    variant="ghost",
                    color_scheme="gray",
                ),
            ),
            spacing="4",
            style=styles.card_style,
        ),
        id=FILTERS_ID,
        aria_label=t("results.filters"),
        width="100%",
        style={"display": rx.cond(ResultsState.filters_open, "block", "none"), _DESKTOP: {"display": "block"}},
    )
