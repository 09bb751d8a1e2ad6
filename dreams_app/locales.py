"""The languages the app speaks. Babel locale ids (`pt_BR`), mapped to BCP 47 tags for HTML."""
from services.config import get_settings

LOCALES: tuple[str, ...] = ("pt_BR", "en")
# Short labels for the language switch, full names for screen readers, tags for HTML `lang`.
LABELS: dict[str, str] = {"pt_BR": "PT", "en": "EN"}
NAMES: dict[str, str] = {"pt_BR": "Português (Brasil)", "en": "English"}
HTML_LANG: dict[str, str] = {"pt_BR": "pt-BR", "en": "en"}

_configured = get_settings().default_locale
DEFAULT_LOCALE: str = _configured if _configured in LOCALES else "pt_BR"


def normalize_locale(value: str | None) -> str:
    """A supported locale for any input (the browser's stored choice can be anything)."""
    return value if value in LOCALES else DEFAULT_LOCALE
