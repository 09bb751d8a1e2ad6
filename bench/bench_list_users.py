""" "List All Users" request/reply with 1,000 users in the database (issue 15 part 3).

Brings up the whole local stack (for its memory) and waits until the stack's own workers have worked
through what an earlier benchmark left on their topics, then starts a users worker of its own on a
scratch SQLite database seeded with 1,000 active users; warms up, then times requests through the
gateway's RequestClient up to the UsersPage the app's UsersClient makes of the reply (its rows
validated as the reply is decoded), for the page the UI asks for (50 users) and for the whole table
(1,000 users in one reply):
- sequential: 500 requests one after the other (`request_sync`);
- 50 concurrent callers at a pace: 50 asyncio tasks on one event loop, as the web app's Reflex
  handlers call `RequestClient.request`, each sending a request every PACE_S[label] seconds (jittered
  ±50 %, open loop: a slow reply does not slow the next request): 250 requests/s in all for a page,
  50/s for the whole list. This is what 50 staff tabs paging at once look like; the limits apply.
- 50 concurrent callers back to back (closed loop, no pause): each sends its next request as soon as
  its reply came. This saturates the one users worker, so it measures its throughput; the latency is
  the queue in front of it (Little's law: 50 callers / throughput), reported, not held to the limits.
Every reply is checked to be the one for its own request (offset → first user). Each figure is printed
beside its limit and the ratio (≤ 1 meets it). Prints JSON.
"""

from __future__ import annotations

import asyncio
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.common import against, percentiles, stack_rss_mib
from bench.worker_process import wait_caught_up
from devstack import components
from services.bootstrap import WORKER_GROUPS
from services.config import ROOT, get_settings
from services.heap import freeze_startup_heap
from services.messaging.admin import ensure_topics
from services.messaging.kafka_config import reply_consumer_config, request_producer_config
from services.messaging.publisher import Publisher
from services.messaging.request_reply import RequestClient
from services.messaging.topics import DREAMS_USERS, USERS_DREAMS
from services.users.api import users_page
from services.users.db import make_engine, migrate
from services.users.messages import ListUsers
from services.users.seed import seed

WARMUP, REQUESTS, USERS = 50, 500, 1000
CALLERS = 50
ROUNDS = {"page_50": 20, "all_1000": 4}  # requests per concurrent caller (1,000 and 200 in all)
PACE_S = {"page_50": 0.2, "all_1000": 1.0}  # seconds between one paced caller's requests
# Issue 15: a page of 50 p50 ≤ 5 ms and p99 ≤ 15 ms; the whole list p99 ≤ 30 ms.
LIMITS = {"page_50": {"p50_ms": 5, "p99_ms": 15}, "all_1000": {"p99_ms": 30}}


def timed(client: RequestClient, query: ListUsers, n: int) -> list[float]:
    samples = []
    for _ in range(n):
        began = time.perf_counter()
        page = users_page(client.request_sync(DREAMS_USERS.name, query), query.limit, query.offset)
        samples.append((time.perf_counter() - began) * 1000)
        assert len(page.users) == min(query.limit, USERS)
    return samples


async def concurrent(
    client: RequestClient, limit: int, rounds: int, first_emails: list[str], pace_s: float | None = None
) -> dict:
    """CALLERS tasks, each `rounds` requests: back to back, or (pace_s) one every pace_s seconds
    whatever the replies do. Caller i asks for offset i, so a reply that went to the wrong caller
    shows up as the wrong first user."""
    samples: list[float] = []
    rng = random.Random(15)

    async def one(query: ListUsers) -> None:
        began = time.perf_counter()
        page = users_page(await client.request(DREAMS_USERS.name, query), query.limit, query.offset)
        samples.append((time.perf_counter() - began) * 1000)
        assert page.users[0]["email"] == first_emails[query.offset], "a reply went to the wrong caller"

    async def caller(i: int) -> None:
        query = ListUsers(limit=limit, offset=i if limit < USERS else 0)
        if pace_s is None:
            for _ in range(rounds):
                await one(query)
            return
        await asyncio.sleep(rng.uniform(0, pace_s))  # callers start spread over one period
        requests = []
        for _ in range(rounds):
            requests.append(asyncio.create_task(one(query)))
            await asyncio.sleep(pace_s * rng.uniform(0.5, 1.5))
        await asyncio.gather(*requests)

    began = time.perf_counter()
    await asyncio.gather(*(caller(i) for i in range(CALLERS)))
    elapsed = time.perf_counter() - began
    figures = {**percentiles(samples), "callers": CALLERS, "requests_per_s": round(len(samples) / elapsed, 1)}
    return figures if pace_s is None else {**figures, "each_caller_every_s": pace_s}


