"""Log-in lock-out: 5 failed attempts for one e-mail within 10 minutes lock it for 15 minutes.

Pure: the attempts (time, succeeded) come from SQL and `now` from the injected clock. A success
clears the failures before it, and so does the end of a lock (the count starts again). Attempts
refused while locked are not recorded, so hammering a locked account does not extend the lock.
The lock applies to unknown e-mails too, so it reveals nothing about which addresses exist.
"""
from __future__ import annotations

from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta


@dataclass(frozen=True)
class LockoutPolicy:
    max_failures: int = 5
    window: timedelta = timedelta(minutes=10)
    lock: timedelta = timedelta(minutes=15)

    @property
    def history(self) -> timedelta:
        """How far back attempts can matter for a lock that is still running."""
        return self.window + self.lock


def locked_until(attempts: Iterable[tuple[datetime, bool]], now: datetime,
                 policy: LockoutPolicy = LockoutPolicy()) -> datetime | None:
    """When the current lock ends, or None if log-in is allowed now. `attempts` in time order."""
    failures: deque[datetime] = deque()
    until: datetime | None = None
    for at, succeeded in attempts:
        if until is not None and at < until:
            continue  # refused while locked (normally never recorded)
        if succeeded:
            failures.clear()
            continue
        failures.append(at)
        while failures and failures[0] <= at - policy.window:
            failures.popleft()
        if len(failures) >= policy.max_failures:
            until = at + policy.lock
            failures.clear()
    return until if until is not None and until > now else None
