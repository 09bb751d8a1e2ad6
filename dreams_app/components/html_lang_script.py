"""Sets <html lang> from the stored language before React starts, so screen readers use the right
voice on the first paint too (the server renders the default language's tag)."""

import json

import reflex as rx

from dreams_app.locales import HTML_LANG
from dreams_app.state.base import LOCALE_STORAGE_KEY


def html_lang_script() -> rx.Component:
    tags = json.dumps(HTML_LANG)
    return rx.script(
        f"try{{var t={tags}[localStorage.getItem({json.dumps(LOCALE_STORAGE_KEY)})];"
        "if(t)document.documentElement.lang=t}catch(e){}"
    )
