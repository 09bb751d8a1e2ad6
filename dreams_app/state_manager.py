"""Reflex's Redis state manager, doing less per event: fewer substates read, and (opt-in) leases.

**Fewer substates per event.** For an event, Reflex reads the handler's state, its ancestors, and
every state whose computed vars depend on any of theirs (those might need recomputing). Every
feature state's texts depend on `AppState.lang` (server-side Babel formatting), so every event read
and unpickled 21 of the app's 25 substates, the results, the package and the users page included:
a fifth of a backend's CPU (issue 13's profile). Here `AppState`'s dependents are read only when
`AppState` itself is what the event needs: the locale is its only var, and its only writers are
`AppState.set_locale` and Reflex's client storage (`update_vars_internal`, and the rehydrate Reflex
runs for a tree without router data), whose trees `_complete` fills in. An event of another state
that changed it would fail loudly (its dependents are not loaded), never show stale text:
tests/unit/test_state_manager.py holds the app to that.

**State leases, written through** (`web_state_lease_ms` > 0). With Reflex's opportunistic lock
(REFLEX_OPLOCK_ENABLED) the backend that took a tab's lock keeps it, and the tab's state in
memory, for a lease: the events of that lease skip the lock and the reads. Reflex writes the state
back only when the lease ends, so a SIGKILL would lose what the lease changed. Here every event of
a lease also writes what it touched, through Reflex's fenced save (only while the lease's lock is
still ours): a backend's death loses nothing it has answered, as before. Another backend that needs
the tab meanwhile (a reconnect, an event of its own) asks for the lock, and Reflex ends the lease
early to hand it over.
"""

from __future__ import annotations

import contextlib
import dataclasses
from collections.abc import AsyncIterator

from reflex.istate.manager import StateManager
from reflex.istate.manager import redis as reflex_redis
from reflex.istate.manager.token import BaseStateToken
from reflex.state import State, UpdateVarsInternalState

from dreams_app.state.base import AppState


@dataclasses.dataclass
class AppStateManager(reflex_redis.StateManagerRedis):
    # The lock id of each lease this instance holds (lock key -> id), for the fenced writes.
    _lease_lock_ids: dict[str, bytes] = dataclasses.field(default_factory=dict, init=False)

    def _get_required_state_classes(self, target_state_cls, subclasses=False, required_state_classes=None):
        if (
            required_state_classes is None
            and target_state_cls is not AppState
            and issubclass(target_state_cls, AppState)
        ):
            # Seen already, so Reflex's walk up from the target stops at AppState, without its
            # dependents; AppState's own ancestors (the root: no dependents) are added after.
            required = super()._get_required_state_classes(target_state_cls, subclasses, {AppState})
            return super()._get_required_state_classes(AppState.get_parent_state(), False, required)
        return super()._get_required_state_classes(target_state_cls, subclasses, required_state_classes)

    async def _create_lease_break_task(self, token, lock_id, cleanup_ctx, **context):
        task = await super()._create_lease_break_task(token, lock_id, cleanup_ctx, **context)
        if task is not None:
            key = token.lock_key
            self._lease_lock_ids[key] = lock_id

            def forget(_) -> None:  # unless a newer lease of the same tab has begun meanwhile
                if self._lease_lock_ids.get(key) == lock_id:
                    del self._lease_lock_ids[key]

            task.add_done_callback(forget)
        return task

    def _collect_state_writes(self, token, base_state):
        writes = super()._collect_state_writes(token, base_state)
        # Reflex never clears the flag (its states lived for one event); a lease's state lives on,
        # so once written, the lease's later events write only the substates they touch.
        stack = [base_state]
        while stack:
            state = stack.pop()
            state._was_touched = False
            stack.extend(state.substates.values())
        return writes

    async def _complete(self, token, root) -> None:
        """Read what this event's tree lacks (no I/O when nothing is missing)."""
        if not isinstance(token, BaseStateToken):
            return
        if not root.router_data:
            # Reflex rehydrates a tree that lost its router data, whatever the event: the whole
            # state goes to the tab and client storage (the locale) is reset, so read it all.
            token = BaseStateToken(ident=token.ident, cls=State)
        elif token.cls is UpdateVarsInternalState:
            # Client storage (the locale, switched in another tab) is set on the AppState it finds.
            token = BaseStateToken(ident=token.ident, cls=AppState)
        elif token.lock_key not in self._local_leases:
            return  # a fresh read holds what the event needs
        # A lease's tree holds what its earlier events read, and Reflex checks only the target's
        # own substates: it is completed to what a fresh read would hold.
        await self.get_state(token, for_state_instance=root)

    @contextlib.asynccontextmanager
    async def _try_modify_state(self, token, **context) -> AsyncIterator:
        async with super()._try_modify_state(token, **context) as state:
            if state is not None:
                await self._complete(token, state)
            yield state
            # Only a state served from a lease: Reflex's other paths have just written it already.
            lock_id = self._lease_lock_ids.get(token.lock_key)
            if state is not None and lock_id is not None and token.lock_key in self._local_leases:
                await self.set_state(token, state, lock_id=lock_id, **context)


def _create(cls) -> StateManager:
    made = _reflex_create()
    if type(made) is reflex_redis.StateManagerRedis:
        return AppStateManager(
            redis=made.redis,
            token_expiration=made.token_expiration,
            lock_expiration=made.lock_expiration,
            lock_warning_threshold=made.lock_warning_threshold,
        )
    return made


_reflex_create = StateManager.create


def install() -> None:
    """Before rx.App() sets up its state manager."""
    StateManager.create = classmethod(_create)
