"""Purchases turned into display-ready text for one locale (Babel, on the server).

The package inside a purchase is formatted with state/package_view.py, like the package page; this
module adds what only a purchase has: status, payment, refund, and the dashboard's rows.
"""

from __future__ import annotations

from datetime import UTC, datetime

from dreams_app import routes
from dreams_app.i18n import translate
from dreams_app.state.package_view import day_text
from services.catalog.airports import get_airport
from services.catalog.place_names import place_name
from services.i18n import format_datetime, format_day, format_money
from services.payments.models import Purchase, PurchaseSummary
from services.payments.terms import RefundQuote

STATUSES = ("paid", "refund_pending", "refunded", "sold_out_refunded")


def _tr(key: str, locale: str, **values: object) -> str:
    # `n` is the count by convention: it picks a plural text's form.
    return translate(key, locale, values.get("n")).format(**values)


def _zone(code: str) -> str | None:
    airport = get_airport(code)
    return airport.tz if airport else None


def status_text(status: str, locale: str) -> str:
    return translate(f"status.{status}", locale) if status in STATUSES else status


def travellers_line(row: PurchaseSummary, locale: str) -> str:
    """'Ana Souza e mais 2 viajantes' (the lead by name); '3 viajantes' for a purchase made before
    the travellers step named them."""
    if not row.lead_name:
        return _tr("dashboard.travellers", locale, n=row.travellers)
    others = row.travellers - 1
    return _tr("dashboard.lead_and_more", locale, lead=row.lead_name, n=others) if others else row.lead_name


def summary_row(row: PurchaseSummary, locale: str) -> dict[str, str]:
    """One dashboard card: where, when (days at the origin and destination), who, how much, status."""
    out_day = format_day(row.departure_at, _zone(row.origin), locale, "medium")
    back_day = format_day(row.return_at, _zone(row.destination), locale, "medium")
    return {
        "id": row.id,
        "url": routes.purchase_url(row.id),
        "title": f"{place_name(row.origin, locale)} → {place_name(row.destination, locale)}",
        "route": f"{row.origin} → {row.destination}",
        "dates": f"{out_day} – {back_day}",
        "hotel": row.hotel_name,
        "travellers": travellers_line(row, locale),
        "total": format_money(row.total_cents, row.currency, locale),
        "status": row.status,
        "status_text": status_text(row.status, locale),
        "bought": _tr("dashboard.bought_on", locale, when=format_day(row.purchased_at, None, locale, "medium")),
    }


def payment_text(purchase: Purchase, locale: str) -> dict[str, str]:
    return {
        "status": purchase.status,
        "status_text": status_text(purchase.status, locale),
        "reference": purchase.payment_intent or purchase.session_id,
        "purchased_at": format_datetime(purchase.purchased_at, None, locale, "medium"),
        "total": format_money(purchase.total_cents, purchase.currency, locale),
        "email": purchase.email,
    }


def refund_text(purchase: Purchase, preview: RefundQuote, locale: str) -> dict[str, str]:
    """The cancellation box: what cancelling now gives back, or where the refund stands."""
    money = lambda cents: format_money(cents, purchase.currency, locale)  # noqa: E731
    refund = purchase.refund
    text = {
        "allowed": "yes" if preview.allowed else "",
        "amount": money(preview.amount_cents),
        "preview": "",
        "free_until": "",
        "state": "",
        "confirm": _tr("purchase.confirm_text", locale, amount=money(preview.amount_cents)),
    }
    if purchase.status == "paid":
        if preview.allowed:
            text["preview"] = _tr(
                "purchase.cancel_preview", locale, amount=money(preview.amount_cents), percent=preview.percent
            )
            if preview.percent == 100:
                when = format_datetime(preview.free_until, _zone(purchase.package.query.origin), locale, "short")
                text["free_until"] = _tr("purchase.free_until", locale, when=when)
        else:
            text["preview"] = translate("purchase.cancel_closed", locale)
    elif purchase.status == "refund_pending":
        text["state"] = _tr("purchase.refund_pending_text", locale, amount=money(refund.amount_cents if refund else 0))
    elif refund is not None:
        amount = refund.amount_refunded_cents or refund.amount_cents
        when = refund.refunded_at or refund.requested_at or purchase.purchased_at
        text["state"] = _tr(
            "purchase.sold_out_text" if purchase.status == "sold_out_refunded" else "purchase.refunded_text",
            locale,
            amount=money(amount),
            when=format_datetime(when, None, locale, "short"),
        )
    return text


def travellers_text(purchase: Purchase, locale: str) -> list[str]:
    """'Ana Souza (adulto) · passaporte •••••4567', … as the travellers step named them (passport
    numbers masked); 'Viajante 1 (adulto)', … for a purchase made before that step."""
    if purchase.passengers:
        lines = []
        for p in purchase.passengers:
            line = f"{p.full_name} ({translate(f'traveller.{p.kind}', locale)})"
            if p.passport:
                line += " · " + _tr("travellers.passport_masked", locale, number=p.passport_masked)
            lines.append(line)
        return lines
    return [
        f"{_tr('package.traveller_n', locale, n=s.number)} ({translate(f'traveller.{s.kind}', locale)})"
        for s in purchase.package.price.per_traveller
    ]


def trip_days(purchase: Purchase, locale: str) -> str:
    out, back = purchase.package.outbound.segments[0], purchase.package.inbound.segments[-1]
    return f"{day_text(out.departure_local, locale, 'yMMMd')} – {day_text(back.arrival_local, locale, 'yMMMd')}"


def now_utc() -> datetime:
    return datetime.now(UTC)
