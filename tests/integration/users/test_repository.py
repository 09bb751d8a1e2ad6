"""The users repository and handlers on both databases: SQLite (default) and PostgreSQL (compose).

Same tests, two engines: timestamps (naive on SQLite, timestamptz on PostgreSQL), the case-insensitive
unique e-mail, conditional token consumption and outbox order must agree (throttles:
test_throttle_store.py). The `engine` fixture (both databases) is in conftest.py.
"""

from __future__ import annotations

import subprocess
import sys
from datetime import timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from services.config import ROOT
from services.users import outbox, repository
from services.users.db import make_engine, migrate
from services.users.errors import AccountError, TooManyAttempts
from services.users.events import UserCreated
from services.users.messages import Authenticate, Confirm, ListUsers, Register
from services.users.models import User
from tests.unit.users.fakes import ADULT, CLIENT, NOW, FakeClock, FakePublish, worker_on

pytestmark = pytest.mark.timeout(900)  # a fresh machine may `apt-get install postgresql` first


def add_user(session: Session, email: str, status: str = "active", created_at=NOW) -> User:
    user = User(
        first_name="Ana",
        last_name="Souza",
        email=email,
        email_normalized=email.lower(),
        status=status,
        created_at=created_at,
    )
    session.add(user)
    session.commit()
    return user


def test_migration_is_idempotent_and_email_unique_case_insensitively(engine):
    migrate(engine)
    with Session(engine) as s:
        add_user(s, "Ana@Example.com")
        assert repository.get_by_email(s, " ANA@example.COM ").email == "Ana@Example.com"
        with pytest.raises(IntegrityError):
            add_user(s, "ana@example.COM")


def test_list_users_pages_every_account_with_its_confirmation(engine):
    with Session(engine) as s:
        for i in range(3):
            add_user(s, f"a{i}@example.com", created_at=NOW + timedelta(minutes=i))
        add_user(s, "pending@example.com", status="pending", created_at=NOW + timedelta(minutes=5))
        users, total = repository.list_users(s, limit=2, offset=2)
    assert total == 4 and [u["email"] for u in users] == ["a2@example.com", "pending@example.com"]
    assert [u["confirmed"] for u in users] == [True, False]
    assert users[0]["member_since"] == NOW + timedelta(minutes=2)  # aware UTC on both engines


