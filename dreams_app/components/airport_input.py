"""Airport field with suggestions by city, airport name or code (native <input list> + <datalist>).

The browser's own datalist gives the keyboard behaviour (arrow keys, Enter, Escape) and screen-reader
support; the server fills it from services.catalog.search_airports as the visitor types (debounced).
"""

import reflex as rx

from dreams_app.components.search_field import error_id, search_field
from dreams_app.i18n import t

SUGGEST_DEBOUNCE_MS = 150


def airport_input(
    field: str,
    label: rx.Var[str],
    default_value: rx.Var[str],
    options: rx.Var[list[str]],
    on_type: rx.EventHandler,
    message: rx.Var[str],
) -> rx.Component:
    list_id = f"{field}-options"
    return search_field(
        label,
        field,
        rx.fragment(
            rx.input(
                rx.input.slot(rx.icon("map-pin", size=16, aria_hidden="true")),
                id=field,
                name=field,
                default_value=default_value,
                placeholder=t("search.airport_placeholder"),
                auto_complete="off",
                spell_check=False,
                custom_attrs={"list": list_id},
                on_change=on_type.debounce(SUGGEST_DEBOUNCE_MS),
                aria_invalid=message != "",
                aria_describedby=error_id(field),
                size="3",
                width="100%",
            ),
            rx.el.datalist(
                rx.foreach(options, lambda label_: rx.el.option(value=label_)),
                id=list_id,
                data_testid=f"{field}-options",
            ),
        ),
        message,
    )
