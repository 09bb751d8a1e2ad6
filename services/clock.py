"""The one clock: the current time as an aware UTC datetime.

Bootstrap injects `utc_now` as `clock` wherever code reads the time (handlers, stores, the web
services), so a test passes its own clock to cross an expiry without sleeping.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

Clock = Callable[[], datetime]


def utc_now() -> datetime:
    return datetime.now(UTC)
