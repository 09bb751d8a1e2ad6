"""Deterministic hotels in the destination city and their priced stays.

Eight hotels per city (1–5 stars), named, addressed in the country's street style and placed 4–22 km
from the airport. The set depends only on the city, so it is the same for every date; prices depend
on the dates too. Nightly rate per room (BRL) = star rate × country cost index × seeded hotel factor
(0.85–1.25) × board factor × occupancy (+25 % per guest above two in a room) × weekend (+15 % for
Friday and Saturday nights). Room taxes follow the country rate; the tourist tax is per adult and night.
Check-in 14:00 or 15:00, check-out 11:00 or 12:00, local time.
"""

from __future__ import annotations

import math
from datetime import date, datetime, time, timedelta, timezone
from functools import lru_cache

from services.catalog.airports import all_airports, major_rank
from services.catalog.autocomplete import normalise
from services.catalog.builtin.data import (
    CITY_TAX_PER_ADULT_NIGHT,
    COST_INDEX,
    DEFAULT_COST_INDEX,
    DEFAULT_HOTEL_TAX_RATE,
    DEFAULT_STREETS,
    HOTEL_TAX_RATE,
    HOTEL_WORDS,
    POSTCODES,
    ROOM_TYPES,
    STAR_PATTERNS,
    STAR_RATE_BRL,
    STREETS,
)
from services.catalog.builtin.rng import cents, seeded, short_hash
from services.catalog.models import Address, Airport, Board, Hotel, HotelOffer, Travellers, zone
from services.catalog.place_names import PORTUGUESE, city_name

PROVIDER = "builtin"
STARS_PER_CITY = (2, 3, 3, 4, 4, 4, 5, 5)
BOARD_FACTOR = {
    Board.ROOM_ONLY: 1.0,
    Board.BREAKFAST: 1.1,
    Board.HALF_BOARD: 1.3,
    Board.FULL_BOARD: 1.45,
    Board.ALL_INCLUSIVE: 1.7,
}
# A hotel's name and address spell its city as locals do: in Portuguese where that is the language
# (airportsdata's "Sao Paulo" → "São Paulo", "Lisbon" → "Lisboa"); elsewhere as airportsdata has it.
PORTUGUESE_SPEAKING = PORTUGUESE
BOARDS_BY_STARS = {
    1: (Board.ROOM_ONLY,),
    2: (Board.ROOM_ONLY, Board.BREAKFAST),
    3: (Board.BREAKFAST,),
    4: (Board.BREAKFAST, Board.HALF_BOARD),
    5: (Board.BREAKFAST, Board.ALL_INCLUSIVE),
}


def _postcode(rng, country: str) -> str:
    shape = POSTCODES.get(country, "")
    return "".join(
        str(rng.randint(0, 9)) if c == "#" else rng.choice("ABCDEFGHJKLMNPRSTUVWXY") if c == "A" else c for c in shape
    )


def _street(rng, country: str) -> str:
    kinds, names, number_first = STREETS.get(country, DEFAULT_STREETS)
    number = rng.randint(1, 980)
    if number_first:
        return f"{number} {rng.choice(names)} {rng.choice(kinds)}"
    kind, name = rng.choice(kinds), rng.choice(names)
    if kind in ("Straße", "Allee", "Weg"):
        return f"{name}{kind.lower()} {number}"
    return f"{kind} {name}, {number}"


@lru_cache(maxsize=2048)
def city_hotels(city: str, country: str, lat: float, lon: float, tz: str) -> tuple[Hotel, ...]:
    rng = seeded("hotels", country, normalise(city))  # ids and traits keep airportsdata's spelling
    local_city = city_name(city, country, "pt_BR") if country in PORTUGUESE_SPEAKING else city
    words = rng.sample(HOTEL_WORDS, len(STARS_PER_CITY))
    hotels = []
    for i, (stars, word) in enumerate(zip(STARS_PER_CITY, words)):
        km, bearing = rng.uniform(4, 22), rng.uniform(0, 2 * math.pi)
        hlat = lat + km / 111.0 * math.cos(bearing)
        hlon = lon + km / (111.0 * max(0.2, math.cos(math.radians(lat)))) * math.sin(bearing)
        hotels.append(
            Hotel(
                id=f"H{short_hash(country, city, i)}",
                name=STAR_PATTERNS[stars].format(word=word, city=local_city),
                stars=stars,
                lat=round(hlat, 5),
                lon=round(hlon, 5),
                tz=tz,
                address=Address(
                    line=_street(rng, country), postal_code=_postcode(rng, country), city=local_city, country=country
                ),
            )
        )
    return tuple(hotels)


@lru_cache(maxsize=1)
def _city_anchors() -> dict[tuple[str, str], Airport]:
    """(country, city) → its main airport, so GRU and CGH searches see the same São Paulo hotels."""
    anchors: dict[tuple[str, str], Airport] = {}
    for airport in sorted(all_airports().values(), key=lambda a: (major_rank(a.iata), a.iata)):
        anchors.setdefault((airport.country, normalise(airport.city)), airport)
    return anchors


def hotels_for(destination: Airport) -> tuple[Hotel, ...]:
    anchor = _city_anchors().get((destination.country, normalise(destination.city)), destination)
    return city_hotels(anchor.city, anchor.country, anchor.lat, anchor.lon, anchor.tz)


def _at(day: date, hour: int, tz: str) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=zone(tz)).astimezone(timezone.utc)


def hotel_offers(
    destination: Airport, check_in: date, check_out: date, travellers: Travellers, rooms: int
) -> list[HotelOffer]:
    nights = (check_out - check_in).days
    if nights < 1:
        return []
    country = destination.country
    cost = COST_INDEX.get(country, DEFAULT_COST_INDEX)
    tax_rate = HOTEL_TAX_RATE.get(country, DEFAULT_HOTEL_TAX_RATE)
    city_tax = CITY_TAX_PER_ADULT_NIGHT.get(country, 0)
    per_room = math.ceil(travellers.seated / rooms)
    occupancy = 1 + 0.25 * max(0, per_room - 2)
    weekend_nights = sum((check_in + timedelta(n)).weekday() in (4, 5) for n in range(nights))
    offers = []
    for hotel in hotels_for(destination):
        rng = seeded("stay", hotel.id)  # hotel traits stable across dates
        board = rng.choice(BOARDS_BY_STARS[hotel.stars])
        level = rng.uniform(0.85, 1.25)
        nightly = STAR_RATE_BRL[hotel.stars] * cost * level * BOARD_FACTOR[board] * occupancy
        season = seeded("season", hotel.id, check_in.isoformat()).uniform(0.9, 1.15)
        base = cents(nightly * season * (nights + 0.15 * weekend_nights) * rooms, step=100)
        room = ROOM_TYPES[hotel.stars] if per_room <= 2 else "Family Room" if per_room > 3 else "Triple Room"
        offers.append(
            HotelOffer(
                id=hotel.id,
                provider=PROVIDER,
                hotel=hotel,
                nights=nights,
                rooms=rooms,
                room_type=room,
                board=board,
                check_in_utc=_at(check_in, rng.choice((14, 15)), hotel.tz),
                check_out_utc=_at(check_out, rng.choice((11, 12)), hotel.tz),
                base_cents=base,
                taxes_cents=cents(base * tax_rate / 100),
                city_tax_cents=city_tax * travellers.adults * nights,
            )
        )
    return offers
