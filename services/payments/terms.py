"""Cancellation terms: how much of a purchase comes back, decided on the server from the departure.

- Until 7 days (168 h) before the outbound flight leaves: free cancellation, 100 % refunded.
- Less than 7 days before, but before departure: 50 % refunded (rounded down to the cent).
- From departure on: no cancellation.
A purchase can be cancelled once; the refund goes back to the card it was paid with.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from pydantic import BaseModel

from services.i18n import translator

FREE_UNTIL = timedelta(days=7)
LATE_REFUND_PERCENT = 50


class RefundQuote(BaseModel):
    allowed: bool
    percent: int  # 100, 50 or 0
    amount_cents: int
    free_until: datetime  # the last moment of free cancellation (UTC)


def refund_for(total_cents: int, departure_utc: datetime, now: datetime) -> RefundQuote:
    free_until = departure_utc - FREE_UNTIL
    if now < free_until:
        percent = 100
    elif now < departure_utc:
        percent = LATE_REFUND_PERCENT
    else:
        percent = 0
    return RefundQuote(
        allowed=percent > 0, percent=percent, amount_cents=total_cents * percent // 100, free_until=free_until
    )


def terms_text(locale: str | None) -> list[str]:
    """The terms as short sentences for the package detail page (any locale spelling; pt_BR default)."""
    _ = translator(locale).gettext
    return [
        _("Free cancellation (100% refund) until 7 days before the outbound flight departs."),
        _("From 7 days before until departure: 50% of the amount paid is refunded."),
        _("Once the trip has started it can no longer be cancelled."),
        _("Refunds go back to the card used for payment."),
    ]
