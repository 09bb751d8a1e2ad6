"""The trip itself — both flights, the hotel and the two transfers — as the package page and the
purchase page show it (the same components, fed from either state)."""

import reflex as rx

from dreams_app import styles
from dreams_app.components.flight_timeline import flight_timeline
from dreams_app.components.hotel_card import hotel_card
from dreams_app.components.section_card import section_card
from dreams_app.components.transfer_card import transfer_card
from dreams_app.i18n import t


def itinerary_sections(state: type[rx.State]) -> list[rx.Component]:
    """`state` has the vars outbound, outbound_items, inbound, inbound_items, hotel and transfers
    (dreams_app/state/itinerary.py)."""
    return [
        section_card(
            "plane",
            t("package.flights"),
            flight_timeline(t("package.outbound"), state.outbound, state.outbound_items, "flight-outbound"),
            rx.separator(size="4"),
            flight_timeline(t("package.return"), state.inbound, state.inbound_items, "flight-return"),
            rx.text(t("package.local_time_note"), size="1", style=styles.muted_text_style),
        ),
        hotel_card(state.hotel),
        section_card(
            "bus",
            t("package.transfers"),
            rx.grid(
                rx.foreach(state.transfers, transfer_card),
                columns=rx.breakpoints(initial="1", sm="2"),
                spacing="3",
                width="100%",
            ),
            data_testid="transfers",
        ),
    ]


def itinerary_beside(panel: rx.Component, *sections: rx.Component) -> rx.Component:
    """The itinerary's sections in a column with `panel` (price, payment) beside it; one column on phones."""
    return rx.grid(
        rx.vstack(*sections, spacing="4", width="100%", min_width="0"),
        panel,
        columns=rx.breakpoints(initial="1", md="minmax(0, 1fr) 24rem"),
        spacing="5",
        width="100%",
        align_items="start",
    )
