"""`/confirm/[token]`: the link from the confirmation e-mail. Success → log in; an expired or
unknown link → ask for a new one (the e-mail address is asked for: the link does not reveal it)."""

import reflex as rx

from dreams_app import routes, styles
from dreams_app.components.form_card import form_card
from dreams_app.components.resend_confirmation import resend_outcome
from dreams_app.i18n import t
from dreams_app.state.confirm import ConfirmState
from dreams_app.state.resend import ResendState
from dreams_app.template import page


def _resend_form() -> rx.Component:
    return rx.form(
        rx.vstack(
            rx.heading(t("resend.heading"), as_="h2", size="4"),
            rx.el.label(t("field.email"), html_for="resend-email", style=styles.field_label_style),
            rx.input(id="resend-email", name="email", type="email", auto_complete="email", size="3", width="100%"),
            rx.button(t("resend.button"), type="submit", size="3", disabled=ResendState.status == "sending"),
            resend_outcome(),
            spacing="2",
            width="100%",
        ),
        on_submit=ResendState.resend_form,
        no_validate=True,
        width="100%",
    )


def _done() -> rx.Component:
    return form_card(
        t("confirm.done_heading"),
        rx.text(t("confirm.done_text")),
        rx.link(
            t("confirm.go_login"),
            rx.icon("arrow-right", size=18, aria_hidden="true"),
            href=routes.login_url(),
            style=styles.cta_link_style,
        ),
    )


def _failed() -> rx.Component:
    return form_card(
        t("confirm.failed_heading"),
        rx.callout.root(
            rx.callout.icon(rx.icon("triangle-alert")),
            rx.callout.text(ConfirmState.error),
            color_scheme="red",
            role="alert",
            width="100%",
        ),
        rx.cond(
            ConfirmState.can_resend,
            _resend_form(),
            rx.link(t("confirm.go_login"), href=routes.login_url(), style=styles.cta_link_style),
        ),
    )


@page(route=routes.CONFIRM, title_key="confirm.title", on_load=ConfirmState.confirm)
def confirm_page() -> rx.Component:
    return rx.match(
        ConfirmState.status,
        ("done", _done()),
        ("failed", _failed()),
        form_card(
            t("confirm.checking"),
            rx.center(rx.spinner(size="3"), width="100%", role="status", aria_label=t("confirm.checking")),
        ),
    )
