"""Accounts integration fixtures: the real broker, mail server and Mongo server (devstack), a real
users worker process on a scratch SQLite database and a real projector process writing to a
throwaway Mongo database. Both processes live for the module; tests use unique e-mail addresses."""

from __future__ import annotations

import asyncio
import os
import uuid
from collections.abc import Iterator

import pytest
from sqlalchemy import Engine, text

from devstack import postgres
from devstack.mailserver.client import Mailbox
from devstack.workers import Worker
from services.bootstrap.web import WebServices, web_services
from services.config import Settings
from services.messaging.topics import DREAMS_USERS
from services.users.api import UsersClient
from services.users.db import make_engine, migrate
from services.users.messages import ListUsers
from tests.integration.conftest import WorkerProcess, eventually

PASSWORD = "correct horse battery"


def unique_email(prefix: str = "ana") -> str:
    return f"{prefix}.{uuid.uuid4().hex[:10]}@Dreams.test"


def new_client() -> str:
    """A client address of its own (IPv6 documentation range), so tests never share a throttle."""
    return f"2001:db8::{uuid.uuid4().hex[:4]}:{uuid.uuid4().hex[:4]}"


def run(coro):
    return asyncio.run(coro)


@pytest.fixture(scope="module")
def accounts_stack(stack, kafka) -> Settings:
    return stack.ensure("mongo", "mail")


@pytest.fixture(scope="module")
def users_db(tmp_path_factory) -> tuple[str, Engine]:
    url = f"sqlite:///{tmp_path_factory.mktemp('accounts') / 'users.sqlite'}"
    engine = make_engine(url)
    migrate(engine)
    return url, engine


@pytest.fixture(scope="module")
def projection_db_name() -> str:
    return f"test_accounts_{uuid.uuid4().hex[:8]}"


@pytest.fixture(scope="module")
def workers(accounts_stack, web, exclusive_workers, users_db, projection_db_name, tmp_path_factory) -> Iterator[dict]:
    logs = tmp_path_factory.mktemp("accounts-logs")
    env = {**os.environ, "DATABASE_URL": users_db[0], "MONGO_DB": projection_db_name}
    started = {
        "users": WorkerProcess(["-m", "kafka_workers.users"], env, logs / "users.log").start(),
        "projector": WorkerProcess(["-m", "kafka_workers.projector"], env, logs / "projector.log").start(),
    }
    try:
        # The first request waits for the users worker to join its group.
        web.requests.request_sync(DREAMS_USERS.name, ListUsers(limit=1), timeout=60)
        projector = started["projector"].proc.pid  # ours, not devstack's: ask Kafka about this pid
        eventually(
            lambda: _assert(Worker("projector").groups_ready(accounts_stack, projector)), timeout=60, interval=0.5
        )
        yield started
    finally:
        for worker in started.values():
            worker.stop()
        for name, worker in started.items():
            print(f"--- {name} worker log (tail)\n{worker.output()[-3000:]}")


def _assert(value: bool) -> None:
    assert value


@pytest.fixture
def mailbox(accounts_stack) -> Iterator[Mailbox]:
    with Mailbox(accounts_stack.sendgrid_host) as box:
        yield box


@pytest.fixture
def projection(mongo_client, projection_db_name):
    yield mongo_client[projection_db_name]["users"]


@pytest.fixture(scope="module")
def web(accounts_stack) -> Iterator[WebServices]:
    """The web process's services, built from this module's settings as the app builds its own. The
    users client is thread-based, so each test's `asyncio.run` loop can use it."""
    services = web_services(accounts_stack)
    yield services
    run(services.close())


@pytest.fixture
def users(web) -> UsersClient:
    return web.users


def confirmation_token(mailbox: Mailbox, settings: Settings, email: str, subject: str = "Confirme") -> str:
    mail = mailbox.wait_for(email, subject_contains=subject, timeout=15)
    prefix = f"{settings.public_url}/confirm/"
    [link] = {link for link in mail.links if link.startswith(prefix)}
    return link.removeprefix(prefix)


def sign_up(users: UsersClient, email: str, locale: str = "pt_BR", client: str | None = None) -> None:
    from datetime import date

    run(users.register("Ana", "Souza", email, PASSWORD, PASSWORD, date(1990, 5, 17), locale, client or new_client()))


@pytest.fixture(scope="session")
def hasher():
    from tests.unit.users.fakes import cheap_hasher

    return cheap_hasher()


@pytest.fixture(scope="session")  # one PostgreSQL server for every module that asks
def pg_url(settings: Settings) -> Iterator[str]:
    url = f"postgresql://dreams:dreams@127.0.0.1:{settings.postgres_port}/dreams_test"
    pg_settings = Settings(database_url=url, postgres_port=settings.postgres_port)
    try:
        postgres.install_server()
    except RuntimeError as exc:
        pytest.skip(f"PostgreSQL could not be installed here: {exc}")
    started = postgres.ensure(pg_settings) == "started"  # also creates the role and the database
    yield url
    if started:
        postgres.stop(pg_settings)


@pytest.fixture(params=["sqlite", "postgresql"])
def engine(request, tmp_path) -> Iterator[Engine]:
    if request.param == "sqlite":
        engine = make_engine(f"sqlite:///{tmp_path / 'users.sqlite'}")
    else:
        engine = make_engine(request.getfixturevalue("pg_url"))
        with engine.begin() as conn:  # a clean schema per test
            conn.execute(text("DROP SCHEMA public CASCADE"))
            conn.execute(text("CREATE SCHEMA public"))
    migrate(engine)
    yield engine
    engine.dispose()
