"""Confirmation tokens: random, single use, valid 24 hours, stored only as a SHA-256 hash.

The raw token exists only in the e-mail's link; the database holds `sha256(token)`, so a leaked
database cannot confirm anyone. (A fast hash is enough: 32 random bytes cannot be guessed.)
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

VALIDITY = timedelta(hours=24)


def new_token() -> str:
    return secrets.token_urlsafe(32)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def problem(
    *, used_at: datetime | None, revoked_at: datetime | None, expires_at: datetime, now: datetime
) -> str | None:
    """Why a known token cannot confirm (an error code), or None if it can.

    A token replaced by "resend" counts as expired: the message tells the user to use the newest link.
    """
    if used_at is not None:
        return "token_used"
    if revoked_at is not None or now >= expires_at:
        return "token_expired"
    return None
