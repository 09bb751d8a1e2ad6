"""Worker heartbeats from real worker processes: SIGKILLed → down within 15 s; restarted → up."""

from __future__ import annotations

import asyncio
import os
import signal
import time
from datetime import timedelta

from devstack import components
from services.clock import utc_now
from services.messaging.heartbeat import HEARTBEATS
from services.ops.heartbeats import Heartbeats
from services.messaging.topics import USERS_CREATED
from tests.integration.conftest import eventually


def entry(ops, pid: int, state: str):
    found = [w for w in asyncio.run(ops.workers()) if w.pid == pid and w.worker == "projector-worker"]
    assert found and found[0].state == state, found
    return found[0]


def test_a_worker_killed_with_sigkill_shows_down_within_15_s_and_up_once_restarted(stack, ops, ops_stack, mongo_client):
    stack.ensure("projector-worker")
    worker = components.load("projector-worker")
    pid = worker.pid(ops_stack)
    up = eventually(lambda: entry(ops, pid, "up"), timeout=20)
    assert up.host and up.version and up.version != "unknown" and up.started_at <= up.beat_at
    assert up.silent_s <= 10 and up.stopped_at is None
    eventually(
        lambda: _assert_equal(
            sorted(entry(ops, pid, "up").partitions),
            [f"{USERS_CREATED.name}[{p}]" for p in range(USERS_CREATED.partitions)],
        ),
        timeout=30,
    )

    os.kill(pid, signal.SIGKILL)
    killed_at = time.monotonic()
    down = eventually(lambda: entry(ops, pid, "down"), timeout=15)
    assert time.monotonic() - killed_at <= 15 and down.silent_s >= 10 and down.stopped_at is None

    stack.ensure("projector-worker")  # what `devstack up` does for a dead worker
    new_pid = worker.pid(ops_stack)
    assert new_pid and new_pid != pid
    eventually(lambda: entry(ops, new_pid, "up"), timeout=20)
    assert entry(ops, pid, "down")  # the dead process stays listed as down (for an hour)

    # After an hour the dead one is hidden; a clean stop says so at once.
    later = Heartbeats(mongo_client[ops_stack.mongo_db][HEARTBEATS], lambda: utc_now() + timedelta(hours=1, minutes=1))
    assert pid not in {w.pid for w in later.workers()}
    stack.stop("projector-worker")
    stopped = eventually(lambda: entry(ops, new_pid, "down"), timeout=5)
    assert stopped.stopped_at is not None


def _assert_equal(value, expected):
    assert value == expected
    return value
