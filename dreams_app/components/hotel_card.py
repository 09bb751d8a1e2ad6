"""The hotel of a package: name, stars, address, room, board, and the check-in/out days and times."""

import reflex as rx

from dreams_app import styles
from dreams_app.components.section_card import section_card
from dreams_app.components.star_rating import star_rating
from dreams_app.i18n import t


def _fact(label_key: str, *values: rx.Var[str], testid: str) -> rx.Component:
    return rx.vstack(
        rx.text(
            t(label_key),
            size="1",
            weight="medium",
            style=styles.muted_text_style,
            text_transform="uppercase",
            letter_spacing="0.04em",
        ),
        *[rx.text(value, size="2") for value in values],
        spacing="0",
        data_testid=testid,
    )


def hotel_card(hotel: rx.Var[dict[str, str]]) -> rx.Component:
    return section_card(
        "hotel",
        t("package.hotel"),
        rx.vstack(
            rx.heading(hotel["name"], as_="h3", size="4", data_testid="hotel-name"),
            rx.hstack(
                star_rating(hotel["stars"], hotel["stars_label"]),
                rx.text(hotel["nights"], size="2"),
                spacing="2",
                align="center",
            ),
            rx.hstack(
                rx.icon("map-pin", size=14, aria_hidden="true", flex_shrink="0"),
                rx.text(hotel["address"], size="2", data_testid="hotel-address"),
                spacing="2",
                align="center",
            ),
            spacing="1",
        ),
        rx.grid(
            _fact("package.room", hotel["room"], testid="hotel-room"),
            _fact("package.board", hotel["board"], testid="hotel-board"),
            _fact("package.check_in", hotel["check_in_day"], hotel["check_in_time"], testid="hotel-check-in"),
            _fact("package.check_out", hotel["check_out_day"], hotel["check_out_time"], testid="hotel-check-out"),
            columns=rx.breakpoints(initial="1", xs="2"),
            spacing="4",
            width="100%",
        ),
        data_testid="hotel",
    )
