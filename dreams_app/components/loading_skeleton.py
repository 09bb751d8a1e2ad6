"""Placeholder rows shown while a list loads; announced once to screen readers."""

import reflex as rx

from dreams_app import styles


def loading_skeleton(label: rx.Var[str] | str, rows: int = 4) -> rx.Component:
    return rx.vstack(
        *[
            rx.hstack(
                rx.skeleton(width="2.5rem", height="2.5rem", border_radius="999px"),
                rx.vstack(
                    rx.skeleton(width=rx.breakpoints(initial="60%", sm="40%", md="30%"), height="1rem"),
                    rx.skeleton(width=rx.breakpoints(initial="80%", sm="55%", md="45%"), height="0.875rem"),
                    spacing="2",
                    width="100%",
                ),
                align="center",
                spacing="3",
                style=styles.card_style,
            )
            for _ in range(rows)
        ],
        role="status",
        aria_busy="true",
        aria_label=label,
        spacing="3",
        width="100%",
    )
