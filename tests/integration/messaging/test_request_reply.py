"""Request/reply between the gateway's RequestClient and the real users worker process."""

from __future__ import annotations

import asyncio
import time
import uuid

import pytest

from services.errors import ServiceUnavailable
from services.messaging.admin import ensure_topics
from services.messaging.kafka_config import producer_config, reply_consumer_config
from services.messaging.publisher import Publisher
from services.messaging.request_reply import RequestClient
from services.messaging.topics import DREAMS_USERS, USERS_DREAMS
from services.users.db import make_engine, migrate
from services.users.messages import ListUsers, UsersListed
from services.users.seed import DEMO_USERS, seed


@pytest.fixture
def client(kafka):
    publisher = Publisher(producer_config(kafka))
    requests = RequestClient(
        publisher,
        reply_consumer_config(kafka),
        USERS_DREAMS.name,
        timeout_s=2.0,
        unavailable_message="users service unavailable",
    )
    yield requests
    requests.close()
    publisher.close()


@pytest.fixture
def users_worker(kafka, exclusive_workers, tmp_path, start_worker):
    url = f"sqlite:///{tmp_path / 'users.sqlite'}"
    engine = make_engine(url)
    migrate(engine)
    seed(engine, 120)
    return start_worker("kafka_workers.users", env={"DATABASE_URL": url})


def test_list_users_round_trip(client, users_worker):
    # The first request may wait for the worker to join its group; it must still get its answer.
    reply = client.request_sync(DREAMS_USERS.name, ListUsers(limit=10), timeout=30)
    assert isinstance(reply, UsersListed)
    assert reply.total == 120
    assert [u["email"] for u in reply.users[: len(DEMO_USERS)]] == [e for _, _, e in DEMO_USERS]
    assert len(reply.users) == 10

    page = client.request_sync(DREAMS_USERS.name, ListUsers(limit=50, offset=100))
    assert len(page.users) == 20 and page.users[0]["email"] == "traveller0095@dreams.test"


def test_async_requests_are_matched_to_their_own_replies(client, users_worker):
    client.request_sync(DREAMS_USERS.name, ListUsers(limit=1), timeout=30)  # worker is up

    async def many():
        return await asyncio.gather(
            *(client.request(DREAMS_USERS.name, ListUsers(limit=1, offset=i)) for i in range(20))
        )

    replies = asyncio.run(many())
    assert [r.users[0]["email"] for r in replies] == [
        (DEMO_USERS[i][2] if i < len(DEMO_USERS) else f"traveller{i - len(DEMO_USERS):04d}@dreams.test")
        for i in range(20)
    ]


def test_no_worker_means_service_unavailable_within_the_timeout(kafka, client):
    silent = f"nobody-listens-{uuid.uuid4().hex[:8]}"
    ensure_topics(kafka, {silent: 1})
    started = time.monotonic()
    with pytest.raises(ServiceUnavailable, match="users service unavailable"):
        client.request_sync(silent, ListUsers())
    assert 1.9 < time.monotonic() - started < 4.0

    async def async_request():
        await client.request(silent, ListUsers(), timeout=1.0)

    started = time.monotonic()
    with pytest.raises(ServiceUnavailable):
        asyncio.run(async_request())
    assert time.monotonic() - started < 3.0


def test_kafka_down_gives_a_clear_error_quickly(kafka):
    from services.config import Settings

    dead = Settings(kafka_bootstrap_servers="127.0.0.1:1")  # nothing listens there
    publisher = Publisher(producer_config(dead))
    started = time.monotonic()
    client = RequestClient(
        publisher,
        reply_consumer_config(dead),
        USERS_DREAMS.name,
        timeout_s=2.0,
        unavailable_message="Users service down, try again",
    )
    assert time.monotonic() - started < 0.5  # building it does no I/O
    with pytest.raises(ServiceUnavailable, match="try again"):
        client.request_sync(DREAMS_USERS.name, ListUsers())
    with pytest.raises(ServiceUnavailable, match="try again"):
        asyncio.run(client.request(DREAMS_USERS.name, ListUsers()))
    assert time.monotonic() - started < 10.0
    client.close()
    publisher.close(0)


