""" "Send the confirmation e-mail again", used by sign-up, log-in and the confirmation page.

The worker answers the same way for any address (no account discovery), and so does the page.
"""

from __future__ import annotations

import logging
from typing import Literal

import reflex as rx

from dreams_app import backend
from dreams_app.state import forms
from dreams_app.state.base import AppState

logger = logging.getLogger(__name__)


class ResendState(AppState):
    status: Literal["idle", "sending", "done", "error"] = "idle"
    sent_for: str = ""  # the address the status is about
    _error: str = ""
    _retry_after_s: int = 0

    @rx.var
    def error(self) -> str:
        return forms.error_text(self._error, self.lang, self._retry_after_s)

    @rx.event(background=True)
    async def resend(self, email: str):
        email = (email or "").strip()
        async with self:
            if self.status == "sending":
                return
            if not email:
                self.status, self.sent_for, self._error = "error", "", "email_invalid"
                return
            self.status, self.sent_for, self._error = "sending", email, ""
            locale, client = self.lang, self.client_address()
        try:
            await backend.services().users.resend_confirmation(email, locale, client)
        except Exception as exc:
            logger.info("resend failed: %s", type(exc).__name__)
            async with self:
                self.status, self._error = "error", forms.service_errors(exc).get(forms.FORM, "email_invalid")
                self._retry_after_s = forms.retry_after_s(exc)
            return
        async with self:
            self.status = "done"

    @rx.event
    def resend_form(self, form: dict[str, str]):
        return ResendState.resend(str(form.get("email", "")))
