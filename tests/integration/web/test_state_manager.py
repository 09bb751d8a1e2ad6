"""The app's state manager (dreams_app/state_manager.py) on the real Redis.

- An event of a feature state reads its own branch of the tree, not every state whose texts follow
  the language; a language switch still recomputes those texts.
- State leases: while a backend holds a tab's lease, every event's change is already in Redis for
  any other backend to read, where Reflex's own opportunistic lock keeps it in memory until the
  lease ends."""

from __future__ import annotations

import uuid

import anyio
import pytest
import redis.asyncio as aioredis
from reflex.istate.manager.redis import StateManagerRedis
from reflex.istate.manager.token import BaseStateToken
from reflex.state import State, UpdateVarsInternalState

from dreams_app.state.base import AppState
from dreams_app.state.package import PackageState
from dreams_app.state.results import ResultsState
from dreams_app.state.search import SearchState
from dreams_app.state.users import UsersState
from dreams_app.state_manager import AppStateManager
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


def _token(cls) -> BaseStateToken:
    return BaseStateToken(ident=f"state-test-{uuid.uuid4().hex}", cls=cls)


async def _hydrated(manager: StateManagerRedis, cls) -> BaseStateToken:
    """A tab's token after its hydrate: the root holds router data (Reflex rehydrates a tree that
    has none, and so reads it whole)."""
    token = _token(cls)
    async with manager.modify_state(BaseStateToken(ident=token.ident, cls=State)) as root:
        root.router_data = {"pathname": "/search", "asPath": "/search"}
    return token


def _substate(root, cls):
    return root.get_substate(cls.get_full_name().split("."))


def _loaded(root) -> set[str]:
    """The full names of the substates an event's tree holds."""
    names, stack = set(), [root]
    while stack:
        state = stack.pop()
        names.add(state.get_full_name())
        stack.extend(state.substates.values())
    return names


@pytest.mark.parametrize("cls", [AppStateManager, StateManagerRedis], ids=["ours", "reflex"])
async def test_an_event_of_a_feature_state_reads_its_own_branch(settings: Settings, stack, cls) -> None:
    stack.ensure("redis")
    manager = _manager(cls, settings, leases=False)
    try:
        token = await _hydrated(manager, ResultsState)
        async with manager.modify_state(token) as root:
            loaded = _loaded(root)
    finally:
        await manager.close()
    assert ResultsState.get_full_name() in loaded and AppState.get_full_name() in loaded
    if cls is AppStateManager:
        assert PackageState.get_full_name() not in loaded  # its texts follow AppState.lang too
        assert len(loaded) == 3  # the root, AppState and ResultsState
    else:
        assert PackageState.get_full_name() in loaded  # why the subclass exists: Reflex reads them all


async def test_a_language_switch_still_recomputes_the_other_states_texts(settings: Settings, stack) -> None:
    stack.ensure("redis")
    manager = _manager(AppStateManager, settings, leases=False)
    try:
        token = await _hydrated(manager, PackageState)
        async with manager.modify_state(token) as root:  # an event of the package page
            package = _substate(root, PackageState)
            package._stock = {"stock": "sold_out"}
            assert package.stock_text == "Esgotado"
        async with manager.modify_state(BaseStateToken(ident=token.ident, cls=AppState)) as root:
            _substate(root, AppState).locale = "en"  # what AppState.set_locale does
            delta = await root._get_resolved_delta()
        assert delta[PackageState.get_full_name()]["stock_text_rx_state_"] == "Sold out"

        # A feature state's event that wrote the locale would fail loudly (the texts it should
        # recompute are not loaded), never leave them stale; the app has no such writer.
        with pytest.raises(ValueError, match="Invalid path"):
            async with manager.modify_state(BaseStateToken(ident=token.ident, cls=ResultsState)) as root:
                _substate(root, AppState).locale = "pt_BR"
    finally:
        await manager.close()


async def test_a_tree_without_router_data_is_read_whole_for_reflexs_rehydrate(settings: Settings, stack) -> None:
    """Reflex rehydrates (sends every state, resets client storage: the locale) a tree that has no
    router data, whatever the event; an expired tab's first event after a reconnect, for one."""
    stack.ensure("redis")
    manager = _manager(AppStateManager, settings, leases=False)
    try:
        async with manager.modify_state(_token(ResultsState)) as root:
            assert not root.router_data
            loaded = _loaded(root)
    finally:
        await manager.close()
    assert PackageState.get_full_name() in loaded and UsersState.get_full_name() in loaded


async def _listening(manager: StateManagerRedis) -> None:
    """Reflex grants no lease until its lock-release subscriber listens (so a contender can end one)."""
    manager._ensure_lock_task()
    with anyio.fail_after(10):
        await manager._lock_updates_subscribed.wait()


async def _origin(reader: StateManagerRedis, token: BaseStateToken) -> str:
    """What another backend reads from Redis now (a read takes no lock)."""
    root = await reader.get_state(token)
    return _substate(root, SearchState).origin


async def _set_origin(manager: StateManagerRedis, token: BaseStateToken, origin: str) -> None:
    async with manager.modify_state(token) as root:
        _substate(root, SearchState).origin = origin


@pytest.mark.parametrize("write_through", [True, False], ids=["ours", "reflex-oplock"])
async def test_each_event_of_a_lease_is_in_redis_at_once(settings: Settings, stack, write_through: bool) -> None:
    stack.ensure("redis")
    cls = AppStateManager if write_through else StateManagerRedis
    backend, other = _manager(cls, settings, leases=True), _manager(StateManagerRedis, settings, leases=False)
    token = _token(SearchState)
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
    backend = _manager(AppStateManager, settings, leases=True)
    token = _token(SearchState)
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
            _substate(root, SearchState).origin = "GRU"
        first = written[-1]
        await _set_origin(backend, token, "LIS")  # the second only one, in the same lease
        second = written[-1]
        assert token.lock_key in backend._local_leases
    finally:
        await backend.close()
    search_key = token._state_key(SearchState)
    assert search_key in first and len(first) == 2
    assert second == [search_key]  # not the root again: it was written by the first event


async def test_in_a_lease_client_storage_finds_apps_state_with_its_followers(settings: Settings, stack) -> None:
    """A lease's tree holds what its earlier events read: AppState without its followers after a
    feature event. update_vars_internal then sets the locale on the AppState it finds there."""
    stack.ensure("redis")
    backend = _manager(AppStateManager, settings, leases=True)
    try:
        token = await _hydrated(backend, ResultsState)
        await anyio.sleep(LEASE_MS / 1000 + 0.5)  # the hydrate's lease ends first
        await _listening(backend)
        async with backend.modify_state(token) as root:  # the next lease begins with a feature event
            assert PackageState.get_full_name() not in _loaded(root)
        assert token.lock_key in backend._local_leases
        async with backend.modify_state(BaseStateToken(ident=token.ident, cls=UpdateVarsInternalState)) as root:
            assert token.lock_key in backend._local_leases  # served from the lease's tree
            assert PackageState.get_full_name() in _loaded(root)
            _substate(root, AppState).locale = "en"  # as _apply_client_storage_vars does
            delta = await root._get_resolved_delta()
        assert "stock_text_rx_state_" in delta[PackageState.get_full_name()]  # recomputed for English
    finally:
        await backend.close()
