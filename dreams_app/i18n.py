"""Translations: `t("key")` in components, `translate("key", locale)` in server code.

`t` returns a Var that looks the text up in the browser by the current locale, so switching the
language re-renders every text at once without a page reload or a server round trip per text.
"""
import reflex as rx

from dreams_app.locales import DEFAULT_LOCALE, LOCALES
from dreams_app.messages import accounts, checkout, common, packages, password_reset, users
from dreams_app.state.base import AppState

ALL: tuple[dict[str, dict[str, str]], ...] = (common.MESSAGES, users.MESSAGES, packages.MESSAGES,
                                              accounts.MESSAGES, checkout.MESSAGES, password_reset.MESSAGES)


def _merge(tables: tuple[dict[str, dict[str, str]], ...]) -> dict[str, dict[str, str]]:
    merged: dict[str, dict[str, str]] = {}
    for table in tables:
        for key, texts in table.items():
            if key in merged:
                raise ValueError(f"message key defined twice: {key}")
            missing = set(LOCALES) - texts.keys()
            if missing:
                raise ValueError(f"message {key} lacks {sorted(missing)}")
            merged[key] = texts
    return merged


# Checked at import, so a missing translation fails the build instead of showing a blank.
MESSAGES: dict[str, dict[str, str]] = _merge(ALL)


def translate(key: str, locale: str) -> str:
    texts = MESSAGES[key]
    return texts.get(locale) or texts[DEFAULT_LOCALE]


def t(key: str) -> rx.Var[str]:
    """The text for `key` in the visitor's language, as a Var (KeyError at build if unknown)."""
    return rx.Var.create(MESSAGES[key])[AppState.lang].to(str)
