"""`/checkout/success?session_id=…` (logged-in only): where Stripe sends the buyer after paying.

"Confirming your payment…" until the payments worker has recorded the purchase, then the purchase
itself, without a reload (state/checkout_success.py polls, bounded).
"""

import reflex as rx

from dreams_app import routes, styles
from dreams_app.components.empty_state import empty_state
from dreams_app.components.error_callout import error_callout, unavailable_callout
from dreams_app.components.form_card import form_card
from dreams_app.components.status_badge import status_badge
from dreams_app.i18n import t
from dreams_app.state.checkout_success import CheckoutSuccessState
from dreams_app.template import page


def _links(*links: rx.Component) -> rx.Component:
    return rx.flex(*links, gap="1rem", wrap="wrap", align="center", width="100%")


def _dashboard_link() -> rx.Component:
    return rx.link(t("success.go_dashboard"), href=routes.dashboard_url())


def _confirming() -> rx.Component:
    return rx.vstack(
        rx.hstack(
            rx.spinner(size="3"), rx.heading(t("success.confirming"), as_="h2", size="5"), align="center", spacing="3"
        ),
        rx.text(t("success.confirming_text"), style=styles.muted_text_style),
        role="status",
        aria_live="polite",
        spacing="2",
        width="100%",
        data_testid="confirming",
    )


def _fact(label: str, value: rx.Var, testid: str) -> rx.Component:
    return rx.vstack(
        rx.text(t(label), size="1", weight="medium", style=styles.muted_text_style),
        rx.text(value, size="3", data_testid=testid),
        spacing="0",
    )


def _done() -> rx.Component:
    bought = CheckoutSuccessState.bought
    return rx.vstack(
        rx.cond(
            bought["status"] == "sold_out_refunded",  # paid after its hold lapsed, stock gone
            rx.callout.root(
                rx.callout.icon(rx.icon("ban")),
                rx.vstack(
                    rx.text(t("success.sold_out"), weight="bold", as_="div"),
                    rx.callout.text(t("success.sold_out_text")),
                    spacing="1",
                ),
                color_scheme="red",
                role="status",
                width="100%",
                data_testid="success-sold-out",
            ),
            rx.callout.root(
                rx.callout.icon(rx.icon("circle-check")),
                rx.vstack(
                    rx.text(t("success.done"), weight="bold", as_="div"),
                    rx.callout.text(t("success.done_text")),
                    spacing="1",
                ),
                color_scheme="teal",
                role="status",
                width="100%",
            ),
        ),
        rx.vstack(
            rx.hstack(
                rx.heading(bought["route"], as_="h2", size="6"),
                status_badge(bought["status"], bought["status_text"]),
                align="center",
                spacing="3",
                wrap="wrap",
            ),
            rx.text(bought["days"], " · ", bought["travellers"], size="3"),
            rx.text(bought["hotel"], size="2", style=styles.muted_text_style),
            rx.grid(
                _fact("purchase.paid_total", bought["total"], "success-total"),
                _fact("purchase.reference", bought["reference"], "success-reference"),
                columns=rx.breakpoints(initial="1", xs="2"),
                spacing="3",
                width="100%",
            ),
            spacing="2",
            width="100%",
            data_testid="success-purchase",
        ),
        _links(
            rx.link(
                t("success.see_purchase"),
                rx.icon("arrow-right", size=18, aria_hidden="true"),
                href=bought["url"],
                style=styles.cta_link_style,
                data_testid="see-purchase",
            ),
            _dashboard_link(),
        ),
        spacing="4",
        width="100%",
    )


def _message(title: str, text: str, icon: str) -> rx.Component:
    return empty_state(t(title), t(text), icon, _dashboard_link())


@page(route=routes.CHECKOUT_SUCCESS, title_key="success.title", on_load=CheckoutSuccessState.open)
def checkout_success_page() -> rx.Component:
    return form_card(
        t("success.heading"),
        rx.box(
            rx.match(
                CheckoutSuccessState.success_status,
                ("done", _done()),
                ("slow", _message("success.slow", "success.slow_text", "mail")),
                ("unpaid", _message("success.unpaid", "success.unpaid_text", "credit-card")),
                ("not_found", _message("success.not_found", "success.not_found_text", "search-x")),
                ("unavailable", unavailable_callout(on_retry=CheckoutSuccessState.open)),
                ("error", error_callout(t("success.error"), on_retry=CheckoutSuccessState.open)),
                _confirming(),
            ),
            width="100%",
            aria_live="polite",
            data_testid="checkout-success",
            data_status=CheckoutSuccessState.success_status,
            data_elapsed_ms=CheckoutSuccessState.elapsed_ms,
        ),
        max_width="40rem",
    )
