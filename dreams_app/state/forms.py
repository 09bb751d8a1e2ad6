"""Form helpers shared by the account states: error keys → translated texts, field by field.

Errors are kept as message KEYS (services/users/validation.py keys, services/users/errors.py
codes) so a language switch re-translates them; the texts live in dreams_app/messages/accounts.py.
"""

from __future__ import annotations

from datetime import date

from dreams_app.i18n import MESSAGES, translate
from dreams_app.state.outage import unavailable_key
from services.errors import DreamsError, ServiceUnavailable, ValidationFailed
from services.users import validation
from services.users.errors import AccountError, TooManyAttempts, wait_text

FORM = "_form"  # the pseudo-field of errors that belong to no single field


def error_text(key: str, locale: str, retry_after_s: int | None = None) -> str:
    if not key:
        return ""
    message_key = f"accounts.error.{key}"
    if message_key not in MESSAGES:  # a key the worker added later: its English default
        return validation.message(key)
    text = translate(message_key, locale)
    if "{wait}" not in text:
        return text
    return text.format(wait=wait_text(max(1, retry_after_s or 1)))  # "N s" / "N min" read alike in both


def texts(
    errors: dict[str, str], fields: tuple[str, ...], locale: str, retry_after_s: int | None = None
) -> dict[str, str]:
    """Every field present (empty when fine), so the page can index the dict without guards."""
    return {field: error_text(errors.get(field, ""), locale, retry_after_s) for field in (*fields, FORM)}


def retry_after_s(exc: Exception) -> int:
    """The seconds a throttled request must wait (0 for any other failure)."""
    return exc.retry_after_s if isinstance(exc, TooManyAttempts) else 0


def service_errors(exc: Exception) -> dict[str, str]:
    """The field errors a services call failed with; unknown failures become a form-level error."""
    if isinstance(exc, ValidationFailed):
        return {field: key for field, key in exc.fields.items()}
    if isinstance(exc, AccountError):
        return {FORM: exc.code}
    if isinstance(exc, ServiceUnavailable):
        return {FORM: unavailable_key(exc)}
    if isinstance(exc, DreamsError):
        return {FORM: getattr(exc, "code", "unexpected")}
    return {FORM: "unexpected"}


def parse_date(value: str | None) -> date | None:
    """The value of an <input type=date> (YYYY-MM-DD), or None."""
    try:
        return date.fromisoformat((value or "").strip())
    except ValueError:
        return None


def first_invalid(errors: dict[str, str], order: tuple[str, ...]) -> str | None:
    return next((field for field in order if errors.get(field)), None)
