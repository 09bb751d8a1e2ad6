"""`/password/forgot` (ask for a reset link) and `/password/reset/[token]` (the e-mail's link)."""

import reflex as rx

from dreams_app import routes, styles
from dreams_app.components.form_card import form_alert, form_card, submit_button
from dreams_app.components.form_field import form_field
from dreams_app.i18n import t
from dreams_app.state import forms
from dreams_app.state.password_reset import FORGOT_PREFIX, RESET_PREFIX, ForgotPasswordState, ResetPasswordState
from dreams_app.template import page


def _sent_notice() -> rx.Component:
    return rx.box(
        rx.cond(
            ForgotPasswordState.status == "sent",
            rx.callout.root(
                rx.callout.icon(rx.icon("mail-check")),
                rx.callout.text(t("forgot.sent")),
                color_scheme="teal",
                width="100%",
            ),
            rx.fragment(),
        ),
        role="status",
        width="100%",
        data_testid="forgot-sent",
    )


@page(route=routes.PASSWORD_FORGOT, title_key="forgot.title", on_load=ForgotPasswordState.open)
def password_forgot_page() -> rx.Component:
    return form_card(
        t("forgot.heading"),
        rx.form(
            rx.vstack(
                form_alert(ForgotPasswordState.errors[forms.FORM]),
                _sent_notice(),
                form_field(
                    "email",
                    t("field.email"),
                    ForgotPasswordState.errors["email"],
                    id_prefix=FORGOT_PREFIX,
                    type="email",
                    autocomplete="email",
                ),
                submit_button(t("forgot.submit"), t("forgot.submitting"), ForgotPasswordState.status == "sending"),
                rx.link(t("forgot.back_to_login"), href=routes.login_url(), size="2"),
                spacing="3",
                width="100%",
            ),
            on_submit=ForgotPasswordState.submit,
            no_validate=True,
            width="100%",
            aria_label=t("forgot.heading"),
        ),
        intro=t("forgot.intro"),
    )


def _reset_field(name: str, hint: str | None = None) -> rx.Component:
    return form_field(
        name,
        t(f"field.{name}"),
        ResetPasswordState.errors[name],
        id_prefix=RESET_PREFIX,
        type="password",
        autocomplete="new-password",
        hint=t(hint) if hint else None,
    )


def _reset_form() -> rx.Component:
    return form_card(
        t("reset.heading"),
        rx.form(
            rx.vstack(
                form_alert(ResetPasswordState.errors[forms.FORM]),
                _reset_field("new_password", "field.password_hint"),
                _reset_field("new_password_confirmation"),
                submit_button(t("reset.submit"), t("reset.submitting"), ResetPasswordState.status == "saving"),
                spacing="3",
                width="100%",
            ),
            on_submit=ResetPasswordState.submit,
            no_validate=True,
            width="100%",
            aria_label=t("reset.heading"),
        ),
        intro=t("reset.intro"),
    )


def _done() -> rx.Component:
    return form_card(
        t("reset.done_heading"),
        rx.text(t("reset.done_text"), role="status"),
        rx.link(
            t("reset.go_login"),
            rx.icon("arrow-right", size=18, aria_hidden="true"),
            href=routes.login_url(),
            style=styles.cta_link_style,
        ),
    )


def _failed() -> rx.Component:
    return form_card(
        t("reset.failed_heading"),
        rx.callout.root(
            rx.callout.icon(rx.icon("triangle-alert")),
            rx.callout.text(ResetPasswordState.failure),
            color_scheme="red",
            role="alert",
            width="100%",
        ),
        rx.link(
            t("reset.new_link"),
            rx.icon("arrow-right", size=18, aria_hidden="true"),
            href=routes.password_forgot_url(),
            style=styles.cta_link_style,
        ),
    )


@page(route=routes.PASSWORD_RESET, title_key="reset.title", on_load=ResetPasswordState.open)
def password_reset_page() -> rx.Component:
    # "form" and "saving" share one branch, so the inputs keep what was typed across a submit.
    return rx.match(
        ResetPasswordState.status,
        ("done", _done()),
        ("failed", _failed()),
        (
            "checking",
            form_card(
                t("reset.checking"),
                rx.center(rx.spinner(size="3"), width="100%", role="status", aria_label=t("reset.checking")),
            ),
        ),
        _reset_form(),
    )
