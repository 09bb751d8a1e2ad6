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
"""

from __future__ import annotations

import sys
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
class Worker:
    """One worker kind, shaped like a devstack component module."""

    kind: str  # users | projector | payments
    groups: tuple[str, ...] = ()  # WORKER_GROUPS keys; default: just `kind`

    @property
    def NAME(self) -> str:  # noqa: N802 - the component interface's attribute name
        return f"{self.kind}-worker"

    def pid(self, settings: Settings) -> int | None:
        """The live pid of devstack's process of this worker, or None."""
        return process.read_pid(process.pidfile(settings, self.NAME))

    def detail(self, settings: Settings) -> str:
        """What the worker says it is doing (its status file, services/messaging/health.py)."""
        pid = self.pid(settings)
        status = read_status(settings.state_dir / "run", self.NAME, pid) if pid else None
        if not status:
            return ""
        waiting = [
            f"{name} waiting for {loop['waiting_for']} since {loop['since']}"
            for name, loop in status["loops"].items()
            if loop.get("state") == "waiting"
        ]
        handled = sum(loop.get("handled", 0) for loop in status["loops"].values())
        port = settings.worker_metrics_port(self.kind)  # served by the worker (services/observability)
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


users = Worker("users")
projector = Worker("projector")
payments = Worker("payments", ("payments", "receipts"))