def test_the_web_services_start_with_kafka_down_and_serve_users_once_it_is_back(kafka, users_worker):
    """What the app's start-up builds (bootstrap.web_services), with the broker unreachable: the
    first requests say "unavailable" within their timeout, and once the broker answers the same
    objects serve the users list, with no restart and nothing rebuilt."""
    from services.bootstrap.web import web_services
    from services.config import Settings
    from tests.integration.tcp_forwarder import TcpForwarder

    host, port = kafka.kafka_bootstrap_servers.split(",")[0].rsplit(":", 1)
    broker = TcpForwarder((host, int(port)))  # refuses connections until started
    settings = Settings(
        **{**kafka.model_dump(), "kafka_bootstrap_servers": f"127.0.0.1:{broker.port}", "kafka_request_timeout_s": 2.0}
    )

    async def scenario():
        web = web_services(settings)
        try:
            for _ in range(2):  # each request tries again (nothing is stuck after a failure)
                started = time.monotonic()
                with pytest.raises(ServiceUnavailable):
                    await web.users.list_users(limit=1)
                assert time.monotonic() - started < 4.0
            broker.start()
            deadline = time.monotonic() + 60  # the users worker may still be joining its group
            while True:
                try:
                    page = await web.users.list_users(limit=5)
                    break
                except ServiceUnavailable:
                    assert time.monotonic() < deadline, "users not served after Kafka came back"
            assert page.total == 120 and len(page.users) == 5
        finally:
            await web.close()

    try:
        asyncio.run(scenario())
    finally:
        broker.stop()


def _email_at(offset: int) -> str:
    """The seeded user at `offset` (oldest sign-up first: the demo users, then traveller0000 …)."""
    return DEMO_USERS[offset][2] if offset < len(DEMO_USERS) else f"traveller{offset - len(DEMO_USERS):04d}@dreams.test"


def test_fifty_concurrent_callers_each_get_the_reply_to_their_own_request(client, users_worker):
    """50 asyncio callers at once (as the web app's handlers call it), each asking for a different
    offset and page size, three rounds each: every reply is the one to ITS request."""
    client.request_sync(DREAMS_USERS.name, ListUsers(limit=1), timeout=30)  # worker is up
    start = asyncio.Event()

    async def caller(i: int) -> list[tuple[int, str, int]]:
        await start.wait()  # all 50 send together
        got = []
        for _ in range(3):
            reply = await client.request(DREAMS_USERS.name, ListUsers(limit=1 + i % 7, offset=i), timeout=15)
            got.append((i, reply.users[0]["email"], len(reply.users)))
        return got

    async def everyone():
        tasks = [asyncio.create_task(caller(i)) for i in range(50)]
        await asyncio.sleep(0)
        start.set()
        return await asyncio.gather(*tasks)

    results = [row for rows in asyncio.run(everyone()) for row in rows]
    assert len(results) == 150
    for i, email, count in results:
        assert email == _email_at(i)
        assert count == 1 + i % 7


def test_fifty_concurrent_blocking_callers_each_get_their_own_reply(client, users_worker):
    """The blocking twin from 50 threads at once shares the same reply reader."""
    from concurrent.futures import ThreadPoolExecutor
    from threading import Barrier

    client.request_sync(DREAMS_USERS.name, ListUsers(limit=1), timeout=30)
    barrier = Barrier(50)

    def caller(i: int) -> str:
        barrier.wait(10)
        return client.request_sync(DREAMS_USERS.name, ListUsers(limit=2, offset=i), timeout=15).users[0]["email"]

    with ThreadPoolExecutor(50) as pool:
        emails = list(pool.map(caller, range(50)))
    assert emails == [_email_at(i) for i in range(50)]


def test_a_reply_for_another_gateway_is_skipped_and_a_keyless_reply_still_matches(kafka, client, users_worker):
    """The reader matches by the reply's key without reading it; replies it did not ask for (another
    gateway process's, here a bogus value under an unknown key) are skipped, and a reply produced
    without a key is still matched by decoding its correlation id."""
    from services.messaging.registry import wrap

    client.request_sync(DREAMS_USERS.name, ListUsers(limit=1), timeout=30)  # reader running
    publisher = Publisher(producer_config(kafka))
    try:
        publisher.publish(USERS_DREAMS.name, b"not json at all", key="someone-elses-correlation-id")
        correlation_id, future = client._register()
        reply = wrap(UsersListed(users=[], total=7), correlation_id=correlation_id)
        publisher.publish(USERS_DREAMS.name, reply)  # no key
        assert client._result(future.result(10)) == UsersListed(users=[], total=7)
    finally:
        client._forget(correlation_id)
        publisher.close()
    # And the reader is still serving real requests.
    assert client.request_sync(DREAMS_USERS.name, ListUsers(limit=3)).total == 120
