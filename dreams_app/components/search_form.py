"""The package search form: from, to, dates, travellers, cabin and rooms, with inline errors."""

import reflex as rx

from dreams_app import styles
from dreams_app.components.airport_input import airport_input
from dreams_app.components.search_field import error_id, native_select, search_field
from dreams_app.components.traveller_picker import traveller_picker
from dreams_app.i18n import t
from dreams_app.state.search import SearchState

CABINS = ("ECONOMY", "PREMIUM_ECONOMY", "BUSINESS", "FIRST")


def _date_input(field: str, label_key: str, default: rx.Var[str]) -> rx.Component:
    message = SearchState.errors[field]
    return search_field(
        t(label_key),
        field,
        rx.input(
            type="date",
            id=field,
            name=field,
            default_value=default,
            min=SearchState.today,
            size="3",
            aria_invalid=message != "",
            aria_describedby=error_id(field),
            width="100%",
        ),
        message,
    )


def search_form() -> rx.Component:
    errors = SearchState.errors
    return rx.form(
        rx.grid(
            airport_input(
                "origin",
                t("search.origin"),
                SearchState.origin,
                SearchState.origin_options,
                SearchState.suggest_origin,
                errors["origin"],
            ),
            airport_input(
                "destination",
                t("search.destination"),
                SearchState.destination,
                SearchState.destination_options,
                SearchState.suggest_destination,
                errors["destination"],
            ),
            columns=rx.breakpoints(initial="1", sm="2"),
            spacing="3",
            width="100%",
        ),
        rx.grid(
            _date_input("departure", "search.departure", SearchState.departure),
            _date_input("return_date", "search.return", SearchState.return_date),
            search_field(
                t("search.cabin"),
                "cabin",
                native_select(
                    "cabin",
                    [(c, t(f"cabin.{c}")) for c in CABINS],
                    SearchState.cabin,
                    errors["cabin"],
                    height="var(--space-7)",
                ),
                errors["cabin"],
            ),
            search_field(
                t("search.rooms"),
                "rooms",
                native_select("rooms", [(str(n), str(n)) for n in range(1, 10)], SearchState.rooms, errors["rooms"]),
                errors["rooms"],
            ),
            columns=rx.breakpoints(initial="2", md="4"),
            spacing="3",
            width="100%",
        ),
        traveller_picker(SearchState.adults, SearchState.children, SearchState.infants, errors),
        rx.flex(
            rx.button(
                rx.icon("search", size=18, aria_hidden="true"),
                t("search.submit"),
                type="submit",
                size="4",
                radius="full",
                width=rx.breakpoints(initial="100%", sm="auto"),
            ),
            justify="end",
            width="100%",
        ),
        key=SearchState.form_key,
        on_submit=SearchState.submit,
        reset_on_submit=False,
        aria_label=t("search.form_label"),
        no_validate=True,
        display="flex",
        flex_direction="column",
        gap="1rem",
        width="100%",
        style={
            **styles.card_style,
            "padding": ["1rem", "1.5rem"],
            "box_shadow": f"0 12px 32px -12px {rx.color('gray', 8, alpha=True)}",
        },
        data_testid="search-form",
        data_hydrated=SearchState.is_hydrated,  # tests wait for it: on_load has run
    )
