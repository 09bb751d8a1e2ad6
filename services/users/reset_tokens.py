"""Password reset tokens: random, single use, valid 1 hour, stored only as a SHA-256 hash.

The same machinery as confirmation tokens (tokens.py: 32 random bytes, SHA-256 at rest), in a table
of their own: a reset link must never confirm an e-mail and a confirmation link must never set a
password. Issuing a token revokes the user's older unused ones; consuming is one conditional UPDATE
(`used_at IS NULL AND revoked_at IS NULL AND expires_at > now`), so of two concurrent submits of the
same link exactly one changes the password.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import update
from sqlmodel import Field, Session, SQLModel

from services.users import tokens
from services.users.repository import as_utc

VALIDITY = timedelta(hours=1)


class PasswordResetToken(SQLModel, table=True):
    __tablename__ = "password_reset_tokens"

    token_hash: str = Field(primary_key=True, max_length=64)
    user_id: str = Field(foreign_key="users.id", index=True, max_length=32)
    created_at: datetime
    expires_at: datetime
    used_at: datetime | None = None
    revoked_at: datetime | None = None  # replaced by a newer request


def problem(token: PasswordResetToken | None, now: datetime) -> str | None:
    """Why this token cannot reset a password (an error code), or None if it can."""
    if token is None:
        return "reset_token_unknown"
    if token.used_at is not None:
        return "reset_token_used"
    if token.revoked_at is not None or now >= as_utc(token.expires_at):
        return "reset_token_expired"
    return None


def get(session: Session, raw: str) -> PasswordResetToken | None:
    return session.get(PasswordResetToken, tokens.hash_token(raw))


def issue(session: Session, user_id: str, now: datetime) -> str:
    """A new token for the user (older unused ones are revoked). Returns the raw token."""
    session.execute(
        update(PasswordResetToken)
        .where(
            PasswordResetToken.user_id == user_id,
            PasswordResetToken.used_at.is_(None),
            PasswordResetToken.revoked_at.is_(None),
        )
        .values(revoked_at=now)
    )
    raw = tokens.new_token()
    session.add(
        PasswordResetToken(
            token_hash=tokens.hash_token(raw), user_id=user_id, created_at=now, expires_at=now + VALIDITY
        )
    )
    return raw


def consume(session: Session, raw: str, now: datetime) -> bool:
    """Mark the token used if it still works; False if it does not (or a concurrent submit won).
    The first statement of its transaction is this write, so on SQLite it takes the write lock
    before reading anything (no stale snapshot can let a second submit through)."""
    result = session.execute(
        update(PasswordResetToken)
        .where(
            PasswordResetToken.token_hash == tokens.hash_token(raw),
            PasswordResetToken.used_at.is_(None),
            PasswordResetToken.revoked_at.is_(None),
            PasswordResetToken.expires_at > now,
        )
        .values(used_at=now)
    )
    return result.rowcount == 1
