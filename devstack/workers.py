"""The Kafka workers as devstack components: `python -m kafka_workers.<name>` in its own process.

Ready means Kafka reports each consumer group of the worker as stable with at least one member, i.e.
the worker has joined and owns partitions (a real protocol check, not "the process exists"). The
payments worker runs two consumer loops (purchases, receipts), so it has two groups.
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

    def is_ready(self, settings: Settings) -> bool:
        names = [WORKER_GROUPS[g] for g in self.groups or (self.kind,)]
        if not process.port_open("127.0.0.1", settings.kafka_port):
            return False  # no broker, no group: answer now, not after the admin client's timeouts
        try:
            futures = _admin(settings.kafka_bootstrap_servers).describe_consumer_groups(names, request_timeout=2)
            groups = [future.result(timeout=3) for future in futures.values()]
        except (KafkaException, TimeoutError):
            return False
        return all(g.state == ConsumerGroupState.STABLE and bool(g.members) for g in groups)

    def start(self, settings: Settings) -> None:
        process.spawn([sys.executable, "-m", f"kafka_workers.{self.kind}"], cwd=ROOT,
                      log=process.logfile(settings, self.NAME), pid_path=process.pidfile(settings, self.NAME))

    def wait_ready(self, settings: Settings, timeout: float) -> None:
        process.wait_until(lambda: self.is_ready(settings), timeout, self.NAME,
                           log=process.logfile(settings, self.NAME),
                           pid=process.read_pid(process.pidfile(settings, self.NAME)), interval=0.25)

    def stop(self, settings: Settings) -> bool:
        return process.stop(process.pidfile(settings, self.NAME), timeout=20)

    def ensure(self, settings: Settings, timeout: float = 60) -> process.Outcome:
        # A running process of ours counts even before it has joined: it will.
        return process.ensure_component(self, settings, timeout)


users = Worker("users")
projector = Worker("projector")
payments = Worker("payments", ("payments", "receipts"))
