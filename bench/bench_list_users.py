""" "List All Users" request/reply with 1,000 users in the database (issue: walking skeleton).

Brings up the whole local stack (for its memory), then a users worker of its own on a scratch
SQLite database seeded with 1,000 active users; warms up, then
times 500 sequential requests through the gateway's RequestClient, for the page the UI asks for
(50 users) and for the whole table (1,000 users in one reply). Prints JSON.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.common import percentiles, stack_rss_mib
from devstack import components
from services.config import ROOT, get_settings
from services.messaging.admin import ensure_topics
from services.messaging.kafka_config import producer_config, reply_consumer_config
from services.messaging.publisher import Publisher
from services.messaging.request_reply import RequestClient
from services.messaging.topics import DREAMS_USERS, USERS_DREAMS
from services.users.db import make_engine, migrate
from services.users.messages import ListUsers
from services.users.seed import seed

WARMUP, REQUESTS, USERS = 50, 500, 1000


def timed(client: RequestClient, query: ListUsers, n: int) -> list[float]:
    samples = []
    for _ in range(n):
        began = time.perf_counter()
        reply = client.request_sync(DREAMS_USERS.name, query)
        samples.append((time.perf_counter() - began) * 1000)
        assert len(reply.users) == min(query.limit, USERS)
    return samples


def main() -> None:
    settings = get_settings()
    # The whole stack runs (its memory is part of the result), except devstack's own users worker:
    # this benchmark's worker, on a scratch database, must be the only one answering.
    components.load("users-worker").stop(settings)
    for name in components.wanted(settings):
        if name != "users-worker":
            components.load(name).ensure(settings)
    ensure_topics(settings)
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
    publisher = Publisher(producer_config(settings))
    client = RequestClient(publisher, reply_consumer_config(settings), USERS_DREAMS.name, timeout_s=30)
    try:
        client.request_sync(DREAMS_USERS.name, ListUsers(limit=1), timeout=60)  # worker joined its group
        result = {"benchmark": "list_users_request_reply", "users_in_db": USERS, "warmup": WARMUP}
        for label, query in (("page_50", ListUsers(limit=50)), ("all_1000", ListUsers(limit=1000))):
            timed(client, query, WARMUP)
            result[label] = percentiles(timed(client, query, REQUESTS))
        result["goal"] = {"p50_ms": 10, "p99_ms": 50}
        result["stack_rss_mib"] = stack_rss_mib(settings, {"users-worker (bench's own)": worker.pid})
        print(json.dumps(result, indent=2))
    finally:
        client.close()
        publisher.close()
        worker.terminate()
        worker.wait(10)


if __name__ == "__main__":
    main()
