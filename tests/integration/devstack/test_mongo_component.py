"""devstack's MongoDB wire server: reused when ready, data kept across restarts."""

from __future__ import annotations

import uuid

import pytest
from pymongo import MongoClient

from devstack import mongo, process
from services.config import Settings

pytestmark = pytest.mark.timeout(120)


def _pid(settings: Settings) -> int | None:
    return process.read_pid(process.pidfile(settings, mongo.NAME))


def _client(settings: Settings) -> MongoClient:
    return MongoClient(settings.mongo_url, serverSelectionTimeoutMS=5000)


def test_ensure_reuses_the_running_server(settings: Settings, stack) -> None:
    stack.ensure("mongo")  # tracked: the session stops it at the end
    first = _pid(settings)
    assert first is not None, "the shared Mongo should be one devstack started"
    with _client(settings) as client:
        assert client.admin.command("ping")["ok"] == 1

    assert mongo.ensure(settings) == "reused"
    assert _pid(settings) == first


def test_documents_survive_a_restart(settings: Settings, stack) -> None:
    stack.ensure("mongo")  # tracked: the session stops it at the end
    db_name, marker = f"devstack_{uuid.uuid4().hex[:8]}", uuid.uuid4().hex
    with _client(settings) as client:
        client[db_name].things.insert_one({"_id": marker, "note": "kept"})
    old_pid = _pid(settings)

    assert mongo.stop(settings) is True
    assert not process.is_alive(old_pid)
    assert mongo.ensure(settings) == "started"
    stack.adopt("mongo")

    with _client(settings) as client:
        try:
            kept = client[db_name].things.find_one({"_id": marker})
            assert kept == {"_id": marker, "note": "kept"}
        finally:
            client.drop_database(db_name)
