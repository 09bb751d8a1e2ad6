"""The staff command's rules (services/users/admin.py) on a real SQLite file, with a fake clock."""

from __future__ import annotations

from functools import partial

import pytest
from sqlalchemy import select
from sqlmodel import Session

from services.errors import ValidationFailed
from services.users import admin, repository
from services.users.models import OutboxEvent, User

from .fakes import NOW, FakeClock


@pytest.fixture
def sessions(engine):
    return partial(Session, engine)


def _user(sessions, email):
    with sessions() as s:
        return repository.get_by_email(s, email)


def _events(sessions) -> list[tuple[str, dict]]:
    import json

    with sessions() as s:
        return [(r.type, json.loads(r.data)) for r in s.exec(select(OutboxEvent).order_by(OutboxEvent.seq)).scalars()]


def test_creates_an_active_staff_account_with_a_generated_password(sessions, hasher):
    change = admin.create_staff(sessions, " Ops@Dreams.Test ", hasher=hasher, clock=FakeClock())
    assert (change.email, change.outcome) == ("Ops@dreams.test", "created")  # the domain lower-cased, as at sign-up
    assert change.password and len(change.password) >= 16
    user = _user(sessions, "ops@dreams.test")
    assert (user.role, user.status, user.version) == ("staff", "active", 1)
    assert hasher.verify(user.password_hash, change.password)
    [(kind, data)] = _events(sessions)
    assert kind == "users.created" and data["role"] == "staff" and "password_hash" not in data


def test_is_idempotent_and_promotes_an_active_traveller_keeping_the_password(sessions, hasher):
    with sessions() as s:
        s.add(
            User(
                first_name="Ana",
                last_name="Souza",
                email="ana@x.test",
                email_normalized="ana@x.test",
                status="active",
                password_hash=hasher.hash("ana-password-1"),
                created_at=NOW,
                version=1,
            )
        )
        s.commit()
    first = admin.create_staff(sessions, "ana@x.test", hasher=hasher)
    again = admin.create_staff(sessions, "ANA@x.test", hasher=hasher)
    assert (first.outcome, first.password) == ("promoted", None)
    assert (again.outcome, again.password) == ("unchanged", None)
    user = _user(sessions, "ana@x.test")
    assert user.role == "staff" and hasher.verify(user.password_hash, "ana-password-1")
    assert [(k, d["role"], d["version"]) for k, d in _events(sessions)] == [("users.role_changed", "staff", 2)]


def test_a_pending_account_is_confirmed_with_a_new_password(sessions, hasher):
    with sessions() as s:
        s.add(
            User(
                first_name="Eve",
                last_name="X",
                email="eve@x.test",
                email_normalized="eve@x.test",
                status="pending",
                password_hash=hasher.hash("whoever-typed-it"),
                created_at=NOW,
            )
        )
        s.commit()
    change = admin.create_staff(sessions, "eve@x.test", hasher=hasher)
    user = _user(sessions, "eve@x.test")
    assert change.outcome == "promoted" and change.password
    assert user.status == "active" and user.role == "staff"
    assert not hasher.verify(user.password_hash, "whoever-typed-it")  # the sign-up password is gone
    assert [k for k, _ in _events(sessions)] == ["users.created"]


def test_remove_staff_demotes_and_announces_it(sessions, hasher):
    admin.create_staff(sessions, "ops@x.test", password="a-long-password", hasher=hasher)
    assert admin.remove_staff(sessions, "ops@x.test").outcome == "demoted"
    assert admin.remove_staff(sessions, "ops@x.test").outcome == "unchanged"
    assert _user(sessions, "ops@x.test").role == "traveller"
    assert [(k, d["role"]) for k, d in _events(sessions)] == [
        ("users.created", "staff"),
        ("users.role_changed", "traveller"),
    ]
    with pytest.raises(ValidationFailed) as err:
        admin.remove_staff(sessions, "nobody@x.test")
    assert err.value.fields == {"email": "no_account"}


@pytest.mark.parametrize(
    ("email", "password", "field", "key"),
    [
        ("not-an-email", None, "email", "email_invalid"),
        ("ops@x.test", "short", "password", "password_too_short"),
        ("ops@x.test", "ops@x.test", "password", "password_is_email"),
    ],
)
def test_the_sign_up_rules_apply(sessions, hasher, email, password, field, key):
    with pytest.raises(ValidationFailed) as err:
        admin.create_staff(sessions, email, password=password, hasher=hasher)
    assert err.value.fields[field] == key
    assert _events(sessions) == []


def test_the_cli_prints_a_field_error_and_exits_2(capsys):
    assert admin.main(["create-staff", "nope"]) == 2
    assert "email: Enter a valid e-mail address" in capsys.readouterr().err
