"""`/ops` (staff only): the system at a glance, refreshing itself every few seconds.

Sections, top to bottom; each is one component over its own OpsState fields, loaded by its loader
in dreams_app/state/ops_sections.py.
"""

import reflex as rx

from dreams_app import routes
from dreams_app.components.ops_activity import ops_activity
from dreams_app.components.ops_dead_letters import ops_dead_letters
from dreams_app.components.ops_topics import ops_topics
from dreams_app.components.ops_workers import ops_workers
from dreams_app.components.page_header import page_header
from dreams_app.components.staff_only import staff_only
from dreams_app.i18n import t
from dreams_app.state.ops import REFRESH_MS, OpsState
from dreams_app.template import page

SECTIONS = (ops_topics, ops_dead_letters, ops_workers, ops_activity)


def _sections() -> rx.Component:
    return rx.vstack(
        # The refresh clock: every REFRESH_MS it re-renders and calls `tick`; gone with the page.
        rx.moment(interval=REFRESH_MS, format="HH:mm:ss", on_change=OpsState.tick, display="none", aria_hidden="true"),
        rx.text(
            OpsState.refreshed_text, size="2", color_scheme="gray", aria_live="polite", data_testid="ops-refreshed"
        ),
        *(section() for section in SECTIONS),
        width="100%",
        spacing="5",
    )


@page(route=routes.OPS, title_key="ops.title", on_load=OpsState.refresh)
def ops_page() -> rx.Component:
    return rx.box(
        page_header(t("ops.heading"), t("ops.intro")),
        staff_only(OpsState.staff_access, _sections(), on_retry=OpsState.refresh),
        width="100%",
        data_testid="ops-page",
        data_access=OpsState.staff_access,
    )
