"""Money for display. Amounts live as integer minor units everywhere (what Stripe takes); only
here do they become a decimal, with the currency's own number of decimals (JPY 0, BRL 2, KWD 3)."""

from __future__ import annotations

from decimal import Decimal

from babel.numbers import format_currency, get_currency_precision

from services.i18n.locales import normalise_locale


def format_money(minor_units: int, currency: str, locale: str | None) -> str:
    """`format_money(123450, "BRL", "pt_BR")` → 'R$ 1.234,50'; `(1234, "JPY", "en")` → '¥1,234'."""
    if isinstance(minor_units, bool) or not isinstance(minor_units, int):
        raise TypeError(f"money is an integer number of minor units, not {type(minor_units).__name__}")
    code = currency.upper()
    amount = Decimal(minor_units).scaleb(-get_currency_precision(code))  # exact, never a float
    return format_currency(amount, code, locale=normalise_locale(locale))
