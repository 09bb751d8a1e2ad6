"""What an empty list shows instead of nothing: an icon, a title, one helpful sentence and, below
it, what to do next (links or buttons)."""

import reflex as rx

from dreams_app import styles


def empty_state(
    title: rx.Var[str] | str, text: rx.Var[str] | str, icon: str = "inbox", *actions: rx.Component, level: str = "h2"
) -> rx.Component:
    """`level="h1"` where the empty state is the whole page (a not-found link): every page has an <h1>."""
    card = rx.vstack(
        rx.center(
            rx.icon(icon, size=28, aria_hidden="true"),
            width="3.5rem",
            height="3.5rem",
            border_radius="999px",
            background_color=rx.color(styles.ACCENT, 3),
            color=rx.color(styles.ACCENT, 11),
        ),
        rx.heading(title, as_=level, size="5"),
        rx.text(text, style=styles.muted_text_style, text_align="center", max_width="28rem"),
        align="center",
        spacing="3",
        padding_y="3rem",
        style=styles.card_style,
        data_testid="empty-state",
    )
    if not actions:
        return card
    return rx.vstack(card, *actions, align="center", spacing="3", width="100%")
