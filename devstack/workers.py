"""The Kafka workers as devstack components: `python -m kafka_workers.<name>` in its own process.

Ready means the process devstack recorded is alive (pidfile, checked by pid and start time) AND
Kafka reports each consumer group of the worker as stable with that process among its members
(its client id carries its pid, see services/messaging/kafka_config.py), i.e. this worker has
joined and owns partitions (a real protocol check). Both are needed: a member killed with SIGKILL
stays in its group until its session times out (`session.timeout.ms`, 10 s), so the group alone
would call a dead worker ready, and `up` would "reuse" it; and a restarted worker is not ready while
the group still waits for the dead member (the rebalance completes when that session expires).
A worker started by hand (not by devstack) is therefore not "ready" here; `up` starts devstack's own
beside it (same group, the partitions are shared). The payments worker runs two consumer loops
(purchases, receipts), so it has two groups.

Worker groups: a kind runs `settings.worker_count(kind)` processes (WORKER_PROCESSES, or
USERS_WORKERS / PROJECTOR_WORKERS / PAYMENTS_WORKERS), all members of the kind's groups. Process 1 is
`<kind>-worker` (pidfile, log), process i is `<kind>-worker-<i>`, started with WORKER_INDEX=i (its
metrics port: services/config.py). The kind is ready when every process is; `down` stops every
process of the kind, also those beyond the current count (a count lowered since `up`).
"""

from __future__ import annotations

import os
import sys
import time
from dataclasses import dataclass
from functools import lru_cache

from confluent_kafka import ConsumerGroupState, KafkaException

from devstack import process
from services.bootstrap import WORKER_GROUPS
from services.config import ROOT, Settings
from services.messaging.admin import admin_client
from services.messaging.health import read_status
from services.messaging.kafka_config import consumer_client_id


@lru_cache
def _admin(bootstrap_servers: str):
    # One client per broker address: readiness is polled every 250 ms and a new client per poll
    # would pay a connection set-up each time.
    return admin_client(Settings(kafka_bootstrap_servers=bootstrap_servers))


@dataclass(frozen=True)
class WorkerInstance:
    """One process of a worker kind, shaped like a devstack component module."""

    kind: str  # users | projector | payments
    groups: tuple[str, ...] = ()  # WORKER_GROUPS keys; default: just `kind`
    index: int = 1  # 1-based, among the kind's processes

    @property
    def NAME(self) -> str:  # noqa: N802 - the component interface's attribute name
        return f"{self.kind}-worker" if self.index == 1 else f"{self.kind}-worker-{self.index}"

    def pid(self, settings: Settings) -> int | None:
        """The live pid of devstack's process of this worker, or None."""
        return process.read_pid(process.pidfile(settings, self.NAME))

    def detail(self, settings: Settings) -> str:
        """What the worker says it is doing (its status file, services/messaging/health.py)."""
        pid = self.pid(settings)
        # The process writes its status under its kind's name and its pid (services/messaging/health.py).
        status = read_status(settings.state_dir / "run", f"{self.kind}-worker", pid) if pid else None
        if not status:
            return ""
        waiting = [
            f"{name} waiting for {loop['waiting_for']} since {loop['since']}"
            for name, loop in status["loops"].items()
            if loop.get("state") == "waiting"
        ]
        handled = sum(loop.get("handled", 0) for loop in status["loops"].values())
        port = settings.worker_metrics_port(self.kind, self.index)  # served by the worker (services/observability)
        metrics = f", metrics :{port}" if port else ""
        return "; ".join(waiting) or f"running, {handled} handled{metrics}"

    def is_ready(self, settings: Settings) -> bool:
        pid = self.pid(settings)
        return pid is not None and self.groups_ready(settings, pid)

    def groups_ready(self, settings: Settings, pid: int | None = None) -> bool:
        """Every group of this worker is stable with process `pid` among its members; with no pid,
        with any member (Kafka's view only: that member may be dead for up to a session timeout)."""
        names = [WORKER_GROUPS[g] for g in self.groups or (self.kind,)]
        if not process.port_open("127.0.0.1", settings.kafka_port):
            return False  # no broker, no group: answer now, not after the admin client's timeouts
        try:
            futures = _admin(settings.kafka_bootstrap_servers).describe_consumer_groups(names, request_timeout=2)
            groups = [future.result(timeout=3) for future in futures.values()]
        except (KafkaException, TimeoutError):
            return False
        return all(
            g.state == ConsumerGroupState.STABLE
            and bool(g.members)
            and (pid is None or consumer_client_id(g.group_id, pid) in {m.client_id for m in g.members})
            for g in groups
        )

    def start(self, settings: Settings) -> None:
        process.spawn(
            [sys.executable, "-m", f"kafka_workers.{self.kind}"],
            cwd=ROOT,
            log=process.logfile(settings, self.NAME),
            pid_path=process.pidfile(settings, self.NAME),
            env={**os.environ, "WORKER_INDEX": str(self.index)},
        )

    def wait_ready(self, settings: Settings, timeout: float) -> None:
        process.wait_until(
            lambda: self.is_ready(settings),
            timeout,
            self.NAME,
            log=process.logfile(settings, self.NAME),
            pid=self.pid(settings),
            interval=0.25,
        )

    def stop(self, settings: Settings) -> bool:
        return process.stop(process.pidfile(settings, self.NAME), timeout=20)

    def ensure(self, settings: Settings, timeout: float = 60) -> process.Outcome:
        # A running process of ours counts even before it has joined: it will.
        return process.ensure_component(self, settings, timeout)


