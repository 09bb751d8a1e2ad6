"""The users handlers on a real SQLite file, with a fake mailer, publisher and clock."""
from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from sqlalchemy import select, update

from services.errors import ValidationFailed
from services.messaging.topics import USERS_CREATED
from services.users import outbox
from services.users.errors import AccountError, AccountLocked
from services.users.messages import (AccountReply, Accepted, Authenticate, ChangePassword, Confirm, ListUsers,
                                     Register, ResendConfirmation, UpdateProfile)
from services.users.models import ConfirmationToken, LoginAttempt, OutboxEvent, User
from services.users.passwords import Passwords
from services.users.signup import MailPending

from .fakes import ADULT

PASSWORD = "correct horse battery"


def register_cmd(email="Ana@Example.com", **changes) -> Register:
    values = dict(first_name="Ana", last_name="Souza", email=email, password=PASSWORD,
                  password_confirmation=PASSWORD, birth_date=ADULT, locale="pt_BR")
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
        worker.handle(register_cmd(password="short", password_confirmation="short",
                                   birth_date=date(2010, 1, 1)))
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
    with pytest.raises(MailPending):
        worker.handle(command, envelope)
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
    assert set(envelope.data) == {"id", "first_name", "last_name", "email", "locale", "created_at",
                                  "confirmed_at", "updated_at", "version"}
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
    with pytest.raises(outbox.PublishPending):
        worker.handle(command, envelope)
    assert worker.publish.published == []
    reply = worker.handle(command, envelope)  # the retry: token already used, the event still goes out
    assert reply.account.email == "ana@example.com"
    assert [e.type for _, e, _ in worker.publish.published] == ["users.created"]
    with worker.sessions() as s:
        assert s.exec(select(OutboxEvent.published_at)).scalars().one() is not None


def test_resend_invalidates_the_previous_link_and_is_neutral(worker):
    first = signed_up(worker)
    assert isinstance(worker.handle(ResendConfirmation(email="ANA@example.com", locale="en")), Accepted)
    second = token_from(worker.mailer.sent[-1])
    assert worker.mailer.sent[-1].subject == "Confirm your e-mail for Dreams"
    with pytest.raises(AccountError) as err:
        worker.handle(Confirm(token=first))
    assert err.value.code == "token_expired"
    assert worker.handle(Confirm(token=second)).account.email == "ana@example.com"
    sent = len(worker.mailer.sent)
    assert isinstance(worker.handle(ResendConfirmation(email="ana@example.com")), Accepted)  # already active
    assert isinstance(worker.handle(ResendConfirmation(email="nobody@example.com")), Accepted)
    assert len(worker.mailer.sent) == sent


def test_authenticate(worker):
    signed_up(worker, "bia@example.com")
    with pytest.raises(AccountError) as err:
        worker.handle(Authenticate(email="bia@example.com", password=PASSWORD))
    assert err.value.code == "unconfirmed"
    with pytest.raises(AccountError) as err:
        worker.handle(Authenticate(email="bia@example.com", password="wrong password"))
    assert err.value.code == "invalid_credentials"  # a wrong password never reveals "unconfirmed"
    user_id = active_user(worker)
    reply = worker.handle(Authenticate(email=" ANA@example.com", password=PASSWORD))
    assert reply.account.id == user_id and reply.account.locale == "pt_BR"
    for email in ("ana@example.com", "nobody@example.com"):
        with pytest.raises(AccountError) as err:
            worker.handle(Authenticate(email=email, password="wrong password"))
        assert err.value.code == "invalid_credentials"


def test_lockout_after_five_failures_then_released(worker):
    active_user(worker)
    wrong = Authenticate(email="ana@example.com", password="wrong password")
    for _ in range(4):
        with pytest.raises(AccountError) as err:
            worker.handle(wrong)
        assert err.value.code == "invalid_credentials"
        worker.clock.advance(minutes=1)
    with pytest.raises(AccountLocked) as err:
        worker.handle(wrong)  # the 5th failure
    assert err.value.minutes == 15
    worker.clock.advance(minutes=10)
    with pytest.raises(AccountLocked) as err:
        worker.handle(Authenticate(email="ana@example.com", password=PASSWORD))  # even the right password
    assert err.value.minutes == 5
    worker.clock.advance(minutes=5)
    assert worker.handle(Authenticate(email="ana@example.com", password=PASSWORD)).account.email
    with worker.sessions() as s:  # refused attempts are not recorded
        assert len(s.exec(select(LoginAttempt)).scalars().all()) == 6


def test_unknown_emails_lock_too(worker):
    wrong = Authenticate(email="ghost@example.com", password="whatever it is")
    for _ in range(4):
        with pytest.raises(AccountError):
            worker.handle(wrong)
    with pytest.raises(AccountLocked):
        worker.handle(wrong)


def test_rehash_on_login_when_parameters_changed(worker):
    active_user(worker)
    with worker.sessions() as s:
        old = s.exec(select(User.password_hash)).scalars().one()
    worker.hasher = Passwords(time_cost=2, memory_cost_kib=16, parallelism=1)
    worker.handle(Authenticate(email="ana@example.com", password=PASSWORD))
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
        worker.handle(ChangePassword(user_id=user_id, current_password="wrong password",
                                     new_password="short", new_password_confirmation="short"))
    assert err.value.fields == {"current_password": "password_incorrect", "new_password": "password_too_short"}
    assert isinstance(worker.handle(ChangePassword(user_id=user_id, current_password=PASSWORD,
                                                   new_password=new, new_password_confirmation=new)), Accepted)
    with pytest.raises(AccountError):
        worker.handle(Authenticate(email="ana@example.com", password=PASSWORD))
    assert worker.handle(Authenticate(email="ana@example.com", password=new)).account.id == user_id


def test_list_users_shows_only_confirmed_users(worker):
    signed_up(worker, "pending@example.com")
    active_user(worker, "active@example.com")
    listed = worker.handle(ListUsers())
    assert [u.email for u in listed.users] == ["active@example.com"] and listed.total == 1


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