def test_a_page_of_users_is_read_in_index_order_not_sorted_per_request(tmp_path):
    """The listing's ORDER BY (created_at, id) is one index since migration 0007: SQLite walks it
    instead of sorting the whole table on id again for every page (the whole list, issue 15)."""
    engine = make_engine(f"sqlite:///{tmp_path / 'users.sqlite'}")
    migrate(engine)
    statement = select(*repository._ROW_COLUMNS).order_by(User.created_at, User.id).limit(50).offset(50)
    compiled = statement.compile(engine, compile_kwargs={"literal_binds": True})
    with engine.connect() as conn:
        plan = " | ".join(row[-1] for row in conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {compiled}"))
    assert "USING INDEX ix_users_created_at_id" in plan and "TEMP B-TREE" not in plan, plan


def test_list_users_searches_names_and_emails_case_insensitively(engine):
    with Session(engine) as s:
        for first, last, email in (
            ("Beatriz", "Lima", "bia@example.com"),
            ("Carlos", "Souza", "carlos@x.org"),
            ("Ana", "Beatrizzi", "ana@example.com"),
            ("Dora", "Costa", "dora_1@x.org"),
            ("Eva", "Nunes", "eva91@x.org"),
        ):
            s.add(User(first_name=first, last_name=last, email=email, email_normalized=email, status="active"))
        s.commit()

        def emails(query: str, **page) -> tuple[list[str], int]:
            users, total = repository.list_users(s, query=query, **{"limit": 50, "offset": 0, **page})
            return sorted(u["email"] for u in users), total

        assert emails("BEATRIZ") == (["ana@example.com", "bia@example.com"], 2)  # first or last name
        assert emails("carlos souza") == (["carlos@x.org"], 1)  # the whole name
        assert emails("@X.ORG") == (["carlos@x.org", "dora_1@x.org", "eva91@x.org"], 3)
        assert emails("a_1") == (["dora_1@x.org"], 1)  # "_" is a character here, not LIKE's wildcard (a91)
        assert emails("%") == ([], 0)
        assert emails("  ") == (emails("")[0], 5)  # blank: everyone
        assert emails("x.org", limit=1, offset=2)[1] == 3  # the total counts the whole match


def test_outbox_publishes_in_order_once(engine):
    clock, publish = FakeClock(), FakePublish()
    with Session(engine) as s:
        user = add_user(s, "ana@example.com")
        for version in (1, 2, 3):
            snap = {**repository.snapshot(user), "version": version}
            outbox.add(s, "users-created", user.id, UserCreated(**snap), NOW)
        s.commit()
    sessions = lambda: Session(engine)  # noqa: E731
    publish.failures = 0
    assert outbox.flush(sessions, publish, clock) == 3
    assert [e.data["version"] for _, e, _ in publish.published] == [1, 2, 3]
    assert publish.published[0][1].occurred_at == NOW
    assert outbox.flush(sessions, publish, clock) == 0


def test_handlers_end_to_end(engine, hasher):
    worker = worker_on(engine, hasher)
    password = "correct horse battery"
    worker.handle(
        Register(
            client=CLIENT,
            first_name="Ana",
            last_name="Souza",
            email="Ana@Example.com",
            password=password,
            password_confirmation=password,
            birth_date=ADULT,
            locale="en",
        )
    )
    token = worker.mailer.sent[0].text.split("/confirm/")[1].split()[0]
    with pytest.raises(AccountError) as err:
        worker.handle(Authenticate(client=CLIENT, email="ana@example.com", password=password))
    assert err.value.code == "unconfirmed"
    account = worker.handle(Confirm(token=token)).account
    with pytest.raises(AccountError) as err:
        worker.handle(Confirm(token=token))
    assert err.value.code == "token_used"
    assert worker.handle(ListUsers()).users[0]["id"] == account.id
    wrong = Authenticate(client=CLIENT, email="ana@example.com", password="wrong password")
    for _ in range(3):
        with pytest.raises(AccountError):
            worker.handle(wrong)
    with pytest.raises(TooManyAttempts):
        worker.handle(wrong)
    worker.clock.advance(seconds=1)
    assert worker.handle(Authenticate(client=CLIENT, email="ANA@example.com", password=password)).account.locale == "en"


def test_expired_token_on_both_engines(engine, hasher):
    worker = worker_on(engine, hasher)
    password = "correct horse battery"
    worker.handle(
        Register(
            client=CLIENT,
            first_name="Ana",
            last_name="Souza",
            email="ana@example.com",
            password=password,
            password_confirmation=password,
            birth_date=ADULT,
            locale="pt_BR",
        )
    )
    token = worker.mailer.sent[0].text.split("/confirm/")[1].split()[0]
    worker.clock.advance(hours=23, minutes=59)
    assert worker.handle(Confirm(token=token)).account.email == "ana@example.com"
    worker.handle(
        Register(
            client=CLIENT,
            first_name="Bia",
            last_name="Lima",
            email="bia@example.com",
            password=password,
            password_confirmation=password,
            birth_date=ADULT,
            locale="pt_BR",
        )
    )
    late = worker.mailer.sent[-1].text.split("/confirm/")[1].split()[0]
    worker.clock.advance(hours=24)
    with pytest.raises(AccountError) as err:
        worker.handle(Confirm(token=late))
    assert err.value.code == "token_expired"


WRITE_IN_ANOTHER_PROCESS = """
import sys
from datetime import UTC, datetime
from sqlmodel import Session
from services.observability.context import bound
from services.users import outbox
from services.users.db import make_engine
from services.users.reset_messages import PasswordChanged

engine, now = make_engine(sys.argv[1]), datetime.now(UTC)
with bound(correlation_id="req-before-restart"), Session(engine) as s:
    outbox.add(s, "users-created", "u1", PasswordChanged(user_id="u1", changed_at=now), now)
    s.commit()
"""


def test_an_outbox_event_keeps_its_correlation_id_when_another_process_publishes_it(engine):
    # The worker that wrote the event exits before publishing it (Kafka was down); the next one publishes.
    url = engine.url.render_as_string(hide_password=False)
    done = subprocess.run(
        [sys.executable, "-c", WRITE_IN_ANOTHER_PROCESS, url], cwd=ROOT, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    publish = FakePublish()
    publish.failures = 0
    assert outbox.flush(lambda: Session(engine), publish, FakeClock()) == 1
    [(_, envelope, _)] = publish.published
    assert envelope.type == "users.password_changed" and envelope.correlation_id == "req-before-restart"
