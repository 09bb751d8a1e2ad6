"""The users database (owned by the users worker). Schema changes go through alembic migrations."""
from __future__ import annotations

import uuid
from datetime import UTC, date, datetime

from sqlmodel import Field, SQLModel


def _now() -> datetime:
    return datetime.now(UTC)


class User(SQLModel, table=True):
    __tablename__ = "users"

    id: str = Field(default_factory=lambda: uuid.uuid4().hex, primary_key=True, max_length=32)
    first_name: str = Field(max_length=100)
    last_name: str = Field(max_length=100)
    email: str = Field(max_length=320)  # as typed, for display and mail
    email_normalized: str = Field(max_length=320, unique=True, index=True)  # lower-cased: uniqueness
    password_hash: str | None = Field(default=None, max_length=255)
    birth_date: date | None = None
    status: str = Field(default="pending", max_length=16)  # pending | active
    created_at: datetime = Field(default_factory=_now)
    confirmed_at: datetime | None = None


class ProcessedMessage(SQLModel, table=True):
    """Inbox for idempotency: a message id recorded in the same transaction as its effect."""

    __tablename__ = "processed_messages"

    id: str = Field(primary_key=True, max_length=100)
    type: str = Field(max_length=100)
    processed_at: datetime = Field(default_factory=_now)
