"""The frame of the account pages: a centred card with the page's one <h1> and a short intro."""

from __future__ import annotations

import reflex as rx

from dreams_app import styles


def form_card(
    title: rx.Var[str] | str, *children: rx.Component, intro: rx.Var[str] | str | None = None, max_width: str = "30rem"
) -> rx.Component:
    head = [rx.heading(title, as_="h1", size="7", weight="bold", letter_spacing="-0.02em")]
    if intro is not None:
        head.append(rx.text(intro, style=styles.muted_text_style))
    return rx.center(
        rx.vstack(*head, *children, spacing="4", width="100%", max_width=max_width, style=styles.form_card_style),
        width="100%",
    )


def form_alert(message: rx.Var[str], color: str = "red", icon: str = "triangle-alert") -> rx.Component:
    """A form-level message (lock-out, service down); rendered only when there is one."""
    return rx.cond(
        message != "",
        rx.callout.root(
            rx.callout.icon(rx.icon(icon)), rx.callout.text(message), color_scheme=color, role="alert", width="100%"
        ),
        rx.fragment(),
    )


def submit_button(label: rx.Var[str], busy_label: rx.Var[str], busy: rx.Var[bool]) -> rx.Component:
    return rx.button(
        rx.cond(busy, rx.spinner(size="2"), rx.fragment()),
        rx.cond(busy, busy_label, label),
        type="submit",
        size="3",
        width="100%",
        # Not before the page's on_load has run: a submit queued while the websocket connects is
        # handled before on_load, whose reset would wipe the answer (errors, "submitting").
        disabled=busy | ~rx.State.is_hydrated,
        aria_busy=busy,
    )
