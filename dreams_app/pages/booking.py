"""`/booking/<quote id>` (logged-in, the booking's owner only): who travels, between "Reservar"
and Stripe's page. One card per passenger of the search, the lead's contact, the total, and
"Continuar para o pagamento" (validated on the server, errors next to their fields)."""

import reflex as rx

from dreams_app import routes, styles
from dreams_app.components.empty_state import empty_state
from dreams_app.components.error_callout import error_callout, unavailable_callout
from dreams_app.components.form_card import form_alert, form_card, submit_button
from dreams_app.components.loading_skeleton import loading_skeleton
from dreams_app.components.traveller_field import traveller_field
from dreams_app.i18n import t
from dreams_app.state.travellers import TravellersState as S
from dreams_app.template import page


def _passenger(row: rx.Var) -> rx.Component:
    def field(f: str, **kw) -> rx.Component:
        return traveller_field(row[f"n_{f}"], t(f"travellers.{f}"), row[f"v_{f}"], row[f"e_{f}"], **kw)

    documents = rx.cond(
        S.international,
        rx.grid(
            field("nationality", countries=S.countries, placeholder=t("travellers.choose_country")),
            field("passport", autocomplete="off"),
            field("passport_expiry", type="date"),
            columns=rx.breakpoints(initial="1", sm="3"),
            spacing="3",
            width="100%",
        ),
        rx.fragment(),
    )
    return rx.el.fieldset(
        rx.el.legend(
            rx.hstack(
                rx.text(row["label"], weight="bold"),
                rx.cond(row["lead"] != "", rx.badge(t("travellers.lead_note")), rx.fragment()),
                spacing="2",
                align="center",
            )
        ),
        rx.vstack(
            rx.grid(
                field("given_names", autocomplete=rx.cond(row["lead"] != "", "given-name", "off").to(str)),
                field("surname"),
                field("birth_date", type="date"),
                columns=rx.breakpoints(initial="1", sm="3"),
                spacing="3",
                width="100%",
            ),
            documents,
            spacing="3",
            width="100%",
        ),
        style={**styles.card_style, "border_width": "1px", "margin": "0", "min_width": "0"},
        data_testid="passenger",
        data_kind=row["kind"],
    )


def _contact() -> rx.Component:
    c = S.contact
    return rx.el.fieldset(
        rx.el.legend(rx.text(t("travellers.contact"), weight="bold")),
        rx.grid(
            traveller_field(
                "contact_email",
                t("travellers.contact_email"),
                c["v_contact_email"],
                c["e_contact_email"],
                type="email",
                autocomplete="email",
            ),
            traveller_field(
                "contact_phone",
                t("travellers.contact_phone"),
                c["v_contact_phone"],
                c["e_contact_phone"],
                type="tel",
                autocomplete="tel",
                hint=t("travellers.phone_hint"),
            ),
            columns=rx.breakpoints(initial="1", sm="2"),
            spacing="3",
            width="100%",
        ),
        style={**styles.card_style, "border_width": "1px", "margin": "0", "min_width": "0"},
        data_testid="lead-contact",
    )


def _summary() -> rx.Component:
    trip = S.trip
    return rx.vstack(
        rx.text(trip["route"], weight="bold", size="4"),
        rx.text(trip["dates"], " · ", trip["travellers"], size="2", style=styles.muted_text_style),
        rx.hstack(
            rx.text(t("travellers.total"), size="2"),
            rx.text(trip["total"], weight="bold", size="5", data_testid="booking-total"),
            align="baseline",
        ),
        rx.cond(
            S.international,
            rx.text(t("travellers.international"), size="2", style=styles.muted_text_style),
            rx.fragment(),
        ),
        spacing="1",
        width="100%",
    )


def _form() -> rx.Component:
    return rx.form(
        rx.vstack(
            _summary(),
            rx.foreach(S.rows, _passenger),
            _contact(),
            form_alert(S.form_error),
            submit_button(t("travellers.submit"), t("travellers.submitting"), S.submit_status == "submitting"),
            rx.hstack(
                rx.link(t("travellers.back"), href=S.package_link),
                rx.cond(
                    S.saved_count > 0,
                    rx.text(t("travellers.saved"), size="1", style=styles.muted_text_style),
                    rx.fragment(),
                ),
                justify="between",
                width="100%",
                role="status",
                data_testid="draft-status",
                data_saved=S.saved_count,
            ),
            spacing="4",
            width="100%",
        ),
        key=S.form_key,
        on_submit=S.submit,
        no_validate=True,
        width="100%",
        aria_label=t("travellers.heading"),
    )


def _paid() -> rx.Component:
    return empty_state(
        t("travellers.paid_title"),
        t("travellers.paid_text"),
        "circle-check",
        rx.link(t("travellers.see_payment"), href=S.paid_link),
        rx.link(t("travellers.back"), href=S.package_link),
    )


@page(route=routes.BOOKING, title_key="travellers.title", on_load=S.open, on_load_checks_session=True)
def booking_page() -> rx.Component:
    return rx.box(
        form_card(
            t("travellers.heading"),
            rx.match(
                S.travellers_status,
                ("ready", _form()),
                ("paid", _paid()),
                (
                    "not_found",
                    empty_state(
                        t("travellers.not_found_title"),
                        t("travellers.not_found_text"),
                        "search-x",
                        rx.link(t("dashboard.search"), href=routes.home_url()),
                    ),
                ),
                ("unavailable", unavailable_callout(on_retry=S.open)),
                ("error", error_callout(t("travellers.failed"), on_retry=S.open)),
                loading_skeleton(t("travellers.loading"), rows=4),
            ),
            intro=t("travellers.intro"),
            max_width="52rem",
        ),
        width="100%",
        data_testid="travellers-step",
        data_status=S.travellers_status,
    )
