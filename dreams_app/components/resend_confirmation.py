"""'Resend the confirmation e-mail' for a known address, with its outcome announced politely."""

from __future__ import annotations

import reflex as rx

from dreams_app.i18n import t
from dreams_app.state.resend import ResendState


def resend_outcome(email: rx.Var[str] | None = None) -> rx.Component:
    """The result of the last resend (only for `email` when given)."""
    about_this = ResendState.sent_for == email if email is not None else rx.Var.create(True)
    return rx.box(
        rx.cond(
            about_this & (ResendState.status == "done"),
            rx.callout.root(
                rx.callout.icon(rx.icon("mail-check")),
                rx.callout.text(t("resend.done")),
                color_scheme="teal",
                width="100%",
            ),
            rx.cond(
                ResendState.status == "error",
                rx.text(ResendState.error, color=rx.color("red", 11), size="2"),
                rx.fragment(),
            ),
        ),
        aria_live="polite",
        width="100%",
    )


def resend_button(email: rx.Var[str]) -> rx.Component:
    sending = ResendState.status == "sending"
    return rx.vstack(
        rx.button(
            rx.cond(sending, rx.spinner(size="2"), rx.icon("mail", size=16, aria_hidden="true")),
            rx.cond(sending, t("resend.sending"), t("resend.button")),
            type="button",
            variant="soft",
            size="2",
            disabled=sending,
            on_click=ResendState.resend(email),
        ),
        resend_outcome(email),
        spacing="2",
        width="100%",
        align="start",
    )
