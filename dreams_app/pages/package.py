"""`/package/<id>`: one package in full — flights, hotel, transfers and price — and the way to book it
(components/booking_panel.py: quote → Stripe Checkout, with the cancellation terms).

The id rebuilds the same package on any visit (services.packages.rebuild), so the URL can be shared.
"""

import reflex as rx

from dreams_app import routes, styles
from dreams_app.components.booking_panel import booking_panel
from dreams_app.components.empty_state import empty_state
from dreams_app.components.error_callout import error_callout
from dreams_app.components.itinerary_sections import itinerary_beside, itinerary_sections
from dreams_app.components.loading_skeleton import loading_skeleton
from dreams_app.components.price_breakdown import price_breakdown
from dreams_app.components.section_card import section_card
from dreams_app.i18n import t
from dreams_app.state.checkout import BookingState
from dreams_app.state.package import PackageState
from dreams_app.template import page


def _header() -> rx.Component:
    summary = PackageState.summary
    return rx.vstack(
        rx.link(
            rx.icon("arrow-left", size=16, aria_hidden="true"),
            t("package.back"),
            href=PackageState.results_url,
            display="inline-flex",
            align_items="center",
            gap="0.375rem",
            size="2",
        ),
        rx.heading(summary["route"], as_="h1", size="8", weight="bold", letter_spacing="-0.02em"),
        rx.text(
            summary["dates"],
            " · ",
            summary["travellers"],
            " · ",
            summary["cabin"],
            size="3",
            style=styles.muted_text_style,
        ),
        spacing="2",
        margin_bottom="1.5rem",
    )


def _price_panel() -> rx.Component:
    # The total and the button come first: the breakdown below can be longer than the screen.
    return section_card(
        "receipt",
        t("package.price"),
        rx.flex(
            rx.text(t("card.total"), size="2", style=styles.muted_text_style),
            rx.text(PackageState.total, size="7", weight="bold", white_space="nowrap"),
            rx.text(t("card.total_note"), size="1", style=styles.muted_text_style),
            direction="column",
            gap="0.125rem",
        ),
        booking_panel(),
        rx.separator(size="4"),
        price_breakdown(PackageState.price_lines, PackageState.traveller_shares, PackageState.total),
        data_testid="price",
    )


def _detail() -> rx.Component:
    return rx.box(
        _header(),
        itinerary_beside(_price_panel(), *itinerary_sections(PackageState)),
        width="100%",
    )


def _not_found() -> rx.Component:
    return empty_state(
        t("package.not_found_title"),
        t("package.not_found_text"),
        "map-pin-off",
        rx.link(t("package.new_search"), href=routes.home_url()),
        level="h1",
    )


@page(route=routes.PACKAGE, title_key="package.title", on_load=[PackageState.load, BookingState.reset_booking])
def package_page() -> rx.Component:
    return rx.box(
        rx.match(
            PackageState.status,
            ("ready", _detail()),
            ("not_found", _not_found()),
            ("error", error_callout(t("results.failed"), on_retry=PackageState.load)),
            loading_skeleton(t("package.loading_label"), rows=5),
        ),
        width="100%",
        data_testid="package",
        data_status=PackageState.status,
        data_package=PackageState.shown_id,
    )
