"""A titled card for one part of a package (flights, hotel, transfers, price)."""

import reflex as rx

from dreams_app import styles


def section_card(icon: str, title: rx.Var[str] | str, *children: rx.Component, **props) -> rx.Component:
    return rx.el.section(
        rx.vstack(
            rx.hstack(
                rx.center(
                    rx.icon(icon, size=18, aria_hidden="true"),
                    width="2.25rem",
                    height="2.25rem",
                    border_radius="0.625rem",
                    background_color=rx.color(styles.ACCENT, 3),
                    color=rx.color(styles.ACCENT, 11),
                    flex_shrink="0",
                ),
                rx.heading(title, as_="h2", size="5"),
                align="center",
                spacing="3",
            ),
            *children,
            spacing="4",
            width="100%",
        ),
        style=styles.card_style,
        **props,
    )
