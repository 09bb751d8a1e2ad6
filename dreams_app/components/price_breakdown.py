"""The price, part by part and traveller by traveller, ending in the one total the traveller pays.

Two columns (item with its quantity, unit price and included taxes; amount), so it fits a phone and
the narrow price column of the detail page without scrolling sideways.
"""

import reflex as rx

from dreams_app import styles
from dreams_app.i18n import t


def _line(line: rx.Var) -> rx.Component:
    return rx.table.row(
        rx.table.row_header_cell(
            rx.text(line["label"], size="2", weight="medium"),
            rx.text(
                line["qty"],
                " × ",
                line["unit"],
                rx.cond(line["taxes"] != "—", " · " + t("package.col_taxes") + " " + line["taxes"].to(str), ""),
                size="1",
                style=styles.muted_text_style,
            ),
        ),
        rx.table.cell(line["amount"], text_align="right", white_space="nowrap", vertical_align="top"),
        data_testid="price-line",
    )


def _traveller(share: rx.Var) -> rx.Component:
    return rx.el.li(
        rx.flex(
            rx.vstack(
                rx.text(share["label"], weight="medium", size="2"),
                rx.text(share["detail"], size="1", style=styles.muted_text_style),
                spacing="0",
            ),
            rx.text(share["total"], weight="medium", size="2", white_space="nowrap"),
            justify="between",
            gap="1rem",
            width="100%",
        ),
        list_style="none",
        padding_y="0.375rem",
        border_bottom=f"1px solid {rx.color('gray', 4)}",
        data_testid="traveller-share",
    )


def price_breakdown(
    lines: rx.Var[list[dict[str, str]]], travellers: rx.Var[list[dict[str, str]]], total: rx.Var[str]
) -> rx.Component:
    return rx.vstack(
        rx.table.root(
            rx.el.caption(
                t("package.price_caption"),
                style={
                    **styles.muted_text_style,
                    "text_align": "left",
                    "caption_side": "top",
                    "padding_bottom": "0.5rem",
                    "font_size": "var(--font-size-2)",
                },
            ),
            rx.table.header(
                rx.table.row(
                    rx.table.column_header_cell(t("package.col_item")),
                    rx.table.column_header_cell(t("package.col_amount"), text_align="right"),
                )
            ),
            rx.table.body(
                rx.foreach(lines, _line),
                rx.table.row(
                    rx.table.row_header_cell(t("package.total"), font_weight="bold"),
                    rx.table.cell(
                        total,
                        text_align="right",
                        font_weight="bold",
                        font_size="var(--font-size-4)",
                        white_space="nowrap",
                        data_testid="package-total",
                    ),
                ),
            ),
            size="1",
            width="100%",
        ),
        rx.heading(t("package.per_traveller"), as_="h3", size="3", margin_top="0.5rem"),
        rx.el.ul(rx.foreach(travellers, _traveller), padding="0", margin="0", width="100%"),
        spacing="2",
        width="100%",
    )
