"""Rebuild throughput against the live consumers' rate, in the same run (`python -m bench rebuild`).

1,000 users.created events (→ the projector process) and 500 paid Checkout Sessions (→ the
payments worker process, which publishes 500 purchases.recorded) are produced at once; the live
rate is events applied per second from the first publish to the last document. Then the rebuild
replays the same stretch of the log (from the offsets captured before producing) into a fresh
database and reports its events/s and whether `compare` finds it equal.
"""

from __future__ import annotations

import json
import time
import uuid
from datetime import UTC, date, datetime, timedelta

import pymongo

from bench.bench_payments import make_quotes, session_event
from bench.worker_process import (
    commit_end_offsets,
    end_offsets,
    stack_worker_paused,
    start_payments_worker,
    start_worker,
    stop_worker,
)
from devstack import kafka as kafka_component
from devstack import mailserver
from devstack import mongo as mongo_component
from services.config import get_settings
from services.messaging.admin import ensure_topics
from services.messaging.kafka_config import producer_config
from services.messaging.publisher import Publisher
from services.messaging.registry import wrap
from services.messaging.topics import PACKAGES_PURCHASED, PAYMENTS, PURCHASE_CHANGES, USERS_CREATED
from services.packages import SearchQuery, search_packages
from services.payments.store import ensure_indexes
from services.payments.webhook import stripe_event_envelope
from services.projection.rebuild import compare, rebuild
from services.users.events import UserCreated

USERS_N, PURCHASES_N = 1000, 500


def main() -> None:
    base = get_settings()
    kafka_component.ensure(base)
    mongo_component.ensure(base)
    mailserver.ensure(base)
    ensure_topics(base)
    # The stack's own projector and payments worker (an earlier benchmark may have left the stack
    # up) would project the bench's 1,000 users into the development database and dead-letter its
    # 500 sessions, on the same cores, while the live rate is measured.
    with stack_worker_paused(base, "projector"), stack_worker_paused(base, "payments"):
        run(base)


def run(base) -> None:
    db_name = f"bench_rebuild_{uuid.uuid4().hex[:8]}"
    settings = base.model_copy(update={"mongo_db": db_name})
    client = pymongo.MongoClient(settings.mongo_url, tz_aware=True)
    db = client[db_name]
    ensure_indexes(db)
    departure = date.today() + timedelta(days=60)
    package = search_packages(
        SearchQuery(
            origin="GRU", destination="LIS", departure=departure, return_date=departure + timedelta(days=7), adults=2
        ),
        limit=1,
    )[0]
    quotes = make_quotes(db, package, PURCHASES_N, "rebuild")
    groups = (f"payments-bench-{uuid.uuid4().hex[:8]}", f"receipts-bench-{uuid.uuid4().hex[:8]}")
    commit_end_offsets(settings, groups[0], PAYMENTS.name)
    commit_end_offsets(settings, groups[1], PACKAGES_PURCHASED.name)
    projector_group = f"projector-bench-{uuid.uuid4().hex[:8]}"
    commit_end_offsets(settings, projector_group, USERS_CREATED.name)
    payments = start_payments_worker(settings, db_name, groups)
    projector = start_worker(
        settings, "kafka_workers.projector", ["--group", projector_group], db_name, [projector_group]
    )
    publisher = Publisher(producer_config(settings))
    target = f"{db_name}_rebuild"
    try:
        start = end_offsets(settings, [USERS_CREATED.name, PURCHASE_CHANGES.name])
        now = datetime.now(UTC)
        started = time.perf_counter()
        for i in range(USERS_N):
            uid = f"bench-{uuid.uuid4().hex[:12]}"
            publisher.send(
                USERS_CREATED.name,
                wrap(
                    UserCreated(
                        id=uid,
                        first_name=f"N{i}",
                        last_name="Bench",
                        email=f"{uid}@example.com",
                        locale="en",
                        created_at=now,
                        confirmed_at=now,
                        updated_at=now,
                        version=1,
                    )
                ),
                key=uid,
            )
        for i, quote in enumerate(quotes):
            e = session_event(quote, i)
            publisher.send(PAYMENTS.name, stripe_event_envelope(e), key=e["data"]["object"]["id"])
        publisher.flush(30)
        live = {}
        while len(live) < 2:
            elapsed = time.perf_counter() - started
            if "users_s" not in live and db.users.estimated_document_count() >= USERS_N:
                live["users_s"] = elapsed
            if "purchases_s" not in live and db.purchases.estimated_document_count() >= PURCHASES_N:
                live["purchases_s"] = elapsed
            if elapsed > 600:
                raise RuntimeError(f"live consumers did not finish: {live}")
            time.sleep(0.05)
        live_s = max(live.values())
        report = rebuild(settings, client, target, start=start)
        result = compare(client, db_name, target)
        print(
            json.dumps(
                {
                    "benchmark": "rebuild",
                    "users": USERS_N,
                    "purchases": PURCHASES_N,
                    "live": {
                        "projector_users_per_s": round(USERS_N / live["users_s"], 1),
                        "payments_worker_purchases_per_s": round(PURCHASES_N / live["purchases_s"], 1),
                        "events_per_s": round((USERS_N + PURCHASES_N) / live_s, 1),
                        "seconds": round(live_s, 2),
                    },
                    "rebuild": {k: report[k] for k in ("events", "applied", "seconds", "events_per_s")},
                    "rebuild_vs_live": round(report["events_per_s"] / ((USERS_N + PURCHASES_N) / live_s), 2),
                    "compare_equal": result["equal"],
                },
                indent=2,
            )
        )
    finally:
        stop_worker(payments)
        stop_worker(projector)
        publisher.close()
        client.drop_database(db_name)
        client.drop_database(target)
        client.close()


if __name__ == "__main__":
    main()
