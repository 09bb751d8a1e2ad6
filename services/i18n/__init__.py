"""One home for language, money, dates and plurals on the server (framework-free; the Reflex app
re-uses it for its own formatting).

- `normalise_locale(value)` → "pt_BR" | "en"; `html_lang(locale)` → "pt-BR" | "en".
- `format_money(minor_units, currency, locale)`: integer minor units, the currency's decimals.
- `format_datetime`, `format_day`, `format_numeric_day`, `format_numeric_datetime`.
- `translator(locale)`: gettext catalogs (locale/*.po) for every text the server sends.
"""

from services.i18n.catalogs import translator
from services.i18n.dates import (
    DEFAULT_TIMEZONE,
    format_datetime,
    format_day,
    format_numeric_datetime,
    format_numeric_day,
)
from services.i18n.locales import DEFAULT_LOCALE, LOCALES, html_lang, normalise_locale
from services.i18n.money import format_money

__all__ = [
    "DEFAULT_LOCALE",
    "DEFAULT_TIMEZONE",
    "LOCALES",
    "format_datetime",
    "format_day",
    "format_money",
    "format_numeric_datetime",
    "format_numeric_day",
    "html_lang",
    "normalise_locale",
    "translator",
]
