"""The account errors the users worker answers with, and the web app receives.

Each has a stable `code` (ErrorReply.code on the wire; the UI translates by it) and an English text
safe to show. A lock-out's remaining minutes travel inside the text in a fixed form (ErrorReply has
no other place for it) and are parsed back by `from_code` into `AccountLocked.minutes`.
"""
from __future__ import annotations

import math
import re
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
_LOCKED = "Too many failed log-in attempts. Try again in about {minutes} minutes."
_LOCKED_RE = re.compile(r"in about (\d+) minutes")


class AccountError(DreamsError):
    def __init__(self, code: str, message: str | None = None):
        super().__init__(message or TEXTS.get(code, code))
        self.code = code


class AccountLocked(AccountError):
    def __init__(self, minutes: int):
        super().__init__("locked", _LOCKED.format(minutes=minutes))
        self.minutes = minutes

    @classmethod
    def for_remaining(cls, remaining: timedelta) -> "AccountLocked":
        return cls(max(1, math.ceil(remaining.total_seconds() / 60)))


def from_code(code: str, message: str) -> AccountError:
    """Rebuild the typed error on the web side from an ErrorReply's code and text."""
    if code == "locked":
        found = _LOCKED_RE.search(message)
        return AccountLocked(int(found.group(1)) if found else 15)
    return AccountError(code, message)
