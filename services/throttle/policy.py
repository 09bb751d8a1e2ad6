"""The throttle rule, pure: a key's state and `now` in, a decision and the new state out.

Per key: `free` attempts are allowed back to back; the attempt that uses the last free one, and every
one after it, makes the key wait before its next attempt: `base_s`, then twice as long each time,
never more than `cap_s` (3 free, base 1 s: attempts 1-3 at once, then waits of 1 s, 2 s, 4 s …).
An attempt made during the wait is refused and changes nothing, so hammering never lengthens it.
The count starts again `window_s` after the window's first attempt (once no wait is running).

What counts is the caller's choice: requests (sign-up: every one is taken) or failures (log-in takes
an attempt before checking the password, so concurrent guesses cannot overrun the allowance, then
`release`s it after a success, or `clear`s the key altogether).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from pydantic import BaseModel, ConfigDict, Field


class Rule(BaseModel):
    """How much one kind of key may do. Settings fields hold these (JSON in the environment)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    free: int = Field(ge=1, le=1_000_000)
    window_s: float = Field(gt=0)
    base_s: float = Field(1.0, gt=0)
    cap_s: float = Field(900.0, gt=0)

    def delay(self, count: int) -> timedelta:
        """The wait after the `count`-th attempt of a window (zero while free ones are left)."""
        if count < self.free:
            return timedelta(0)
        exponent = min(count - self.free, 64)  # 2**64 s is past any cap
        return timedelta(seconds=min(self.base_s * 2**exponent, self.cap_s))


@dataclass(frozen=True)
class State:
    count: int  # attempts counted in the current window
    window_start: datetime
    blocked_until: datetime | None = None

    def expires_at(self, rule: Rule) -> datetime:
        """From then on the state is as good as none (a store may delete it)."""
        end = self.window_start + timedelta(seconds=rule.window_s)
        return max(end, self.blocked_until) if self.blocked_until else end


@dataclass(frozen=True)
class Decision:
    allowed: bool
    state: State | None  # the new state (unchanged when refused)
    retry_after: timedelta = timedelta(0)  # when refused: how long the key must still wait

    @property
    def retry_after_s(self) -> int:
        return max(1, math.ceil(self.retry_after.total_seconds())) if not self.allowed else 0


def waiting(state: State | None, now: datetime) -> timedelta:
    """How long the key must still wait (zero when it may try now)."""
    if state is None or state.blocked_until is None or state.blocked_until <= now:
        return timedelta(0)
    return state.blocked_until - now


def take(state: State | None, now: datetime, rule: Rule) -> Decision:
    """One attempt: refused (state unchanged) during a wait, else counted."""
    wait = waiting(state, now)
    if wait:
        return Decision(False, state, wait)
    if state is None or now >= state.window_start + timedelta(seconds=rule.window_s):
        state = State(count=0, window_start=now)
    count = state.count + 1
    delay = rule.delay(count)
    return Decision(True, State(count, state.window_start, now + delay if delay else None))


def release(state: State | None, rule: Rule) -> State | None:
    """Give back one taken attempt (it turned out fine): the wait goes if free ones are left again."""
    if state is None or state.count == 0:
        return state
    count = state.count - 1
    return replace(state, count=count, blocked_until=state.blocked_until if count >= rule.free else None)
