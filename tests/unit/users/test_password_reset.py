"""Password reset handlers on a real SQLite file, with a fake mailer, publisher and clock: the token
(1 hour, single use, a newer one revokes it), the neutral answer, the throttles, the new password."""

from __future__ import annotations

import re
import time
from datetime import timedelta

import pytest
from sqlalchemy import select

from services.config import Settings
from services.errors import ValidationFailed
from services.messaging.topics import USERS_CREATED
from services.throttle.policy import Rule
from services.users.errors import AccountError, TooManyAttempts
from services.users.messages import Accepted, Authenticate
from services.users.models import User
from services.users.reset_messages import CheckPasswordReset, PasswordResetDone, RequestPasswordReset, ResetPassword
from services.users.reset_tokens import PasswordResetToken

from .fakes import CLIENT
from .test_handlers import PASSWORD, active_user, signed_up

NEW = "uma senha nova e longa"


def sent_mails(worker, count: int, timeout: float = 5.0):
    """Reset e-mails leave on a background thread: wait for `count` of them."""
    deadline = time.monotonic() + timeout
    while len(worker.mailer.sent) < count and time.monotonic() < deadline:
        time.sleep(0.01)
    assert len(worker.mailer.sent) == count, worker.mailer.sent
    return worker.mailer.sent


def reset_token(mail) -> str:
    found = re.search(r"https://dreams\.example/password/reset/([A-Za-z0-9_-]+)", mail.text)
    assert found, mail.text
    assert f'href="https://dreams.example/password/reset/{found.group(1)}"' in mail.html
    return found.group(1)


def request(email="ana@example.com", client=CLIENT, locale=None) -> RequestPasswordReset:
    return RequestPasswordReset(email=email, client=client, locale=locale)


def reset(token: str, password: str = NEW, again: str | None = None, client=CLIENT) -> ResetPassword:
    return ResetPassword(
        token=token,
        new_password=password,
        new_password_confirmation=password if again is None else again,
        client=client,
    )


def code_of(worker, command) -> str:
    with pytest.raises(AccountError) as err:
        worker.handle(command)
    return err.value.code


def requested(worker, email="ana@example.com", **kwargs) -> str:
    before = len(worker.mailer.sent)
    assert isinstance(worker.handle(request(email, **kwargs)), Accepted)
    return reset_token(sent_mails(worker, before + 1)[-1])


def log_in(worker, password: str, client=CLIENT):
    return worker.handle(Authenticate(email="ana@example.com", password=password, client=client))


def test_a_request_mails_a_one_hour_link_whose_hash_alone_is_stored(worker):
    active_user(worker)
    raw = requested(worker)
    mail = worker.mailer.sent[-1]
    assert mail.subject == "Redefina sua senha na Dreams" and "Olá, Ana!" in mail.text and "60 minutos" in mail.text
    assert mail.categories == ["password_reset"]
    with worker.sessions() as s:
        token = s.exec(select(PasswordResetToken)).scalars().one()
    assert token.token_hash != raw and len(token.token_hash) == 64 and raw not in token.token_hash
    assert token.expires_at.replace(tzinfo=None) == (worker.clock.now + timedelta(hours=1)).replace(tzinfo=None)
    assert requested(worker, locale="en") and worker.mailer.sent[-1].subject == "Reset your Dreams password"


def test_unknown_address_gets_the_same_answer_and_no_mail(worker):
    active_user(worker)
    assert isinstance(worker.handle(request("nobody@example.com")), Accepted)
    assert isinstance(worker.handle(request("not an address")), Accepted)
    time.sleep(0.2)  # a mail would have left by now
    assert [m.categories for m in worker.mailer.sent] == [["confirmation"]]
    with worker.sessions() as s:
        assert s.exec(select(PasswordResetToken)).scalars().all() == []


def test_reset_replaces_the_hash_and_the_link_works_once(worker):
    user_id = active_user(worker)
    raw = requested(worker)
    assert isinstance(worker.handle(CheckPasswordReset(token=raw)), Accepted)
    done = worker.handle(reset(raw))
    assert isinstance(done, PasswordResetDone) and done.user_id == user_id and done.changed_at == worker.clock.now
    assert log_in(worker, NEW).account.id == user_id
    assert (
        code_of(worker, Authenticate(email="ana@example.com", password=PASSWORD, client=CLIENT))
        == "invalid_credentials"
    )
    with worker.sessions() as s:
        assert s.get(User, user_id).password_hash.startswith("$argon2id$")
    assert code_of(worker, reset(raw, "yet another new one")) == "reset_token_used"
    assert code_of(worker, CheckPasswordReset(token=raw)) == "reset_token_used"
    assert log_in(worker, NEW).account.id == user_id  # the refused reuse changed nothing
    [(topic, event, key)] = [p for p in worker.publish.published if p[1].type == "users.password_changed"]
    assert (topic, key, event.data["user_id"]) == (USERS_CREATED.name, user_id, user_id)
    assert set(event.data) == {"user_id", "changed_at"}  # never the hash


