"""What a log line is about: the message being handled (correlation id, message id, topic, partition,
offset), kept in a contextvar so every line emitted while handling it carries it, in any module.

    with bound(correlation_id="cs_123", topic="payments"):
        log.info("...")   # → {"correlation_id": "cs_123", "topic": "payments", ...}

A contextvar (not a thread-local): the web process's asyncio tasks each see their own, and a
consumer loop's thread its own.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from contextvars import ContextVar
from typing import Any

_fields: ContextVar[dict[str, Any]] = ContextVar("dreams_log_context", default={})  # noqa: B039 - never mutated


@contextlib.contextmanager
def bound(**fields: Any) -> Iterator[None]:
    """Add `fields` (None values are left out) to the context for the duration of the block."""
    token = _fields.set({**_fields.get(), **{k: v for k, v in fields.items() if v is not None}})
    try:
        yield
    finally:
        _fields.reset(token)


def current() -> dict[str, Any]:
    return _fields.get()


def correlation_id() -> str | None:
    """The correlation id of the message being handled here, if any (for messages it produces)."""
    return _fields.get().get("correlation_id")
