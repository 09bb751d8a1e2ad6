"""The page footer: the brand mark and a one-line promise."""

import reflex as rx

from dreams_app import styles
from dreams_app.i18n import t


def footer() -> rx.Component:
    return rx.el.footer(
        rx.flex(
            rx.image(src="/favicon.svg", alt="", width="1.75rem", height="1.75rem"),
            rx.text("© 2026 ", t("footer.rights"), size="2"),
            align="center",
            gap="0.75rem",
            padding_y="1.5rem",
            style=styles.container_style,
        ),
        style=styles.footer_style,
    )
