"""A purchase's status as a coloured badge with its words (colour is never the only signal)."""

import reflex as rx


def status_badge(status: rx.Var[str], label: rx.Var[str]) -> rx.Component:
    return rx.badge(
        rx.match(
            status,
            ("paid", rx.icon("circle-check", size=14, aria_hidden="true")),
            ("refund_pending", rx.icon("hourglass", size=14, aria_hidden="true")),
            rx.icon("undo-2", size=14, aria_hidden="true"),
        ),
        label,
        color_scheme=rx.match(status, ("paid", "teal"), ("refund_pending", "amber"), "gray"),
        variant="soft",
        radius="full",
        size="2",
        data_testid="purchase-status",
        data_status=status,
    )
