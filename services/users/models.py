"""The users database (owned by the users worker). Schema changes go through alembic migrations."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime

from sqlmodel import Field, SQLModel

from services.throttle.store import ThrottleRow  # noqa: F401  (its table lives in this database too)


def _now() -> datetime:
    return datetime.now(UTC)


def _new_id() -> str:
    return uuid.uuid4().hex


class User(SQLModel, table=True):
    __tablename__ = "users"

    id: str = Field(default_factory=_new_id, primary_key=True, max_length=32)
    first_name: str = Field(max_length=100)
    last_name: str = Field(max_length=100)
    email: str = Field(max_length=320)  # as typed, for display and mail
    email_normalized: str = Field(max_length=320, unique=True, index=True)  # lower-cased: uniqueness
    password_hash: str | None = Field(default=None, max_length=255)
    birth_date: date | None = None
    status: str = Field(default="pending", max_length=16)  # pending | active
    role: str = Field(default="traveller", max_length=16)  # services.roles: traveller | staff
    created_at: datetime = Field(default_factory=_now)
    confirmed_at: datetime | None = None
    locale: str = Field(default="pt_BR", max_length=8)  # the language of its e-mails
    updated_at: datetime | None = None
    version: int = 0  # +1 per published change: projections keep the highest


class ProcessedMessage(SQLModel, table=True):
    """Inbox for idempotency: a message id recorded in the same transaction as its effect."""

    __tablename__ = "processed_messages"

    id: str = Field(primary_key=True, max_length=100)
    type: str = Field(max_length=100)
    processed_at: datetime = Field(default_factory=_now)


class ConfirmationToken(SQLModel, table=True):
    """One e-mail confirmation link. Only the SHA-256 of the token is kept (see tokens.py)."""

    __tablename__ = "confirmation_tokens"

    token_hash: str = Field(primary_key=True, max_length=64)
    user_id: str = Field(foreign_key="users.id", index=True, max_length=32)
    created_at: datetime
    expires_at: datetime
    sent_at: datetime | None = None  # the mail service accepted the e-mail
    used_at: datetime | None = None
    revoked_at: datetime | None = None  # replaced by a newer token ("resend")


CORRELATION_MAX = 200  # outbox_events.correlation_id (migration 0006); longer ids are cut


class OutboxEvent(SQLModel, table=True):
    """An event written in the same transaction as the change it announces, published afterwards.

    `published_at` is set once Kafka acknowledged it; until then any later command (or a worker
    start) publishes it again. Consumers are idempotent, so a duplicate after a crash is harmless.
    """

    __tablename__ = "outbox_events"

    seq: int | None = Field(default=None, primary_key=True)  # publish order
    id: str = Field(default_factory=_new_id, unique=True, max_length=32)  # the envelope id
    topic: str = Field(max_length=100)
    key: str = Field(max_length=100)
    type: str = Field(max_length=100)
    version: int  # the message schema version (the user's own version is inside `data`)
    data: str  # the message's JSON
    occurred_at: datetime
    published_at: datetime | None = None
    correlation_id: str | None = Field(default=None, max_length=CORRELATION_MAX)  # the writing command's
