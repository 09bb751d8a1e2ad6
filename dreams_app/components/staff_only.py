"""A staff page's body by the server's verdict (StaffState.staff_access): the page, "no access" for
a traveller, "temporarily unavailable", or a skeleton while it checks. Anonymous visitors never see
it: the guard sends them to the log-in page. Hiding is not the protection — the state serves no
data unless the check passed — it only says what happened."""

import reflex as rx

from dreams_app import routes, styles
from dreams_app.components.error_callout import unavailable_callout
from dreams_app.components.loading_skeleton import loading_skeleton
from dreams_app.i18n import t


def no_access() -> rx.Component:
    return rx.vstack(
        rx.icon("shield-alert", size=28, aria_hidden="true"),
        rx.heading(t("staff.no_access_title"), as_="h2", size="5"),
        rx.text(t("staff.no_access_text"), style=styles.muted_text_style, text_align="center", max_width="30rem"),
        rx.link(t("staff.no_access_home"), href=routes.home_url()),
        align="center",
        spacing="3",
        padding_y="3rem",
        style=styles.card_style,
        role="alert",
        data_testid="no-access",
    )


def staff_only(access: rx.Var[str], content: rx.Component, on_retry: rx.EventHandler) -> rx.Component:
    return rx.match(
        access,
        ("allowed", content),
        ("forbidden", no_access()),
        ("unavailable", unavailable_callout(on_retry=on_retry)),
        loading_skeleton(t("staff.checking"), rows=2),
    )
