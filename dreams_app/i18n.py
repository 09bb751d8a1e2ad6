"""Translations: `t("key")` in components, `translate("key", locale, n)` in server code.

`t` returns a Var that looks the text up in the browser by the current locale, so switching the
language re-renders every text at once without a page reload or a server round trip per text.

A text that counts something has plural forms instead of one string, keyed by the CLDR plural
categories of each language ("one", "other"; ICU-style "=0" for an exact number):

    "dashboard.travellers": {"pt_BR": {"one": "{n} viajante", "other": "{n} viajantes"},
                             "en": {"one": "{n} traveller", "other": "{n} travellers"}}

Babel's `Locale.plural_form(n)` picks the form: in a computed var (`translate(key, locale, n)`,
re-run on a language switch like any other), or at build time for a fixed number (`t(key, n=3)`).
"""

from __future__ import annotations

from functools import cache

import reflex as rx
from babel import Locale

from dreams_app.locales import DEFAULT_LOCALE, LOCALES
from dreams_app.messages import accounts, checkout, common, ops, packages, password_reset, travellers, users
from dreams_app.state.base import AppState

Text = str | dict[str, str]  # one string, or plural forms
Table = dict[str, dict[str, Text]]

ALL: tuple[Table, ...] = (
    common.MESSAGES,
    users.MESSAGES,
    packages.MESSAGES,
    accounts.MESSAGES,
    checkout.MESSAGES,
    password_reset.MESSAGES,
    travellers.MESSAGES,
    ops.MESSAGES,
)


@cache
def _plural_rule(locale: str):
    return Locale.parse(locale).plural_form


def _check_plural(key: str, locale: str, forms: dict[str, str]) -> None:
    # "one" and "other" are required where the language has them; a rarer category (Portuguese
    # "many" is for compact millions, "1 milhão de …") may be left out and falls back to "other".
    categories = set(_plural_rule(locale).tags) | {"other"}
    needed = categories & {"one", "other"}
    unknown = {f for f in forms if f not in categories and not (f.startswith("=") and f[1:].isdigit())}
    if needed - forms.keys() or unknown:
        raise ValueError(f"message {key} [{locale}] needs plural forms {sorted(needed)}, has {sorted(forms)}")


def _merge(tables: tuple[Table, ...]) -> Table:
    merged: Table = {}
    for table in tables:
        for key, texts in table.items():
            if key in merged:
                raise ValueError(f"message key defined twice: {key}")
            missing = set(LOCALES) - texts.keys()
            if missing:
                raise ValueError(f"message {key} lacks {sorted(missing)}")
            plural = {isinstance(text, dict) for text in texts.values()}
            if len(plural) > 1:
                raise ValueError(f"message {key} is plural in one language only")
            for locale, text in texts.items():
                if isinstance(text, dict):
                    _check_plural(key, locale, text)
            merged[key] = texts
    return merged


# Checked at import, so a missing translation or plural form fails the build instead of showing a blank.
MESSAGES: Table = _merge(ALL)


def is_plural(key: str) -> bool:
    return isinstance(MESSAGES[key][DEFAULT_LOCALE], dict)


def translate(key: str, locale: str, n: int | None = None) -> str:
    """The text for `key` in `locale`; for a plural text, the form for `n` (required)."""
    texts = MESSAGES[key]
    text = texts.get(locale) or texts[DEFAULT_LOCALE]
    if not isinstance(text, dict):
        return text
    if n is None:
        raise TypeError(f"message {key} has plural forms: give the number")
    locale = locale if locale in texts else DEFAULT_LOCALE
    return text.get(f"={n}") or text.get(_plural_rule(locale)(n)) or text["other"]


def t(key: str, n: int | None = None) -> rx.Var[str]:
    """The text for `key` in the visitor's language, as a Var (KeyError at build if unknown).
    With `n` (a number known when the page is built), the text for that number, `{n}` filled in."""
    if n is not None:
        texts = {locale: translate(key, locale, n).format(n=n) for locale in LOCALES}
        return rx.Var.create(texts)[AppState.lang].to(str)
    if is_plural(key):
        raise ValueError(f"message {key} has plural forms: give n, or format it in a computed var")
    return rx.Var.create(MESSAGES[key])[AppState.lang].to(str)
