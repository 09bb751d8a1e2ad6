"""Sign-up to projection through the real processes: API → Kafka → users worker → mail server,
confirm → users-created → projector → Mongo; log-in, throttles, profile change."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import asyncio

import pytest
from sqlalchemy import text

from services.errors import ValidationFailed
from services.users.errors import AccountError, TooManyAttempts
from tests.integration.conftest import eventually

from .conftest import PASSWORD, confirmation_token, new_client, run, sign_up, unique_email

pytestmark = pytest.mark.usefixtures("workers")


def test_sign_up_mail_confirm_and_projection(users, settings, mailbox, projection):
    email = unique_email()
    sign_up(users, email)
    mail = mailbox.wait_for(email.lower(), subject_contains="Confirme")
    assert "Olá, Ana!" in mail.text and mail.html and "Confirmar meu e-mail" in mail.html
    token = confirmation_token(mailbox, settings, email.lower())
    assert token in mail.text and len(token) >= 43

    account = run(users.confirm(token))
    assert account.email == email.split("@")[0] + "@dreams.test" and account.locale == "pt_BR"

    doc = eventually(lambda: _found(projection.find_one({"_id": account.id})))
    assert doc["email"] == account.email and doc["email_normalized"] == email.lower()
    assert (doc["first_name"], doc["last_name"], doc["version"], doc["status"]) == ("Ana", "Souza", 1, "active")
    assert doc["projected_event_id"] and "password_hash" not in doc and "password" not in str(doc)

    assert run(users.authenticate(email.upper(), PASSWORD, new_client())).id == account.id
    page = run(users.list_users(limit=1000))
    assert account.id in {u["id"] for u in page.users}

    updated = run(users.update_profile(account.id, "Ana Maria", "Souza"))
    assert updated.first_name == "Ana Maria"
    eventually(lambda: _found(projection.find_one({"_id": account.id, "version": 2, "first_name": "Ana Maria"})))


def test_english_mail(users, settings, mailbox):
    email = unique_email("en")
    sign_up(users, email, locale="en")
    mail = mailbox.wait_for(email.lower(), subject_contains="Confirm your e-mail")
    assert "Hello, Ana!" in mail.text


def test_duplicate_email_is_case_insensitive(users, settings, mailbox):
    email = unique_email("dup")
    sign_up(users, email)
    with pytest.raises(ValidationFailed) as err:
        sign_up(users, email.upper())
    assert err.value.fields == {"email": "email_taken"} and err.value.code == "validation"
    mailbox.wait_for(email.lower(), subject_contains="Confirme")
    assert len(mailbox.messages(to=email.lower())) == 1


def test_invalid_form_gets_field_keys(users):
    with pytest.raises(ValidationFailed) as err:
        run(users.register("", "Souza", "not-an-email", "short", "short", date.today(), "en", new_client()))
    assert err.value.fields == {
        "first_name": "required",
        "email": "email_invalid",
        "password": "password_too_short",
        "birth_date": "too_young",
    }


def test_expired_token(users, settings, mailbox, users_db):
    email = unique_email("late")
    sign_up(users, email)
    token = confirmation_token(mailbox, settings, email.lower())
    with users_db[1].begin() as conn:  # 24 hours later, as far as this token is concerned
        conn.execute(
            text(
                "UPDATE confirmation_tokens SET expires_at = :past WHERE user_id = "
                "(SELECT id FROM users WHERE email_normalized = :email)"
            ),
            {"past": datetime.now(UTC) - timedelta(seconds=1), "email": email.lower()},
        )
    with pytest.raises(AccountError) as err:
        run(users.confirm(token))
    assert err.value.code == "token_expired"


def test_reused_unknown_and_replaced_tokens(users, settings, mailbox):
    email = unique_email("twice")
    sign_up(users, email)
    first = confirmation_token(mailbox, settings, email.lower())
    run(users.resend_confirmation(email, "en", new_client()))
    second = confirmation_token(mailbox, settings, email.lower(), subject="Confirm your e-mail")
    assert second != first
    with pytest.raises(AccountError) as err:
        run(users.confirm(first))
    assert err.value.code == "token_expired"
    run(users.confirm(second))
    with pytest.raises(AccountError) as err:
        run(users.confirm(second))
    assert err.value.code == "token_used"
    with pytest.raises(AccountError) as err:
        run(users.confirm("x" * 43))
    assert err.value.code == "token_unknown"
    run(users.resend_confirmation(unique_email("nobody"), "en", new_client()))  # same neutral answer, nothing sent


def confirmed(users, settings, mailbox) -> str:
    email = unique_email("owner")
    sign_up(users, email)
    run(users.confirm(confirmation_token(mailbox, settings, email.lower())))
    return email


def test_unconfirmed_then_wrong_passwords_from_one_client_are_throttled(users, settings, mailbox):
    email, attacker = unique_email("lock"), new_client()
    sign_up(users, email)
    with pytest.raises(AccountError) as err:
        run(users.authenticate(email, PASSWORD, attacker))
    assert err.value.code == "unconfirmed"  # the right password: not a failure
    run(users.confirm(confirmation_token(mailbox, settings, email.lower())))
    for _ in range(3):
        with pytest.raises(AccountError) as err:
            run(users.authenticate(email, "wrong password!", attacker))
        assert err.value.code == "invalid_credentials"
    with pytest.raises(TooManyAttempts) as err:  # typed again on this side, seconds as a number
        run(users.authenticate(email, PASSWORD, attacker))
    assert err.value.code == "throttled" and err.value.retry_after_s == 1
    assert str(err.value) == "Too many attempts. Try again in 1 s."
    ghost = unique_email("ghost")  # unknown e-mails answer, and are throttled, exactly alike
    for _ in range(3):
        with pytest.raises(AccountError) as err:
            run(users.authenticate(ghost, PASSWORD, attacker))
        assert err.value.code == "invalid_credentials"
    with pytest.raises(TooManyAttempts):
        run(users.authenticate(ghost, PASSWORD, attacker))


def test_the_owner_logs_in_from_another_client_while_an_attacker_hammers_the_account(users, settings, mailbox):
    email, attacker, owner = confirmed(users, settings, mailbox), new_client(), new_client()

    async def attacker_attempt() -> str:
        try:
            await users.authenticate(email, "guess guess guess", attacker)
        except AccountError as exc:
            return exc.code
        return "ok"

    async def at_once():
        return await asyncio.gather(
            *(attacker_attempt() for _ in range(12)), users.authenticate(email, PASSWORD, owner)
        )

    *codes, account = run(at_once())
    assert account.email.lower() == email.lower()
    # The 3 free failures, then refusals (a 4th only if the burst outlasted the 1 s wait on a slow box).
    assert 3 <= codes.count("invalid_credentials") <= 4
    assert codes.count("throttled") == 12 - codes.count("invalid_credentials")
    with pytest.raises(TooManyAttempts):
        run(users.authenticate(email, PASSWORD, attacker))
    assert run(users.authenticate(email, PASSWORD, owner)).email == account.email  # still, afterwards


def test_one_client_trying_many_addresses_is_throttled_per_client(users):
    attacker = new_client()
    for i in range(20):  # the client's 20 free failures, each on another address
        with pytest.raises(AccountError) as err:
            run(users.authenticate(unique_email(f"guess{i}"), PASSWORD, attacker))
        assert err.value.code == "invalid_credentials"
    with pytest.raises(TooManyAttempts):
        run(users.authenticate(unique_email("guess-next"), PASSWORD, attacker))
    with pytest.raises(AccountError) as err:
        run(users.authenticate(unique_email("guess-next"), PASSWORD, new_client()))
    assert err.value.code == "invalid_credentials"


def test_sign_ups_and_resends_from_one_client_are_throttled(users, settings, mailbox):
    client = new_client()
    for i in range(10):  # 10 free sign-ups per client and hour
        sign_up(users, unique_email(f"many{i}"), client=client)
    with pytest.raises(TooManyAttempts) as err:
        sign_up(users, unique_email("one-more"), client=client)
    assert err.value.retry_after_s >= 1
    sign_up(users, unique_email("elsewhere"))  # another client is not affected
    target = unique_email("target")
    sign_up(users, target)
    for _ in range(3):  # 3 free resends per address, whoever asks
        run(users.resend_confirmation(target, "en", new_client()))
    with pytest.raises(TooManyAttempts) as err:
        run(users.resend_confirmation(target, "en", new_client()))
    assert err.value.retry_after_s == 60
    assert len(mailbox.messages(to=target.lower())) == 4  # the sign-up's link and three resends


def test_change_password(users, settings, mailbox):
    email = unique_email("pw")
    sign_up(users, email)
    account = run(users.confirm(confirmation_token(mailbox, settings, email.lower())))
    with pytest.raises(ValidationFailed) as err:
        run(users.change_password(account.id, "not it at all", "new long secret", "new long secret", new_client()))
    assert err.value.fields == {"current_password": "password_incorrect"}
    run(users.change_password(account.id, PASSWORD, "new long secret", "new long secret", new_client()))
    assert run(users.authenticate(email, "new long secret", new_client())).id == account.id


def _found(doc):
    assert doc is not None
    return doc
