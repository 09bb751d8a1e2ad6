"""A labelled input with its hint and inline error, wired for screen readers.

The <label> names the input; `aria-describedby` points at the hint and the error, `aria-invalid`
flips with the error, and the error text is a polite live region so it is read when it appears.
Inputs are uncontrolled (the form's on_submit collects them by `name`): typing costs no round trip.
"""

from __future__ import annotations

from collections.abc import Callable

import reflex as rx

from dreams_app import styles


def form_field(
    name: str,
    label: rx.Var[str] | str,
    error: rx.Var[str],
    *,
    id_prefix: str,
    type: str = "text",
    autocomplete: str | None = None,
    hint: rx.Var[str] | str | None = None,
    on_blur: Callable[[rx.Var[str]], rx.event.EventSpec] | None = None,
    default_value: rx.Var[str] | str | None = None,
) -> rx.Component:
    field_id = f"{id_prefix}{name}"
    error_id, hint_id = f"{field_id}-error", f"{field_id}-hint"
    described_by = f"{hint_id} {error_id}" if hint is not None else error_id
    has_error = error != ""
    input_props: dict = {"auto_complete": autocomplete} if autocomplete else {}
    if on_blur is not None:
        input_props["on_blur"] = on_blur
    if default_value is not None:
        input_props["default_value"] = default_value
    parts = [
        rx.el.label(label, html_for=field_id, style=styles.field_label_style),
        rx.input(
            id=field_id,
            name=name,
            type=type,
            size="3",
            width="100%",
            aria_invalid=rx.cond(has_error, "true", "false"),
            aria_describedby=described_by,
            color_scheme=rx.cond(has_error, "red", styles.ACCENT),
            scroll_margin_top="5rem",  # focus on an error never hides it under the sticky header
            **input_props,
        ),
    ]
    if hint is not None:
        parts.append(rx.text(hint, id=hint_id, size="2", style=styles.muted_text_style))
    parts.append(
        rx.text(
            rx.cond(has_error, rx.icon("circle-alert", size=14, aria_hidden="true"), rx.fragment()),
            error,
            id=error_id,
            size="2",
            aria_live="polite",
            style=styles.field_error_style,
            display=rx.cond(has_error, "flex", "block"),
        ),
    )
    return rx.vstack(*parts, spacing="1", width="100%", data_testid=f"field-{name}")
