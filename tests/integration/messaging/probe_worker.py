"""A worker built on the real ConsumerRunner, for testing delivery guarantees against real Kafka.

Each `probe.work` message records an attempt (not idempotent, on purpose: it shows redelivery), sleeps
as asked, then writes its effect idempotently (upsert keyed by the envelope id).
"""

from __future__ import annotations

import argparse
import logging
import time
from pathlib import Path

import pymongo
from pymongo.errors import ServerSelectionTimeoutError
from pydantic import Field

from services.config import get_settings
from services.errors import ServiceUnavailable
from services.messaging.consumer import ConsumerRunner
from services.messaging.envelope import Envelope
from services.messaging.health import WorkerStatus
from services.messaging.kafka_config import consumer_config, producer_config
from services.messaging.publisher import Publisher
from services.messaging.registry import Message, message
from services.observability import logs
from services.observability.metrics_server import serve_metrics


@message("probe.work", 1)
class Work(Message):
    label: str
    sleep_s: float = Field(0, ge=0, le=30)
    fail_times: int = 0  # raise on the first N attempts (to exercise retries)
    transient: bool = False  # fail with ServiceUnavailable (a DreamsError that must still be retried)
    down_for_s: float = Field(0, ge=0, le=60)  # "Mongo is down" for this long after the first attempt


def handle(db, work: Work, env: Envelope) -> None:
    db.attempts.insert_one({"message_id": env.id, "label": work.label, "at": time.time()})
    first = db.attempts.find_one({"message_id": env.id}, sort=[("at", 1)])
    if time.time() - first["at"] < work.down_for_s:
        raise ServerSelectionTimeoutError(f"probe: no server for {work.label}")
    if db.attempts.count_documents({"message_id": env.id}) <= work.fail_times:
        error = ServiceUnavailable if work.transient else RuntimeError
        raise error(f"probe failure for {work.label}")
    time.sleep(work.sleep_s)
    db.effects.update_one({"_id": env.id}, {"$setOnInsert": {"label": work.label}}, upsert=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--topic", required=True)
    parser.add_argument("--group", required=True)
    parser.add_argument("--db", required=True)
    parser.add_argument("--status-dir", required=True)
    parser.add_argument("--metrics-port", type=int, default=0, help="serve /metrics here, as workers do")
    args = parser.parse_args()
    if args.metrics_port:  # the workers' set-up: JSON log lines and a Prometheus endpoint
        logs.configure("probe-worker")
        serve_metrics(args.metrics_port)
    else:
        logging.basicConfig(level="INFO", format="%(asctime)s %(levelname)s %(name)s %(message)s")
    settings = get_settings()
    db = pymongo.MongoClient(settings.mongo_url)[args.db]
    runner = ConsumerRunner(
        consumer_config=consumer_config(settings, args.group),
        topics=[args.topic],
        handlers={Work: lambda work, env: handle(db, work, env)},
        publisher=Publisher(producer_config(settings)),
        max_attempts=3,
        backoff_s=0.05,
        max_backoff_s=0.5,
        name="probe",
        status=WorkerStatus(Path(args.status_dir), "probe"),
        on_assign=lambda parts: db.events.insert_one({"event": "assigned", "at": time.time()}),
    )
    runner.install_signal_handlers()
    runner.run()
    db.events.insert_one({"event": "stopped", "at": time.time()})


if __name__ == "__main__":
    main()
