"""devstack.process with real processes: detached spawn, pidfiles, bounded stop, clear timeouts."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from devstack import process

pytestmark = pytest.mark.timeout(60)


def test_spawn_detaches_logs_and_records_the_pid(tmp_path: Path) -> None:
    log, pid_path = tmp_path / "logs" / "x.log", tmp_path / "run" / "x.pid"
    pid = process.spawn(["sh", "-c", "echo hello from child; exec sleep 30"], log=log, pid_path=pid_path)
    try:
        assert process.read_pid(pid_path) == pid
        assert os.getpgid(pid) == pid  # its own session/group: Ctrl-C in our terminal misses it
        process.wait_until(lambda: "hello from child" in log.read_text(), 5, "child output")
    finally:
        assert process.stop(pid_path, timeout=5) is True
    assert not process.is_alive(pid)
    assert not pid_path.exists()
    assert process.stop(pid_path) is False  # idempotent


def test_stop_escalates_to_sigkill_for_the_whole_group(tmp_path: Path) -> None:
    pid_path = tmp_path / "stubborn.pid"
    # The shell ignores SIGTERM and so does its child; both must be gone after stop().
    pid = process.spawn(
        ["sh", "-c", "trap '' TERM; sleep 60 & echo $! > child; wait"],
        log=tmp_path / "stubborn.log",
        pid_path=pid_path,
        cwd=tmp_path,
    )
    child_file = tmp_path / "child"
    # The shell creates the file before it writes the pid into it: wait for the whole line.
    process.wait_until(lambda: child_file.is_file() and child_file.read_text().endswith("\n"), 10, "child pid")
    child = int(child_file.read_text())
    began = time.monotonic()
    assert process.stop(pid_path, timeout=0.5) is True
    assert time.monotonic() - began < 5
    assert not process.is_alive(pid)
    process.wait_until(lambda: not process.is_alive(child), 5, "grandchild gone")


def test_a_pidfile_naming_a_reused_pid_is_ignored(tmp_path: Path) -> None:
    pid_path = tmp_path / "old.pid"
    pid_path.write_text(f"{os.getpid()} 1\n")  # our pid, but a different start time
    assert process.read_pid(pid_path) is None
    assert process.stop(pid_path) is False  # and nothing was signalled: we are still here


def test_wait_until_names_the_log_and_fails_fast_when_the_process_dies(tmp_path: Path) -> None:
    log = tmp_path / "thing.log"
    with pytest.raises(TimeoutError, match=str(log)):
        process.wait_until(lambda: False, 0.3, "thing", log=log)

    pid = process.spawn(["true"], log=log, pid_path=tmp_path / "true.pid")
    began = time.monotonic()
    with pytest.raises(RuntimeError, match="exited"):
        process.wait_until(lambda: False, 30, "thing", log=log, pid=pid)
    assert time.monotonic() - began < 5


def test_port_open(tmp_path: Path) -> None:
    import socket

    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen()
        port = server.getsockname()[1]
        assert process.port_open("127.0.0.1", port)
    assert not process.port_open("127.0.0.1", port)


def test_the_pidfile_records_the_kernel_start_time_and_a_zombie_is_not_alive(tmp_path: Path) -> None:
    import psutil

    pid_path = tmp_path / "z.pid"
    # `sleep 0` exits at once; its parent execs into `sleep 30`, which never reaps it: a zombie
    # that is not our child.
    pid = process.spawn(
        ["sh", "-c", "sleep 0 & echo $! > zombie; exec sleep 30"],
        log=tmp_path / "z.log",
        pid_path=pid_path,
        cwd=tmp_path,
    )
    try:
        assert pid_path.read_text().split() == [str(pid), f"{psutil.Process(pid).create_time():.2f}"]
        zombie_file = tmp_path / "zombie"
        process.wait_until(lambda: zombie_file.is_file() and zombie_file.read_text().endswith("\n"), 10, "pid")
        zombie = int(zombie_file.read_text())
        process.wait_until(lambda: psutil.Process(zombie).status() == psutil.STATUS_ZOMBIE, 5, "zombie")
        assert not process.is_alive(zombie)
        assert process.is_alive(pid)
    finally:
        process.stop(pid_path, timeout=5)
