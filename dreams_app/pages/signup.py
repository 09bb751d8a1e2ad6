"""`/signup`: create an account (then /signup/sent says "check your inbox")."""

import reflex as rx

from dreams_app import routes
from dreams_app.components.form_card import form_alert, form_card, submit_button
from dreams_app.components.form_field import form_field
from dreams_app.i18n import t
from dreams_app.state import forms
from dreams_app.state.signup import ID_PREFIX, SignupState
from dreams_app.template import page


def _field(name: str, autocomplete: str, type: str = "text", hint: str | None = None) -> rx.Component:
    return form_field(
        name,
        t(f"field.{name}"),
        SignupState.errors[name],
        id_prefix=ID_PREFIX,
        type=type,
        autocomplete=autocomplete,
        hint=t(hint) if hint else None,
        on_blur=lambda value: SignupState.check_field(name, value),
    )


def _form() -> rx.Component:
    return rx.form(
        rx.vstack(
            form_alert(SignupState.errors[forms.FORM]),
            rx.grid(
                _field("first_name", "given-name"),
                _field("last_name", "family-name"),
                columns=rx.breakpoints(initial="1", sm="2"),
                spacing="3",
                width="100%",
            ),
            _field("email", "email", type="email"),
            _field("password", "new-password", type="password", hint="field.password_hint"),
            _field("password_confirmation", "new-password", type="password"),
            _field("birth_date", "bday", type="date", hint="field.birth_date_hint"),
            submit_button(t("signup.submit"), t("signup.submitting"), SignupState.status == "submitting"),
            rx.text(
                t("signup.have_account"),
                " ",
                rx.link(t("nav.login"), href=routes.login_url(), underline="always"),
                size="2",
            ),
            spacing="3",
            width="100%",
        ),
        on_submit=SignupState.submit,
        no_validate=True,  # our messages, next to each field, in the visitor's language
        width="100%",
        aria_label=t("signup.heading"),
    )


@page(route=routes.SIGNUP, title_key="signup.title", on_load=SignupState.reset_form)
def signup_page() -> rx.Component:
    return form_card(t("signup.heading"), _form(), intro=t("signup.intro"))
