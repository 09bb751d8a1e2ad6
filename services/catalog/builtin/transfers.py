"""Deterministic airport ↔ hotel transfers, timed from the flight.

Road distance = 1.3 × straight line. Private ride: 15 min + road km at 40 km/h; a shared shuttle
stops at other hotels: +25 min. Arrival pickup: flight arrival + 45 min (+60 min when international,
for passport control and bags), at the arrivals hall. Departure pickup: the ride must reach the
airport 2 h (domestic) or 3 h (international) before take-off; times rounded to 5 minutes.
Prices (BRL, taxes included, × country cost index): shared R$ 40 + R$ 0.90/km per seated passenger
(lap infants ride free); private R$ 110 + R$ 3.20/km per vehicle, vehicle sized for every passenger
including infants (who need a child seat).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from services.catalog.airports import distance_km
from services.catalog.builtin.data import COST_INDEX, DEFAULT_COST_INDEX, VEHICLES
from services.catalog.builtin.rng import cents
from services.catalog.models import Airport, Hotel, TransferOffer, Travellers

PROVIDER = "builtin"
SHUTTLE_EXTRA = timedelta(minutes=25)


def _round5(moment: datetime, up: bool) -> datetime:
    step = 300
    ts = moment.timestamp()
    rounded = (-(-ts // step) if up else ts // step) * step
    return datetime.fromtimestamp(rounded, tz=moment.tzinfo)


def road_km(airport: Airport, hotel: Hotel) -> float:
    fake = Airport(iata="XXX", name="", city="", country="XX", tz=hotel.tz, lat=hotel.lat, lon=hotel.lon)
    return 1.3 * distance_km(airport, fake)


def private_minutes(km: float) -> int:
    return int(round((15 + km / 40 * 60) / 5)) * 5


def transfer_offers(
    direction: str, airport: Airport, hotel: Hotel, at: datetime, travellers: Travellers, international: bool
) -> list[TransferOffer]:
    km = road_km(airport, hotel)
    cost = COST_INDEX.get(hotel.address.country, DEFAULT_COST_INDEX)
    vehicle = (
        next(v for v in VEHICLES if v[1] >= travellers.total) if travellers.total <= VEHICLES[-1][1] else VEHICLES[-1]
    )
    airport_place = f"{airport.name} ({airport.iata})"
    hotel_place = f"{hotel.name}, {hotel.address.line}, {hotel.address.city}"
    offers = []
    for kind in ("SHARED", "PRIVATE"):
        ride = timedelta(minutes=private_minutes(km)) + (SHUTTLE_EXTRA if kind == "SHARED" else timedelta())
        if direction == "arrival":
            pickup = _round5(at + timedelta(minutes=105 if international else 45), up=True)
            places = (f"{airport_place} – arrivals hall, meeting point", hotel_place)
        else:
            lead = timedelta(hours=3 if international else 2)
            pickup = _round5(at - lead - ride, up=False)
            places = (f"{hotel_place} – lobby", f"{airport_place} – departures")
        if kind == "SHARED":
            price = cents((40 + 0.9 * km) * cost, step=10) * travellers.seated
            name, seats = "Shared shuttle", 16
        else:
            price = cents((110 + 3.2 * km) * cost * vehicle[2], step=10)
            name, seats = f"Private {vehicle[0].lower()}", vehicle[1]
        offers.append(
            TransferOffer(
                id=f"{kind[0]}{direction[0].upper()}",
                provider=PROVIDER,
                direction=direction,
                kind=kind,
                vehicle=name,
                seats=seats,
                pickup_place=places[0],
                dropoff_place=places[1],
                pickup_utc=pickup,
                dropoff_utc=pickup + ride,
                tz=hotel.tz,
                operator="Dreams Transfers",
                price_cents=price,
            )
        )
    return offers
