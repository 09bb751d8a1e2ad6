"""`python -m devstack` on a private stack (own state dir and ports): up/reuse/status/down, and
Ctrl-C during `up` leaving nothing behind."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid

import pymongo
import pytest

from devstack import process
from devstack.workers import payments
from services.config import ROOT
from services.messaging.kafka_config import producer_config
from services.messaging.publisher import Publisher
from services.messaging.topics import PAYMENTS
from services.payments.store import STRIPE_EVENTS
from services.payments.webhook import stripe_event_envelope

pytestmark = pytest.mark.timeout(300)


def test_up_reuse_status_down(isolated, devstack_cli) -> None:
    settings, env = isolated
    mongo_pidfile = process.pidfile(settings, "mongo")
    mongo_port = settings.mongo_port

    first = devstack_cli("up", "mongo", env=env)
    assert first.returncode == 0, first.stderr
    assert f"mongo     started 127.0.0.1:{mongo_port}" in first.stdout
    pid = process.read_pid(mongo_pidfile)
    assert pid is not None

    again = devstack_cli("up", "mongo", env=env)
    assert again.returncode == 0, again.stderr
    assert f"mongo     reused  127.0.0.1:{mongo_port}  pid {pid}" in again.stdout

    status = devstack_cli("status", env=env)
    assert status.returncode == 1  # Kafka is wanted but not running in this private stack
    lines = {line.split()[0]: line.split()[1:] for line in status.stdout.splitlines()[1:]}
    assert lines["mongo"] == [str(mongo_port), str(pid), "yes"]
    assert lines["kafka"] == [str(settings.kafka_port), "-", "no"]

    down = devstack_cli("down", env=env)
    assert down.returncode == 0, down.stderr
    assert "mongo     stopped" in down.stdout
    assert not process.is_alive(pid)
    assert not process.port_open("127.0.0.1", mongo_port)


def _status_line(result: subprocess.CompletedProcess[str], name: str) -> list[str]:
    return next(line.split()[1:] for line in result.stdout.splitlines() if line.split()[0] == name)


def _publish_event(publisher: Publisher) -> str:
    """A Stripe event the payments worker acknowledges and ignores (but records as processed)."""
    event_id = f"evt_{uuid.uuid4().hex}"
    event = {
        "id": event_id,
        "type": "customer.created",
        "created": int(time.time()),
        "data": {"object": {"id": "cus_1"}},
    }
    publisher.publish(PAYMENTS.name, stripe_event_envelope(event), key=event_id)
    return event_id


def _wait_handled(settings, event_id: str) -> None:
    with pymongo.MongoClient(settings.mongo_url) as client:
        events = client[settings.mongo_db][STRIPE_EVENTS]
        process.wait_until(
            lambda: events.find_one({"_id": event_id}) is not None,
            60,
            f"event {event_id} handled",
            log=process.logfile(settings, payments.NAME),
        )


def test_a_killed_worker_is_down_at_once_and_up_restarts_it(isolated, devstack_cli) -> None:
    settings, env = isolated
    first = devstack_cli("up", "kafka", "mongo", "payments-worker", env=env, timeout=240)
    assert first.returncode == 0, first.stdout + first.stderr
    old = payments.pid(settings)
    assert old is not None and payments.is_ready(settings)
    publisher = Publisher(producer_config(settings))
    try:
        _wait_handled(settings, _publish_event(publisher))

        os.kill(old, signal.SIGKILL)
        killed = time.monotonic()
        process.wait_until(lambda: not process.is_alive(old), 5, "killed worker gone")
        waiting = _publish_event(publisher)  # a payment arrives while the worker is down
        # Kafka still lists the dead member (its session has 10 s to run): the old check said "ready".
        assert payments.groups_ready(settings)
        status = devstack_cli("status", env=env)
        assert status.returncode == 1
        assert _status_line(status, "payments-worker") == ["-", "-", "no"]
        assert time.monotonic() - killed < 10, "status must not wait for the session timeout"

        again = devstack_cli("up", "payments-worker", env=env)
        assert again.returncode == 0, again.stdout + again.stderr
        assert "payments-worker started" in again.stdout, again.stdout
        ready_after = time.monotonic() - killed
        new = payments.pid(settings)
        assert new is not None and new != old and payments.is_ready(settings)
        _wait_handled(settings, waiting)
        handled_after = time.monotonic() - killed
        assert _status_line(devstack_cli("status", env=env), "payments-worker")[:3] == ["-", str(new), "yes"]
        print(f"\nkill -9 → ready again {ready_after:.1f}s, the waiting payment handled {handled_after:.1f}s")
        assert handled_after < 30  # the dead member's 10 s session, a start-up and a rebalance
    finally:
        publisher.close()


def test_unknown_component_is_a_usage_error(isolated, devstack_cli) -> None:
    _, env = isolated
    result = devstack_cli("up", "nosuch", env=env)
    assert result.returncode == 2
    assert "unknown component" in result.stderr


def test_interrupted_up_stops_what_it_started(isolated) -> None:
    settings, env = isolated
    pid_path = process.pidfile(settings, "kafka")
    cli = subprocess.Popen(
        [sys.executable, "-m", "devstack", "up", "kafka"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        # The broker's pidfile appears when the JVM is spawned, seconds before it is ready. A CLI
        # that exits first (a failed start) ends the wait at once, and its output says why.
        try:
            process.wait_until(
                lambda: process.read_pid(pid_path) is not None,
                150,
                "kafka spawned",
                pid=cli.pid,
                log=process.logfile(settings, "kafka"),
            )
        except (TimeoutError, RuntimeError) as exc:
            cli.kill()
            out, err = cli.communicate(timeout=10)
            pytest.fail(f"{exc}\n--- devstack up kafka:\n{out}{err}")
        broker = process.read_pid(pid_path)
        cli.send_signal(signal.SIGINT)
        out, err = cli.communicate(timeout=60)
    finally:
        if cli.poll() is None:
            cli.kill()
    assert cli.returncode == 130, out + err
    assert "interrupted" in err
    assert not process.is_alive(broker)
    assert not pid_path.exists()
    assert not process.port_open("127.0.0.1", settings.kafka_port)


def test_a_worker_group_runs_n_processes_listed_and_stopped_together(isolated, devstack_cli) -> None:
    settings, env = isolated
    env = {**env, "PAYMENTS_WORKERS": "2"}
    first = devstack_cli("up", "kafka", "mongo", "payments-worker", env=env, timeout=240)
    assert first.returncode == 0, first.stdout + first.stderr
    pids = [process.read_pid(process.pidfile(settings, n)) for n in ("payments-worker", "payments-worker-2")]
    assert None not in pids and pids[0] != pids[1]
    status = devstack_cli("status", env=env)
    assert _status_line(status, "payments-worker")[:3] == ["-", str(pids[0]), "yes"], status.stdout
    assert _status_line(status, "payments-worker-2")[:3] == ["-", str(pids[1]), "yes"], status.stdout
    # "yes" = alive and a member of both stable groups: the two share the partitions.
    down = devstack_cli("down", "payments-worker", env={**env, "PAYMENTS_WORKERS": "1"})  # count lowered since
    assert down.returncode == 0 and "payments-worker stopped" in down.stdout
    assert not any(process.is_alive(pid) for pid in pids)
