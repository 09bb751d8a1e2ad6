"""/ops page refresh, server side: what one refresh of the page calls, timed end to end.

One refresh = the staff check (session look-up + the user's current role, both on Mongo) and every
section's loader at once (dreams_app/state/ops_sections.py: topics and lag from the broker through
the AdminClient in a thread, sign-ups and purchases per hour from Mongo). Against the running
Kafka and Mongo of the stack, on a scratch Mongo database holding a staff session, 500 sign-ups
and 300 purchases within the last day. Also times each part alone. Prints JSON.

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
from dreams_app.state.ops_sections import load_all
from services.bootstrap import web_services
from services.config import get_settings
from services.messaging.admin import ensure_topics
from services.sessions import check
from services.sessions.access import StaffAccess, staff_access
from services.sessions.models import SessionUser

WARMUP = 10
SIGNUPS, PURCHASES = 500, 300


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
    settings = base.model_copy(update={"mongo_db": f"bench_ops_{uuid.uuid4().hex[:8]}"})
    services = web_services(settings)
    db = services.mongo[settings.mongo_db]
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
        ticket = await services.sessions.issue_ticket(
            SessionUser(
                user_id="bench-staff", first_name="Bench", last_name="Staff", email="bench@dreams.test", role="staff"
            )
        )
        token = await services.sessions.redeem_ticket(ticket)

        async def refresh() -> None:
            result = await check.check(token, services.sessions.lookup)
            role = await services.sessions.current_role(result.user_id)
            assert staff_access(result, role) is StaffAccess.ALLOWED
            updates = await load_all(services)
            assert updates["topics_status"] == "ready" and updates["activity_status"] == "ready", updates

        whole, topics, activity = [], [], []
        for i in range(WARMUP + refreshes):
            keep = i >= WARMUP
            await _timed(whole if keep else [], refresh())
            await _timed(topics if keep else [], asyncio.to_thread(services.ops_topics.read))
            await _timed(activity if keep else [], services.ops_activity.last_day(services.clock()))
        report = services.ops_topics.read()
        return {
            "benchmark": "ops_page_refresh_server_side",
            "refreshes": refreshes,
            "warmup": WARMUP,
            "data": {
                "topics": len(report.topics),
                "partitions": sum(len(t.partitions) for t in report.topics),
                "consumer_groups": len({g.group for t in report.topics for g in t.groups}),
                "signups_last_day": SIGNUPS,
                "purchases_last_day": PURCHASES,
            },
            "refresh": percentiles(whole),
            "topics_and_lag_alone": percentiles(topics),
            "activity_alone": percentiles(activity),
            "refresh_interval_ms": 4000,
        }
    finally:
        await services.mongo.drop_database(settings.mongo_db)
        await services.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--refreshes", type=int, default=200)
    args = parser.parse_args()
    print(json.dumps(asyncio.run(run(args.refreshes)), indent=2))


if __name__ == "__main__":
    main()
