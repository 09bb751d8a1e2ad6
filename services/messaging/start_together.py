"""Several consumers of one loop in one process, started together.

Each consumer joins the group on its own, so the first to join is given every partition and starts
a batch, and the next one's joining revokes half of them in the middle of it: that work is
abandoned and done again by the new owner (measured on the payments worker's two purchases
consumers: a 1.2 s stall at the start of a 5,000-event backlog). With a StartTogether shared by the
loop's consumers, each polls with its partitions paused until all of them have partitions, or until
`max_wait_s` (a consumer may get none: a group with more consumers than partitions).
"""

from __future__ import annotations

import threading


class StartTogether:
    def __init__(self, members: int, max_wait_s: float = 5.0):
        self.members, self.max_wait_s = members, max_wait_s
        self._ready: set[str] = set()
        self._lock = threading.Lock()

    def ready(self, name: str) -> None:
        """Consumer `name` has partitions."""
        with self._lock:
            self._ready.add(name)

    def all_ready(self) -> bool:
        with self._lock:
            return len(self._ready) >= self.members
