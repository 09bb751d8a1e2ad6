"""A backend keeps the tabs it serves in memory and still writes every event's changes to Redis.

Reflex's StateManagerRedis, without its opportunistic lock, takes the tab's Redis lock, reads and
unpickles every substate the event needs, then pickles and writes the touched ones: for EACH event,
and one interaction is several (a route change alone is `on_load_internal`, the page's on_load and
`set_is_hydrated`; a background event's every `async with self` is one more). The reads and the
unpickling were a third of a backend's CPU (issue 13's profile).

With the opportunistic lock (REFLEX_OPLOCK_ENABLED) the backend that took a tab's lock keeps it,
and the tab's state in memory, for a lease (`web_state_lease_ms`): the events of that lease skip
the lock and the reads. Reflex writes the state back only when the lease ends, so a SIGKILL would
lose what the lease changed. Here every event of a lease also writes what it touched, through
Reflex's fenced save (only while the lease's lock is still ours): a backend's death loses nothing
it has answered, as before. Another backend that needs the tab meanwhile (a reconnect, an event
of its own) asks for the lock, and Reflex ends the lease early to hand it over.
"""

from __future__ import annotations

import contextlib
import dataclasses
from collections.abc import AsyncIterator

from reflex.istate.manager import StateManager
from reflex.istate.manager import redis as reflex_redis


@dataclasses.dataclass
class WriteThroughStateManager(reflex_redis.StateManagerRedis):
    # The lock id of each lease this instance holds (lock key -> id), for the fenced writes.
    _lease_lock_ids: dict[str, bytes] = dataclasses.field(default_factory=dict, init=False)

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

    @contextlib.asynccontextmanager
    async def _try_modify_state(self, token, **context) -> AsyncIterator:
        async with super()._try_modify_state(token, **context) as state:
            yield state
            # Only a state served from a lease: Reflex's other paths have just written it already.
            lock_id = self._lease_lock_ids.get(token.lock_key)
            if state is not None and lock_id is not None and token.lock_key in self._local_leases:
                await self.set_state(token, state, lock_id=lock_id, **context)


def _create(cls) -> StateManager:
    made = _reflex_create()
    if type(made) is reflex_redis.StateManagerRedis and made._oplock_enabled:
        return WriteThroughStateManager(
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
