"""What the web app calls for sessions: module functions over one lazily built store per process.

The HTTP routes (cookie hand-off, log-out) and the Reflex state both run on the app's event loop.
A Mongo outage leaves every function as `ServiceUnavailable(dependency="mongo")` (services.faults).
"""
from __future__ import annotations

import asyncio

from services.bootstrap import mongo_async
from services.config import get_settings
from services.faults import unavailable_on_outage
from services.sessions.models import ActiveSession, SessionUser
from services.sessions.store import SESSIONS, TICKETS, SessionStore

_stores: dict[asyncio.AbstractEventLoop, SessionStore] = {}


async def store() -> SessionStore:
    loop = asyncio.get_running_loop()
    found = _stores.get(loop)
    if found is None:
        # Two first calls racing both create the (idempotent) indexes; the last store wins. Harmless.
        settings = get_settings()
        db = mongo_async(settings)[settings.mongo_db]
        found = SessionStore(db[SESSIONS], db[TICKETS])
        await found.ensure_indexes()
        _stores[loop] = found
    return found


@unavailable_on_outage
async def issue_ticket(user: SessionUser) -> str:
    return await (await store()).issue_ticket(user)


@unavailable_on_outage
async def redeem_ticket(ticket: str) -> str | None:
    return await (await store()).redeem_ticket(ticket)


@unavailable_on_outage
async def lookup(token: str | None) -> ActiveSession | None:
    if not token:  # no cookie: no need to touch Mongo
        return None
    return await (await store()).lookup(token)


@unavailable_on_outage
async def end(token: str | None) -> bool:
    return await (await store()).end(token)


@unavailable_on_outage
async def end_others(user_id: str, keep: str | None) -> int:
    return await (await store()).end_others(user_id, keep)


@unavailable_on_outage
async def rename(user_id: str, first_name: str, last_name: str) -> None:
    await (await store()).rename(user_id, first_name, last_name)
