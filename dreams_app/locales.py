"""The languages the app speaks (services.i18n decides which and how to read any spelling), with
the language switch's labels."""

from services.i18n import DEFAULT_LOCALE, LOCALES, html_lang, normalise_locale

# Short labels for the language switch, full names for screen readers, tags for HTML `lang`.
LABELS: dict[str, str] = {"pt_BR": "PT", "en": "EN"}
NAMES: dict[str, str] = {"pt_BR": "Português (Brasil)", "en": "English"}
HTML_LANG: dict[str, str] = {locale: html_lang(locale) for locale in LOCALES}

__all__ = ["DEFAULT_LOCALE", "HTML_LANG", "LABELS", "LOCALES", "NAMES", "normalise_locale"]
