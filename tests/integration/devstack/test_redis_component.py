"""devstack's own redis-server: started, PINGed, reused, stopped (no process left)."""

from __future__ import annotations

import uuid

import pytest
import redis as redis_client

from devstack import process
from devstack import redis as redis_component
from services.config import Settings

pytestmark = pytest.mark.timeout(60)


def _pid(settings: Settings) -> int | None:
    return process.read_pid(process.pidfile(settings, redis_component.NAME))


def test_ensure_starts_then_reuses_and_stop_leaves_nothing(settings: Settings, stack) -> None:
    stack.ensure("redis")  # tracked: the session stops it at the end
    first = _pid(settings)
    assert first is not None, "the test stack's redis should be one devstack started"
    client = redis_client.Redis.from_url(settings.redis_url)
    key = f"devstack-test-{uuid.uuid4().hex}"
    client.set(key, "kept", ex=60)

    assert redis_component.ensure(settings) == "reused"
    assert _pid(settings) == first and client.get(key) == b"kept"
    # Its own config: loopback, the settings' port, no persistence.
    config = client.config_get("*")
    assert config["port"] == str(redis_component.port(settings)) and config["save"] == ""
    assert config["appendonly"] == "no"
    client.close()

    assert redis_component.stop(settings) is True
    assert not process.is_alive(first) and not redis_component.is_ready(settings)
    assert redis_component.stop(settings) is False  # nothing left to stop

    assert redis_component.ensure(settings) == "started"
    stack.adopt("redis")  # started here, not by the stack: the session stops it all the same
    assert redis_component.is_ready(settings) and _pid(settings) not in (None, first)
