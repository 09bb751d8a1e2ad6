"""Texts the server sends (e-mails, receipts, terms, Stripe line items, .ics) through gettext.

Source code holds English msgids:

    _ = translator(locale).gettext
    subject = _("Confirm your e-mail for Dreams")
    nights = translator(locale).ngettext("{n} night", "{n} nights", n).format(n=n)

Always call the methods of a translator (never a helper taking the locale first): pybabel finds
msgids by the names `_`, `gettext` and `ngettext` with the text as their first arguments.

`make messages` extracts them (pybabel, babel.cfg) into locale/messages.pot and updates
locale/pt_BR/LC_MESSAGES/messages.po; tests/unit/i18n fails when either is behind the code.
English needs no catalog: an untranslated msgid is the English text, and gettext's English plural
rule (n != 1) is the fallback's own.

The .po is compiled in memory on first use, not by a build step: no .mo file to forget or to go
stale, and every process (app, workers, sandbox, tests) reads the same source the test checks.
"""

from __future__ import annotations

from functools import cache
from io import BytesIO
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations

from services.i18n.locales import normalise_locale

LOCALE_DIR = Path(__file__).parent / "locale"
DOMAIN = "messages"
SOURCE_LOCALE = "en"  # the language of the msgids


def po_path(locale: str) -> Path:
    return LOCALE_DIR / locale / "LC_MESSAGES" / f"{DOMAIN}.po"


@cache
def _load(locale: str) -> NullTranslations:
    if locale == SOURCE_LOCALE:
        return NullTranslations()
    with po_path(locale).open("rb") as po:
        catalog = read_po(po, locale=locale, domain=DOMAIN)
    mo = BytesIO()
    write_mo(mo, catalog)  # fuzzy entries are left out: they fall back to English
    mo.seek(0)
    return Translations(mo, domain=DOMAIN)


def translator(locale: str | None) -> NullTranslations:
    """The gettext translations for a locale (any spelling; see normalise_locale)."""
    return _load(normalise_locale(locale))
