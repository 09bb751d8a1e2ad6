"""The users worker's handlers: plain functions, one per command or query, routed at the bottom."""
from __future__ import annotations

from collections.abc import Callable

from sqlmodel import Session

from services.messaging.envelope import Envelope
from services.users import repository
from services.users.messages import ListUsers, UsersListed

SessionFactory = Callable[[], Session]


def list_users(query: ListUsers, _env: Envelope, *, sessions: SessionFactory) -> UsersListed:
    with sessions() as session:
        users, total = repository.list_active(session, limit=query.limit, offset=query.offset)
    return UsersListed(users=users, total=total)


HANDLERS = {
    ListUsers: list_users,
}
