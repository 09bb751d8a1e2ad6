"""Sign-up to projection through the real processes: API → Kafka → users worker → mail server,
confirm → users-created → projector → Mongo; log-in, lock-out, profile change."""
from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import text

from services.errors import ValidationFailed
from services.users import api
from services.users.errors import AccountError, AccountLocked
from tests.integration.conftest import eventually

from .conftest import PASSWORD, confirmation_token, run, sign_up, unique_email

pytestmark = pytest.mark.usefixtures("workers")


def test_sign_up_mail_confirm_and_projection(settings, mailbox, projection):
    email = unique_email()
    sign_up(email)
    mail = mailbox.wait_for(email.lower(), subject_contains="Confirme")
    assert "Olá, Ana!" in mail.text and mail.html and "Confirmar meu e-mail" in mail.html
    token = confirmation_token(mailbox, settings, email.lower())
    assert token in mail.text and len(token) >= 43

    account = run(api.confirm(token))
    assert account.email == email.split("@")[0] + "@dreams.test" and account.locale == "pt_BR"

    doc = eventually(lambda: _found(projection.find_one({"_id": account.id})))
    assert doc["email"] == account.email and doc["email_normalized"] == email.lower()
    assert (doc["first_name"], doc["last_name"], doc["version"], doc["status"]) == ("Ana", "Souza", 1, "active")
    assert doc["projected_event_id"] and "password_hash" not in doc and "password" not in str(doc)

    assert run(api.authenticate(email.upper(), PASSWORD)).id == account.id
    page = run(api.list_users(limit=1000))
    assert account.id in {u.id for u in page.users}

    updated = run(api.update_profile(account.id, "Ana Maria", "Souza"))
    assert updated.first_name == "Ana Maria"
    eventually(lambda: _found(projection.find_one({"_id": account.id, "version": 2, "first_name": "Ana Maria"})))


def test_english_mail(settings, mailbox):
    email = unique_email("en")
    sign_up(email, locale="en")
    mail = mailbox.wait_for(email.lower(), subject_contains="Confirm your e-mail")
    assert "Hello, Ana!" in mail.text


def test_duplicate_email_is_case_insensitive(settings, mailbox):
    email = unique_email("dup")
    sign_up(email)
    with pytest.raises(ValidationFailed) as err:
        sign_up(email.upper())
    assert err.value.fields == {"email": "email_taken"} and err.value.code == "validation"
    mailbox.wait_for(email.lower(), subject_contains="Confirme")
    assert len(mailbox.messages(to=email.lower())) == 1


def test_invalid_form_gets_field_keys():
    with pytest.raises(ValidationFailed) as err:
        run(api.register("", "Souza", "not-an-email", "short", "short", date.today(), "en"))
    assert err.value.fields == {"first_name": "required", "email": "email_invalid",
                                "password": "password_too_short", "birth_date": "too_young"}


def test_expired_token(settings, mailbox, users_db):
    email = unique_email("late")
    sign_up(email)
    token = confirmation_token(mailbox, settings, email.lower())
    with users_db[1].begin() as conn:  # 24 hours later, as far as this token is concerned
        conn.execute(text("UPDATE confirmation_tokens SET expires_at = :past WHERE user_id = "
                          "(SELECT id FROM users WHERE email_normalized = :email)"),
                     {"past": datetime.now(UTC) - timedelta(seconds=1), "email": email.lower()})
    with pytest.raises(AccountError) as err:
        run(api.confirm(token))
    assert err.value.code == "token_expired"


def test_reused_unknown_and_replaced_tokens(settings, mailbox):
    email = unique_email("twice")
    sign_up(email)
    first = confirmation_token(mailbox, settings, email.lower())
    run(api.resend_confirmation(email, "en"))
    second = confirmation_token(mailbox, settings, email.lower(), subject="Confirm your e-mail")
    assert second != first
    with pytest.raises(AccountError) as err:
        run(api.confirm(first))
    assert err.value.code == "token_expired"
    run(api.confirm(second))
    with pytest.raises(AccountError) as err:
        run(api.confirm(second))
    assert err.value.code == "token_used"
    with pytest.raises(AccountError) as err:
        run(api.confirm("x" * 43))
    assert err.value.code == "token_unknown"
    run(api.resend_confirmation(unique_email("nobody"), "en"))  # same neutral answer, nothing sent


def test_wrong_password_unconfirmed_and_lockout(settings, mailbox):
    email = unique_email("lock")
    sign_up(email)
    with pytest.raises(AccountError) as err:
        run(api.authenticate(email, PASSWORD))
    assert err.value.code == "unconfirmed"
    run(api.confirm(confirmation_token(mailbox, settings, email.lower())))
    for _ in range(4):
        with pytest.raises(AccountError) as err:
            run(api.authenticate(email, "wrong password!"))
        assert err.value.code == "invalid_credentials"
    with pytest.raises(AccountLocked) as err:
        run(api.authenticate(email, "wrong password!"))
    assert err.value.code == "locked" and err.value.minutes == 15 and "15 minutes" in str(err.value)
    with pytest.raises(AccountLocked):
        run(api.authenticate(email, PASSWORD))
    with pytest.raises(AccountError) as err:  # unknown e-mails answer exactly like wrong passwords
        run(api.authenticate(unique_email("ghost"), PASSWORD))
    assert err.value.code == "invalid_credentials"


def test_change_password(settings, mailbox):
    email = unique_email("pw")
    sign_up(email)
    account = run(api.confirm(confirmation_token(mailbox, settings, email.lower())))
    with pytest.raises(ValidationFailed) as err:
        run(api.change_password(account.id, "not it at all", "new long secret", "new long secret"))
    assert err.value.fields == {"current_password": "password_incorrect"}
    run(api.change_password(account.id, PASSWORD, "new long secret", "new long secret"))
    assert run(api.authenticate(email, "new long secret")).id == account.id


def _found(doc):
    assert doc is not None
    return doc
