"""Locale-aware formatting with Babel, run on the server (from state computed vars).

Money is kept in minor units (cents) everywhere; only display turns it into a decimal.
"""
from datetime import datetime, timezone, tzinfo
from decimal import Decimal
from zoneinfo import ZoneInfo

from babel.dates import format_date as _babel_date
from babel.dates import format_datetime as _babel_datetime
from babel.numbers import format_currency, get_currency_precision

# Where the shop is; used until the browser tells us the traveller's own time zone.
DEFAULT_TIMEZONE = "America/Sao_Paulo"


def format_money(cents: int, currency: str, locale: str) -> str:
    """`format_money(123450, "BRL", "pt_BR")` -> 'R$ 1.234,50'. Honours each currency's decimals."""
    code = currency.upper()
    amount = Decimal(cents).scaleb(-get_currency_precision(code))
    return format_currency(amount, code, locale=locale)


def _zone(tz: str | tzinfo | None) -> tzinfo:
    if tz is None:
        return ZoneInfo(DEFAULT_TIMEZONE)
    return ZoneInfo(tz) if isinstance(tz, str) else tz


def _aware(dt: datetime) -> datetime:
    # Naive datetimes from our services are UTC by convention.
    return dt if dt.tzinfo else dt.replace(tzinfo=timezone.utc)


def format_datetime(dt: datetime, tz: str | tzinfo | None, locale: str, fmt: str = "medium") -> str:
    """A moment shown in the given time zone, e.g. '30 de nov. de 2026 14:05:00'."""
    return _babel_datetime(_aware(dt), fmt, tzinfo=_zone(tz), locale=locale)


def format_day(dt: datetime, tz: str | tzinfo | None, locale: str, fmt: str = "medium") -> str:
    """The calendar day of a moment in the given time zone, e.g. '30 de nov. de 2026'."""
    local = _aware(dt).astimezone(_zone(tz))
    return _babel_date(local.date(), fmt, locale=locale)
