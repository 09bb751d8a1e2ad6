"""Package models: the search query, the price breakdown and the assembled package.

JSON round-trippable (`model_dump(mode="json")` / `model_validate`), so quotes and purchases can
snapshot a whole Package. Money is integer cents (BRL).
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from services.catalog.models import CURRENCY, Cabin, FlightOffer, HotelOffer, TransferOffer, Travellers

PartKind = Literal[
    "outbound_flight", "return_flight", "hotel", "city_tax", "transfer_in", "transfer_out", "service_fee", "discount"
]
TravellerKind = Literal["adult", "child", "infant"]


class SearchQuery(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    origin: str = Field(pattern=r"^[A-Z]{3}$")
    destination: str = Field(pattern=r"^[A-Z]{3}$")
    departure: date
    return_date: date
    adults: int = Field(default=1, ge=1, le=9)
    children: int = Field(default=0, ge=0, le=8)  # 2–11 years
    infants: int = Field(default=0, ge=0, le=8)  # under 2, on an adult's lap
    cabin: Cabin = Cabin.ECONOMY
    rooms: int = Field(default=1, ge=1, le=9)

    @property
    def travellers(self) -> Travellers:
        return Travellers(adults=self.adults, children=self.children, infants=self.infants)


class PriceLine(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    part: PartKind
    traveller: TravellerKind | None = None  # set on per-traveller-type flight lines
    quantity: int = Field(ge=1)
    unit_cents: int  # per traveller, per ride or per booking; negative only for the discount
    base_cents: int
    taxes_cents: int = 0  # already inside amount_cents
    amount_cents: int  # quantity × unit, every tax and fee included


class TravellerShare(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    number: int = Field(ge=1)  # 1 = lead traveller
    kind: TravellerKind
    flights_cents: int
    shared_cents: int  # hotel, transfers, fee and discount split among seated travellers
    total_cents: int


class PriceBreakdown(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    currency: str = CURRENCY
    lines: list[PriceLine]
    subtotal_cents: int  # every part before the discount
    discount_cents: int = Field(ge=0)
    discount_rate: str  # e.g. "0.05", as text so JSON keeps it exact
    total_cents: int  # what the traveller pays, all taxes and fees included
    per_traveller: list[TravellerShare]

    def part_cents(self, part: PartKind) -> int:
        return sum(line.amount_cents for line in self.lines if line.part == part)


class Package(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str
    query: SearchQuery
    outbound: FlightOffer
    inbound: FlightOffer
    hotel: HotelOffer
    transfer_in: TransferOffer  # airport → hotel
    transfer_out: TransferOffer  # hotel → airport
    price: PriceBreakdown

    @property
    def total_cents(self) -> int:
        return self.price.total_cents

    @property
    def stops(self) -> int:
        """The larger number of stops of the two flights."""
        return max(self.outbound.stops, self.inbound.stops)

    @property
    def stars(self) -> int:
        return self.hotel.hotel.stars

    @property
    def offer_ids(self) -> tuple[str, str, str, str, str]:
        return (self.outbound.id, self.inbound.id, self.hotel.id, self.transfer_in.id, self.transfer_out.id)

    @property
    def travel_time(self) -> timedelta:
        """Door to door: both flights (with layovers) plus both transfers."""
        return self.outbound.duration + self.inbound.duration + self.transfer_in.duration + self.transfer_out.duration
