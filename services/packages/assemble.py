"""Assembles packages: outbound + return flight, a hotel, and both transfers, priced.

Every outbound flight is paired with every return flight (not by list position), and each pair with
every hotel, so no combination is lost before filtering. The hotel stay runs from the outbound
flight's local arrival date to the return flight's local departure date (an overnight flight that
lands the next day starts the stay that day). Transfers are timed from those flights. The default
ride is private for 4–5-star hotels and shared otherwise; `build_package` takes any other choice.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from services.catalog.airports import get_airport
from services.catalog.models import Airport, FlightOffer, HotelOffer, TransferOffer
from services.catalog.provider import OffersProvider
from services.errors import NotFound
from services.packages.models import Package, SearchQuery
from services.packages.package_id import PackageRef, encode
from services.packages.pricing import package_total_cents, price_package
from services.packages.signing import package_id_key

MIN_TIME_AT_DESTINATION = timedelta(hours=12)


def _airports(query: SearchQuery) -> tuple[Airport, Airport]:
    origin, destination = get_airport(query.origin), get_airport(query.destination)
    if origin is None or destination is None:
        raise NotFound("Unknown airport.")
    return origin, destination


def stay_dates(outbound: FlightOffer, inbound: FlightOffer) -> tuple[date, date] | None:
    if inbound.departure_utc - outbound.arrival_utc < MIN_TIME_AT_DESTINATION:
        return None
    check_in = outbound.segments[-1].arrival_local.date()
    check_out = inbound.segments[0].departure_local.date()
    return (check_in, check_out) if check_out > check_in else None


class _Session:
    """One search's offers, fetched once each (a provider call per flight day, stay and ride)."""

    def __init__(self, query: SearchQuery, provider: OffersProvider, key: bytes | None):
        self.query, self.provider = query, provider
        self.key = key or package_id_key()  # signs the ids of the packages this session makes
        self.origin, self.destination = _airports(query)
        self.travellers = query.travellers
        self.international = self.origin.country != self.destination.country
        self._hotels: dict[tuple[date, date], list[HotelOffer]] = {}
        self._rides: dict[tuple[str, str, str], list[TransferOffer]] = {}

    def flights(self, outbound: bool) -> list[FlightOffer]:
        q = self.query
        if outbound:
            return self.provider.flights(self.origin, self.destination, q.departure, q.cabin, self.travellers)
        return self.provider.flights(self.destination, self.origin, q.return_date, q.cabin, self.travellers)

    def hotels(self, stay: tuple[date, date]) -> list[HotelOffer]:
        if stay not in self._hotels:
            self._hotels[stay] = self.provider.hotels(
                self.destination, stay[0], stay[1], self.travellers, self.query.rooms
            )
        return self._hotels[stay]

    def rides(self, direction: str, flight: FlightOffer, hotel: HotelOffer) -> list[TransferOffer]:
        key = (direction, flight.id, hotel.id)
        if key not in self._rides:
            at = flight.arrival_utc if direction == "arrival" else flight.departure_utc
            self._rides[key] = self.provider.transfers(
                direction, self.destination, hotel.hotel, at, self.travellers, self.international
            )
        return self._rides[key]

    def package(
        self,
        outbound: FlightOffer,
        inbound: FlightOffer,
        hotel: HotelOffer,
        ride_in: TransferOffer,
        ride_out: TransferOffer,
    ) -> Package:
        ref = PackageRef(self.provider.name, self.query, outbound.id, inbound.id, hotel.id, ride_in.id, ride_out.id)
        return Package(
            id=encode(ref, self.key),
            query=self.query,
            outbound=outbound,
            inbound=inbound,
            hotel=hotel,
            transfer_in=ride_in,
            transfer_out=ride_out,
            price=price_package(self.query, outbound, inbound, hotel, ride_in, ride_out),
        )


@dataclass(frozen=True, slots=True)
class Candidate:
    """A combination with what filters and sorts need; `materialise()` prices it in full."""

    session: "_Session"
    outbound: FlightOffer
    inbound: FlightOffer
    hotel: HotelOffer
    transfer_in: TransferOffer
    transfer_out: TransferOffer
    total_cents: int
    travel_time: timedelta
    stops: int
    stars: int

    @property
    def offer_ids(self) -> tuple[str, str, str, str, str]:
        return (self.outbound.id, self.inbound.id, self.hotel.id, self.transfer_in.id, self.transfer_out.id)

    def materialise(self) -> Package:
        return self.session.package(self.outbound, self.inbound, self.hotel, self.transfer_in, self.transfer_out)


def _default_ride(rides: list[TransferOffer], stars: int) -> TransferOffer | None:
    preferred = "PRIVATE" if stars >= 4 else "SHARED"
    return next((r for r in rides if r.kind == preferred), rides[0] if rides else None)


def assemble_candidates(query: SearchQuery, provider: OffersProvider, key: bytes | None = None) -> list[Candidate]:
    """Every valid combination for the query, unsorted and not yet priced in detail.

    `key` signs the package ids (default: the server's, see services.packages.signing)."""
    session = _Session(query, provider, key)
    candidates = []
    for outbound in session.flights(outbound=True):
        for inbound in session.flights(outbound=False):
            stay = stay_dates(outbound, inbound)
            if stay is None:
                continue
            for hotel in session.hotels(stay):
                ride_in = _default_ride(session.rides("arrival", outbound, hotel), hotel.hotel.stars)
                ride_out = _default_ride(session.rides("departure", inbound, hotel), hotel.hotel.stars)
                if not (ride_in and ride_out):
                    continue
                total = package_total_cents(query, outbound, inbound, hotel, ride_in, ride_out)
                travel = outbound.duration + inbound.duration + ride_in.duration + ride_out.duration
                candidates.append(
                    Candidate(
                        session,
                        outbound,
                        inbound,
                        hotel,
                        ride_in,
                        ride_out,
                        total,
                        travel,
                        max(outbound.stops, inbound.stops),
                        hotel.hotel.stars,
                    )
                )
    return candidates


def assemble_packages(query: SearchQuery, provider: OffersProvider, key: bytes | None = None) -> list[Package]:
    """Every valid combination, fully priced (unsorted)."""
    return [candidate.materialise() for candidate in assemble_candidates(query, provider, key)]


def build_package(
    query: SearchQuery,
    outbound_id: str,
    inbound_id: str,
    hotel_id: str,
    transfer_in_id: str,
    transfer_out_id: str,
    provider: OffersProvider,
    key: bytes | None = None,
) -> Package:
    """One package from chosen offer ids (e.g. to switch a shared ride to a private one)."""
    session = _Session(query, provider, key)
    outbound = next((f for f in session.flights(outbound=True) if f.id == outbound_id), None)
    inbound = next((f for f in session.flights(outbound=False) if f.id == inbound_id), None)
    stay = stay_dates(outbound, inbound) if outbound and inbound else None
    if stay is None:
        raise NotFound("Package not found: these flights are no longer offered.")
    hotel = next((h for h in session.hotels(stay) if h.id == hotel_id), None)
    if hotel is None:
        raise NotFound("Package not found: this hotel is no longer offered.")
    ride_in = next((r for r in session.rides("arrival", outbound, hotel) if r.id == transfer_in_id), None)
    ride_out = next((r for r in session.rides("departure", inbound, hotel) if r.id == transfer_out_id), None)
    if ride_in is None or ride_out is None:
        raise NotFound("Package not found: this transfer is no longer offered.")
    return session.package(outbound, inbound, hotel, ride_in, ride_out)
