"""A page's title (the one <h1>) with an optional line of context."""

import reflex as rx

from dreams_app import styles


def page_header(title: rx.Var[str] | str, subtitle: rx.Var[str] | str | None = None) -> rx.Component:
    parts = [rx.heading(title, as_="h1", size="8", weight="bold", letter_spacing="-0.02em")]
    if subtitle is not None:
        parts.append(rx.text(subtitle, size="4", style=styles.muted_text_style))
    return rx.vstack(*parts, spacing="2", margin_bottom="2rem")
