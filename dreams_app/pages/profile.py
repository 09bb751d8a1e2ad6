"""`/profile` (logged-in only): change the names; change the password (the current one required)."""

import reflex as rx

from dreams_app import routes
from dreams_app.components.error_callout import unavailable_callout
from dreams_app.components.form_card import form_alert, form_card, submit_button
from dreams_app.components.form_field import form_field
from dreams_app.i18n import t
from dreams_app.state import forms
from dreams_app.state.profile import ID_PREFIX, ProfileState
from dreams_app.template import page


def _field(
    name: str, type: str, autocomplete: str, default_value: rx.Var[str] | None = None, hint: str | None = None
) -> rx.Component:
    return form_field(
        name,
        t(f"field.{name}"),
        ProfileState.errors[name],
        id_prefix=ID_PREFIX,
        type=type,
        autocomplete=autocomplete,
        default_value=default_value,
        hint=t(hint) if hint else None,
    )


def _saved(show: rx.Var[bool], key: str) -> rx.Component:
    return rx.box(
        rx.cond(
            show,
            rx.text(
                rx.icon("check", size=14, aria_hidden="true"),
                t(key),
                color=rx.color("teal", 11),
                size="2",
                display="flex",
                gap="0.25rem",
                align_items="center",
            ),
            rx.fragment(),
        ),
        role="status",
    )


def _names_form() -> rx.Component:
    return rx.form(
        rx.vstack(
            rx.heading(t("profile.names_heading"), as_="h2", size="4"),
            rx.grid(
                _field("first_name", "text", "given-name", ProfileState.first_name),
                _field("last_name", "text", "family-name", ProfileState.last_name),
                columns=rx.breakpoints(initial="1", sm="2"),
                spacing="3",
                width="100%",
            ),
            submit_button(t("profile.save_names"), t("profile.saving"), ProfileState.names_status == "saving"),
            _saved(ProfileState.names_status == "saved", "profile.names_saved"),
            spacing="3",
            width="100%",
        ),
        key=ProfileState.names_form_key,
        on_submit=ProfileState.save_names,
        no_validate=True,
        width="100%",
        aria_label=t("profile.names_heading"),
    )


def _password_form() -> rx.Component:
    return rx.form(
        rx.vstack(
            rx.heading(t("profile.password_heading"), as_="h2", size="4"),
            # Lets password managers tie the new password to the account.
            rx.el.input(
                type="email",
                name="username",
                value=ProfileState.email,
                auto_complete="username",
                read_only=True,
                hidden=True,
                aria_hidden="true",
            ),
            _field("current_password", "password", "current-password"),
            _field("new_password", "password", "new-password", hint="field.password_hint"),
            _field("new_password_confirmation", "password", "new-password"),
            submit_button(t("profile.save_password"), t("profile.saving"), ProfileState.password_status == "saving"),
            _saved(ProfileState.password_status == "saved", "profile.password_saved"),
            spacing="3",
            width="100%",
        ),
        key=ProfileState.password_form_key,
        on_submit=ProfileState.change_password,
        no_validate=True,
        width="100%",
        aria_label=t("profile.password_heading"),
    )


def _forms() -> rx.Component:
    return rx.vstack(
        rx.text(ProfileState.email, color=rx.color("gray", 11), data_testid="profile-email"),
        form_alert(ProfileState.errors[forms.FORM]),
        _names_form(),
        rx.separator(size="4"),
        _password_form(),
        spacing="5",
        width="100%",
    )


@page(route=routes.PROFILE, title_key="profile.title", on_load=ProfileState.open, on_load_checks_session=True)
def profile_page() -> rx.Component:
    return form_card(
        t("profile.heading"),
        rx.cond(
            ProfileState.profile_status == "unavailable",
            unavailable_callout(on_retry=ProfileState.open),
            rx.cond(ProfileState.signed_in, _forms(), rx.center(rx.spinner(size="3"), width="100%")),
        ),
        max_width="36rem",
    )
