"""The backends' state leases (dreams_app/state_lease.py) on the real Redis: while a backend holds
a tab's lease, every event's change is already in Redis for any other backend to read, where
Reflex's own opportunistic lock keeps it in memory until the lease ends."""

from __future__ import annotations

import uuid

import anyio
import pytest
import redis.asyncio as aioredis
from reflex.istate.manager.redis import StateManagerRedis
from reflex.istate.manager.token import BaseStateToken

from dreams_app.state.search import SearchState
from dreams_app.state_lease import WriteThroughStateManager
from services.config import Settings

pytestmark = [pytest.mark.anyio, pytest.mark.timeout(60)]

LEASE_MS = 3_000  # long enough that every step below runs inside one lease


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


def _manager(cls, settings: Settings, leases: bool) -> StateManagerRedis:
    manager = cls(
        redis=aioredis.Redis.from_url(settings.redis_url),
        lock_expiration=10_000,
        oplock_hold_time_ms=LEASE_MS,
    )
    manager._oplock_enabled = leases
    return manager


async def _listening(manager: StateManagerRedis) -> None:
    """Reflex grants no lease until its lock-release subscriber listens (so a contender can end one)."""
    manager._ensure_lock_task()
    with anyio.fail_after(10):
        await manager._lock_updates_subscribed.wait()


def _search(root):
    return root.get_substate(SearchState.get_full_name().split("."))


async def _origin(reader: StateManagerRedis, token: BaseStateToken) -> str:
    """What another backend reads from Redis now (a read takes no lock)."""
    root = await reader.get_state(token)
    return _search(root).origin


async def _set_origin(manager: StateManagerRedis, token: BaseStateToken, origin: str) -> None:
    async with manager.modify_state(token) as root:
        _search(root).origin = origin


@pytest.mark.parametrize("write_through", [True, False], ids=["ours", "reflex-oplock"])
async def test_each_event_of_a_lease_is_in_redis_at_once(settings: Settings, stack, write_through: bool) -> None:
    stack.ensure("redis")
    cls = WriteThroughStateManager if write_through else StateManagerRedis
    backend, other = _manager(cls, settings, leases=True), _manager(StateManagerRedis, settings, leases=False)
    token = BaseStateToken(ident=f"lease-test-{uuid.uuid4().hex}", cls=SearchState)
    try:
        await _listening(backend)
        await _set_origin(backend, token, "GRU")
        assert token.lock_key in backend._local_leases, "the backend should hold the tab's lease now"
        await _set_origin(backend, token, "LIS")  # served from memory, inside the same lease
        assert token.lock_key in backend._local_leases

        seen = await _origin(other, token)
        if write_through:
            assert seen == "LIS"  # a SIGKILL now would lose nothing
        else:
            assert seen != "LIS"  # why the subclass exists: Reflex writes only when the lease ends
    finally:
        await backend.close()
        await other.close()
    # Closing ends the lease with Reflex's own write: either way the last change is there then.
    after = _manager(StateManagerRedis, settings, leases=False)
    try:
        assert await _origin(after, token) == "LIS"
        assert await after.redis.get(after._lock_key(token)) is None  # the lock is free again
    finally:
        await after.close()


async def test_a_later_event_of_the_lease_writes_only_what_it_touched(settings: Settings, stack) -> None:
    stack.ensure("redis")
    backend = _manager(WriteThroughStateManager, settings, leases=True)
    token = BaseStateToken(ident=f"lease-test-{uuid.uuid4().hex}", cls=SearchState)
    written: list[list[str]] = []
    collect = backend._collect_state_writes

    def recorded(token, base_state):
        writes = collect(token, base_state)
        written.append([key for key, _ in writes])
        return writes

    backend._collect_state_writes = recorded
    try:
        await _listening(backend)
        async with backend.modify_state(token) as root:  # the first event touches two substates
            root.is_hydrated = True
            _search(root).origin = "GRU"
        first = written[-1]
        await _set_origin(backend, token, "LIS")  # the second only one, in the same lease
        second = written[-1]
        assert token.lock_key in backend._local_leases
    finally:
        await backend.close()
    search_key = token._state_key(SearchState)
    assert search_key in first and len(first) == 2
    assert second == [search_key]  # not the root again: it was written by the first event
