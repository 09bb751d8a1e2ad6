"""Reflex's own 404 is a bare "404: Page not found" span (no heading, no landmark, English only):
this one has the layout, an <h1> in the reader's language and a way back."""

import reflex as rx

from dreams_app import routes
from dreams_app.components.page_header import page_header
from dreams_app.i18n import t
from dreams_app.template import page


@page("404", "notfound.title")
def not_found_page() -> rx.Component:
    return rx.vstack(
        page_header(t("notfound.heading"), t("notfound.text")),
        rx.link(t("notfound.home"), href=routes.home_url(), data_testid="not-found-home"),
        data_testid="not-found",
    )
