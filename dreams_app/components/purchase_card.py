"""One trip on the dashboard: where and when, hotel, travellers, total, status, and its link."""

import reflex as rx

from dreams_app import styles
from dreams_app.components.status_badge import status_badge
from dreams_app.i18n import t


def purchase_card(trip: rx.Var) -> rx.Component:
    """`trip`: a dict from state/purchase_view.summary_row."""
    return rx.el.li(
        rx.el.article(
            rx.flex(
                rx.vstack(
                    rx.hstack(
                        rx.heading(trip["title"], as_="h2", size="5"),
                        rx.text(trip["route"], size="2", style=styles.muted_text_style),
                        align="baseline",
                        spacing="2",
                        wrap="wrap",
                    ),
                    rx.text(trip["dates"], size="3", weight="medium"),
                    rx.text(trip["hotel"], " · ", trip["travellers"], size="2", style=styles.muted_text_style),
                    rx.text(trip["bought"], size="1", style=styles.muted_text_style),
                    spacing="1",
                    min_width="0",
                ),
                rx.vstack(
                    status_badge(trip["status"], trip["status_text"]),
                    rx.text(trip["total"], size="5", weight="bold", white_space="nowrap", data_testid="purchase-total"),
                    rx.link(
                        t("dashboard.open"),
                        rx.icon("arrow-right", size=16, aria_hidden="true"),
                        href=trip["url"],
                        display="inline-flex",
                        align_items="center",
                        gap="0.25rem",
                        aria_label=t("dashboard.open") + ": " + trip["title"].to(str) + ", " + trip["dates"].to(str),
                    ),
                    align=rx.breakpoints(initial="start", sm="end"),
                    spacing="2",
                    flex_shrink="0",
                ),
                direction=rx.breakpoints(initial="column", sm="row"),
                justify="between",
                gap="1rem",
                width="100%",
            ),
            style=styles.card_style,
        ),
        list_style="none",
        data_testid="purchase-card",
        data_purchase_id=trip["id"],
        data_status=trip["status"],
    )
