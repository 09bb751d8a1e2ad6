"""`/purchases/<id>` (logged-in only; the receipt e-mail links here): the trip as bought — flights,
hotel, transfers, travellers, price — with the payment, the itinerary download, "resend receipt"
and "cancel and refund" (confirmed in a dialog). Another user's id is "not found", like an unknown one.
"""

import reflex as rx

from dreams_app import routes, styles
from dreams_app.components.empty_state import empty_state
from dreams_app.components.error_callout import error_callout, unavailable_callout
from dreams_app.components.form_card import form_alert
from dreams_app.components.itinerary_sections import itinerary_beside, itinerary_sections
from dreams_app.components.loading_skeleton import loading_skeleton
from dreams_app.components.page_header import page_header
from dreams_app.components.price_breakdown import price_breakdown
from dreams_app.components.section_card import section_card
from dreams_app.components.status_badge import status_badge
from dreams_app.i18n import t
from dreams_app.state.purchase import PurchaseState
from dreams_app.template import page

S = PurchaseState


def _header() -> rx.Component:
    return rx.vstack(
        rx.link(
            rx.icon("arrow-left", size=16, aria_hidden="true"),
            t("purchase.back"),
            href=routes.dashboard_url(),
            display="inline-flex",
            align_items="center",
            gap="0.375rem",
            size="2",
        ),
        rx.flex(
            rx.heading(S.summary["route"], as_="h1", size="8", weight="bold", letter_spacing="-0.02em"),
            status_badge(S.payment["status"], S.payment["status_text"]),
            align="center",
            gap="0.75rem",
            wrap="wrap",
        ),
        rx.text(
            S.summary["days"],
            " · ",
            S.summary["travellers"],
            " · ",
            S.summary["cabin"],
            size="3",
            style=styles.muted_text_style,
        ),
        spacing="2",
        margin_bottom="1.5rem",
    )


def _fact(label: str, value: rx.Var, testid: str) -> rx.Component:
    return rx.vstack(
        rx.text(
            t(label),
            size="1",
            weight="medium",
            style=styles.muted_text_style,
            text_transform="uppercase",
            letter_spacing="0.04em",
        ),
        rx.text(value, size="2", word_break="break-all", data_testid=testid),
        spacing="0",
    )


def _busy_button(label: str, busy_label: str, busy: rx.Var[bool], icon: str, **props) -> rx.Component:
    return rx.button(
        rx.cond(busy, rx.spinner(size="2"), rx.icon(icon, size=16, aria_hidden="true")),
        rx.cond(busy, t(busy_label), t(label)),
        disabled=busy,
        aria_busy=busy,
        **props,
    )


def _payment() -> rx.Component:
    return section_card(
        "credit-card",
        t("purchase.payment"),
        rx.vstack(
            rx.text(t("purchase.paid_total"), size="2", style=styles.muted_text_style),
            rx.text(S.total, size="7", weight="bold", data_testid="purchase-paid-total"),
            spacing="0",
        ),
        rx.grid(
            _fact("purchase.purchased_at", S.payment["purchased_at"], "purchased-at"),
            _fact("purchase.reference", S.payment["reference"], "payment-reference"),
            columns="1",
            spacing="3",
            width="100%",
        ),
        rx.vstack(
            # A file from an HTTP route, not a page: the browser must fetch it (no client-side routing).
            rx.link(
                rx.icon("calendar-plus", size=16, aria_hidden="true"),
                t("purchase.ics"),
                href=S.ics_url,
                download="",
                reload_document=True,
                display="inline-flex",
                gap="0.5rem",
                align_items="center",
                data_testid="ics-link",
            ),
            _busy_button(
                "purchase.resend",
                "purchase.resending",
                S.action == "resending",
                "mail",
                on_click=S.resend,
                variant="soft",
                data_testid="resend-receipt",
            ),
            rx.cond(
                S.notice_text != "",
                rx.text(S.notice_text, size="2", role="status", data_testid="purchase-notice"),
                rx.fragment(),
            ),
            spacing="2",
            align="start",
        ),
        data_testid="payment",
    )


