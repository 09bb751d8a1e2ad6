"""What a worker process is doing right now, written where operators' tools can read it.

One JSON file per process (`<state_dir>/run/<worker>.<pid>.status.json`, replaced atomically), with
one entry per consumer loop: running or waiting (for which dependency, since when), its partitions,
how many messages it handled and when it last did. `devstack status` shows it. Writes happen on a
change of state and at most once a second for progress, so the file costs nothing per message. A
new process of a worker removes the files its ended predecessors left (one per pid, they piled up).
"""

from __future__ import annotations

import json
import os
import socket
import threading
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

PROGRESS_EVERY_S = 1.0


def status_path(run_dir: Path, worker: str, pid: int) -> Path:
    return run_dir / f"{worker}.{pid}.status.json"


def read_status(run_dir: Path, worker: str, pid: int) -> dict[str, Any] | None:
    try:
        return json.loads(status_path(run_dir, worker, pid).read_text())
    except (OSError, ValueError):
        return None


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process
        return True
    return True


def prune_ended(run_dir: Path, worker: str) -> None:
    """Remove the status files of `worker` processes that have ended."""
    for path in run_dir.glob(f"{worker}.*.status.json"):
        pid = path.name[len(worker) + 1 : -len(".status.json")]
        if pid.isdigit() and not _alive(int(pid)):
            path.unlink(missing_ok=True)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class WorkerStatus:
    def __init__(self, run_dir: Path, worker: str, version: str = ""):
        self.path = status_path(run_dir, worker, os.getpid())
        if run_dir.is_dir():
            prune_ended(run_dir, worker)
        self._lock = threading.Lock()
        self._written_at = 0.0
        self._doc: dict[str, Any] = {
            "worker": worker,
            "pid": os.getpid(),
            "host": socket.gethostname(),
            "version": version,
            "started_at": _now(),
            "loops": {},
        }

    def _loop(self, name: str) -> dict[str, Any]:
        return self._doc["loops"].setdefault(name, {"state": "starting", "handled": 0, "partitions": []})

    def running(self, name: str) -> None:
        self._update(name, state="running", waiting_for=None, since=_now())

    def waiting(self, name: str, dependency: str) -> None:
        loop = self._loop(name)
        if loop.get("state") != "waiting" or loop.get("waiting_for") != dependency:
            self._update(name, state="waiting", waiting_for=dependency, since=_now())

    def stopped(self, name: str) -> None:
        self._update(name, state="stopped", waiting_for=None, since=_now())

    def partitions(self, name: str, partitions: set[tuple[str, int]]) -> None:
        self._update(name, partitions=sorted(f"{topic}[{partition}]" for topic, partition in partitions))

    def handled(self, name: str, count: int) -> None:
        with self._lock:
            loop = self._loop(name)
            loop["handled"] += count
            loop["last_handled_at"] = _now()
        if time.monotonic() - self._written_at >= PROGRESS_EVERY_S:
            self._write()

    def _update(self, name: str, **fields: Any) -> None:
        with self._lock:
            self._loop(name).update(fields)
        self._write()

    def _write(self) -> None:
        with self._lock:
            self._written_at = time.monotonic()
            self._doc["updated_at"] = _now()
            text = json.dumps(self._doc)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            tmp = self.path.with_suffix(f".tmp{threading.get_ident()}")
            tmp.write_text(text)
            os.replace(tmp, self.path)
        except OSError:  # a status file is a courtesy: never let it stop the worker
            pass
