"""The offers-provider port: one interface, two adapters (built-in catalogue, Amadeus).

Flights are one-way (outbound and return are searched separately so packages can combine them);
hotel stays are priced for the given dates and rooms; transfers are timed from a flight: `at` is the
flight's arrival (direction "arrival", airport → hotel) or departure (direction "departure").
Offer ids are stable for the same inputs, so a package id can name them and be rebuilt.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from datetime import date, datetime
from typing import Literal

from services.catalog.models import Airport, Cabin, FlightOffer, Hotel, HotelOffer, TransferOffer, Travellers

Direction = Literal["arrival", "departure"]


class OffersProvider(ABC):
    name: str  # short code kept in package ids: "b" built-in, "a" Amadeus

    @abstractmethod
    def flights(
        self, origin: Airport, destination: Airport, day: date, cabin: Cabin, travellers: Travellers
    ) -> list[FlightOffer]:
        """One-way offers leaving `origin` on local date `day`."""

    @abstractmethod
    def hotels(
        self, destination: Airport, check_in: date, check_out: date, travellers: Travellers, rooms: int
    ) -> list[HotelOffer]:
        """Stays in the destination's city, priced for all nights and rooms."""

    @abstractmethod
    def transfers(
        self,
        direction: Direction,
        airport: Airport,
        hotel: Hotel,
        at: datetime,
        travellers: Travellers,
        international: bool,
    ) -> list[TransferOffer]:
        """Shared and private rides between `airport` and `hotel`, timed around the flight at `at`."""
