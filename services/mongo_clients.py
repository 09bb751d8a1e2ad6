"""Mongo clients built the same way wherever a process needs one (bottom layer: config only)."""

from __future__ import annotations

from pymongo import MongoClient

from services.config import Settings


def bounded_journaled_options(settings: Settings) -> dict:
    """Every operation bounded by the settings' Mongo timeout (selection, connecting, the reply: a
    dead or hung server fails the call within it) and writes journaled (j=True: SecantusDB can lose
    the last unjournaled write when killed). For MongoClient and AsyncMongoClient alike."""
    timeout = settings.mongo_timeout_ms
    return dict(
        serverSelectionTimeoutMS=timeout,
        connectTimeoutMS=timeout,
        timeoutMS=timeout,
        tz_aware=True,
        w=1,
        journal=True,
    )


def bounded_journaled(settings: Settings) -> MongoClient:
    """A sync client with bounded_journaled_options. Creating it does no I/O."""
    return MongoClient(settings.mongo_url, **bounded_journaled_options(settings))
