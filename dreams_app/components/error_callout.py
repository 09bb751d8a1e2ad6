"""A failed load: what went wrong, in words a traveller understands, and a way to retry."""

import reflex as rx

from dreams_app.i18n import t


def _retry(on_retry: rx.EventHandler | None, color_scheme: str) -> list[rx.Component]:
    if on_retry is None:
        return []
    return [
        rx.button(
            rx.icon("rotate-cw", size=16),
            t("state.retry"),
            on_click=on_retry,
            color_scheme=color_scheme,
            variant="soft",
            margin_top="0.5rem",
        )
    ]


def error_callout(message: rx.Var[str] | str, on_retry: rx.EventHandler | None = None) -> rx.Component:
    retry = _retry(on_retry, "red")
    return rx.callout.root(
        rx.callout.icon(rx.icon("triangle-alert")),
        rx.vstack(
            rx.text(t("state.error_title"), weight="bold"),
            rx.callout.text(message),
            *retry,
            spacing="1",
            align="start",
        ),
        color_scheme="red",
        role="alert",
        size="2",
        width="100%",
    )


def unavailable_callout(on_retry: rx.EventHandler | None = None) -> rx.Component:
    """A page whose data store is down: "temporarily unavailable" (no "something went wrong": it is
    not the traveller's doing and it passes), with a retry that checks again."""
    retry = _retry(on_retry, "amber")
    return rx.callout.root(
        rx.callout.icon(rx.icon("cloud-off")),
        rx.vstack(rx.callout.text(t("state.unavailable"), weight="medium"), *retry, spacing="1", align="start"),
        color_scheme="amber",
        role="alert",
        size="2",
        width="100%",
        data_testid="unavailable",
    )
