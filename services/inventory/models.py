"""What a package takes from inventory (pure): one item per flight segment and per hotel night.

Unit ids: `flight:<number>:<local departure date>:<cabin>` (seats for the seated travellers;
infants fly on a lap) and `room:<hotel id>:<night>` (the booked rooms, each night of the stay).
"""

from __future__ import annotations

from datetime import timedelta
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

from services.packages.models import Package

LOW_STOCK = 5  # "Restam N lugares" at or below this


class HoldItem(BaseModel):
    model_config = ConfigDict(frozen=True)

    unit: str
    n: int = Field(ge=1)


class Outcome(StrEnum):
    SOLD = "sold"  # the payment's units are sold (or were already)
    SOLD_OUT = "sold_out"  # the hold had lapsed and the stock is gone: refund in full
    NO_HOLD = "no_hold"  # a session from before inventory existed: nothing to sell


class Availability(BaseModel):
    """What a card or the detail page shows for one package."""

    seats_left: int  # the fewest free seats on any of its flights
    rooms_left: int  # the fewest free rooms on any night
    bookable: bool  # every unit has what this package needs

    @property
    def low(self) -> bool:
        return self.bookable and self.seats_left <= LOW_STOCK


def flight_unit(number: str, day: str, cabin: str) -> str:
    return f"flight:{number.replace(' ', '')}:{day}:{cabin}"


def room_unit(hotel_id: str, night: str) -> str:
    return f"room:{hotel_id}:{night}"


def items_for(package: Package) -> list[HoldItem]:
    """Sorted by unit id: every booker takes in the same order, and stops at its first refusal, so two
    bookers racing for the same two last units cannot each take one and refuse the other."""
    seats, rooms = package.query.adults + package.query.children, package.hotel.rooms
    units: dict[str, int] = {}
    for offer in (package.outbound, package.inbound):
        for segment in offer.segments:
            unit = flight_unit(segment.flight_number, segment.departure_local.date().isoformat(), offer.cabin.value)
            units[unit] = units.get(unit, 0) + seats
    first = package.hotel.check_in_local.date()
    for i in range(package.hotel.nights):
        units[room_unit(package.hotel.hotel.id, (first + timedelta(days=i)).isoformat())] = rooms
    return [HoldItem(unit=u, n=n) for u, n in sorted(units.items())]
