"""The package page's booking panel: "Book this package" (log-in first when logged out) → the
travellers step, the open-payment notice (continue it or start over), "refresh price" after an
expired quote, errors, and the cancellation terms the traveller agrees to before paying."""

import reflex as rx

from dreams_app import styles
from dreams_app.components.form_card import form_alert
from dreams_app.components.stock_badge import stock_badge
from dreams_app.i18n import t
from dreams_app.state.auth import AuthState
from dreams_app.state.checkout import BookingState
from dreams_app.state.package import PackageState

BOOK_STYLE = {**styles.cta_link_style, "justify_content": "center", "width": "100%"}


def _book_button() -> rx.Component:
    busy = BookingState.busy
    return rx.button(
        rx.cond(busy, rx.spinner(size="2"), rx.fragment()),
        rx.match(
            BookingState.booking_status,
            ("quoting", t("booking.book_busy")),
            ("redirecting", t("booking.redirecting")),
            t("package.book"),
        ),
        rx.cond(busy, rx.fragment(), rx.icon("arrow-right", size=18, aria_hidden="true")),
        on_click=BookingState.book(PackageState.shown_id),
        disabled=(
            busy
            | (BookingState.booking_status == "expired")
            | (BookingState.booking_status == "open_payment")
            | PackageState.sold_out
        ),
        aria_busy=busy,
        size="4",
        radius="full",
        width="100%",
        data_testid="book-button",
    )


def _expired() -> rx.Component:
    refreshing = BookingState.booking_status == "refreshing"
    return rx.cond(
        (BookingState.booking_status == "expired") | refreshing,
        rx.callout.root(
            rx.callout.icon(rx.icon("clock-alert")),
            rx.vstack(
                rx.callout.text(t("booking.expired")),
                rx.button(
                    rx.cond(refreshing, rx.spinner(size="1"), rx.icon("rotate-cw", size=16, aria_hidden="true")),
                    rx.cond(refreshing, t("booking.refreshing"), t("booking.refresh")),
                    on_click=BookingState.refresh_price(PackageState.shown_id),
                    disabled=refreshing,
                    aria_busy=refreshing,
                    variant="soft",
                    color_scheme="amber",
                ),
                spacing="2",
                align="start",
            ),
            color_scheme="amber",
            role="alert",
            width="100%",
            data_testid="quote-expired",
        ),
        rx.fragment(),
    )


def _open_payment() -> rx.Component:
    return rx.cond(
        BookingState.booking_status == "open_payment",
        rx.callout.root(
            rx.callout.icon(rx.icon("credit-card")),
            rx.vstack(
                rx.text(t("booking.open_payment"), weight="bold"),
                rx.callout.text(t("booking.open_payment_text")),
                rx.flex(
                    rx.button(
                        t("booking.continue_payment"),
                        on_click=BookingState.continue_payment(PackageState.shown_id),
                        color_scheme="blue",
                    ),
                    rx.button(
                        t("booking.start_over"),
                        on_click=BookingState.start_over(PackageState.shown_id),
                        variant="soft",
                        color_scheme="gray",
                    ),
                    gap="0.5rem",
                    wrap="wrap",
                ),
                spacing="2",
                align="start",
            ),
            color_scheme="blue",
            role="alert",
            width="100%",
            data_testid="open-payment",
        ),
        rx.fragment(),
    )


def _terms() -> rx.Component:
    return rx.vstack(
        rx.heading(t("booking.terms"), as_="h3", size="3"),
        rx.el.ul(
            rx.foreach(BookingState.terms, lambda line: rx.el.li(rx.text(line, size="2"))),
            padding_left="1.25rem",
            margin="0",
            display="flex",
            flex_direction="column",
            gap="0.25rem",
        ),
        spacing="2",
        width="100%",
        data_testid="cancellation-terms",
    )


def _sold_out_note() -> rx.Component:
    """Marked before anyone tries; a booker who lost the race gets booking.error.sold_out instead."""
    return rx.cond(
        PackageState.sold_out,
        rx.callout.root(
            rx.callout.icon(rx.icon("ban")),
            rx.callout.text(t("stock.sold_out_note")),
            color_scheme="red",
            role="status",
            width="100%",
            data_testid="sold-out-note",
        ),
        rx.fragment(),
    )


def booking_panel() -> rx.Component:
    logged_in = rx.vstack(
        _book_button(),
        _sold_out_note(),
        _open_payment(),
        _expired(),
        rx.cond(
            BookingState.refreshed_text != "",
            rx.text(
                BookingState.refreshed_text,
                size="2",
                color=rx.color("teal", 11),
                role="status",
                data_testid="quote-refreshed",
            ),
            rx.fragment(),
        ),
        form_alert(BookingState.booking_error_text),
        rx.text(t("booking.logged_in_note"), size="1", style=styles.muted_text_style, text_align="center"),
        spacing="2",
        width="100%",
    )
    logged_out = rx.vstack(
        rx.link(
            t("package.book"),
            rx.icon("arrow-right", size=18, aria_hidden="true"),
            href=PackageState.book_url,
            style=BOOK_STYLE,
            data_testid="book-link",
        ),
        rx.text(t("package.book_note"), size="1", style=styles.muted_text_style, text_align="center"),
        spacing="2",
        width="100%",
    )
    return rx.vstack(
        stock_badge(PackageState.stock, PackageState.stock_text),
        rx.cond(
            AuthState.session_checked,
            rx.cond(AuthState.signed_in, logged_in, logged_out),
            rx.skeleton(height="3.25rem", width="100%", border_radius="999px"),
        ),
        _terms(),
        spacing="4",
        width="100%",
        data_testid="booking-panel",
    )
