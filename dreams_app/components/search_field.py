"""A labelled search/filter field with its inline error, and a styled native <select>.

The error sits right under the field, is tied to it with aria-describedby, and is announced
(role="alert") when it appears. Native selects: keyboard and screen-reader support for free.
"""

import reflex as rx

from dreams_app import styles

Text = rx.Var[str] | str

SELECT_STYLE: dict = {
    "width": "100%",
    "height": "var(--space-7)",
    "padding": "0 2rem 0 0.75rem",
    "border_radius": "var(--radius-3)",
    "border": f"1px solid {rx.color('gray', 7)}",
    "background_color": rx.color("gray", 1),
    "color": rx.color("gray", 12),
    "font_size": "var(--font-size-2)",
    "appearance": "none",
    "background_image": "url(\"data:image/svg+xml;utf8,<svg xmlns='http://www.w3.org/2000/svg' width='12' "
    "height='12' viewBox='0 0 24 24' fill='none' stroke='%2363635e' stroke-width='2'>"
    "<path d='m6 9 6 6 6-6'/></svg>\")",
    "background_repeat": "no-repeat",
    "background_position": "right 0.75rem center",
    "_focus_visible": {"outline": f"2px solid {rx.color(styles.ACCENT, 9)}", "outline_offset": "1px"},
    "&[aria-invalid=true]": {"border_color": rx.color("red", 8)},
}


def error_id(field: str) -> str:
    return f"{field}-error"


def field_error(field: str, message: rx.Var[str]) -> rx.Component:
    """The message for `field`, or nothing. Kept in the DOM (empty) so aria-describedby resolves."""
    return rx.text(
        rx.cond(
            message != "",
            rx.fragment(
                rx.icon("circle-alert", size=14, aria_hidden="true", flex_shrink="0", margin_top="0.2rem"), message
            ),
        ),
        id=error_id(field),
        role="alert",
        size="2",
        color=rx.color("red", 11),
        display="flex",
        gap="0.25rem",
        align_items="start",
        data_testid=f"error-{field}",
    )


def field_label(text: Text, html_for: str, hint: Text | None = None) -> rx.Component:
    parts = [rx.text(text, weight="medium", size="2", as_="span")]
    if hint is not None:
        parts.append(rx.text(hint, size="1", style=styles.muted_text_style, as_="span"))
    return rx.el.label(rx.flex(*parts, column_gap="0.375rem", align="baseline", wrap="wrap"), html_for=html_for)


def search_field(
    label: Text, field: str, control: rx.Component, message: rx.Var[str], hint: Text | None = None, **props
) -> rx.Component:
    return rx.vstack(
        field_label(label, field, hint),
        control,
        field_error(field, message),
        spacing="1",
        width="100%",
        min_width="0",
        **props,
    )


def native_select(
    field: str,
    options: list[tuple[str, Text]],
    default_value: rx.Var[str] | str,
    message: rx.Var[str] | None = None,
    described_by: str | None = None,
    **props,
) -> rx.Component:
    return rx.el.select(
        *[rx.el.option(label, value=value) for value, label in options],
        id=field,
        name=field,
        default_value=default_value,
        aria_invalid=(message != "") if message is not None else False,
        aria_describedby=described_by or error_id(field),
        style=SELECT_STYLE,
        **props,
    )
