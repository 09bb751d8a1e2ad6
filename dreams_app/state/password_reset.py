"""Password reset: /password/forgot asks for a link, /password/reset/[token] sets the new password.

Forgot: the same "if an account exists…" for any address (the worker answers alike); a throttled
request shows the wait under the e-mail it was typed in. Reset: the link is checked on load (a dead
link says so before anything is typed); the new password follows the sign-up rules, checked here
first and again by the worker; errors show inline and the inputs (uncontrolled, never re-mounted
while the form shows) keep what was typed. On success every session of the user ends here at once
(the projector does it too, from the worker's event, should this process die first), and the page
sends the traveller to log in with the new password rather than logging in by itself: the link may
have been opened on a device that is not theirs.
"""

from __future__ import annotations

import logging

import reflex as rx

from dreams_app import backend
from dreams_app.state import forms
from dreams_app.state.base import AppState
from services.errors import DreamsError, ServiceUnavailable, ValidationFailed
from services.users import validation

logger = logging.getLogger(__name__)

FORGOT_PREFIX = "forgot-"
RESET_PREFIX = "reset-"
RESET_FIELDS = ("new_password", "new_password_confirmation")
_TOKEN_CODES = ("reset_token_unknown", "reset_token_used", "reset_token_expired")


def token_of(path: str) -> str:
    """The token of `/password/reset/<token>`."""
    prefix, _, token = path.rstrip("/").rpartition("/")
    return token if prefix.endswith("/password/reset") else ""


class ForgotPasswordState(AppState):
    status: str = "form"  # form | sending | sent
    _errors: dict[str, str] = {}
    _retry_after_s: int = 0

    @rx.var
    def errors(self) -> dict[str, str]:
        return forms.texts(self._errors, ("email",), self.lang, self._retry_after_s)

    @rx.event
    def open(self):
        self.status, self._errors = "form", {}

    @rx.event(background=True)
    async def submit(self, form: dict[str, str]):
        email = str(form.get("email", "")).strip()
        errors: dict[str, str] = {}
        validation.check_email(email, errors)
        async with self:
            if self.status == "sending":
                return
            self._errors = errors
            if errors:
                self.status = "form"
                return rx.set_focus(FORGOT_PREFIX + "email")
            self.status = "sending"
            locale, client = self.lang, self.client_address()
        try:
            await backend.services().users.request_password_reset(email, locale, client)
        except Exception as exc:
            if not isinstance(exc, DreamsError):
                logger.exception("password reset request failed")
            errors = forms.service_errors(exc)
            if errors.get(forms.FORM) == "throttled":  # where it was typed
                errors = {"email": "throttled"}
            async with self:
                self._errors, self._retry_after_s, self.status = errors, forms.retry_after_s(exc), "form"
            return rx.set_focus(FORGOT_PREFIX + "email") if "email" in errors else None
        async with self:
            self.status = "sent"


class ResetPasswordState(AppState):
    status: str = "checking"  # checking | form | saving | done | failed
    _code: str = ""  # why the link cannot be used (status failed)
    _for_token: str = ""
    _errors: dict[str, str] = {}
    _retry_after_s: int = 0

    @rx.var
    def errors(self) -> dict[str, str]:
        return forms.texts(self._errors, RESET_FIELDS, self.lang, self._retry_after_s)

    @rx.var
    def failure(self) -> str:
        return forms.error_text(self._code, self.lang)

    @rx.event(background=True)
    async def open(self):
        """on_load: check the link. Idempotent per token (a reload after success keeps "done")."""
        async with self:
            token = token_of(self.router.url.path)
            if token == self._for_token and self.status != "failed":
                return
            self.status, self._code, self._for_token, self._errors = "checking", "", token, {}
        try:
            await backend.services().users.check_password_reset(token)
        except Exception as exc:
            code = forms.service_errors(exc).get(forms.FORM, "unexpected")
            async with self:
                if code in _TOKEN_CODES:
                    self.status, self._code = "failed", code
                else:  # the check could not be made: let them try; submitting says what happens
                    self.status, self._errors = "form", {forms.FORM: code}
            return
        async with self:
            self.status = "form"

    @rx.event(background=True)
    async def submit(self, form: dict[str, str]):
        new, again = str(form.get("new_password", "")), str(form.get("new_password_confirmation", ""))
        errors = validation.validate_password_change(new_password=new, new_password_confirmation=again, email=None)
        async with self:
            if self.status != "form":
                return
            self._errors = errors
            if errors:
                return rx.set_focus(RESET_PREFIX + forms.first_invalid(errors, RESET_FIELDS))
            self.status = "saving"
            token, client = self._for_token, self.client_address()
        try:
            done = await backend.services().users.reset_password(token, new, again, client)
        except Exception as exc:
            return await self._failed(exc)
        try:
            await backend.services().sessions.end_others(done.user_id, keep=None)  # every session, this browser's too
        except ServiceUnavailable:  # the projector ends them from the worker's event
            logger.warning("sessions of user %s not ended here (store down); the projector will", done.user_id)
        async with self:
            self.status = "done"

    async def _failed(self, exc: Exception):
        if not isinstance(exc, DreamsError):
            logger.exception("password reset failed")
        errors = forms.service_errors(exc)
        code = errors.get(forms.FORM, "")
        async with self:
            if code in _TOKEN_CODES:
                self.status, self._code = "failed", code
                return None
            self._errors, self._retry_after_s, self.status = errors, forms.retry_after_s(exc), "form"
        field = forms.first_invalid(errors, RESET_FIELDS) if isinstance(exc, ValidationFailed) else None
        return rx.set_focus(RESET_PREFIX + field) if field else None
