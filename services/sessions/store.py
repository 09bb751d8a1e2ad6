"""The session store on Mongo. Async (pymongo's AsyncMongoClient): never blocks the event loop.

Life cycle:
1. log-in succeeds (websocket event) → `issue_ticket(user)`: a random ticket, 60 s, single use;
2. the browser opens /api/session/start?ticket=… → `redeem_ticket` deletes the ticket atomically
   and creates the session; only that HTTP response ever sees the raw session token (Set-Cookie);
3. every page load / protected event → `lookup(token)`;
4. log-out → `end(token)`; a password change → `end_others(user_id, keep=token)`.

Only SHA-256 hashes of tickets and tokens are stored (as `_id`). Expiry is checked on every read;
the TTL indexes only tidy up.
"""

from __future__ import annotations

from datetime import datetime, timezone

from pymongo import ASCENDING
from pymongo.asynchronous.collection import AsyncCollection

from services.clock import Clock
from services.sessions.models import ActiveSession, SessionUser
from services.sessions.policy import SESSION_TTL, TICKET_TTL, new_token, token_hash

SESSIONS = "sessions"
TICKETS = "session_tickets"


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo else value.replace(tzinfo=timezone.utc)


class SessionStore:
    def __init__(self, sessions: AsyncCollection, tickets: AsyncCollection, clock: Clock):
        self._sessions = sessions
        self._tickets = tickets
        self._now = clock

    async def ensure_indexes(self) -> None:
        for collection in (self._sessions, self._tickets):
            await collection.create_index([("expires_at", ASCENDING)], expireAfterSeconds=0)
        await self._sessions.create_index([("user.user_id", ASCENDING)])

    async def issue_ticket(self, user: SessionUser) -> str:
        ticket = new_token()
        await self._tickets.insert_one(
            {"_id": token_hash(ticket), "user": user.model_dump(), "expires_at": self._now() + TICKET_TTL}
        )
        return ticket

    async def redeem_ticket(self, ticket: str) -> str | None:
        """A new session's raw token, or None for an unknown, used or expired ticket."""
        if not ticket:
            return None
        now = self._now()
        # find_one_and_delete is atomic: two concurrent redemptions cannot both succeed.
        doc = await self._tickets.find_one_and_delete({"_id": token_hash(ticket)})
        if doc is None or _aware(doc["expires_at"]) <= now:
            return None
        token = new_token()
        await self._sessions.insert_one(
            {"_id": token_hash(token), "user": doc["user"], "created_at": now, "expires_at": now + SESSION_TTL}
        )
        return token

    async def lookup(self, token: str | None) -> ActiveSession | None:
        if not token:
            return None
        doc = await self._sessions.find_one({"_id": token_hash(token)})
        if doc is None or _aware(doc["expires_at"]) <= self._now():
            return None
        return ActiveSession(
            user=SessionUser.model_validate(doc["user"]),
            created_at=_aware(doc["created_at"]),
            expires_at=_aware(doc["expires_at"]),
        )

    async def end(self, token: str | None) -> bool:
        if not token:
            return False
        result = await self._sessions.delete_one({"_id": token_hash(token)})
        return result.deleted_count == 1

    async def end_others(self, user_id: str, keep: str | None) -> int:
        """End every session of the user except `keep` (after a password change)."""
        query: dict = {"user.user_id": user_id}
        if keep:
            query["_id"] = {"$ne": token_hash(keep)}
        result = await self._sessions.delete_many(query)
        return result.deleted_count

    async def rename(self, user_id: str, first_name: str, last_name: str) -> None:
        """Refresh the name snapshot of every session of the user (after a profile change)."""
        await self._sessions.update_many(
            {"user.user_id": user_id}, {"$set": {"user.first_name": first_name, "user.last_name": last_name}}
        )