def test_the_link_expires_after_one_hour(worker):
    active_user(worker)
    raw = requested(worker)
    worker.clock.advance(minutes=59, seconds=59)
    assert isinstance(worker.handle(CheckPasswordReset(token=raw)), Accepted)
    worker.clock.advance(seconds=1)
    assert code_of(worker, CheckPasswordReset(token=raw)) == "reset_token_expired"
    assert code_of(worker, reset(raw)) == "reset_token_expired"
    assert code_of(worker, reset("x" * 43)) == "reset_token_unknown"
    assert log_in(worker, PASSWORD).account.email == "ana@example.com"


def test_a_newer_request_revokes_the_older_link(worker):
    active_user(worker)
    first = requested(worker)
    second = requested(worker)
    assert first != second
    assert code_of(worker, reset(first)) == "reset_token_expired"
    worker.handle(reset(second))
    assert log_in(worker, NEW)


def test_the_new_password_follows_the_sign_up_rules_and_a_refusal_keeps_the_link(worker):
    active_user(worker)
    raw = requested(worker)
    for command, fields in (
        (reset(raw, "short"), {"new_password": "password_too_short"}),
        (reset(raw, NEW, "something else"), {"new_password_confirmation": "password_mismatch"}),
        (reset(raw, "ANA@example.com "), {"new_password": "password_is_email"}),
    ):
        with pytest.raises(ValidationFailed) as err:
            worker.handle(command)
        assert err.value.fields == fields
    worker.handle(reset(raw))  # still usable
    assert log_in(worker, NEW)


def test_a_pending_account_is_confirmed_by_its_reset(worker):
    signed_up(worker)
    raw = requested(worker)
    done = worker.handle(reset(raw))
    assert log_in(worker, NEW).account.id == done.user_id  # active: no "unconfirmed"
    types = [e.type for _, e, _ in worker.publish.published]
    assert types == ["users.created", "users.password_changed"]
    with worker.sessions() as s:
        assert s.get(User, done.user_id).status == "active"


def test_a_retried_reset_answers_the_same_and_changes_nothing(worker):
    active_user(worker)
    command = reset(requested(worker))
    envelope = worker.envelope(command)
    worker.publish.failures = 1  # the outbox publish fails: the runner retries the same envelope
    with pytest.raises(Exception, match="not published yet"):
        worker.handle(command, envelope)
    first_time = worker.clock.now
    worker.clock.advance(seconds=5)
    again = worker.handle(command, envelope)
    assert again.changed_at == first_time
    assert [e.type for _, e, _ in worker.publish.published][-1] == "users.password_changed"
    assert log_in(worker, NEW)


def test_requests_are_throttled_per_address_and_per_client_for_any_address(worker):
    active_user(worker)
    for i in range(3):  # 3 per address and hour, whoever asks
        requested(worker, client=f"203.0.113.{i}")
    err = pytest.raises(TooManyAttempts, worker.handle, request(client="203.0.113.50")).value
    assert err.retry_after_s == 60
    for _ in range(3):  # an unknown address: throttled exactly alike
        worker.handle(request("ghost@example.com", client="203.0.113.60"))
    assert pytest.raises(TooManyAttempts, worker.handle, request("ghost@example.com")).value.retry_after_s == 60
    worker.settings = Settings(public_url="https://dreams.example", throttle_reset_client=Rule(free=2, window_s=3600))
    for i in range(2):
        worker.handle(request(f"someone{i}@example.com", client="192.0.2.1"))
    assert pytest.raises(TooManyAttempts, worker.handle, request("else@example.com", client="192.0.2.1"))
    worker.handle(request("else@example.com", client="192.0.2.2"))  # another client is not affected


def test_a_reset_clears_the_log_in_throttle_of_this_account_and_client(worker):
    active_user(worker)
    for _ in range(3):
        code_of(worker, Authenticate(email="ana@example.com", password="wrong guess!", client=CLIENT))
    assert code_of(worker, Authenticate(email="ana@example.com", password=PASSWORD, client=CLIENT)) == "throttled"
    worker.handle(reset(requested(worker)))
    assert log_in(worker, NEW).account.email == "ana@example.com"  # no wait left
