"""The users handlers on a real SQLite file, with a fake mailer, publisher and clock."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from sqlalchemy import select, update

from services.errors import ServiceUnavailable, ValidationFailed
from services.faults import unavailable_dependency
from services.messaging.topics import USERS_CREATED
from services.users import outbox
from services.config import Settings
from services.throttle.policy import Rule
from services.users.errors import AccountError, TooManyAttempts
from services.users.messages import (
    AccountReply,
    Accepted,
    Authenticate,
    ChangePassword,
    Confirm,
    ListUsers,
    Register,
    ResendConfirmation,
    UpdateProfile,
)
from services.users.models import ConfirmationToken, OutboxEvent, User
from services.users.passwords import Passwords
from services.users.signup import MailPending

from .fakes import ADULT, CLIENT

PASSWORD = "correct horse battery"


def register_cmd(email="Ana@Example.com", **changes) -> Register:
    values = dict(
        first_name="Ana",
        last_name="Souza",
        email=email,
        password=PASSWORD,
        password_confirmation=PASSWORD,
        birth_date=ADULT,
        locale="pt_BR",
        client=CLIENT,
    )
    values.update(changes)
    return Register(**values)


def token_from(mail) -> str:
    found = re.search(r"https://dreams\.example/confirm/([A-Za-z0-9_-]+)", mail.text)
    assert found, mail.text
    assert f'href="https://dreams.example/confirm/{found.group(1)}"' in mail.html
    return found.group(1)


def signed_up(worker, email="ana@example.com") -> str:
    worker.handle(register_cmd(email=email))
    return token_from(worker.mailer.sent[-1])


def active_user(worker, email="ana@example.com") -> str:
    reply = worker.handle(Confirm(token=signed_up(worker, email)))
    return reply.account.id


def test_register_stores_a_pending_user_with_an_argon2_hash_and_mails_a_link(worker):
    assert isinstance(worker.handle(register_cmd()), Accepted)
    with worker.sessions() as s:
        user = s.exec(select(User)).scalars().one()
        token = s.exec(select(ConfirmationToken)).scalars().one()
    assert (user.status, user.email, user.email_normalized) == ("pending", "Ana@example.com", "ana@example.com")
    assert user.password_hash.startswith("$argon2id$") and PASSWORD not in user.password_hash
    [mail] = worker.mailer.sent
    assert mail.to == ["Ana@example.com"] and "Confirme" in mail.subject and "Olá, Ana!" in mail.text
    raw = token_from(mail)
    assert token.token_hash != raw and len(token.token_hash) == 64  # only the hash is stored
    assert token.sent_at is not None
    assert token.expires_at.replace(tzinfo=None) == (worker.clock.now + timedelta(hours=24)).replace(tzinfo=None)


def test_english_mail_for_english_locale(worker):
    worker.handle(register_cmd(locale="en"))
    assert worker.mailer.sent[0].subject == "Confirm your e-mail for Dreams"


def test_invalid_registration_is_refused_with_field_keys(worker):
    with pytest.raises(ValidationFailed) as err:
        worker.handle(register_cmd(password="short", password_confirmation="short", birth_date=date(2010, 1, 1)))
    assert err.value.fields == {"password": "password_too_short", "birth_date": "too_young"}
    assert worker.mailer.sent == []


def test_duplicate_email_case_insensitive_gets_email_taken_and_no_mail(worker):
    worker.handle(register_cmd(email="ana@example.com"))
    with pytest.raises(ValidationFailed) as err:
        worker.handle(register_cmd(email="  ANA@EXAMPLE.COM"))
    assert err.value.fields == {"email": "email_taken"}
    assert len(worker.mailer.sent) == 1


def test_mail_failure_is_retried_without_a_second_user(worker):
    command = register_cmd()
    envelope = worker.envelope(command)
    worker.mailer.failures = 1
    with pytest.raises(MailPending) as pending:
        worker.handle(command, envelope)
    # The runner waits for the mail server (a ServiceUnavailable), never answers or dead-letters it.
    assert isinstance(pending.value, ServiceUnavailable) and pending.value.dependency == "mail"
    assert unavailable_dependency(pending.value) == "mail"
    assert worker.mailer.sent == []
    assert isinstance(worker.handle(command, envelope), Accepted)  # the runner's retry: same envelope
    with worker.sessions() as s:
        assert len(s.exec(select(User)).scalars().all()) == 1
        tokens = s.exec(select(ConfirmationToken)).scalars().all()
    assert len(tokens) == 2 and sum(t.revoked_at is None for t in tokens) == 1
    raw = token_from(worker.mailer.sent[0])
    assert worker.handle(Confirm(token=raw)).account.email == "Ana@example.com"
    # A third delivery of the same envelope sends nothing more.
    worker.handle(command, envelope)
    assert len(worker.mailer.sent) == 1


def test_an_address_the_mail_service_rejects_undoes_the_sign_up(worker):
    worker.mailer.reject = True
    with pytest.raises(ValidationFailed) as err:
        worker.handle(register_cmd())
    assert err.value.fields == {"email": "email_undeliverable"}
    with worker.sessions() as s:
        assert s.exec(select(User)).scalars().all() == []
    worker.mailer.reject = False
    assert isinstance(worker.handle(register_cmd()), Accepted)  # may try again, e.g. after a fix


def test_confirm_activates_and_publishes_users_created_once(worker):
    raw = signed_up(worker)
    reply = worker.handle(Confirm(token=raw))
    assert isinstance(reply, AccountReply) and reply.account.first_name == "Ana"
    [(topic, envelope, key)] = worker.publish.published
    assert topic == USERS_CREATED.name and key == reply.account.id
    assert envelope.type == "users.created"
    assert set(envelope.data) == {
        "id",
        "first_name",
        "last_name",
        "email",
        "locale",
        "created_at",
        "confirmed_at",
        "updated_at",
        "version",
        "role",
    }
    assert envelope.data["version"] == 1
    with pytest.raises(AccountError) as err:
        worker.handle(Confirm(token=raw))
    assert err.value.code == "token_used"
    assert len(worker.publish.published) == 1


def test_unknown_and_expired_tokens(worker):
    with pytest.raises(AccountError) as err:
        worker.handle(Confirm(token="nope"))
    assert err.value.code == "token_unknown"
    raw = signed_up(worker)
    worker.clock.advance(hours=24)
    with pytest.raises(AccountError) as err:
        worker.handle(Confirm(token=raw))
    assert err.value.code == "token_expired"


def test_a_failed_publish_is_retried_and_still_published(worker):
    command = Confirm(token=signed_up(worker))
    envelope = worker.envelope(command)
    worker.publish.failures = 1
    with pytest.raises(outbox.PublishPending) as pending:
        worker.handle(command, envelope)
    assert unavailable_dependency(pending.value) == "kafka"  # the runner waits for Kafka, then retries
    assert worker.publish.published == []
    reply = worker.handle(command, envelope)  # the retry: token already used, the event still goes out
    assert reply.account.email == "ana@example.com"
    assert [e.type for _, e, _ in worker.publish.published] == ["users.created"]
    with worker.sessions() as s:
        assert s.exec(select(OutboxEvent.published_at)).scalars().one() is not None


def test_resend_invalidates_the_previous_link_and_is_neutral(worker):
    first = signed_up(worker)
    assert isinstance(worker.handle(ResendConfirmation(client=CLIENT, email="ANA@example.com", locale="en")), Accepted)
    second = token_from(worker.mailer.sent[-1])
    assert worker.mailer.sent[-1].subject == "Confirm your e-mail for Dreams"
    with pytest.raises(AccountError) as err:
        worker.handle(Confirm(token=first))
    assert err.value.code == "token_expired"
    assert worker.handle(Confirm(token=second)).account.email == "ana@example.com"
    sent = len(worker.mailer.sent)
    assert isinstance(
        worker.handle(ResendConfirmation(client=CLIENT, email="ana@example.com")), Accepted
    )  # already active
    assert isinstance(worker.handle(ResendConfirmation(client=CLIENT, email="nobody@example.com")), Accepted)
    assert len(worker.mailer.sent) == sent


def test_authenticate(worker):
    signed_up(worker, "bia@example.com")
    with pytest.raises(AccountError) as err:
        worker.handle(Authenticate(client=CLIENT, email="bia@example.com", password=PASSWORD))
    assert err.value.code == "unconfirmed"
    with pytest.raises(AccountError) as err:
        worker.handle(Authenticate(client=CLIENT, email="bia@example.com", password="wrong password"))
    assert err.value.code == "invalid_credentials"  # a wrong password never reveals "unconfirmed"
    user_id = active_user(worker)
    reply = worker.handle(Authenticate(client=CLIENT, email=" ANA@example.com", password=PASSWORD))
    assert reply.account.id == user_id and reply.account.locale == "pt_BR"
    for email in ("ana@example.com", "nobody@example.com"):
        with pytest.raises(AccountError) as err:
            worker.handle(Authenticate(client=CLIENT, email=email, password="wrong password"))
        assert err.value.code == "invalid_credentials"


def wrong_login(email="ana@example.com", client=CLIENT) -> Authenticate:
    return Authenticate(client=client, email=email, password="wrong password")


def fail(worker, command, code="invalid_credentials") -> AccountError:
    with pytest.raises(AccountError) as err:
        worker.handle(command)
    assert err.value.code == code
    return err.value


def test_log_in_failures_from_one_client_wait_longer_each_time_then_the_right_password_works(worker):
    active_user(worker)
    for _ in range(3):  # the pair's free failures
        fail(worker, wrong_login())
    assert fail(worker, wrong_login(), "throttled").retry_after_s == 1
    right = Authenticate(client=CLIENT, email="ana@example.com", password=PASSWORD)
    assert isinstance(fail(worker, right, "throttled"), TooManyAttempts)  # refused unseen, even if right
    worker.clock.advance(seconds=1)
    fail(worker, wrong_login())  # the 4th failure: now 2 s
    worker.clock.advance(seconds=1.5)
    assert fail(worker, wrong_login(), "throttled").retry_after_s == 1  # refusals did not lengthen it
    worker.clock.advance(seconds=0.5)
    assert worker.handle(right).account.email == "ana@example.com"
    for _ in range(3):  # the success cleared the pair: three free failures again
        fail(worker, wrong_login())


def test_another_client_logs_in_while_one_client_is_throttled_and_unknown_emails_throttle_alike(worker):
    active_user(worker)
    for email in ("ana@example.com", "ghost@example.com"):
        for _ in range(3):
            fail(worker, wrong_login(email))
        fail(worker, wrong_login(email), "throttled")
    owner = Authenticate(client="203.0.113.9", email="ana@example.com", password=PASSWORD)
    assert worker.handle(owner).account.email == "ana@example.com"


def test_one_client_trying_many_addresses_is_throttled_per_client(worker):
    for i in range(20):  # 20 free failures per client, one each for 20 addresses
        fail(worker, wrong_login(f"guess{i}@example.com"))
    assert fail(worker, wrong_login("guess-next@example.com"), "throttled").retry_after_s == 1
    fail(worker, wrong_login("guess-next@example.com", client="203.0.113.9"))  # other clients unaffected


def test_successful_log_ins_give_the_client_its_attempts_back(worker):
    active_user(worker)
    for _ in range(30):  # an office behind one address logging in all day
        worker.handle(Authenticate(client=CLIENT, email="ana@example.com", password=PASSWORD))
    fail(worker, wrong_login())


def test_wrong_current_passwords_spend_the_log_in_allowance(worker):
    user_id = active_user(worker)
    change = ChangePassword(
        client=CLIENT,
        user_id=user_id,
        current_password="not it at all",
        new_password="new long secret",
        new_password_confirmation="new long secret",
    )
    for _ in range(3):
        with pytest.raises(ValidationFailed):
            worker.handle(change)
    fail(worker, change, "throttled")
    fail(worker, Authenticate(client=CLIENT, email="ana@example.com", password=PASSWORD), "throttled")


def test_sign_ups_and_resends_are_counted_per_client_and_resends_per_address(worker):
    worker.settings = Settings(
        public_url="https://dreams.example",
        throttle_signup_client=Rule(free=2, window_s=3600),
        throttle_resend_email=Rule(free=2, window_s=3600, base_s=60),
    )
    worker.handle(register_cmd(email="a1@example.com"))
    with pytest.raises(ValidationFailed):  # a duplicate counts too: sign-up must not probe fast
        worker.handle(register_cmd(email="a1@example.com"))
    assert fail(worker, register_cmd(email="a2@example.com"), "throttled").retry_after_s == 1
    worker.handle(register_cmd(email="a2@example.com", client="203.0.113.9"))
    sent = len(worker.mailer.sent)
    for client in ("203.0.113.1", "203.0.113.2"):  # another client each time: the address's own limit
        worker.handle(ResendConfirmation(client=client, email="a1@example.com"))
    assert (
        fail(worker, ResendConfirmation(client="203.0.113.3", email="A1@example.com"), "throttled").retry_after_s == 60
    )
    assert len(worker.mailer.sent) == sent + 2
    for _ in range(2):  # an unknown address is throttled exactly alike
        worker.handle(ResendConfirmation(client="203.0.113.4", email="nobody@example.com"))
    fail(worker, ResendConfirmation(client="203.0.113.5", email="nobody@example.com"), "throttled")


def test_a_retried_sign_up_is_not_counted_twice(worker):
    worker.settings = Settings(public_url="https://dreams.example", throttle_signup_client=Rule(free=1, window_s=60))
    command = register_cmd()
    envelope = worker.envelope(command)
    worker.handle(command, envelope)
    assert isinstance(worker.handle(command, envelope), Accepted)  # the redelivery resumes, unthrottled


def test_rehash_on_login_when_parameters_changed(worker):
    active_user(worker)
    with worker.sessions() as s:
        old = s.exec(select(User.password_hash)).scalars().one()
    worker.hasher = Passwords(time_cost=2, memory_cost_kib=16, parallelism=1)
    worker.handle(Authenticate(client=CLIENT, email="ana@example.com", password=PASSWORD))
    with worker.sessions() as s:
        new = s.exec(select(User.password_hash)).scalars().one()
    assert new != old and "m=16,t=2,p=1" in new


def test_update_profile_publishes_a_newer_snapshot(worker):
    user_id = active_user(worker)
    with pytest.raises(ValidationFailed) as err:
        worker.handle(UpdateProfile(user_id=user_id, first_name=" ", last_name="x" * 101))
    assert err.value.fields == {"first_name": "required", "last_name": "name_too_long"}
    reply = worker.handle(UpdateProfile(user_id=user_id, first_name=" Ana Maria ", last_name="Souza"))
    assert reply.account.first_name == "Ana Maria"
    events = [e for _, e, _ in worker.publish.published]
    assert [(e.type, e.data["version"]) for e in events] == [("users.created", 1), ("users.profile_changed", 2)]
    worker.handle(UpdateProfile(user_id=user_id, first_name="Ana Maria", last_name="Souza"))  # no change
    assert len(worker.publish.published) == 2
    with pytest.raises(AccountError) as err:
        worker.handle(UpdateProfile(user_id="0" * 32, first_name="A", last_name="B"))
    assert err.value.code == "not_found"


def test_change_password(worker):
    user_id = active_user(worker)
    new = "another long secret"
    with pytest.raises(ValidationFailed) as err:
        worker.handle(
            ChangePassword(
                client=CLIENT,
                user_id=user_id,
                current_password="wrong password",
                new_password="short",
                new_password_confirmation="short",
            )
        )
    assert err.value.fields == {"current_password": "password_incorrect", "new_password": "password_too_short"}
    assert isinstance(
        worker.handle(
            ChangePassword(
                client=CLIENT,
                user_id=user_id,
                current_password=PASSWORD,
                new_password=new,
                new_password_confirmation=new,
            )
        ),
        Accepted,
    )
    with pytest.raises(AccountError):
        worker.handle(Authenticate(client=CLIENT, email="ana@example.com", password=PASSWORD))
    assert worker.handle(Authenticate(client=CLIENT, email="ana@example.com", password=new)).account.id == user_id


def test_list_users_shows_every_account_with_its_confirmation_and_searches(worker):
    signed_up(worker, "pending@example.com")
    active_user(worker, "active@example.com")
    listed = worker.handle(ListUsers())
    assert sorted((u["email"], u["confirmed"]) for u in listed.users) == [
        ("active@example.com", True),
        ("pending@example.com", False),
    ]
    assert listed.total == 2
    found = worker.handle(ListUsers(query="PENDING"))
    assert [u["email"] for u in found.users] == ["pending@example.com"] and found.total == 1


def test_outbox_leftovers_are_published_by_the_next_flush(worker):
    worker.publish.failures = 3
    command = Confirm(token=signed_up(worker))
    with pytest.raises(outbox.PublishPending):
        worker.handle(command)
    with worker.sessions() as s:
        s.execute(update(OutboxEvent).values(published_at=None))
        s.commit()
    worker.publish.failures = 0
    assert outbox.flush(worker.sessions, worker.publish, worker.clock) == 1
    assert outbox.flush(worker.sessions, worker.publish, worker.clock) == 0
