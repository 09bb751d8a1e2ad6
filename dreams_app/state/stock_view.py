"""Seats and rooms left, as a card or the package page shows them (pt-BR / English)."""

from __future__ import annotations

from dreams_app.i18n import translate
from services.inventory import Availability


def stock_facts(availability: Availability | None) -> dict:
    """JSON facts kept in state: nothing known (Mongo down) shows nothing and books as usual."""
    if availability is None:
        return {"stock": "unknown", "left": 0}
    if not availability.bookable:
        return {"stock": "sold_out", "left": 0}
    if availability.low:
        return {"stock": "low", "left": availability.seats_left}
    return {"stock": "ok", "left": availability.seats_left}


def stock_text(facts: dict, locale: str) -> str:
    stock, left = facts.get("stock", "unknown"), facts.get("left", 0)
    if stock == "sold_out":
        return translate("stock.sold_out", locale)
    if stock == "low":
        return translate("stock.left_one" if left == 1 else "stock.left_many", locale).format(n=left)
    return ""
