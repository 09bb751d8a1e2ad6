"""One search result: route, both flights, hotel and stars, and the total the traveller will pay.

`card` is a display-ready dict from state/package_view.card_text. The total is the package's full
price (every tax and fee), the same amount the detail page and checkout show.
"""

import reflex as rx

from dreams_app import styles
from dreams_app.components.star_rating import star_rating
from dreams_app.i18n import t
from dreams_app.components.stock_badge import stock_badge

Card = rx.Var  # a Var of dict[str, str]


def _leg(label_key: str, text: rx.Var[str], icon: str) -> rx.Component:
    return rx.hstack(
        rx.icon(icon, size=16, aria_hidden="true", color=rx.color(styles.ACCENT, 11), flex_shrink="0"),
        rx.text(rx.text(t(label_key), ": ", weight="medium", as_="span"), text, size="2"),
        spacing="2",
        align="center",
        data_testid="card-leg",
    )


def package_card(card: Card) -> rx.Component:
    return rx.el.li(
        rx.el.article(
            rx.flex(
                rx.vstack(
                    rx.text(card["route"], size="2", weight="medium", style=styles.muted_text_style),
                    rx.heading(card["hotel"], as_="h3", size="5"),
                    rx.hstack(
                        star_rating(card["stars"], card["stars_label"]),
                        rx.text("·", aria_hidden="true", style=styles.muted_text_style),
                        rx.text(card["nights"], " · ", card["board"], size="2"),
                        spacing="2",
                        align="center",
                        wrap="wrap",
                    ),
                    _leg("card.outbound", card["outbound"], "plane-takeoff"),
                    _leg("card.inbound", card["inbound"], "plane-landing"),
                    rx.text(card["travel_time"], size="1", style=styles.muted_text_style),
                    spacing="2",
                    min_width="0",
                    flex="1",
                ),
                rx.vstack(
                    rx.cond(
                        card["discount"] != "",
                        rx.badge(card["discount"], color_scheme="amber", variant="soft", radius="full"),
                    ),
                    rx.text(t("card.total"), size="1", style=styles.muted_text_style),
                    rx.text(card["total"], size="6", weight="bold", data_testid="card-total", white_space="nowrap"),
                    stock_badge(card["stock"], card["stock_text"]),
                    rx.text(t("card.total_note"), size="1", style=styles.muted_text_style),
                    rx.link(
                        t("card.see"),
                        rx.icon("arrow-right", size=16, aria_hidden="true"),
                        href=card["url"],
                        style={**styles.cta_link_style, "font_size": "1rem", "padding": "0.5rem 1.125rem"},
                        margin_top="0.25rem",
                        data_testid="card-link",
                    ),
                    spacing="1",
                    align=rx.breakpoints(initial="start", sm="end"),
                    flex_shrink="0",
                ),
                direction=rx.breakpoints(initial="column", sm="row"),
                gap="1rem",
                justify="between",
            ),
            style=styles.card_style,
        ),
        list_style="none",
        data_testid="package-card",
        data_package_id=card["id"],
    )
