"""/ops section "dead letters": per dead-letter topic its count and a "replay all" button, then the
newest messages (masked previews) each with its own "replay" button."""

import reflex as rx

from dreams_app.components.loading_skeleton import loading_skeleton
from dreams_app.components.ops_table import ops_table
from dreams_app.components.section_card import section_card
from dreams_app.i18n import t
from dreams_app.state.ops import OpsState


def _topic_row(row: rx.Var) -> rx.Component:
    return rx.table.row(
        rx.table.row_header_cell(rx.code(row["name"])),
        rx.table.cell(row["original"]),
        rx.table.cell(row["count"], data_testid="dlq-count"),
        rx.table.cell(
            rx.cond(
                row["count"] != "0",
                rx.button(
                    t("ops.replay_all"),
                    size="1",
                    variant="soft",
                    on_click=OpsState.replay_all(row["name"]),
                    data_testid="dlq-replay-all",
                ),
                rx.fragment(),
            )
        ),
        data_testid="dlq-topic-row",
        data_topic=row["name"],
    )


def _letter(row: rx.Var) -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.hstack(
                rx.code(row["key"]),
                rx.text(t("ops.dlq_from"), " ", rx.code(row["origin"]), size="2"),
                rx.spacer(),
                rx.button(
                    t("ops.replay"),
                    size="1",
                    on_click=OpsState.replay_one(row["dlq_topic"], row["partition"], row["offset"]),
                    data_testid="dlq-replay",
                ),
                width="100%",
                wrap="wrap",
                align="center",
            ),
            rx.text(row["error"], size="2", color_scheme="red", data_testid="dlq-error"),
            rx.text(
                t("ops.dlq_attempts"),
                " ",
                row["attempts"],
                " · ",
                t("ops.dlq_replays"),
                " ",
                row["replays"],
                " · ",
                t("ops.dlq_failed_at"),
                " ",
                row["failed_at"],
                rx.cond(
                    row["replayed_at"] != "", rx.text.span(" · ", t("ops.dlq_replayed_at"), " ", row["replayed_at"])
                ),
                size="1",
                color_scheme="gray",
            ),
            rx.code_block(
                row["preview"], language="json", wrap_long_lines=True, width="100%", data_testid="dlq-preview"
            ),
            width="100%",
            spacing="2",
        ),
        width="100%",
        data_testid="dead-letter",
        data_key=row["key"],
    )


def _ready() -> rx.Component:
    return rx.vstack(
        ops_table(
            [t("ops.col_dlq"), t("ops.col_topic"), t("ops.col_count"), t("ops.col_actions")],
            OpsState.dlq_topic_rows,
            _topic_row,
        ),
        rx.cond(
            OpsState.replay_result != "",
            rx.callout.root(
                rx.callout.text(OpsState.replay_result, white_space="pre-wrap"),
                role="status",
                width="100%",
                data_testid="replay-result",
            ),
        ),
        rx.foreach(OpsState.dead_letter_rows, _letter),
        width="100%",
        spacing="3",
    )


def ops_dead_letters() -> rx.Component:
    return section_card(
        "inbox",
        t("ops.dlq_heading"),
        rx.text(t("ops.dlq_intro"), size="2", color_scheme="gray"),
        rx.match(
            OpsState.dlq_status,
            ("ready", _ready()),
            (
                "unavailable",
                rx.callout.root(
                    rx.callout.text(t("ops.dlq_unavailable")), color_scheme="amber", role="alert", width="100%"
                ),
            ),
            loading_skeleton(t("ops.loading"), rows=2),
        ),
        data_testid="ops-dead-letters",
        data_status=OpsState.dlq_status,
        width="100%",
    )
