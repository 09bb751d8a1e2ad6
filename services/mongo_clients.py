"""Mongo clients built the same way wherever a process needs one (bottom layer: config only)."""

from __future__ import annotations

from pymongo import MongoClient

from services.config import Settings


def bounded_journaled(settings: Settings) -> MongoClient:
    """A sync client whose every operation is bounded by the settings' Mongo timeout (selection,
    connecting, the reply: a dead or hung server fails the call within it) and whose writes are
    journaled (j=True: SecantusDB can lose the last unjournaled write when killed). Creating it
    does no I/O."""
    timeout = settings.mongo_timeout_ms
    return MongoClient(
        settings.mongo_url,
        serverSelectionTimeoutMS=timeout,
        connectTimeoutMS=timeout,
        timeoutMS=timeout,
        tz_aware=True,
        w=1,
        journal=True,
    )
