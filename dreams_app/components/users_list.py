"""The users list: a table on wide screens, stacked cards on a phone. Rows are display-ready dicts
(name, email, member_since, initials) formatted on the server for the visitor's locale."""
import reflex as rx

from dreams_app import styles
from dreams_app.i18n import t

Row = rx.Var  # a Var of dict[str, str]


def _avatar(row: Row) -> rx.Component:
    return rx.avatar(fallback=row["initials"], size="3", radius="full", variant="soft", style=styles.avatar_style)


def _table_row(row: Row) -> rx.Component:
    return rx.table.row(
        rx.table.row_header_cell(
            rx.hstack(_avatar(row), rx.text(row["name"], weight="medium"), align="center", spacing="3"),
        ),
        rx.table.cell(rx.link(row["email"], href="mailto:" + row["email"].to(str))),
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
                rx.text(row["name"], weight="bold"),
                rx.text(row["email"], size="2", style=styles.muted_text_style, word_break="break-all"),
                rx.text(t("users.col_member_since"), ": ", row["member_since"], size="2",
                        style=styles.muted_text_style),
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
