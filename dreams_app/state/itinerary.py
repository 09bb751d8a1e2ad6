"""The itinerary texts a package page shows (components/itinerary_sections.py and the price panel),
once for every state that holds a package: the package detail and a purchase.

A state mixes this in and says where its package is (`_itinerary_package`); the computed vars format
it for the visitor's locale (`self.lang`) and recompute when the package or the language changes.
"""

from __future__ import annotations

import reflex as rx

from dreams_app.state.package_view import (
    flight_items,
    flight_summary,
    hotel_text,
    price_text,
    summary_text,
    transfer_text,
)
from services.packages import Package

NO_PRICE = {"lines": [], "travellers": [], "total": ""}


class ItineraryMixin(rx.State, mixin=True):
    def _itinerary_package(self) -> Package | None:
        raise NotImplementedError

    @rx.var(cache=True)
    def summary(self) -> dict[str, str]:
        package = self._itinerary_package()
        return summary_text(package, self.lang) if package else {}

    @rx.var(cache=True)
    def outbound(self) -> dict[str, str]:
        package = self._itinerary_package()
        return flight_summary(package.outbound, self.lang) if package else {}

    @rx.var(cache=True)
    def inbound(self) -> dict[str, str]:
        package = self._itinerary_package()
        return flight_summary(package.inbound, self.lang) if package else {}

    @rx.var(cache=True)
    def outbound_items(self) -> list[dict[str, str]]:
        package = self._itinerary_package()
        return flight_items(package.outbound, self.lang) if package else []

    @rx.var(cache=True)
    def inbound_items(self) -> list[dict[str, str]]:
        package = self._itinerary_package()
        return flight_items(package.inbound, self.lang) if package else []

    @rx.var(cache=True)
    def hotel(self) -> dict[str, str]:
        package = self._itinerary_package()
        return hotel_text(package, self.lang) if package else {}

    @rx.var(cache=True)
    def transfers(self) -> list[dict[str, str]]:
        package = self._itinerary_package()
        return [transfer_text(r, self.lang) for r in (package.transfer_in, package.transfer_out)] if package else []

    def _price(self) -> dict:
        package = self._itinerary_package()
        return price_text(package, self.lang) if package else NO_PRICE

    @rx.var(cache=True)
    def price_lines(self) -> list[dict[str, str]]:
        return self._price()["lines"]

    @rx.var(cache=True)
    def traveller_shares(self) -> list[dict[str, str]]:
        return self._price()["travellers"]

    @rx.var(cache=True)
    def total(self) -> str:
        return self._price()["total"]
