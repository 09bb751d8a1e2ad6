"""Queries and writes on the users database. Callers own the session (and so the transaction)."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import func, or_, select, update
from sqlmodel import Session

from services.users.models import ConfirmationToken, ProcessedMessage, User
from services.users.validation import canonical_email
from services.users.views import Account, UserRow


def as_utc(value: datetime) -> datetime:
    # SQLite hands back naive datetimes; everything stored here is UTC.
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def account(user: User) -> Account:
    return Account(
        id=user.id,
        first_name=user.first_name,
        last_name=user.last_name,
        email=user.email,
        member_since=as_utc(user.created_at),
        locale=user.locale,
        confirmed=user.status == "active",
        role=user.role,
    )


def like_pattern(query: str) -> str:
    """A LIKE pattern matching `query` anywhere, with LIKE's own wildcards taken literally."""
    escaped = query.strip().lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


# UserRow's keys; `member_since` comes back UTC-aware from the column's type (sqlmodel's DateTime).
_ROW_COLUMNS = (
    User.id,
    User.first_name,
    User.last_name,
    User.email,
    User.created_at.label("member_since"),
    (User.status == "active").label("confirmed"),
    User.role,
)


def list_users(session: Session, *, query: str = "", limit: int, offset: int) -> tuple[list[UserRow], int]:
    """Every account, confirmed or not, oldest sign-up first; `query` keeps those whose name (first,
    last or both) or e-mail contains it, case-insensitively (ASCII case on SQLite)."""
    where = []
    if query.strip():
        pattern = like_pattern(query)
        full_name = func.lower(User.first_name + " " + User.last_name)
        where.append(or_(full_name.like(pattern, escape="\\"), User.email_normalized.like(pattern, escape="\\")))
    # A Core select on the session's connection, its columns labelled as UserRow's keys: no ORM
    # objects and no per-row Python beyond the dict (the whole 1,000-user list is issue 15's case).
    result = session.connection().execute(
        select(*_ROW_COLUMNS).where(*where).order_by(User.created_at, User.id).limit(limit).offset(offset)
    )
    keys = tuple(result.keys())
    users: list[UserRow] = [dict(zip(keys, row, strict=True)) for row in result.all()]  # type: ignore[misc]
    total = session.connection().execute(select(func.count()).select_from(User).where(*where)).scalar_one()
    return users, total


def get_by_email(session: Session, email: str) -> User | None:
    """By e-mail, case-insensitively (`email` as typed, or already canonical)."""
    return session.exec(select(User).where(User.email_normalized == canonical_email(email))).scalars().first()


def already_processed(session: Session, message_id: str) -> bool:
    return session.get(ProcessedMessage, message_id) is not None


def mark_processed(session: Session, message_id: str, type_: str) -> None:
    session.add(ProcessedMessage(id=message_id, type=type_))


def get_user(session: Session, user_id: str) -> User | None:
    return session.get(User, user_id)


def get_token(session: Session, token_hash: str) -> ConfirmationToken | None:
    return session.get(ConfirmationToken, token_hash)


def latest_token(session: Session, user_id: str) -> ConfirmationToken | None:
    return (
        session.exec(
            select(ConfirmationToken)
            .where(ConfirmationToken.user_id == user_id)
            .order_by(ConfirmationToken.created_at.desc())
            .limit(1)
        )
        .scalars()
        .first()
    )


def revoke_tokens(session: Session, user_id: str, now: datetime) -> None:
    """Every unused token of the user stops working (a newer one is about to be sent)."""
    session.execute(
        update(ConfirmationToken)
        .where(
            ConfirmationToken.user_id == user_id,
            ConfirmationToken.used_at.is_(None),
            ConfirmationToken.revoked_at.is_(None),
        )
        .values(revoked_at=now)
    )


def snapshot(user: User) -> dict:
    """The public fields every users-created event carries (never the password hash)."""
    confirmed = as_utc(user.confirmed_at or user.created_at)
    return {
        "id": user.id,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "locale": user.locale,
        "created_at": as_utc(user.created_at),
        "confirmed_at": confirmed,
        "updated_at": as_utc(user.updated_at) if user.updated_at else confirmed,
        "version": user.version,
        "role": user.role,
    }
