"""`/dashboard` (logged-in only): "Minhas viagens" — every purchase, newest first, with its status."""

import reflex as rx

from dreams_app import routes
from dreams_app.components.empty_state import empty_state
from dreams_app.components.error_callout import error_callout, unavailable_callout
from dreams_app.components.loading_skeleton import loading_skeleton
from dreams_app.components.page_header import page_header
from dreams_app.components.purchase_card import purchase_card
from dreams_app.i18n import t
from dreams_app.state.dashboard import DashboardState
from dreams_app.template import page


def _trips() -> rx.Component:
    return rx.cond(
        DashboardState.trips.length() > 0,
        rx.el.ul(
            rx.foreach(DashboardState.trips, purchase_card),
            display="flex",
            flex_direction="column",
            gap="0.75rem",
            padding="0",
            margin="0",
            width="100%",
            aria_label=t("dashboard.heading"),
        ),
        empty_state(
            t("dashboard.empty_title"),
            t("dashboard.empty_text"),
            "luggage",
            rx.link(t("dashboard.search"), href=routes.home_url(), data_testid="dashboard-search"),
        ),
    )


@page(route=routes.DASHBOARD, title_key="dashboard.title", on_load=DashboardState.load, on_load_checks_session=True)
def dashboard_page() -> rx.Component:
    return rx.box(
        page_header(t("dashboard.heading"), t("dashboard.subtitle")),
        rx.match(
            DashboardState.trips_status,
            ("ready", _trips()),
            ("unavailable", unavailable_callout(on_retry=DashboardState.load)),
            ("error", error_callout(t("dashboard.failed"), on_retry=DashboardState.load)),
            loading_skeleton(t("dashboard.loading"), rows=3),
        ),
        width="100%",
        data_testid="dashboard",
        data_status=DashboardState.trips_status,
    )
