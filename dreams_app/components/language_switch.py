"""PT | EN switch. Changing it re-renders every text at once (see dreams_app/i18n.py)."""

import reflex as rx

from dreams_app.i18n import t
from dreams_app.locales import HTML_LANG, LABELS, LOCALES, NAMES
from dreams_app.state.base import AppState


def language_switch() -> rx.Component:
    return rx.segmented_control.root(
        *[
            rx.segmented_control.item(
                LABELS[code], value=code, aria_label=NAMES[code], custom_attrs={"lang": HTML_LANG[code]}
            )
            for code in LOCALES
        ],
        value=AppState.lang,
        on_change=AppState.set_locale,
        size="1",
        radius="full",
        aria_label=t("nav.language"),
    )
