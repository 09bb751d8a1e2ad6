"""Dates and times for display (Babel), always in a named time zone.

Moments are stored in UTC; naive datetimes from our services are UTC by convention.
"""

from __future__ import annotations

from datetime import datetime, timezone, tzinfo
from zoneinfo import ZoneInfo

from babel.dates import format_date as _babel_date
from babel.dates import format_datetime as _babel_datetime

from services.i18n.locales import normalise_locale

# Where the shop is; used until the browser tells us the traveller's own time zone.
DEFAULT_TIMEZONE = "America/Sao_Paulo"

# All-digit dates for e-mails, receipts and Stripe line items. English uses ISO 8601, so no reader
# mistakes day for month (CLDR's `en` short format is the American M/d/yy).
_NUMERIC_DATE = {"pt_BR": "dd/MM/yyyy", "en": "yyyy-MM-dd"}


def _zone(tz: str | tzinfo | None) -> tzinfo:
    if tz is None:
        return ZoneInfo(DEFAULT_TIMEZONE)
    return ZoneInfo(tz) if isinstance(tz, str) else tz


def _aware(dt: datetime) -> datetime:
    return dt if dt.tzinfo else dt.replace(tzinfo=timezone.utc)


def format_datetime(dt: datetime, tz: str | tzinfo | None, locale: str, fmt: str = "medium") -> str:
    """A moment shown in the given time zone, e.g. '30 de nov. de 2026 14:05:00'."""
    return _babel_datetime(_aware(dt), fmt, tzinfo=_zone(tz), locale=normalise_locale(locale))


def format_day(dt: datetime, tz: str | tzinfo | None, locale: str, fmt: str = "medium") -> str:
    """The calendar day of a moment in the given time zone, e.g. '30 de nov. de 2026'."""
    local = _aware(dt).astimezone(_zone(tz))
    return _babel_date(local.date(), fmt, locale=normalise_locale(locale))


def format_numeric_day(dt: datetime, tz: str | tzinfo | None, locale: str) -> str:
    """'30/11/2026' (pt_BR) or '2026-11-30' (en), the day in the given time zone."""
    locale = normalise_locale(locale)
    return format_day(dt, tz, locale, _NUMERIC_DATE[locale])


def format_numeric_datetime(dt: datetime, tz: str | tzinfo | None, locale: str) -> str:
    """'30/11/2026 14:05' (pt_BR) or '2026-11-30 14:05' (en), wall-clock time in the given zone."""
    locale = normalise_locale(locale)
    return format_datetime(dt, tz, locale, f"{_NUMERIC_DATE[locale]} HH:mm")