@dataclass(frozen=True)
class Worker:
    """A worker kind: its N processes (WorkerInstance) as one devstack component."""

    kind: str
    groups: tuple[str, ...] = ()

    @property
    def NAME(self) -> str:  # noqa: N802 - the component interface's attribute name
        return f"{self.kind}-worker"

    def instances(self, settings: Settings) -> list[WorkerInstance]:
        return [WorkerInstance(self.kind, self.groups, i) for i in range(1, settings.worker_count(self.kind) + 1)]

    def pid(self, settings: Settings) -> int | None:
        return self.instances(settings)[0].pid(settings)

    def detail(self, settings: Settings) -> str:
        return self.instances(settings)[0].detail(settings)

    def is_ready(self, settings: Settings) -> bool:
        return all(instance.is_ready(settings) for instance in self.instances(settings))

    def groups_ready(self, settings: Settings, pid: int | None = None) -> bool:
        return self.instances(settings)[0].groups_ready(settings, pid)

    def start(self, settings: Settings) -> None:
        for instance in self.instances(settings):
            if instance.pid(settings) is None:
                instance.start(settings)

    def wait_ready(self, settings: Settings, timeout: float) -> None:
        # Started together, so waiting for each in turn overlaps: the group settles once for all.
        deadline = time.monotonic() + timeout
        for instance in self.instances(settings):
            instance.wait_ready(settings, max(1.0, deadline - time.monotonic()))

    def stop(self, settings: Settings) -> bool:
        """Stop every process of this kind, also those beyond the current count."""
        run_dir = settings.state_dir / "run"
        extra = sorted(run_dir.glob(f"{self.NAME}-*.pid")) if run_dir.is_dir() else []
        paths = {process.pidfile(settings, i.NAME) for i in self.instances(settings)} | set(extra)
        stopped = [process.stop(path, timeout=20) for path in sorted(paths)]
        return any(stopped)

    def ensure(self, settings: Settings, timeout: float = 60) -> process.Outcome:
        """Reuse the running processes, start the missing ones (all at once: one rebalance), wait."""
        if self.is_ready(settings):
            return "reused"
        missing = [instance for instance in self.instances(settings) if instance.pid(settings) is None]
        try:
            for instance in missing:
                instance.start(settings)
            self.wait_ready(settings, timeout)
        except BaseException:
            for instance in missing:
                instance.stop(settings)
            raise
        return "started" if missing else "reused"


users = Worker("users")
projector = Worker("projector")
payments = Worker("payments", ("payments", "receipts"))
