"""The built-in catalogue as an OffersProvider. Pure functions of their inputs, cached."""

from __future__ import annotations

from datetime import date, datetime
from functools import lru_cache

from services.catalog.builtin.flights import flight_offers
from services.catalog.builtin.hotels import hotel_offers
from services.catalog.builtin.transfers import transfer_offers
from services.catalog.models import Airport, Cabin, FlightOffer, Hotel, HotelOffer, TransferOffer, Travellers
from services.catalog.provider import Direction, OffersProvider


class BuiltinProvider(OffersProvider):
    name = "b"

    def flights(
        self, origin: Airport, destination: Airport, day: date, cabin: Cabin, travellers: Travellers
    ) -> list[FlightOffer]:
        return list(_flights(origin, destination, day, cabin))

    def hotels(
        self, destination: Airport, check_in: date, check_out: date, travellers: Travellers, rooms: int
    ) -> list[HotelOffer]:
        return list(_hotels(destination, check_in, check_out, travellers, rooms))

    def transfers(
        self,
        direction: Direction,
        airport: Airport,
        hotel: Hotel,
        at: datetime,
        travellers: Travellers,
        international: bool,
    ) -> list[TransferOffer]:
        return list(_transfers(direction, airport, hotel, at, travellers, international))


# Offers are immutable (frozen models), so cached tuples can be shared between searches.
@lru_cache(maxsize=2048)
def _flights(origin: Airport, destination: Airport, day: date, cabin: Cabin) -> tuple[FlightOffer, ...]:
    return tuple(flight_offers(origin, destination, day, cabin))


@lru_cache(maxsize=2048)
def _hotels(
    destination: Airport, check_in: date, check_out: date, travellers: Travellers, rooms: int
) -> tuple[HotelOffer, ...]:
    return tuple(hotel_offers(destination, check_in, check_out, travellers, rooms))


@lru_cache(maxsize=16384)
def _transfers(
    direction: str, airport: Airport, hotel: Hotel, at: datetime, travellers: Travellers, international: bool
) -> tuple[TransferOffer, ...]:
    return tuple(transfer_offers(direction, airport, hotel, at, travellers, international))


def clear_caches() -> None:
    """For benchmarks that measure cold searches."""
    for fn in (_flights, _hotels, _transfers):
        fn.cache_clear()
