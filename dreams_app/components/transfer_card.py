"""One transfer of a package: direction, pickup place and local time, drop-off, vehicle, duration."""

import reflex as rx

from dreams_app import styles
from dreams_app.i18n import t


def _row(label_key: str, value: rx.Var[str], extra: rx.Var[str] | None = None) -> rx.Component:
    return rx.vstack(
        rx.text(
            t(label_key),
            size="1",
            weight="medium",
            style=styles.muted_text_style,
            text_transform="uppercase",
            letter_spacing="0.04em",
        ),
        rx.text(value, size="2"),
        *([rx.text(extra, size="2", weight="medium")] if extra is not None else []),
        spacing="0",
    )


def transfer_card(ride: rx.Var[dict[str, str]]) -> rx.Component:
    return rx.vstack(
        rx.hstack(
            rx.heading(ride["title"], as_="h3", size="3"),
            rx.badge(ride["kind"], variant="soft", radius="full", color_scheme="gray"),
            justify="between",
            align="center",
            width="100%",
        ),
        _row("package.pickup", ride["pickup_place"], ride["pickup_time"]),
        _row("package.dropoff", ride["dropoff_place"], ride["dropoff_time"]),
        rx.hstack(
            _row("package.vehicle", ride["vehicle"]),
            _row("package.duration", ride["duration"]),
            spacing="5",
            wrap="wrap",
        ),
        spacing="3",
        padding="1rem",
        border_radius="0.75rem",
        border=f"1px solid {rx.color('gray', 5)}",
        width="100%",
        data_testid="transfer-card",
    )
