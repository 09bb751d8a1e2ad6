"""Log-in (/login): the users worker checks the password; on success a one-time ticket takes the
browser to /api/session/start, which sets the HttpOnly session cookie and returns to `next`.

Errors: a wrong e-mail/password shows under the password, "confirm your e-mail first" under the
e-mail (with a resend button), "too many attempts" above the form with the time left, and the
session store (Mongo) being down as "temporarily unavailable" above the form.
"""

from __future__ import annotations

import json
import logging
from typing import Literal

import reflex as rx

from dreams_app import backend
from dreams_app.state import forms
from dreams_app.state.auth import AuthState, session_start_url
from dreams_app.state.outage import TEMPORARILY
from services.errors import DreamsError
from services.sessions.check import Access
from services.sessions.models import SessionUser
from services.sessions.policy import safe_next

logger = logging.getLogger(__name__)

FIELDS = ("email", "password")
ID_PREFIX = "login-"
# Where each account error is shown.
_FIELD_OF_CODE = {"invalid_credentials": "password", "unconfirmed": "email"}


class LoginState(AuthState):
    status: Literal["form", "submitting", "redirecting"] = "form"
    login_email: str = ""  # for "resend the confirmation e-mail"
    unconfirmed: bool = False
    retry_notice: bool = False  # the ticket expired on the way: say so
    _errors: dict[str, str] = {}
    _retry_after_s: int = 0
    _next: str = "/"

    @rx.var
    def errors(self) -> dict[str, str]:
        return forms.texts(self._errors, FIELDS, self.lang, self._retry_after_s)

    @rx.event(background=True)
    async def open(self):
        """on_load: remember `next`; someone already logged in goes straight there. Idempotent."""
        async with self:
            params = self.router.url.query_parameters
            self._next = safe_next(params.get("next"))
            self.retry_notice = params.get("retry") == "1"
            if self.status == "redirecting":
                self.status = "form"
            # /api/session/start could not reach the session store: say so above the form.
            self._errors = {forms.FORM: TEMPORARILY} if params.get("unavailable") == "1" else {}
            self.unconfirmed = False
        if (await self._checked()).access is Access.SIGNED_IN:
            async with self:
                return rx.redirect(self._next, replace=True)
        return None

    @rx.event(background=True)
    async def submit(self, form: dict[str, str]):
        email, password = str(form.get("email", "")).strip(), str(form.get("password", ""))
        errors = {field: "required" for field, value in (("email", email), ("password", password)) if not value}
        async with self:
            if self.status != "form":
                return
            self._errors, self.unconfirmed, self.retry_notice, self.login_email = errors, False, False, email
            if errors:
                return rx.set_focus(ID_PREFIX + forms.first_invalid(errors, FIELDS))
            self.status = "submitting"
            next_path, client = self._next, self.client_address()
        try:
            account = await backend.services().users.authenticate(email, password, client)
            ticket = await backend.services().sessions.issue_ticket(
                SessionUser(
                    user_id=account.id,
                    first_name=account.first_name,
                    last_name=account.last_name,
                    email=account.email,
                    role=account.role,
                )
            )
        except Exception as exc:
            return await self._failed(exc)
        async with self:
            self.status = "redirecting"
        # A full page load (not a client-side route change), so the HTTP route can set the cookie.
        return rx.call_script(f"window.location.assign({json.dumps(session_start_url(ticket, next_path))})")

    async def _failed(self, exc: Exception):
        if not isinstance(exc, DreamsError):
            logger.exception("log-in failed")
        errors = forms.service_errors(exc)
        code = errors.get(forms.FORM, "")
        if code in _FIELD_OF_CODE:
            errors = {_FIELD_OF_CODE[code]: code}
        async with self:
            self._errors = errors
            self._retry_after_s = forms.retry_after_s(exc)
            self.unconfirmed = code == "unconfirmed"
            self.status = "form"
        field = forms.first_invalid(errors, FIELDS)
        return rx.set_focus(ID_PREFIX + field) if field else None
