"""Catalogue models: airports and the offers a provider returns (flights, hotels, transfers).

Every instant is an aware UTC datetime; each place carries its IANA zone so a page can show the local
time where the thing happens (`local(...)` / the `*_local` properties). Money is integer cents (BRL).
All models survive `model_dump(mode="json")` → `model_validate(...)` unchanged (they are snapshotted).
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from enum import StrEnum
from functools import lru_cache
from typing import Annotated, Literal
from zoneinfo import ZoneInfo

from pydantic import AfterValidator, AwareDatetime, BaseModel, ConfigDict, Field

CURRENCY = "BRL"


def _to_utc(value: datetime) -> datetime:
    return value.astimezone(timezone.utc)


UtcDatetime = Annotated[AwareDatetime, AfterValidator(_to_utc)]
Cents = Annotated[int, Field(ge=0)]


@lru_cache(maxsize=2048)
def zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


def local(moment: datetime, tz: str) -> datetime:
    """The wall-clock time of `moment` in the IANA zone `tz` (aware, with that zone's offset)."""
    return moment.astimezone(zone(tz))


class Cabin(StrEnum):
    ECONOMY = "ECONOMY"
    PREMIUM_ECONOMY = "PREMIUM_ECONOMY"
    BUSINESS = "BUSINESS"
    FIRST = "FIRST"


class Board(StrEnum):
    ROOM_ONLY = "ROOM_ONLY"
    BREAKFAST = "BREAKFAST"
    HALF_BOARD = "HALF_BOARD"
    FULL_BOARD = "FULL_BOARD"
    ALL_INCLUSIVE = "ALL_INCLUSIVE"


class Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Airport(Frozen):
    iata: str = Field(pattern=r"^[A-Z]{3}$")
    name: str
    city: str
    subdivision: str = ""
    country: str = Field(pattern=r"^[A-Z]{2}$")
    tz: str
    lat: float
    lon: float

    @property
    def label(self) -> str:
        return f"{self.city} ({self.iata}) – {self.name}"


class FlightSegment(Frozen):
    carrier: str  # IATA airline code
    carrier_name: str = ""
    flight_number: str  # e.g. "TP 1024"
    origin: str
    origin_tz: str
    destination: str
    destination_tz: str
    departure_utc: UtcDatetime
    arrival_utc: UtcDatetime
    aircraft: str = ""

    @property
    def departure_local(self) -> datetime:
        return local(self.departure_utc, self.origin_tz)

    @property
    def arrival_local(self) -> datetime:
        return local(self.arrival_utc, self.destination_tz)

    @property
    def duration(self) -> timedelta:
        return self.arrival_utc - self.departure_utc


class Fare(Frozen):
    """One traveller's ticket for the whole one-way journey: base fare + taxes and carrier fees."""

    base_cents: Cents
    taxes_cents: Cents

    @property
    def total_cents(self) -> int:
        return self.base_cents + self.taxes_cents


class FlightOffer(Frozen):
    id: str = Field(pattern=r"^[A-Za-z0-9]{1,24}$")
    provider: str
    segments: list[FlightSegment] = Field(min_length=1)
    cabin: Cabin
    checked_bags: int = Field(ge=0)
    adult: Fare
    child: Fare  # 2–11 years, own seat
    infant: Fare  # under 2, on an adult's lap

    @property
    def stops(self) -> int:
        return len(self.segments) - 1

    @property
    def departure_utc(self) -> datetime:
        return self.segments[0].departure_utc

    @property
    def arrival_utc(self) -> datetime:
        return self.segments[-1].arrival_utc

    @property
    def duration(self) -> timedelta:
        return self.arrival_utc - self.departure_utc

    @property
    def carriers(self) -> list[str]:
        return list(dict.fromkeys(s.carrier for s in self.segments))


class Address(Frozen):
    line: str
    postal_code: str = ""
    city: str
    country: str


class Hotel(Frozen):
    id: str
    name: str
    stars: int = Field(ge=1, le=5)
    address: Address
    lat: float
    lon: float
    tz: str


class HotelOffer(Frozen):
    """A stay for the requested rooms and nights. Amounts cover the whole stay, all rooms."""

    id: str = Field(pattern=r"^[A-Za-z0-9]{1,24}$")
    provider: str
    hotel: Hotel
    check_in_utc: UtcDatetime  # earliest check-in, local policy time on the check-in date
    check_out_utc: UtcDatetime  # latest check-out
    nights: int = Field(ge=1)
    rooms: int = Field(ge=1)
    room_type: str
    board: Board
    base_cents: Cents
    taxes_cents: Cents  # VAT/service charged with the room
    city_tax_cents: Cents = 0  # tourist tax usually paid at the hotel: we charge it up front

    @property
    def check_in_local(self) -> datetime:
        return local(self.check_in_utc, self.hotel.tz)

    @property
    def check_out_local(self) -> datetime:
        return local(self.check_out_utc, self.hotel.tz)

    @property
    def total_cents(self) -> int:
        return self.base_cents + self.taxes_cents + self.city_tax_cents

    @property
    def price_per_night_cents(self) -> int:
        """Per room and night, every tax included (rounded up: never shows less than is charged)."""
        return -(-self.total_cents // (self.nights * self.rooms))


class TransferOffer(Frozen):
    id: str = Field(pattern=r"^[A-Za-z0-9]{1,24}$")
    provider: str
    direction: Literal["arrival", "departure"]  # airport → hotel, hotel → airport
    kind: Literal["SHARED", "PRIVATE"]
    vehicle: str
    seats: int = Field(ge=1)
    pickup_place: str
    dropoff_place: str
    pickup_utc: UtcDatetime
    dropoff_utc: UtcDatetime
    tz: str
    operator: str = ""
    price_cents: Cents  # for all passengers, taxes included

    @property
    def pickup_local(self) -> datetime:
        return local(self.pickup_utc, self.tz)

    @property
    def dropoff_local(self) -> datetime:
        return local(self.dropoff_utc, self.tz)

    @property
    def duration(self) -> timedelta:
        return self.dropoff_utc - self.pickup_utc


class Travellers(Frozen):
    adults: int = Field(ge=1, le=9)
    children: int = Field(default=0, ge=0, le=8)
    infants: int = Field(default=0, ge=0, le=8)

    @property
    def seated(self) -> int:
        return self.adults + self.children

    @property
    def total(self) -> int:
        return self.adults + self.children + self.infants


__all__ = [
    "CURRENCY",
    "Address",
    "Airport",
    "Board",
    "Cabin",
    "Fare",
    "FlightOffer",
    "FlightSegment",
    "Hotel",
    "HotelOffer",
    "TransferOffer",
    "Travellers",
    "local",
    "zone",
]
