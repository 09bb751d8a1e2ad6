"""One field of the travellers form, whose name comes from state (one set per passenger): label,
input (or country select), hint and inline error, wired for screen readers like form_field.py.
Uncontrolled: the value typed stays in the input; on blur it goes to the server's draft."""

from __future__ import annotations

import reflex as rx

from dreams_app import styles
from dreams_app.state.travellers import ID_PREFIX, TravellersState


def _error(error_id: rx.Var, error: rx.Var[str]) -> rx.Component:
    has_error = error != ""
    return rx.text(
        rx.cond(has_error, rx.icon("circle-alert", size=14, aria_hidden="true"), rx.fragment()),
        error,
        id=error_id,
        size="2",
        aria_live="polite",
        style=styles.field_error_style,
        display=rx.cond(has_error, "flex", "block"),
    )


def traveller_field(
    name: rx.Var | str,
    label: rx.Var[str],
    value: rx.Var,
    error: rx.Var[str],
    *,
    type: str = "text",
    autocomplete: rx.Var[str] | str | None = None,
    hint: rx.Var[str] | None = None,
    countries: rx.Var | None = None,
    placeholder: rx.Var[str] | None = None,
) -> rx.Component:
    name_text = name.to(str) if isinstance(name, rx.Var) else name
    field_id = ID_PREFIX + name_text
    error_id = field_id + "-error"
    has_error = error != ""
    common = {
        "id": field_id,
        "name": name,
        "default_value": value,
        "aria_describedby": error_id,
        "aria_invalid": rx.cond(has_error, "true", "false"),
    }
    save = lambda v: TravellersState.save_field(name, v)  # noqa: E731
    if countries is not None:
        control = rx.el.select(
            rx.el.option(placeholder, value=""),
            rx.foreach(countries, lambda c: rx.el.option(c["name"], value=c["code"])),
            **common,
            on_change=save,
            style={
                "width": "100%",
                "padding": "0.5rem",
                "border_radius": "6px",
                "border": rx.cond(has_error, f"1px solid {rx.color('red', 8)}", f"1px solid {rx.color('gray', 7)}"),
                "font_size": "1rem",
                "background": rx.color("gray", 1),
                "min_height": "2.5rem",
            },
        )
    else:
        extra = {"auto_complete": autocomplete} if autocomplete is not None else {}
        control = rx.input(
            type=type,
            size="3",
            width="100%",
            color_scheme=rx.cond(has_error, "red", styles.ACCENT),
            scroll_margin_top="5rem",
            on_blur=save,
            **common,
            **extra,
        )
    parts = [rx.el.label(label, html_for=field_id, style=styles.field_label_style), control]
    if hint is not None:
        parts.append(rx.text(hint, size="2", style=styles.muted_text_style))
    parts.append(_error(error_id, error))
    return rx.vstack(*parts, spacing="1", width="100%", data_testid="field-" + name_text)
