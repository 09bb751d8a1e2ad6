"""`/login`: e-mail and password; "confirm your e-mail first" offers a resend; lock-out says how long."""

import reflex as rx

from dreams_app import routes
from dreams_app.components.form_card import form_alert, form_card, submit_button
from dreams_app.components.form_field import form_field
from dreams_app.components.resend_confirmation import resend_button
from dreams_app.i18n import t
from dreams_app.state import forms
from dreams_app.state.login import ID_PREFIX, LoginState
from dreams_app.template import page


def _field(name: str, type: str, autocomplete: str) -> rx.Component:
    return form_field(
        name, t(f"field.{name}"), LoginState.errors[name], id_prefix=ID_PREFIX, type=type, autocomplete=autocomplete
    )


@page(route=routes.LOGIN, title_key="login.title", on_load=LoginState.open)
def login_page() -> rx.Component:
    busy = LoginState.status != "form"
    return form_card(
        t("login.heading"),
        rx.cond(LoginState.retry_notice, form_alert(t("login.retry"), color="amber", icon="clock"), rx.fragment()),
        rx.form(
            rx.vstack(
                form_alert(LoginState.errors[forms.FORM]),
                _field("email", "email", "username"),
                rx.cond(LoginState.unconfirmed, resend_button(LoginState.login_email), rx.fragment()),
                _field("password", "password", "current-password"),
                rx.link(t("login.forgot"), href=routes.password_forgot_url(), size="2"),
                submit_button(t("login.submit"), t("login.submitting"), busy),
                rx.text(
                    t("login.no_account"),
                    " ",
                    rx.link(t("nav.signup"), href=routes.signup_url(), underline="always"),
                    size="2",
                ),
                spacing="3",
                width="100%",
            ),
            on_submit=LoginState.submit,
            no_validate=True,
            width="100%",
            aria_label=t("login.heading"),
        ),
    )