# After the dialog closes: back to "cancel and refund" (or <main> once the purchase is cancelled).
RETURN_FOCUS = (
    "setTimeout(function(){(document.querySelector('[data-testid=cancel-purchase]')"
    "||document.getElementById('main')).focus()},0)"
)


def _confirm_dialog() -> rx.Component:
    cancelling = S.action == "cancelling"
    return rx.alert_dialog.root(
        rx.alert_dialog.content(
            rx.alert_dialog.title(t("purchase.confirm_title")),
            rx.alert_dialog.description(S.refund["confirm"]),
            rx.flex(
                rx.alert_dialog.cancel(
                    rx.button(t("purchase.confirm_no"), variant="soft", color_scheme="gray", disabled=cancelling)
                ),
                _busy_button(
                    "purchase.confirm_yes",
                    "purchase.cancelling",
                    cancelling,
                    "undo-2",
                    on_click=S.cancel,
                    color_scheme="red",
                    data_testid="confirm-cancel",
                ),
                gap="0.75rem",
                justify="end",
                wrap="wrap",
                margin_top="1rem",
            ),
            max_width="28rem",
            # Opened by state, not by a Radix Trigger, so Radix has no trigger to give focus back to.
            on_close_auto_focus=rx.call_script(RETURN_FOCUS),
        ),
        open=S.confirm_open,
        on_open_change=S.set_confirm_open,
    )


def _cancellation() -> rx.Component:
    refund = S.refund
    return section_card(
        "undo-2",
        t("purchase.cancellation"),
        rx.cond(
            refund["state"] != "",
            rx.text(refund["state"], size="2", role="status", data_testid="refund-state"),
            rx.fragment(),
        ),
        rx.cond(
            refund["preview"] != "", rx.text(refund["preview"], size="2", data_testid="refund-preview"), rx.fragment()
        ),
        rx.cond(
            refund["free_until"] != "",
            rx.text(refund["free_until"], size="2", style=styles.muted_text_style),
            rx.fragment(),
        ),
        form_alert(S.action_error_text),
        rx.cond(
            (S.payment["status"] == "paid") & (refund["allowed"] == "yes"),
            rx.button(
                rx.icon("undo-2", size=16, aria_hidden="true"),
                t("purchase.cancel"),
                on_click=S.ask_cancel,
                color_scheme="red",
                variant="outline",
                data_testid="cancel-purchase",
            ),
            rx.fragment(),
        ),
        _confirm_dialog(),
        data_testid="cancellation",
    )


def _travellers() -> rx.Component:
    return section_card(
        "users",
        t("purchase.travellers"),
        rx.el.ul(
            rx.foreach(S.travellers, lambda who: rx.el.li(rx.text(who, size="2"))), padding_left="1.25rem", margin="0"
        ),
        data_testid="travellers",
    )


def _detail() -> rx.Component:
    return rx.box(
        _header(),
        itinerary_beside(
            rx.vstack(
                _payment(),
                _cancellation(),
                section_card(
                    "receipt", t("package.price"), price_breakdown(S.price_lines, S.traveller_shares, S.total)
                ),
                spacing="4",
                width="100%",
                min_width="0",
            ),
            *itinerary_sections(S),
            _travellers(),
        ),
        width="100%",
    )


def _not_found() -> rx.Component:
    return empty_state(
        t("purchase.not_found_title"),
        t("purchase.not_found_text"),
        "search-x",
        rx.link(t("purchase.back"), href=routes.dashboard_url()),
        level="h1",
    )


@page(route=routes.PURCHASE, title_key="purchase.title", on_load=S.load)
def purchase_page() -> rx.Component:
    return rx.box(
        rx.match(
            S.purchase_status,
            ("ready", _detail()),
            ("not_found", _not_found()),
            # Every state has the page's h1; the ready one's is the route.
            ("unavailable", rx.fragment(page_header(t("purchase.heading")), unavailable_callout(on_retry=S.load))),
            (
                "error",
                rx.fragment(page_header(t("purchase.heading")), error_callout(t("purchase.failed"), on_retry=S.load)),
            ),
            loading_skeleton(t("purchase.loading"), rows=5),
        ),
        width="100%",
        data_testid="purchase",
        data_status=S.purchase_status,
        data_purchase_status=S.payment["status"],
    )
