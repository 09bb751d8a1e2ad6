"""/ops section "workers": one row per worker process from its heartbeat; a stale one shows as down."""

import reflex as rx

from dreams_app.components.loading_skeleton import loading_skeleton
from dreams_app.components.ops_table import ops_table
from dreams_app.components.section_card import section_card
from dreams_app.i18n import t
from dreams_app.state.ops import OpsState


def _row(row: rx.Var) -> rx.Component:
    return rx.table.row(
        rx.table.row_header_cell(row["worker"]),
        rx.table.cell(
            rx.badge(
                rx.cond(row["state"] == "up", t("ops.worker_up"), t("ops.worker_down")),
                color_scheme=rx.cond(row["state"] == "up", "teal", "red"),
                data_testid="worker-state",
            )
        ),
        rx.table.cell(row["pid"], data_testid="worker-pid"),
        rx.table.cell(row["host"]),
        rx.table.cell(row["version"]),
        rx.table.cell(row["started_at"]),
        rx.table.cell(row["beat_at"]),
        rx.table.cell(row["last_message"]),
        rx.table.cell(row["partitions"]),
        data_testid="worker-row",
        data_worker=row["worker"],
        data_state=row["state"],
        data_pid=row["pid"],
    )


COLUMNS = (
    "ops.col_worker",
    "ops.col_state",
    "ops.col_pid",
    "ops.col_host",
    "ops.col_version",
    "ops.col_started",
    "ops.col_beat",
    "ops.col_last_message",
    "ops.col_partitions",
)


def _ready() -> rx.Component:
    return ops_table([t(key) for key in COLUMNS], OpsState.worker_rows, _row)


def ops_workers() -> rx.Component:
    return section_card(
        "cpu",
        t("ops.workers_heading"),
        rx.text(t("ops.workers_intro"), size="2", color_scheme="gray"),
        rx.match(
            OpsState.workers_status,
            ("ready", _ready()),
            (
                "unavailable",
                rx.callout.root(
                    rx.callout.text(t("ops.workers_unavailable")), color_scheme="amber", role="alert", width="100%"
                ),
            ),
            loading_skeleton(t("ops.loading"), rows=2),
        ),
        data_testid="ops-workers",
        data_status=OpsState.workers_status,
        width="100%",
    )
