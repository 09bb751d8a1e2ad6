"""The languages Dreams speaks, and the one place that turns any spelling into one of them.

Locale ids are Babel's (`pt_BR`); HTML `lang`, Stripe and e-mail headers want BCP 47 (`pt-BR`).
"""

from __future__ import annotations

from functools import lru_cache

from babel.core import parse_locale

from services.config import get_settings

LOCALES: tuple[str, ...] = ("pt_BR", "en")
# We speak one variant per language: any Portuguese reads pt_BR, any English reads en.
_BY_LANGUAGE = {locale.split("_")[0]: locale for locale in LOCALES}


def _supported(value: object) -> str | None:
    if not isinstance(value, str) or not value.strip():
        return None
    return _supported_text(value)


# Every computed var and formatter normalises its locale, so this runs thousands of times per second
# under load with the same few spellings: Babel's parse once per spelling.
@lru_cache(maxsize=256)
def _supported_text(value: str) -> str | None:
    try:  # "pt-BR", "pt_br", "en-US", "en_US.UTF-8", "pt" …
        language = parse_locale(value.strip().replace("-", "_").split(".")[0])[0]
    except ValueError:
        return None
    return _BY_LANGUAGE.get(language.lower())


_configured = get_settings().default_locale
DEFAULT_LOCALE: str = _supported(_configured) or "pt_BR"


def normalise_locale(value: object, default: str | None = None) -> str:
    """A supported locale for any input: "pt-BR", "pt_br", "pt" → "pt_BR"; "en-US" → "en";
    None or junk → `default` (itself normalised) or DEFAULT_LOCALE."""
    return _supported(value) or _supported(default) or DEFAULT_LOCALE


def html_lang(locale: object) -> str:
    """The BCP 47 tag for HTML `lang`, Stripe's `locale` and the like: "pt_BR" → "pt-BR"."""
    return normalise_locale(locale).replace("_", "-")
