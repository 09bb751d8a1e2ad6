from datetime import date

import pytest

from services.users import validation
from services.users.validation import (
    MESSAGES,
    age_on,
    canonical_email,
    validate_password_change,
    validate_profile,
    validate_registration,
)

TODAY = date(2026, 6, 15)


def form(**changes):
    values = dict(
        first_name="Ana",
        last_name="Souza",
        email="ana@example.com",
        password="a long secret",
        password_confirmation="a long secret",
        birth_date=date(1990, 1, 1),
        today=TODAY,
    )
    values.update(changes)
    return validate_registration(**values)


def test_a_good_form_has_no_errors():
    assert form() == {}


@pytest.mark.parametrize("field", ["first_name", "last_name"])
def test_names_are_required_and_at_most_100_characters(field):
    assert form(**{field: "   "})[field] == "required"
    assert form(**{field: None})[field] == "required"
    assert field not in form(**{field: "x" * 100})
    assert form(**{field: "x" * 101})[field] == "name_too_long"
    assert field not in form(**{field: "  " + "x" * 100 + "  "})  # surrounding spaces do not count


@pytest.mark.parametrize(
    "email",
    [
        "ana",
        "ana@",
        "@example.com",
        "ana@example",
        "ana @example.com",
        "ana@exa mple.com",
        "ana@@example.com",
        "a" * 310 + "@example.com",
    ],
)
def test_bad_email_syntax(email):
    assert form(email=email)["email"] == "email_invalid"


def test_email_is_required_and_reserved_test_domain_is_accepted():
    assert form(email="")["email"] == "required"
    assert "email" not in form(email="ana@dreams.test")
    assert "email" not in form(email="  Ana.Souza+trips@Example.COM ")


def test_password_needs_10_characters():
    assert form(password="x" * 9, password_confirmation="x" * 9)["password"] == "password_too_short"
    assert "password" not in form(password="x" * 10, password_confirmation="x" * 10)
    assert form(password="", password_confirmation="")["password"] == "required"
    too_long = "x" * (validation.PASSWORD_MAX + 1)
    assert form(password=too_long, password_confirmation=too_long)["password"] == "password_too_long"


def test_password_must_not_be_the_email_in_any_case():
    errors = form(
        email="Ana.Souza@Example.com", password="ana.souza@EXAMPLE.COM", password_confirmation="ana.souza@EXAMPLE.COM"
    )
    assert errors == {"password": "password_is_email"}


def test_confirmation_must_match():
    assert form(password_confirmation="a long secreT") == {"password_confirmation": "password_mismatch"}


def test_age_boundary_is_the_18th_birthday():
    assert form(birth_date=date(2008, 6, 15)) == {}  # 18 today
    assert form(birth_date=date(2008, 6, 16)) == {"birth_date": "too_young"}  # 18 tomorrow
    assert form(birth_date=None) == {"birth_date": "required"}
    assert form(birth_date=date(2026, 6, 16)) == {"birth_date": "birth_date_future"}
    assert form(birth_date=date(1890, 1, 1)) == {"birth_date": "birth_date_invalid"}


def test_age_on_leap_day_birthdays():
    assert age_on(date(2000, 2, 29), date(2018, 2, 28)) == 17
    assert age_on(date(2000, 2, 29), date(2018, 3, 1)) == 18


def test_profile_and_password_change_use_the_same_rules():
    assert validate_profile(first_name="", last_name="x" * 101) == {
        "first_name": "required",
        "last_name": "name_too_long",
    }
    assert validate_password_change(new_password="short", new_password_confirmation="short", email="a@example.com") == {
        "new_password": "password_too_short"
    }
    assert validate_password_change(
        new_password="0123456789", new_password_confirmation="0123456788", email="a@example.com"
    ) == {"new_password_confirmation": "password_mismatch"}


def test_every_key_has_an_english_default():
    errors = form(first_name="", email="bad", password="short", birth_date=date(2010, 1, 1))
    assert set(errors.values()) <= set(MESSAGES)
    assert validation.message("password_too_short") == "Use at least 10 characters."


def test_canonical_email_is_case_insensitive():
    assert canonical_email(" Ana@Example.COM ") == canonical_email("ana@example.com") == "ana@example.com"
    assert canonical_email("Not An Email") == "not an email"
