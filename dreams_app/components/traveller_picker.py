"""Travellers: adults, children and lap infants as three labelled selects in one fieldset.

The selects allow up to 9 each on purpose: the limits that span fields (9 in total, no more infants
than adults) are the service's rules, and their messages appear next to the fields they concern.
"""

import reflex as rx

from dreams_app import styles
from dreams_app.components.search_field import error_id, field_error, field_label, native_select
from dreams_app.i18n import t


def _count(
    field: str, label_key: str, hint_key: str, low: int, default: rx.Var[str], messages: rx.Var[dict[str, str]]
) -> rx.Component:
    return rx.vstack(
        field_label(t(label_key), field, t(hint_key)),
        native_select(
            field,
            [(str(n), str(n)) for n in range(low, 10)],
            default,
            messages[field],
            described_by=f"{error_id(field)} {error_id('travellers')}",
        ),
        field_error(field, messages[field]),
        spacing="1",
        width="100%",
        min_width="0",
    )


def traveller_picker(
    adults: rx.Var[str], children: rx.Var[str], infants: rx.Var[str], messages: rx.Var[dict[str, str]]
) -> rx.Component:
    return rx.el.fieldset(
        rx.el.legend(rx.text(t("search.travellers"), weight="bold", size="2"), padding="0 0.25rem"),
        rx.grid(
            _count("adults", "search.adults", "search.adults_hint", 1, adults, messages),
            _count("children", "search.children", "search.children_hint", 0, children, messages),
            _count("infants", "search.infants", "search.infants_hint", 0, infants, messages),
            columns=rx.breakpoints(initial="1", xs="3"),
            spacing="3",
            width="100%",
        ),
        field_error("travellers", messages["travellers"]),
        border=f"1px solid {rx.color('gray', 5)}",
        border_radius="var(--radius-4)",
        padding="0.5rem 0.875rem 0.75rem",
        margin="0",
        min_width="0",
        style={"& legend": styles.muted_text_style},
    )
