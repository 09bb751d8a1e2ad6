"""The session store against the real Mongo server (devstack), one throwaway database per test.

The store is async; these tests drive it from a private event loop in a thread, so they also run
in one pytest session with Playwright's sync API (which keeps a loop running in the main thread).
"""

from __future__ import annotations

import asyncio
import threading
import uuid
from collections.abc import Coroutine, Iterator
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest
from pymongo import AsyncMongoClient

from services.sessions.models import SessionUser
from services.sessions.store import SESSIONS, TICKETS, SessionStore


class LoopThread:
    """An event loop in its own thread; `run(coro)` waits for the result (bounded)."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self._thread.start()

    def run(self, coro: Coroutine[Any, Any, Any], timeout: float = 15.0) -> Any:
        return asyncio.run_coroutine_threadsafe(coro, self.loop).result(timeout)

    def close(self) -> None:
        self.loop.call_soon_threadsafe(self.loop.stop)
        self._thread.join(5)
        self.loop.close()


class Clock:
    """A clock the test moves by hand, to cross expiries without sleeping."""

    def __init__(self) -> None:
        self.now = datetime.now(timezone.utc).replace(microsecond=0)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, delta: timedelta) -> None:
        self.now += delta


class SyncStore:
    """The store's methods, called synchronously through the loop thread."""

    def __init__(self, store: SessionStore, loop: LoopThread):
        self._store, self._loop = store, loop

    def __getattr__(self, name: str):
        method = getattr(self._store, name)
        return lambda *args, **kwargs: self._loop.run(method(*args, **kwargs))


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def loop() -> Iterator[LoopThread]:
    runner = LoopThread()
    yield runner
    runner.close()


@pytest.fixture
def db(mongo_client):
    """A throwaway database, read back with the plain (sync) client."""
    name = f"test_sessions_{uuid.uuid4().hex[:8]}"
    yield mongo_client[name]
    mongo_client.drop_database(name)


@pytest.fixture
def store(db, clock: Clock, loop: LoopThread, settings) -> Iterator[SyncStore]:
    async def build() -> tuple[AsyncMongoClient, SessionStore]:
        client = AsyncMongoClient(settings.mongo_url, serverSelectionTimeoutMS=5000, tz_aware=True)
        store = SessionStore(client[db.name][SESSIONS], client[db.name][TICKETS], clock=clock)
        await store.ensure_indexes()
        return client, store

    client, async_store = loop.run(build())
    yield SyncStore(async_store, loop)
    loop.run(client.close())


@pytest.fixture
def ana() -> SessionUser:
    return SessionUser(user_id="u1", first_name="Ana", last_name="Souza", email="ana@example.test")
