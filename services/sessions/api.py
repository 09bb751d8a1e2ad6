"""What the web app calls for sessions: `SessionsService` over the session store (bootstrap.web_services
builds it once, at the app's start-up).

The HTTP routes (cookie hand-off, log-out) and the Reflex state both run on the app's event loop.
A Mongo outage leaves every method as `ServiceUnavailable(dependency="mongo")` (services.faults).
"""

from __future__ import annotations

from services.faults import unavailable_on_outage
from services.indexes import IndexesOnce
from services.roles import Role
from services.sessions.access import RoleReader
from services.sessions.models import ActiveSession, SessionUser
from services.sessions.store import SessionStore


class SessionsService:
    def __init__(self, store: SessionStore, roles: RoleReader):
        self._store = store
        self._roles = roles
        self._indexes = IndexesOnce(store.ensure_indexes)

    async def _ready(self) -> SessionStore:
        await self._indexes.ensure()
        return self._store

    @unavailable_on_outage
    async def issue_ticket(self, user: SessionUser) -> str:
        return await (await self._ready()).issue_ticket(user)

    @unavailable_on_outage
    async def redeem_ticket(self, ticket: str) -> str | None:
        return await (await self._ready()).redeem_ticket(ticket)

    @unavailable_on_outage
    async def lookup(self, token: str | None) -> ActiveSession | None:
        if not token:  # no cookie: no need to touch Mongo
            return None
        return await (await self._ready()).lookup(token)

    @unavailable_on_outage
    async def end(self, token: str | None) -> bool:
        return await (await self._ready()).end(token)

    @unavailable_on_outage
    async def end_others(self, user_id: str, keep: str | None) -> int:
        return await (await self._ready()).end_others(user_id, keep)

    @unavailable_on_outage
    async def rename(self, user_id: str, first_name: str, last_name: str) -> None:
        await (await self._ready()).rename(user_id, first_name, last_name)

    @unavailable_on_outage
    async def current_role(self, user_id: str) -> Role:
        """The user's role now (not at log-in): staff pages ask on every load and event."""
        return await self._roles.role(user_id)
