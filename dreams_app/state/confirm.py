"""E-mail confirmation (/confirm/[token]): the link from the e-mail, checked by the users worker.

A token works once, so a second on_load (reload, reconnect) must not ask again and then report
"already used" over a success: the outcome is remembered per token.
"""

from __future__ import annotations

import logging
from typing import Literal

import reflex as rx

from dreams_app import backend
from dreams_app.state import forms
from dreams_app.state.base import AppState
from services.errors import DreamsError

logger = logging.getLogger(__name__)


def _token_of(path: str) -> str:
    """The token of `/confirm/<token>` (the URL path, as RouterData.page is deprecated)."""
    prefix, _, token = path.rstrip("/").rpartition("/")
    return token if prefix.endswith("/confirm") else ""


class ConfirmState(AppState):
    status: Literal["checking", "done", "failed"] = "checking"
    _code: str = ""
    _for_token: str = ""  # the token the status is about

    @rx.var
    def error(self) -> str:
        return forms.error_text(self._code, self.lang)

    @rx.var
    def can_resend(self) -> bool:
        return self._code in ("token_expired", "token_unknown")

    @rx.event(background=True)
    async def confirm(self):
        async with self:
            token = _token_of(self.router.url.path)
            if token == self._for_token and self.status in ("checking", "done"):
                return  # in flight or done: on_load ran twice
            self.status, self._code, self._for_token = "checking", "", token
        try:
            await backend.services().users.confirm(token)
        except Exception as exc:
            if not isinstance(exc, DreamsError):
                logger.exception("confirmation failed")
            async with self:
                self.status = "failed"
                self._code = forms.service_errors(exc).get(forms.FORM, "unexpected")
            return
        async with self:
            self.status = "done"
