"""`/signup/sent`: "check your inbox", the address the link went to, and a resend button."""

import reflex as rx

from dreams_app import routes, styles
from dreams_app.components.form_card import form_card
from dreams_app.components.resend_confirmation import resend_button
from dreams_app.i18n import t
from dreams_app.state.signup import SignupState
from dreams_app.template import page


@page(route=routes.SIGNUP_SENT, title_key="signup.title", on_load=SignupState.open_sent)
def signup_sent_page() -> rx.Component:
    return form_card(
        t("signup.sent_heading"),
        rx.center(
            rx.icon("mail-check", size=28, aria_hidden="true"),
            width="3.5rem",
            height="3.5rem",
            border_radius="999px",
            background_color=rx.color(styles.ACCENT, 3),
            color=rx.color(styles.ACCENT, 11),
        ),
        rx.text(t("signup.sent_text")),
        rx.text(SignupState.sent_to, weight="bold", word_break="break-all", data_testid="sent-to"),
        rx.text(t("signup.sent_hint"), style=styles.muted_text_style),
        resend_button(SignupState.sent_to),
    )