def main() -> None:
    settings = get_settings()
    # The whole stack runs (its memory is part of the result), except devstack's own users worker:
    # this benchmark's worker, on a scratch database, must be the only one answering. It is started
    # again afterwards if it ran (the same group: the bench's requests are behind it by then).
    stack_users_worker = components.load("users-worker")
    users_worker_ran = stack_users_worker.stop(settings)
    for name in components.wanted(settings):
        if name != "users-worker":
            components.load(name).ensure(settings)
    ensure_topics(settings)
    # What an earlier benchmark left on the stack's topics (`payments` moves the stack's payments
    # worker past its own 5,500 events, which name another database's quotes).
    others = [group for kind, group in WORKER_GROUPS.items() if kind != "users"]
    lag_left = wait_caught_up(settings, others, timeout_s=600)
    scratch = Path(tempfile.mkdtemp(prefix="bench-users-"))
    url = f"sqlite:///{scratch / 'users.sqlite'}"
    engine = make_engine(url)
    migrate(engine)
    seed(engine, USERS)
    worker = subprocess.Popen(
        [sys.executable, "-m", "kafka_workers.users"],
        cwd=ROOT,
        env={**os.environ, "DATABASE_URL": url, "LOG_LEVEL": "WARNING"},
        start_new_session=True,
    )
    publisher = Publisher(request_producer_config(settings))
    client = RequestClient(publisher, reply_consumer_config(settings), USERS_DREAMS.name, timeout_s=30)
    try:
        client.request_sync(DREAMS_USERS.name, ListUsers(limit=1), timeout=60)  # worker joined its group
        first_emails = [u["email"] for u in client.request_sync(DREAMS_USERS.name, ListUsers(limit=CALLERS)).users]
        freeze_startup_heap()  # as the web process does after start-up (services/heap.py): it is the caller here
        result: dict = {
            "benchmark": "list_users_request_reply",
            "users_in_db": USERS,
            "warmup": WARMUP,
            "stack_lag_left_at_start": lag_left,
        }
        for label, query in (("page_50", ListUsers(limit=50)), ("all_1000", ListUsers(limit=1000))):
            timed(client, query, WARMUP)
            sequential = percentiles(timed(client, query, REQUESTS))
            paced = asyncio.run(concurrent(client, query.limit, ROUNDS[label], first_emails, PACE_S[label]))
            saturated = asyncio.run(concurrent(client, query.limit, ROUNDS[label], first_emails))
            result[label] = {
                "sequential": sequential,
                f"concurrent_{CALLERS}_paced": paced,
                f"concurrent_{CALLERS}_back_to_back": saturated,
                "limits": {
                    "sequential": against(sequential, LIMITS[label]),
                    f"concurrent_{CALLERS}_paced": against(paced, LIMITS[label]),
                },
            }
        result["stack_rss_mib"] = stack_rss_mib(settings, {"users-worker (bench's own)": worker.pid})
        print(json.dumps(result, indent=2))
    finally:
        client.close()
        publisher.close()
        worker.terminate()
        worker.wait(10)
        if users_worker_ran:
            stack_users_worker.ensure(settings)


if __name__ == "__main__":
    main()
