"""/ops section "activity": sign-ups and purchases per hour over the last day, as a bar chart for
the eye and the same numbers as a table for screen readers (the chart itself is aria-hidden)."""

import reflex as rx

from dreams_app import styles
from dreams_app.components.loading_skeleton import loading_skeleton
from dreams_app.components.section_card import section_card
from dreams_app.i18n import t
from dreams_app.state.ops import OpsState

# Visually hidden, still read by screen readers (the usual "sr-only" rules).
SR_ONLY = {
    "position": "absolute",
    "width": "1px",
    "height": "1px",
    "padding": "0",
    "margin": "-1px",
    "overflow": "hidden",
    "clip": "rect(0, 0, 0, 0)",
    "white_space": "nowrap",
    "border": "0",
}


def _chart() -> rx.Component:
    return rx.box(
        rx.recharts.bar_chart(
            rx.recharts.cartesian_grid(stroke_dasharray="3 3", vertical=False),
            rx.recharts.x_axis(data_key="hour", interval="preserveStartEnd", font_size=12),
            rx.recharts.y_axis(allow_decimals=False, width=32, font_size=12),
            rx.recharts.graphing_tooltip(),
            rx.recharts.legend(),
            rx.recharts.bar(data_key="signups", name=t("ops.signups"), fill=rx.color(styles.ACCENT, 9)),
            rx.recharts.bar(data_key="purchases", name=t("ops.purchases"), fill=rx.color("amber", 9)),
            data=OpsState.activity_rows,
            width="100%",
            height=260,
        ),
        # `inert` hides the chart from screen readers (the table below says the same) AND from the
        # keyboard: recharts makes its surface focusable, so aria-hidden alone fails WCAG (aria-hidden-focus).
        custom_attrs={"inert": ""},
        width="100%",
    )


def _row(row: rx.Var) -> rx.Component:
    return rx.el.tr(rx.el.th(row["hour"], scope="row"), rx.el.td(row["signups"]), rx.el.td(row["purchases"]))


def _table() -> rx.Component:
    return rx.el.table(
        rx.el.caption(t("ops.activity_table")),
        rx.el.thead(
            rx.el.tr(
                rx.el.th(t("ops.col_hour"), scope="col"),
                rx.el.th(t("ops.signups"), scope="col"),
                rx.el.th(t("ops.purchases"), scope="col"),
            )
        ),
        rx.el.tbody(rx.foreach(OpsState.activity_rows, _row)),
        style=SR_ONLY,
        data_testid="activity-table",
    )


def ops_activity() -> rx.Component:
    return section_card(
        "chart-column",
        t("ops.activity_heading"),
        rx.match(
            OpsState.activity_status,
            (
                "ready",
                rx.vstack(
                    rx.text(OpsState.activity_totals, size="2", data_testid="activity-totals"),
                    _chart(),
                    _table(),
                    width="100%",
                    position="relative",
                ),
            ),
            (
                "unavailable",
                rx.callout.root(
                    rx.callout.icon(rx.icon("cloud-off")),
                    rx.callout.text(t("ops.activity_unavailable")),
                    color_scheme="amber",
                    role="alert",
                    width="100%",
                ),
            ),
            loading_skeleton(t("ops.loading"), rows=2),
        ),
        data_testid="ops-activity",
        data_status=OpsState.activity_status,
        width="100%",
    )
