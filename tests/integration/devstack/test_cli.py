"""`python -m devstack` on a private stack (own state dir and ports): up/reuse/status/down, and
Ctrl-C during `up` leaving nothing behind."""
from __future__ import annotations

import signal
import subprocess
import sys

import pytest

from devstack import process
from services.config import ROOT

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


def test_unknown_component_is_a_usage_error(isolated, devstack_cli) -> None:
    _, env = isolated
    result = devstack_cli("up", "nosuch", env=env)
    assert result.returncode == 2
    assert "unknown component" in result.stderr


def test_interrupted_up_stops_what_it_started(isolated) -> None:
    settings, env = isolated
    pid_path = process.pidfile(settings, "kafka")
    cli = subprocess.Popen([sys.executable, "-m", "devstack", "up", "kafka"], cwd=ROOT, env=env,
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        # The broker's pidfile appears when the JVM is spawned, seconds before it is ready. A CLI
        # that exits first (a failed start) ends the wait at once, and its output says why.
        try:
            process.wait_until(lambda: process.read_pid(pid_path) is not None, 150,
                               "kafka spawned", pid=cli.pid,
                               log=process.logfile(settings, "kafka"))
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
