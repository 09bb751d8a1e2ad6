"""Sign-up and profile rules, shared by the web form and the users worker (which has the last word).

Pure: no I/O, no clock (callers pass `today`), no DNS. Every function returns `{field: key}` — an
empty dict means valid. Keys are stable message ids the UI translates; `MESSAGES[key]` is the
English default (also what the users worker puts in its error text).

Field names are the API's parameter names: first_name, last_name, email, password,
password_confirmation, birth_date, new_password, new_password_confirmation.
"""

from __future__ import annotations

from datetime import date

from email_validator import EmailNotValidError, validate_email

NAME_MAX = 100
PASSWORD_MIN = 10
PASSWORD_MAX = 256  # argon2 takes any length; a cap keeps one request from costing seconds
EMAIL_MAX = 320
MIN_AGE = 18
MAX_AGE = 130  # older than this is a typo, not a traveller

MESSAGES: dict[str, str] = {
    "required": "This field is required.",
    "name_too_long": f"Use at most {NAME_MAX} characters.",
    "email_invalid": "Enter a valid e-mail address, like name@example.com.",
    "email_taken": "An account with this e-mail already exists. Log in, or ask for a new confirmation e-mail.",
    "email_undeliverable": "We could not send e-mail to this address. Check it and try again.",
    "password_too_short": f"Use at least {PASSWORD_MIN} characters.",
    "password_too_long": f"Use at most {PASSWORD_MAX} characters.",
    "password_is_email": "The password must not be your e-mail address.",
    "password_mismatch": "The passwords do not match.",
    "password_incorrect": "The current password is not correct.",
    "birth_date_future": "The birth date cannot be in the future.",
    "birth_date_invalid": "Check the birth date.",
    "too_young": f"You must be at least {MIN_AGE} years old to sign up.",
}

Errors = dict[str, str]


def message(key: str) -> str:
    """English default for a message key (the key itself if unknown)."""
    return MESSAGES.get(key, key)


def canonical_email(email: str) -> str:
    """The form e-mail uniqueness and look-ups use: the validator's normal form, lower-cased.

    Falls back to strip().lower() for input that is not a valid address (look-ups of junk find nothing).
    """
    try:
        return _validated(email).lower()
    except EmailNotValidError:
        return email.strip().lower()


def normalized_email(email: str) -> str | None:
    """The address as it should be stored and mailed (domain lower-cased, Unicode normalised), or None."""
    try:
        return _validated(email)
    except EmailNotValidError:
        return None


def _validated(email: str) -> str:
    # No DNS (check_deliverability=False). test_environment allows the reserved `.test` domain the
    # local stack and the tests use; it changes nothing else.
    return validate_email(email.strip(), check_deliverability=False, test_environment=True).normalized


def age_on(birth_date: date, today: date) -> int:
    """Whole years completed on `today` (the birthday itself counts)."""
    return today.year - birth_date.year - ((today.month, today.day) < (birth_date.month, birth_date.day))


def check_name(field: str, value: str | None, errors: Errors) -> None:
    text = (value or "").strip()
    if not text:
        errors[field] = "required"
    elif len(text) > NAME_MAX:
        errors[field] = "name_too_long"


def check_email(value: str | None, errors: Errors) -> None:
    text = (value or "").strip()
    if not text:
        errors["email"] = "required"
    elif len(text) > EMAIL_MAX or normalized_email(text) is None:
        errors["email"] = "email_invalid"


def check_new_password(
    password: str | None,
    confirmation: str | None,
    email: str | None,
    errors: Errors,
    *,
    field: str = "password",
    confirmation_field: str = "password_confirmation",
) -> None:
    password = password or ""
    if not password:
        errors[field] = "required"
    elif len(password) < PASSWORD_MIN:
        errors[field] = "password_too_short"
    elif len(password) > PASSWORD_MAX:
        errors[field] = "password_too_long"
    elif email and password.strip().lower() == email.strip().lower():
        errors[field] = "password_is_email"
    if field not in errors and password != (confirmation or ""):
        errors[confirmation_field] = "password_mismatch"


def check_birth_date(birth_date: date | None, today: date, errors: Errors) -> None:
    if birth_date is None:
        errors["birth_date"] = "required"
    elif birth_date > today:
        errors["birth_date"] = "birth_date_future"
    elif age_on(birth_date, today) > MAX_AGE:
        errors["birth_date"] = "birth_date_invalid"
    elif age_on(birth_date, today) < MIN_AGE:
        errors["birth_date"] = "too_young"


def validate_registration(
    *,
    first_name: str | None,
    last_name: str | None,
    email: str | None,
    password: str | None,
    password_confirmation: str | None,
    birth_date: date | None,
    today: date,
) -> Errors:
    errors: Errors = {}
    check_name("first_name", first_name, errors)
    check_name("last_name", last_name, errors)
    check_email(email, errors)
    check_new_password(password, password_confirmation, email, errors)
    check_birth_date(birth_date, today, errors)
    return errors


def validate_profile(*, first_name: str | None, last_name: str | None) -> Errors:
    errors: Errors = {}
    check_name("first_name", first_name, errors)
    check_name("last_name", last_name, errors)
    return errors


def validate_password_change(
    *, new_password: str | None, new_password_confirmation: str | None, email: str | None
) -> Errors:
    errors: Errors = {}
    check_new_password(
        new_password,
        new_password_confirmation,
        email,
        errors,
        field="new_password",
        confirmation_field="new_password_confirmation",
    )
    return errors
