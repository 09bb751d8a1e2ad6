"""Deterministic one-way flight offers between two real airports.

Schedule: six departures a day at seeded local times at the origin. Block time comes from the
great-circle distance (850 km/h cruise + 35 min taxi/climb). Routes under 15,000 km get direct flights
when both ends have scheduled service; the rest connect through the curated hub with the smallest
detour, flown by a carrier of the hub's country. Times are built in the origin's zone and kept in UTC.

Fares (BRL): economy base = 150 + 0.30 × flown km, × cabin factor, × a seeded demand factor (0.85–1.30),
+12 % for a direct flight. Taxes per traveller: a boarding fee per departing segment (R$ 45 domestic,
R$ 140 international) plus a R$ 30 carrier fee. Child (2–11, own seat): 75 % of the adult base, full
taxes. Infant (under 2, on a lap): 10 % of the adult base and 25 % of the taxes.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone
from functools import lru_cache

from services.catalog.airports import MAJOR_AIRPORTS, all_airports, distance_km, has_scheduled_service
from services.catalog.builtin.data import CARRIERS, FALLBACK_CARRIERS
from services.catalog.builtin.rng import cents, seeded
from services.catalog.models import Airport, Cabin, Fare, FlightOffer, FlightSegment, zone

PROVIDER = "builtin"
OFFERS_PER_DAY = 6
CABIN_FACTOR = {Cabin.ECONOMY: 1.0, Cabin.PREMIUM_ECONOMY: 1.6, Cabin.BUSINESS: 3.8, Cabin.FIRST: 6.0}
CABIN_BAGS = {Cabin.ECONOMY: 0, Cabin.PREMIUM_ECONOMY: 1, Cabin.BUSINESS: 2, Cabin.FIRST: 3}
MAX_DIRECT_KM = 15_000


def block_minutes(km: float) -> int:
    return max(45, int(round((35 + km / 850 * 60) / 5)) * 5)


@lru_cache(maxsize=4096)
def connection_hubs(origin: str, destination: str) -> tuple[str, ...]:
    """Up to three hubs with the smallest detour (each leg ≥ 200 km)."""
    airports = all_airports()
    o, d = airports[origin], airports[destination]
    direct = max(distance_km(o, d), 1.0)
    scored = []
    for code in MAJOR_AIRPORTS:
        hub = airports.get(code)
        if hub is None or code in (origin, destination):
            continue
        first, second = distance_km(o, hub), distance_km(hub, d)
        if first < 200 or second < 200 or first > 14_000 or second > 14_000:
            continue
        scored.append(((first + second) / direct, code))
    scored.sort()
    return tuple(code for _, code in scored[:3])


def _carriers(country: str) -> tuple[tuple[str, str], ...]:
    return CARRIERS.get(country, FALLBACK_CARRIERS)


def _segment(rng, carrier: tuple[str, str], o: Airport, d: Airport, depart_utc: datetime) -> FlightSegment:
    km = distance_km(o, d)
    return FlightSegment(
        carrier=carrier[0],
        carrier_name=carrier[1],
        flight_number=f"{carrier[0]} {rng.randint(100, 8999)}",
        origin=o.iata,
        origin_tz=o.tz,
        destination=d.iata,
        destination_tz=d.tz,
        departure_utc=depart_utc,
        arrival_utc=depart_utc + timedelta(minutes=block_minutes(km)),
        aircraft=(
            "Airbus A320neo"
            if km < 2_500
            else "Boeing 737 MAX 8"
            if km < 4_500
            else "Boeing 787-9"
            if km < 11_000
            else "Airbus A350-1000"
        ),
    )


def _local_departure(day: date, minutes: int, tz: str) -> datetime:
    wall = datetime.combine(day, time(minutes // 60, minutes % 60), tzinfo=zone(tz))
    return wall.astimezone(timezone.utc)


def _fare(rng, km: float, segments: list[FlightSegment], cabin: Cabin, countries: set[str]) -> tuple[Fare, Fare, Fare]:
    direct_bonus = 1.12 if len(segments) == 1 else 1.0
    demand = rng.uniform(0.85, 1.30)
    base = cents((150 + 0.30 * km) * CABIN_FACTOR[cabin] * demand * direct_bonus, step=100)
    international = len(countries) > 1
    taxes = len(segments) * (14_000 if international else 4_500) + 3_000
    adult = Fare(base_cents=base, taxes_cents=taxes)
    child = Fare(base_cents=cents(base * 0.75 / 100), taxes_cents=taxes)
    infant = Fare(base_cents=cents(base * 0.10 / 100), taxes_cents=cents(taxes * 0.25 / 100))
    return adult, child, infant


def flight_offers(origin: Airport, destination: Airport, day: date, cabin: Cabin) -> list[FlightOffer]:
    airports = all_airports()
    rng = seeded("flights", origin.iata, destination.iata, day.isoformat())
    km = distance_km(origin, destination)
    can_direct = km <= MAX_DIRECT_KM and (
        km < 2_000 or (has_scheduled_service(origin) and has_scheduled_service(destination))
    )
    n_direct = (3 if km < 3_000 else 2 if km < 9_000 else 1) if can_direct else 0
    hubs = connection_hubs(origin.iata, destination.iata) or ()
    if not hubs:
        n_direct = OFFERS_PER_DAY
    slots = sorted(rng.sample(range(6 * 12, 23 * 12), OFFERS_PER_DAY))  # 06:00–22:55, 5-minute steps
    direct_slots = set(rng.sample(range(OFFERS_PER_DAY), n_direct))
    offers = []
    for i, slot in enumerate(slots):
        depart = _local_departure(day, slot * 5, origin.tz)
        if i in direct_slots:
            carrier = rng.choice(_carriers(origin.country) + _carriers(destination.country))
            segments = [_segment(rng, carrier, origin, destination, depart)]
            flown = km
        else:
            hub = airports[hubs[i % len(hubs)]]
            carrier = rng.choice(_carriers(hub.country))
            first = _segment(rng, carrier, origin, hub, depart)
            layover = timedelta(minutes=rng.randrange(60, 200, 5))
            second = _segment(rng, carrier, hub, destination, first.arrival_utc + layover)
            segments = [first, second]
            flown = distance_km(origin, hub) + distance_km(hub, destination)
        countries = {airports[s.origin].country for s in segments} | {destination.country}
        adult, child, infant = _fare(rng, flown, segments, cabin, countries)
        offers.append(
            FlightOffer(
                id=f"F{day:%m%d}{i + 1}{cabin.value[0]}",
                provider=PROVIDER,
                segments=segments,
                cabin=cabin,
                checked_bags=CABIN_BAGS[cabin] + (1 if len(countries) > 1 and cabin is Cabin.ECONOMY else 0),
                adult=adult,
                child=child,
                infant=infant,
            )
        )
    return offers
