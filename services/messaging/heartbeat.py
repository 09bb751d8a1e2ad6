"""Worker heartbeats: every worker process says, every few seconds, that its consumer loops turn.

One document per process in Mongo `worker_heartbeats` (`_id` = a uuid made at start-up), replaced
whole on each beat: name, pid, host, version, started_at, each loop's partitions and last handled
message, and `beat_at`. services/ops/heartbeats.py reads them for /ops.

What a beat proves: a writer thread sends the document every BEAT_EVERY_S, but `beat_at` is the
time of the OLDEST loop's last turn (the consumer loop ticks before every poll, and while it waits
for a dependency; polls last ≤ 0.5 s). So a handler that hangs stops its loop's ticks and the
process goes stale — shown down — although the process and its writer thread live on: "up" means
"handling or ready to handle", which is what an operator asks. A SIGKILLed process stops writing.
A heartbeat is a courtesy: a write that fails (Mongo down) is logged and skipped, never felt by
the loops (they only touch memory).
"""

from __future__ import annotations

import logging
import os
import socket
import subprocess
import threading
import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from functools import lru_cache
from importlib import metadata
from typing import Any

from services.config import ROOT

log = logging.getLogger(__name__)

HEARTBEATS = "worker_heartbeats"  # the Mongo collection
BEAT_EVERY_S = 3.0

Write = Callable[[dict[str, Any]], None]


@lru_cache
def code_version() -> str:
    """`git describe` of the checkout the worker runs from, else the package version, else "unknown"."""
    try:
        out = subprocess.run(
            ["git", "describe", "--always", "--tags", "--dirty"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=3,
            check=True,
        )
        if out.stdout.strip():
            return out.stdout.strip()
    except (OSError, subprocess.SubprocessError):
        pass
    try:
        return metadata.version("dreams")
    except metadata.PackageNotFoundError:
        return "unknown"


def _at(epoch: float | None) -> datetime | None:
    return None if epoch is None else datetime.fromtimestamp(epoch, UTC)


class Heartbeat:
    """Shared by the consumer loops of one process (ConsumerRunner calls the hooks below)."""

    def __init__(self, worker: str, write: Write, *, version: str | None = None, interval_s: float = BEAT_EVERY_S):
        self.worker, self.worker_id = worker, uuid.uuid4().hex
        self._write, self.interval_s = write, interval_s
        self._identity = {
            "_id": self.worker_id,
            "worker": worker,
            "pid": os.getpid(),
            "host": socket.gethostname(),
            "version": version if version is not None else code_version(),
            "started_at": datetime.now(UTC),
        }
        self._loops: dict[str, dict[str, Any]] = {}
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._failing = False

    # --- hooks the consumer loops call (memory only: never block a loop) ------------------------

    def loop_started(self, loop: str) -> None:
        with self._lock:
            self._loops[loop] = {"tick": time.time(), "partitions": [], "last_message": None}
            if self._thread is None:
                self._stop.clear()
                self._thread = threading.Thread(target=self._run, name=f"heartbeat-{self.worker}", daemon=True)
                self._thread.start()

    def tick(self, loop: str) -> None:
        entry = self._loops.get(loop)
        if entry is not None:
            entry["tick"] = time.time()

    def partitions(self, loop: str, owned: set[tuple[str, int]]) -> None:
        entry = self._loops.get(loop)
        if entry is not None:
            entry["partitions"] = sorted(f"{topic}[{partition}]" for topic, partition in owned)

    def handled(self, loop: str, topic: str, partition: int, offset: int) -> None:
        entry = self._loops.get(loop)
        if entry is not None:
            entry["last_message"] = {"at": time.time(), "topic": topic, "partition": partition, "offset": offset}

    def loop_stopped(self, loop: str) -> None:
        """The last loop to stop ends the beat with a final document saying the process stopped."""
        with self._lock:
            self._loops.pop(loop, None)
            if self._loops or self._thread is None:
                return
            thread, self._thread = self._thread, None
        self._stop.set()
        thread.join(self.interval_s + 5)
        self._send(stopped=True)

    # --- the beat ---------------------------------------------------------------------------------

    def document(self, *, stopped: bool = False) -> dict[str, Any]:
        with self._lock:
            loops = {name: dict(entry) for name, entry in self._loops.items()}
        oldest = min((entry["tick"] for entry in loops.values()), default=time.time())
        last = max(
            (e["last_message"] for e in loops.values() if e["last_message"]), key=lambda m: m["at"], default=None
        )
        return {
            **self._identity,
            "beat_at": _at(oldest),
            "stopped_at": datetime.now(UTC) if stopped else None,
            "partitions": sorted(p for entry in loops.values() for p in entry["partitions"]),
            "last_message_at": _at(last["at"]) if last else None,
            "last_message": {k: v for k, v in last.items() if k != "at"} if last else None,
            "loops": {name: {"beat_at": _at(e["tick"]), "partitions": e["partitions"]} for name, e in loops.items()},
        }

    def _run(self) -> None:
        while not self._stop.is_set():
            self._send()
            self._stop.wait(self.interval_s)

    def _send(self, *, stopped: bool = False) -> None:
        try:
            self._write(self.document(stopped=stopped))
            if self._failing:
                log.info("heartbeat of %s written again", self.worker)
            self._failing = False
        except Exception as exc:  # noqa: BLE001 - a courtesy: never let it stop the worker
            if not self._failing:
                log.warning(
                    "heartbeat of %s not written (%s: %s); trying again every %.0f s",
                    self.worker,
                    type(exc).__name__,
                    str(exc)[:200],
                    self.interval_s,
                )
            self._failing = True


HIDE_AFTER_S = 3600  # a process silent this long is gone for good: Mongo's TTL monitor removes it


def mongo_writer(collection) -> Write:
    """Upsert by worker id into a pymongo collection (a short-timeout, unjournaled client is enough:
    a lost beat is replaced three seconds later). The TTL index is made on the first write that
    reaches the server, so a worker starts with Mongo down."""
    indexed = False

    def write(doc: dict[str, Any]) -> None:
        nonlocal indexed
        collection.replace_one({"_id": doc["_id"]}, doc, upsert=True)
        if not indexed:
            collection.create_index("beat_at", expireAfterSeconds=HIDE_AFTER_S, name="beat_at_ttl")
            indexed = True

    return write
