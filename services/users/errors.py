"""The account errors the users worker answers with, and the web app receives.

Each has a stable `code` (ErrorReply.code on the wire; the UI translates by it) and an English text
safe to show. `TooManyAttempts` (code `throttled`) also carries the seconds to wait, in the
ErrorReply's `retry_after_s` field, and `from_code` rebuilds it on the web side.
"""

from __future__ import annotations

import math
from datetime import timedelta

from services.errors import DreamsError

TEXTS: dict[str, str] = {
    "token_unknown": "This confirmation link is not valid. Check that you copied the whole link.",
    "token_used": "This confirmation link was already used. Your e-mail is confirmed: you can log in.",
    "token_expired": "This confirmation link has expired or was replaced by a newer one. Ask for a new one.",
    "invalid_credentials": "The e-mail or the password is not correct.",
    "unconfirmed": "Confirm your e-mail address first: follow the link we sent you, or ask for a new one.",
    "not_found": "We could not find this account.",
}


class AccountError(DreamsError):
    def __init__(self, code: str, message: str | None = None):
        super().__init__(message or TEXTS.get(code, code))
        self.code = code


class TooManyAttempts(AccountError):
    """Refused without looking at the request: this client (or account from it) must wait."""

    def __init__(self, retry_after_s: int):
        self.retry_after_s = max(1, int(retry_after_s))
        super().__init__("throttled", f"Too many attempts. Try again in {wait_text(self.retry_after_s)}.")

    @classmethod
    def after(cls, wait: timedelta) -> "TooManyAttempts":
        return cls(math.ceil(wait.total_seconds()))


def wait_text(seconds: int) -> str:
    """`N s`, or whole minutes (rounded up) once it is two minutes or more (the same in pt-BR)."""
    return f"{seconds} s" if seconds < 120 else f"{math.ceil(seconds / 60)} min"


def from_code(code: str, message: str, retry_after_s: int | None = None) -> AccountError:
    """Rebuild the typed error on the web side from an ErrorReply's code, text and wait."""
    if code == "throttled":
        return TooManyAttempts(retry_after_s or 1)
    return AccountError(code, message)
