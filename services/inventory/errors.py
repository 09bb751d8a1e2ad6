"""Inventory errors the UI shows."""

from __future__ import annotations

from services.errors import DreamsError


class SoldOut(DreamsError):
    """Some seat or room of the package is gone: no hold, no Stripe session. `unit` names it."""

    code = "sold_out"

    def __init__(self, unit: str):
        super().__init__("Sold out: someone has just booked the last seats or rooms of this package.")
        self.unit = unit
