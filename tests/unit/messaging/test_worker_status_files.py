"""Worker status files (services/messaging/health.py): one per process, and a new process of a worker
removes those its ended predecessors left, never a live one's or another worker's."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from services.messaging.health import WorkerStatus, read_status, status_path


def _ended_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_a_new_worker_process_removes_the_status_files_of_ended_ones(tmp_path):
    ended = status_path(tmp_path, "payments-worker", _ended_pid())
    live = status_path(tmp_path, "payments-worker", os.getppid())  # the test runner's parent: alive
    other_worker = status_path(tmp_path, "users-worker", _ended_pid())
    for path in (ended, live, other_worker):
        path.write_text(json.dumps({"loops": {}}))

    status = WorkerStatus(tmp_path, "payments-worker")
    status.running("purchases")

    assert not ended.exists()
    assert live.exists() and other_worker.exists()
    assert read_status(tmp_path, "payments-worker", os.getpid())["loops"]["purchases"]["state"] == "running"
