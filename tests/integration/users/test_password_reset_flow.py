"""Password reset through the real processes: API → Kafka → users worker → mail server → the link →
new password; the users.password_changed event → projector → the user's older sessions end in Mongo.
Two users workers take the same link at the same time: exactly one reset wins."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import pytest

from devstack.workers import Worker
from services.errors import ValidationFailed
from services.sessions.policy import new_token, token_hash
from services.users.errors import AccountError, TooManyAttempts
from tests.integration.conftest import eventually

from .conftest import PASSWORD, confirmation_token, new_client, run, sign_up, unique_email

pytestmark = pytest.mark.usefixtures("workers")

NEW = "uma senha nova e longa"


def reset_token(mailbox, settings, email: str, subject: str = "Redefina") -> str:
    mail = mailbox.wait_for(email, subject_contains=subject, timeout=15)
    prefix = f"{settings.public_url}/password/reset/"
    [link] = {link for link in mail.links if link.startswith(prefix)}
    return link.removeprefix(prefix)


def confirmed_account(users, settings, mailbox):
    email = unique_email("reset")
    sign_up(users, email)
    return email, run(users.confirm(confirmation_token(mailbox, settings, email.lower())))


def code_of(coro) -> str:
    with pytest.raises(AccountError) as err:
        run(coro)
    return err.value.code


def test_request_mail_link_reset_then_reuse_refused(users, settings, mailbox):
    email, account = confirmed_account(users, settings, mailbox)
    run(users.request_password_reset(email.upper(), "pt_BR", new_client()))
    token = reset_token(mailbox, settings, email.lower())
    mail = mailbox.wait_for(email.lower(), subject_contains="Redefina")
    assert "Olá, Ana!" in mail.text and "Escolher uma nova senha" in mail.html

    run(users.check_password_reset(token))
    with pytest.raises(ValidationFailed) as err:  # the worker's rules, a refusal keeps the link
        run(users.reset_password(token, "short", "short", new_client()))
    assert err.value.fields == {"new_password": "password_too_short"}
    done = run(users.reset_password(token, NEW, NEW, new_client()))
    assert done.user_id == account.id and abs(done.changed_at - datetime.now(UTC)) < timedelta(minutes=1)

    assert run(users.authenticate(email, NEW, new_client())).id == account.id
    assert code_of(users.authenticate(email, PASSWORD, new_client())) == "invalid_credentials"
    assert (
        code_of(users.reset_password(token, "another new password", "another new password", new_client()))
        == "reset_token_used"
    )
    assert code_of(users.check_password_reset(token)) == "reset_token_used"
    assert code_of(users.check_password_reset("x" * 43)) == "reset_token_unknown"


def test_unknown_address_gets_the_same_answer_and_no_mail(users, settings, mailbox):
    ghost = unique_email("ghost").lower()
    assert run(users.request_password_reset(ghost, "en", new_client())) is None
    email, _ = confirmed_account(users, settings, mailbox)
    assert run(users.request_password_reset(email, "en", new_client())) is None  # the same answer
    reset_token(mailbox, settings, email.lower(), subject="Reset your Dreams password")
    assert mailbox.messages(to=ghost) == []  # the known address's mail came; none for the unknown one


def test_requests_are_throttled_per_address(users, settings, mailbox):
    email, _ = confirmed_account(users, settings, mailbox)
    for _ in range(3):  # 3 per address and hour, from any client
        run(users.request_password_reset(email, "pt_BR", new_client()))
    with pytest.raises(TooManyAttempts) as err:
        run(users.request_password_reset(email, "pt_BR", new_client()))
    assert err.value.retry_after_s == 60
    eventually(lambda: _equal(len([m for m in mailbox.messages(to=email.lower()) if "Redefina" in m.subject]), 3))
    ghost = unique_email("ghost")
    for _ in range(3):
        run(users.request_password_reset(ghost, "pt_BR", new_client()))
    with pytest.raises(TooManyAttempts):  # an unknown address is throttled exactly alike
        run(users.request_password_reset(ghost, "pt_BR", new_client()))


def test_the_projector_ends_the_sessions_created_before_the_reset(
    users, settings, mailbox, mongo_client, projection_db_name
):
    """The durable path: even if the web process never ended them, the worker's event does."""
    email, account = confirmed_account(users, settings, mailbox)
    sessions = mongo_client[projection_db_name]["sessions"]
    now = datetime.now(UTC)

    def session(created_at: datetime, user_id: str = account.id) -> str:
        _id = token_hash(new_token())
        sessions.insert_one(
            {
                "_id": _id,
                "user": {"user_id": user_id, "first_name": "Ana", "last_name": "Souza", "email": email},
                "created_at": created_at,
                "expires_at": created_at + timedelta(days=14),
            }
        )
        return _id

    old, older, later = (
        session(now - timedelta(minutes=1)),
        session(now - timedelta(days=3)),
        session(now + timedelta(hours=1)),
    )
    someone_else = session(now - timedelta(minutes=1), user_id="someone-else")
    run(users.request_password_reset(email, "pt_BR", new_client()))
    done = run(users.reset_password(reset_token(mailbox, settings, email.lower()), NEW, NEW, new_client()))
    assert done.user_id == account.id
    eventually(lambda: _equal(sessions.count_documents({"_id": {"$in": [old, older]}}), 0))
    # A log-in made after the change (here: stamped later) and other users' sessions stay.
    assert {d["_id"] for d in sessions.find({"_id": {"$in": [later, someone_else]}})} == {later, someone_else}


def test_two_workers_take_the_same_link_at_once_and_exactly_one_wins(
    users, settings, mailbox, start_worker, users_db, projection_db_name
):
    second = start_worker("kafka_workers.users", env={"DATABASE_URL": users_db[0], "MONGO_DB": projection_db_name})
    eventually(lambda: _equal(Worker("users").groups_ready(settings, second.proc.pid), True), timeout=60, interval=0.5)
    email, account = confirmed_account(users, settings, mailbox)
    run(users.request_password_reset(email, "pt_BR", new_client()))
    token = reset_token(mailbox, settings, email.lower())
    passwords = [f"concurrent password {i}" for i in range(8)]

    async def attempt(password: str):
        try:
            return await users.reset_password(token, password, password, new_client())
        except AccountError as exc:
            return exc.code

    async def at_once():  # random keys: the submits spread over the partitions of both workers
        return await asyncio.gather(*(attempt(p) for p in passwords))

    outcomes = run(at_once())
    winners = [p for p, outcome in zip(passwords, outcomes) if not isinstance(outcome, str)]
    assert len(winners) == 1, outcomes
    assert sorted(o for o in outcomes if isinstance(o, str)) == ["reset_token_used"] * 7
    assert run(users.authenticate(email, winners[0], new_client())).id == account.id
    loser = next(p for p in passwords if p != winners[0])
    assert code_of(users.authenticate(email, loser, new_client())) == "invalid_credentials"
    assert second.proc.poll() is None and "Traceback" not in second.output()


def _equal(actual, expected):
    assert actual == expected, actual
    return actual
