"""Placeholder package cards while the search runs; announced once to screen readers."""

import reflex as rx

from dreams_app import styles


def _card() -> rx.Component:
    return rx.flex(
        rx.vstack(
            rx.skeleton(width="40%", height="0.875rem"),
            rx.skeleton(width="65%", height="1.5rem"),
            rx.skeleton(width="50%", height="0.875rem"),
            rx.skeleton(width="85%", height="0.875rem"),
            rx.skeleton(width="80%", height="0.875rem"),
            spacing="2",
            flex="1",
        ),
        rx.vstack(
            rx.skeleton(width="6rem", height="0.75rem"),
            rx.skeleton(width="8rem", height="2rem"),
            rx.skeleton(width="7rem", height="2.25rem", border_radius="999px"),
            spacing="2",
            align=rx.breakpoints(initial="start", sm="end"),
        ),
        direction=rx.breakpoints(initial="column", sm="row"),
        gap="1rem",
        style=styles.card_style,
    )


def package_skeleton(label: rx.Var[str], cards: int = 4) -> rx.Component:
    return rx.vstack(
        *[_card() for _ in range(cards)],
        role="status",
        aria_busy="true",
        aria_label=label,
        spacing="3",
        width="100%",
        data_testid="results-loading",
    )
