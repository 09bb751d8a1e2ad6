"""Indexes the web process creates on its first use of a store, not at start-up: the app starts
with Mongo down, and the first operation after it is back creates them."""

from __future__ import annotations

from collections.abc import Awaitable, Callable


class IndexesOnce:
    def __init__(self, ensure: Callable[[], Awaitable[None]]):
        self._ensure = ensure
        self._done = False

    async def ensure(self) -> None:
        # Two first calls racing both create the (idempotent) indexes. Harmless; a failure (Mongo
        # down) leaves it to the next call.
        if not self._done:
            await self._ensure()
            self._done = True
