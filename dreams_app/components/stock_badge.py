"""'Restam 2 lugares' (amber) or 'Esgotado' (red) on a card or the package page; nothing otherwise."""

import reflex as rx


def stock_badge(stock: rx.Var[str], text: rx.Var[str]) -> rx.Component:
    return rx.cond(
        text != "",
        rx.badge(
            rx.cond(
                stock == "sold_out",
                rx.icon("ban", size=14, aria_hidden="true"),
                rx.icon("flame", size=14, aria_hidden="true"),
            ),
            text,
            color_scheme=rx.cond(stock == "sold_out", "red", "amber"),
            variant="soft",
            radius="full",
            size="2",
            data_testid="stock-badge",
            data_stock=stock,
        ),
        rx.fragment(),
    )
