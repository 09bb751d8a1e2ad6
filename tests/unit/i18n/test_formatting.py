"""services.i18n: the one locale normaliser, money from integer minor units, dates, plurals."""

from datetime import UTC, datetime
from decimal import Decimal

import pytest

from services.i18n import (
    format_day,
    format_money,
    format_numeric_datetime,
    format_numeric_day,
    html_lang,
    normalise_locale,
    translator,
)

NBSP = "\xa0"  # CLDR puts a no-break space between a Portuguese currency symbol and the number


@pytest.mark.parametrize(
    "value,expected",
    [
        ("pt_BR", "pt_BR"),
        ("pt-BR", "pt_BR"),
        ("pt_br", "pt_BR"),
        ("pt", "pt_BR"),
        ("PT-pt", "pt_BR"),
        ("en", "en"),
        ("en-US", "en"),
        ("en_GB", "en"),
        ("EN", "en"),
        ("en_US.UTF-8", "en"),
        (None, "pt_BR"),
        ("", "pt_BR"),
        ("fr", "pt_BR"),
        ("zz-ZZ", "pt_BR"),
        ("auto", "pt_BR"),
        ("123", "pt_BR"),
        (["en"], "pt_BR"),
        (7, "pt_BR"),
    ],
)
def test_every_spelling_becomes_a_locale_we_speak(value, expected):
    assert normalise_locale(value) == expected


def test_an_unusable_value_takes_the_callers_default_then_the_shops():
    assert normalise_locale("auto", default="en-US") == "en" and normalise_locale("fr", default="xx") == "pt_BR"
    assert normalise_locale("pt-BR", default="en") == "pt_BR"
    assert [html_lang(v) for v in ("pt_BR", "en_US", None)] == ["pt-BR", "en", "pt-BR"]


@pytest.mark.parametrize(
    "minor,currency,locale,expected",
    [
        (123456, "BRL", "pt_BR", f"R${NBSP}1.234,56"),
        (123456, "BRL", "en", "R$1,234.56"),
        (123456, "USD", "pt_BR", f"US${NBSP}1.234,56"),
        (123456, "USD", "en", "$1,234.56"),
        (123456, "JPY", "pt_BR", f"JP¥{NBSP}123.456"),
        (123456, "JPY", "en", "¥123,456"),  # 0 decimals
        (123456, "KWD", "pt_BR", f"KWD{NBSP}123,456"),
        (123456, "KWD", "en", "KWD123.456"),  # 3 decimals
        (5, "BRL", "pt-BR", f"R${NBSP}0,05"),
        (-250, "usd", "en-US", "-$2.50"),
        (0, "JPY", "en", "¥0"),
    ],
)
def test_money_is_minor_units_with_the_currencys_own_decimals(minor, currency, locale, expected):
    assert format_money(minor, currency, locale) == expected


def test_money_is_exact_for_amounts_a_float_would_round():
    # 2^53 + 1 cents: float division (the sandbox did it) gives 90071992547409.92
    assert format_money(2**53 + 1, "BRL", "en") == "R$90,071,992,547,409.93"


@pytest.mark.parametrize("amount", [12.5, Decimal("12.50"), True, "1250"])
def test_money_refuses_anything_but_integer_minor_units(amount):
    with pytest.raises(TypeError, match="minor units"):
        format_money(amount, "BRL", "pt_BR")


def test_dates_are_shown_in_the_given_zone_in_each_language():
    moment = datetime(2026, 12, 1, 1, 30, tzinfo=UTC)  # still 30 November in São Paulo (UTC−3)
    assert format_numeric_datetime(moment, "America/Sao_Paulo", "pt_BR") == "30/11/2026 22:30"
    assert format_numeric_datetime(moment, "Europe/Lisbon", "en") == "2026-12-01 01:30"
    assert format_numeric_day(moment.replace(tzinfo=None), "UTC", "pt-BR") == "01/12/2026"  # naive = UTC
    assert format_day(moment, "America/Sao_Paulo", "pt_BR") == "30 de nov. de 2026"
    assert format_day(moment, "America/Sao_Paulo", "en") == "Nov 30, 2026"


@pytest.mark.parametrize(
    "locale,n,travellers,nights",
    [
        # Portuguese counts 0 with the singular (CLDR "one": i = 0..1; gettext's pt_BR rule n > 1).
        ("pt_BR", 0, "0 viajante", "0 noite"),
        ("pt_BR", 1, "1 viajante", "1 noite"),
        ("pt_BR", 2, "2 viajantes", "2 noites"),
        ("en", 0, "0 travellers", "0 nights"),
        ("en", 1, "1 traveller", "1 night"),
        ("en", 2, "2 travellers", "2 nights"),
    ],
)
def test_plurals_follow_each_languages_rule(locale, n, travellers, nights):
    tr = translator(locale)
    assert tr.ngettext("{n} traveller", "{n} travellers", n).format(n=n) == travellers
    assert tr.ngettext("{n} night", "{n} nights", n).format(n=n) == nights


def test_any_locale_spelling_finds_the_catalog_and_english_is_the_source():
    assert translator("pt-BR").gettext("Order") == "Pedido" == translator("pt").gettext("Order")
    assert translator("en-US").gettext("Order") == "Order"
    assert translator("pt_BR").gettext("a text nobody wrote") == "a text nobody wrote"
