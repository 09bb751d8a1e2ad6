"""Sign-up (/signup): instant checks as each field is left, the same rules again on submit, then
the users worker (which has the last word, e.g. "e-mail taken"), then "check your inbox".

Passwords are never kept in the state (it is pickled to the state store): a field's blur check
sees only that field, and the pair is compared on submit.
"""

from __future__ import annotations

import logging
from datetime import date
from typing import Literal

import reflex as rx

from dreams_app import backend, routes
from dreams_app.state import forms
from dreams_app.state.auth import AuthState
from services.errors import DreamsError
from services.users import validation

logger = logging.getLogger(__name__)

FIELDS = ("first_name", "last_name", "email", "password", "password_confirmation", "birth_date")
ID_PREFIX = "signup-"


def _check(values: dict[str, str], today: date) -> dict[str, str]:
    return validation.validate_registration(
        first_name=values.get("first_name"),
        last_name=values.get("last_name"),
        email=values.get("email"),
        password=values.get("password"),
        password_confirmation=values.get("password_confirmation"),
        birth_date=forms.parse_date(values.get("birth_date")),
        today=today,
    )


def _birth_date_key(raw: str, today: date) -> str:
    # An <input type=date> with a half-typed date reports "": show "check the date", not "required".
    errors: dict[str, str] = {}
    validation.check_birth_date(forms.parse_date(raw), today, errors)
    return errors.get("birth_date", "")


class SignupState(AuthState):
    status: Literal["form", "submitting"] = "form"
    sent_to: str = ""  # shown on /signup/sent (its own route: the form never unmounts under a typist)
    _errors: dict[str, str] = {}
    _email: str = ""  # to check "password is not the e-mail" when the password field is left
    _retry_after_s: int = 0  # "too many attempts": how long to wait

    @rx.var
    def errors(self) -> dict[str, str]:
        return forms.texts(self._errors, FIELDS, self.lang, self._retry_after_s)

    @rx.event
    def reset_form(self):
        """on_load of /signup: no stale errors. Idempotent."""
        self._errors = {}

    @rx.event
    def open_sent(self):
        """on_load of /signup/sent: only right after a sign-up in this tab."""
        if not self.sent_to:
            return rx.redirect(routes.SIGNUP, replace=True)
        return None

    @rx.event
    def check_field(self, field: str, value: str):
        """on_blur of one field: its own rule only (no error for a field not yet filled in)."""
        if field not in FIELDS:
            return
        errors = dict(self._errors)
        errors.pop(field, None)
        today = date.today()
        if field == "email":
            self._email = value
        if field == "birth_date":
            key = _birth_date_key(value, today) if value else ""
        elif field == "password_confirmation":
            key = ""  # compared with the password on submit (see the module docstring)
        elif field == "password":
            found: dict[str, str] = {}
            validation.check_new_password(value, value, self._email, found)
            key = found.get("password", "") if value else ""
        else:
            key = _check({field: value}, today).get(field, "") if value else ""
        if key:
            errors[field] = key
        self._errors = errors

    @rx.event(background=True)
    async def submit(self, form: dict[str, str]):
        values = {field: str(form.get(field, "")) for field in FIELDS}
        errors = _check(values, date.today())
        async with self:
            if self.status == "submitting":
                return
            self._errors = errors
            if errors:
                return rx.set_focus(ID_PREFIX + forms.first_invalid(errors, FIELDS))
            self.status = "submitting"
            locale, client = self.lang, self.client_address()
        try:
            await backend.services().users.register(
                values["first_name"].strip(),
                values["last_name"].strip(),
                values["email"].strip(),
                values["password"],
                values["password_confirmation"],
                forms.parse_date(values["birth_date"]),
                locale,
                client,
            )
        except Exception as exc:  # every failure is shown next to its field or above the form
            if not isinstance(exc, DreamsError):
                logger.exception("sign-up failed")
            async with self:
                self._errors, self._retry_after_s = forms.service_errors(exc), forms.retry_after_s(exc)
                self.status = "form"
                first = forms.first_invalid(self._errors, FIELDS)
            return rx.set_focus(ID_PREFIX + first) if first else None
        async with self:
            self.status, self.sent_to, self._errors = "form", values["email"].strip(), {}
        return rx.redirect(routes.SIGNUP_SENT)
