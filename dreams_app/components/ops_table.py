"""The /ops sections' tables: column headers, one row per item, scrolling sideways on a narrow screen."""

from collections.abc import Callable

import reflex as rx


def ops_table(
    columns: list[rx.Var | str], rows: rx.Var, row: Callable[[rx.Var], rx.Component], *, size: str = "1"
) -> rx.Component:
    """`columns`: the header texts (translated Vars); `row(item)` renders one item of `rows`."""
    return rx.box(
        rx.table.root(
            rx.table.header(rx.table.row(*(rx.table.column_header_cell(c) for c in columns))),
            rx.table.body(rx.foreach(rows, row)),
            variant="surface",
            size=size,
            width="100%",
        ),
        overflow_x="auto",
        width="100%",
    )
