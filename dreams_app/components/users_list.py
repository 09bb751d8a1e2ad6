"""The users list: a table on wide screens, stacked cards on a phone. Rows are display-ready dicts
(name, email, member_since = the sign-up date, confirmed yes|no + status text, role, initials) formatted on the server for the visitor's locale."""

import reflex as rx

from dreams_app import styles
from dreams_app.i18n import t

Row = rx.Var  # a Var of dict[str, str]


def _avatar(row: Row) -> rx.Component:
    return rx.avatar(fallback=row["initials"], size="3", radius="full", variant="soft", style=styles.avatar_style)


def _status(row: Row) -> rx.Component:
    # Words and an icon, never colour alone.
    return rx.badge(
        rx.cond(
            row["confirmed"] == "yes",
            rx.icon("circle-check", size=14, aria_hidden="true"),
            rx.icon("clock", size=14, aria_hidden="true"),
        ),
        row["status"],
        color_scheme=rx.cond(row["confirmed"] == "yes", "teal", "amber"),
        variant="soft",
        radius="full",
        data_testid="user-status",
    )


def _role(row: Row) -> rx.Component:
    return rx.cond(row["role"] != "", rx.badge(row["role"], variant="outline", radius="full"), rx.fragment())


def _table_row(row: Row) -> rx.Component:
    return rx.table.row(
        rx.table.row_header_cell(
            rx.hstack(_avatar(row), rx.text(row["name"], weight="medium"), _role(row), align="center", spacing="3"),
        ),
        rx.table.cell(rx.link(row["email"], href="mailto:" + row["email"].to(str))),
        rx.table.cell(_status(row)),
        rx.table.cell(row["member_since"]),
        align="center",
        data_testid="user-row",
    )


def _table(rows: rx.Var[list[dict[str, str]]]) -> rx.Component:
    return rx.table.root(
        rx.table.header(
            rx.table.row(
                rx.table.column_header_cell(t("users.col_name")),
                rx.table.column_header_cell(t("users.col_email")),
                rx.table.column_header_cell(t("users.col_status")),
                rx.table.column_header_cell(t("users.col_member_since")),
            ),
        ),
        rx.table.body(rx.foreach(rows, _table_row)),
        variant="surface",
        size="3",
        width="100%",
        display=["none", "none", "table"],
    )


def _card(row: Row) -> rx.Component:
    return rx.el.li(
        rx.hstack(
            _avatar(row),
            rx.vstack(
                rx.hstack(rx.text(row["name"], weight="bold"), _role(row), spacing="2", align="center"),
                rx.text(row["email"], size="2", style=styles.muted_text_style, word_break="break-all"),
                rx.text(
                    t("users.col_member_since"), ": ", row["member_since"], size="2", style=styles.muted_text_style
                ),
                _status(row),
                spacing="1",
                min_width="0",
            ),
            align="start",
            spacing="3",
            style=styles.card_style,
        ),
        list_style="none",
        data_testid="user-card",
    )


def _cards(rows: rx.Var[list[dict[str, str]]]) -> rx.Component:
    return rx.el.ul(
        rx.foreach(rows, _card),
        display=["flex", "flex", "none"],
        flex_direction="column",
        gap="0.75rem",
        padding="0",
        margin="0",
        width="100%",
    )


def users_list(rows: rx.Var[list[dict[str, str]]]) -> rx.Component:
    return rx.box(_table(rows), _cards(rows), width="100%")
