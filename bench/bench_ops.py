"""/ops page refresh, server side: what one refresh of the page calls, timed end to end.

One refresh = the staff check (session look-up + the user's current role, both on Mongo) and every
section's loader at once, as OpsState.refresh runs them (dreams_app/state/ops_sections.py SECTIONS:
topics and lag from the broker, dead letters (counts of every `.dlq` topic + the newest of each
that holds any, with their replay records), worker heartbeats, sign-ups and purchases per hour).
Realistic data, against the running Kafka and Mongo of the stack, on a scratch Mongo database:
- DEAD_LETTERS records spread over DLQ_TOPICS scratch dead-letter topics (real `<topic>.dlq`
  records with the headers a consumer writes, e-mails in the bodies to mask; deleted at the end);
- WORKERS live worker processes' heartbeats (the real Heartbeat beating every 3 s) + one stopped;
- SIGNUPS sign-ups and PURCHASES purchases within the last day, a staff session.
Reports p50/p95/p99 of the whole refresh and of each part alone (the staff check, each section).

    .venv/bin/python -m bench.bench_ops [--refreshes 200]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import time
import uuid
from datetime import timedelta

from bench.common import percentiles
from devstack import components
from dreams_app.state.ops_sections import SECTIONS, load_all
from services.bootstrap.web import web_services
from services.clock import utc_now
from services.config import get_settings
from services.messaging.admin import admin_client, ensure_topics
from services.messaging.heartbeat import HEARTBEATS, Heartbeat, mongo_writer
from services.messaging.kafka_config import producer_config
from services.messaging.publisher import Publisher
from services.messaging.registry import wrap
from services.sessions import check
from services.sessions.access import StaffAccess, staff_access
from services.sessions.models import SessionUser
from services.users.events import UserCreated

WARMUP = 10
SIGNUPS, PURCHASES = 500, 300
DLQ_TOPICS, DEAD_LETTERS = 4, 50
WORKERS = ("users-worker", "projector-worker", "payments-worker", "payments-worker", "payments-worker")
STATUS = {"topics": "topics_status", "dead_letters": "dlq_status", "workers": "workers_status"}
STATUS |= {"activity": "activity_status"}


def dead_letter_topics(settings, tag: str) -> list[str]:
    """DLQ_TOPICS scratch topics whose `.dlq` holds DEAD_LETTERS records in all, as consumers write them."""
    names = [f"bench-ops-{tag}-{i}" for i in range(DLQ_TOPICS)]
    ensure_topics(settings, {n: 1 for n in names} | {n + ".dlq": 1 for n in names}, configs={})
    publisher, now = Publisher(producer_config(settings)), utc_now()
    try:
        for i in range(DEAD_LETTERS):
            topic = names[i % DLQ_TOPICS]
            uid = f"u-{tag}-{i}"
            event = wrap(
                UserCreated(
                    id=uid,
                    first_name="Joana",
                    last_name="Souza",
                    email=f"joana.{i}@example.com",
                    locale="en",
                    created_at=now,
                    confirmed_at=now,
                    updated_at=now,
                    version=1,
                )
            )
            headers = [
                ("dlq.error", f"DuplicateKeyError: E11000 duplicate key email joana.{i}@example.com"),
                ("dlq.original.topic", topic),
                ("dlq.original.partition", "0"),
                ("dlq.original.offset", str(i)),
                ("dlq.attempts", "3"),
            ]
            publisher.send(topic + ".dlq", event, key=uid, headers=headers)
        publisher.flush(30)
    finally:
        publisher.close()
    return names


def heartbeats(collection) -> list[Heartbeat]:
    """Live workers beating as real processes do (own thread, every 3 s; the bench ticks their loop),
    and one that stopped."""
    beats = []
    for n, worker in enumerate((*WORKERS, "users-worker")):
        beat = Heartbeat(worker, mongo_writer(collection), version="bench")
        beat.loop_started("main")
        beat.partitions("main", {(f"topic-{n}", p) for p in range(3)})
        beat.handled("main", f"topic-{n}", 0, 1000 + n)
        beats.append(beat)
    beats.pop().loop_stopped("main")  # a clean stop: listed as down
    return beats


async def _timed(samples: list[float], coro) -> object:
    began = time.perf_counter()
    result = await coro
    samples.append((time.perf_counter() - began) * 1000)
    return result


async def run(refreshes: int) -> dict:
    base = get_settings()
    for name in ("kafka", "mongo"):
        components.load(name).ensure(base)
    ensure_topics(base)
    tag = uuid.uuid4().hex[:8]
    settings = base.model_copy(update={"mongo_db": f"bench_ops_{tag}"})
    bench_topics = dead_letter_topics(settings, tag)
    services = web_services(settings)
    db = services.mongo[settings.mongo_db]
    beats = []
    try:
        now = services.clock()
        await db["users"].insert_many(
            [{"_id": "bench-staff", "role": "staff", "created_at": now - timedelta(days=3)}]
            + [
                {"_id": f"u{i}", "role": "traveller", "created_at": now - timedelta(minutes=3 * i)}
                for i in range(SIGNUPS)
            ]
        )
        await db["purchases"].insert_many(
            [{"_id": f"p{i}", "purchased_at": now - timedelta(minutes=4 * i)} for i in range(PURCHASES)]
        )
        beats = await asyncio.to_thread(heartbeats, services.mongo_sync[settings.mongo_db][HEARTBEATS])
        ticket = await services.sessions.issue_ticket(
            SessionUser(
                user_id="bench-staff", first_name="Bench", last_name="Staff", email="bench@dreams.test", role="staff"
            )
        )
        token = await services.sessions.redeem_ticket(ticket)

        async def staff_check() -> None:
            result = await check.check(token, services.sessions.lookup)
            role = await services.sessions.current_role(result.user_id)
            assert staff_access(result, role) is StaffAccess.ALLOWED

        async def refresh() -> dict:
            await staff_check()
            updates = await load_all(services)
            assert all(updates[s] == "ready" for s in STATUS.values()), updates
            return updates

        async def section(load) -> None:
            updates = await load(services)
            assert updates[STATUS[load.__name__]] == "ready", updates

        whole, staff = [], []
        alone: dict[str, list[float]] = {s.__name__: [] for s in SECTIONS}
        for i in range(WARMUP + refreshes):
            keep = i >= WARMUP
            for beat in beats:  # their consumer loops are alive (a real loop ticks on every poll)
                beat.tick("main")
            updates = await _timed(whole if keep else [], refresh())
            await _timed(staff if keep else [], staff_check())
            for load in SECTIONS:
                await _timed(alone[load.__name__] if keep else [], section(load))
        ours = [t for t in updates["_dlq_topics"] if t["name"].startswith(f"bench-ops-{tag}")]
        return {
            "benchmark": "ops_page_refresh_server_side",
            "refreshes": refreshes,
            "warmup": WARMUP,
            "data": {
                "topics": len(updates["_topics"]),
                "partitions": sum(len(t["partitions"]) for t in updates["_topics"]),
                "dead_letter_topics": len(updates["_dlq_topics"]),
                "dead_letters": sum(t["count"] for t in updates["_dlq_topics"]),
                "dead_letters_in_bench_topics": sum(t["count"] for t in ours),
                "dead_letters_shown": len(updates["_dead_letters"]),
                "workers_listed": len(updates["_workers"]),
                "workers_up": sum(w["state"] == "up" for w in updates["_workers"]),
                "signups_last_day": SIGNUPS,
                "purchases_last_day": PURCHASES,
            },
            "refresh": percentiles(whole),
            "staff_check_alone": percentiles(staff),
            "sections_alone": {name: percentiles(samples) for name, samples in alone.items()},
            "refresh_interval_ms": 4000,
        }
    finally:
        for beat in beats:
            beat.loop_stopped("main")
        await services.mongo.drop_database(settings.mongo_db)
        await services.close()
        admin = admin_client(base)
        for future in admin.delete_topics(bench_topics + [t + ".dlq" for t in bench_topics]).values():
            future.result(15)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--refreshes", type=int, default=200)
    args = parser.parse_args()
    print(json.dumps(asyncio.run(run(args.refreshes)), indent=2))


if __name__ == "__main__":
    main()
