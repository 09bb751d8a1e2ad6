"""/ops section "topics and lag": one row per topic, then one per partition (rows are display-ready
dicts from OpsState.topic_rows / partition_rows)."""

import reflex as rx

from dreams_app.components.loading_skeleton import loading_skeleton
from dreams_app.components.ops_table import ops_table
from dreams_app.components.section_card import section_card
from dreams_app.i18n import t
from dreams_app.state.ops import OpsState


def _topic_row(row: rx.Var) -> rx.Component:
    return rx.table.row(
        rx.table.row_header_cell(rx.code(row["name"])),
        rx.table.cell(row["partitions"]),
        rx.table.cell(row["end_total"], data_testid="topic-end-total"),
        rx.table.cell(row["groups"], data_testid="topic-groups"),
        data_testid="topic-row",
        data_topic=row["name"],
    )


def _partition_row(row: rx.Var) -> rx.Component:
    return rx.table.row(
        rx.table.row_header_cell(rx.code(row["key"])),
        rx.table.cell(row["start"]),
        rx.table.cell(row["end"], data_testid="partition-end"),
        rx.table.cell(row["lags"]),
        data_testid="partition-row",
        data_partition=row["key"],
    )


def _tables() -> rx.Component:
    return rx.vstack(
        ops_table(
            [t("ops.col_topic"), t("ops.col_partitions"), t("ops.col_end_total"), t("ops.col_groups")],
            OpsState.topic_rows,
            _topic_row,
            size="2",
        ),
        rx.heading(t("ops.partitions_heading"), as_="h3", size="3"),
        ops_table(
            [t("ops.col_partition"), t("ops.col_start"), t("ops.col_end"), t("ops.col_groups")],
            OpsState.partition_rows,
            _partition_row,
        ),
        width="100%",
        spacing="3",
    )


def ops_topics() -> rx.Component:
    return section_card(
        "radio-tower",
        t("ops.topics_heading"),
        rx.text(t("ops.topics_intro"), size="2", color_scheme="gray"),
        rx.match(
            OpsState.topics_status,
            ("ready", _tables()),
            (
                "unavailable",
                rx.callout.root(
                    rx.callout.icon(rx.icon("cloud-off")),
                    rx.callout.text(t("ops.kafka_unavailable")),
                    color_scheme="amber",
                    role="alert",
                    width="100%",
                    data_testid="kafka-unavailable",
                ),
            ),
            loading_skeleton(t("ops.loading"), rows=2),
        ),
        data_testid="ops-topics",
        data_status=OpsState.topics_status,
        width="100%",
    )
