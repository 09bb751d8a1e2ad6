"""Amadeus JSON → catalogue models. Pure functions, tested against fixtures.

Amadeus gives local times without offsets ("2027-05-10T22:35:00"); the airport's IANA zone from
airportsdata turns them into UTC. Amounts are decimal strings; only BRL offers are kept (we ask for
BRL; nothing here converts currencies). Our offer ids are hashes of what identifies the offer
(flight numbers and times; the hotel id), not Amadeus' positional ids, so they survive a new search.
"""

from __future__ import annotations

from datetime import date, datetime, time, timezone
from decimal import Decimal

from services.catalog.airports import get_airport
from services.catalog.builtin.rng import short_hash
from services.catalog.models import (
    CURRENCY,
    Address,
    Airport,
    Board,
    Cabin,
    Fare,
    FlightOffer,
    FlightSegment,
    Hotel,
    HotelOffer,
    zone,
)

PROVIDER = "amadeus"
_INFANT_TYPES = ("HELD_INFANT", "SEATED_INFANT")


def to_cents(amount: str | float | int | None) -> int:
    return int((Decimal(str(amount or 0)) * 100).to_integral_value())


def _utc(local_iso: str, tz: str) -> datetime:
    return datetime.fromisoformat(local_iso).replace(tzinfo=zone(tz)).astimezone(timezone.utc)


def _fare(pricing: dict) -> Fare:
    total, base = to_cents(pricing["price"]["total"]), to_cents(pricing["price"].get("base"))
    return Fare(base_cents=base, taxes_cents=max(0, total - base))


def flight_offer(item: dict, carriers: dict[str, str]) -> FlightOffer | None:
    """One one-way offer, or None when it cannot be used (unknown airport, other currency)."""
    if item.get("price", {}).get("currency") != CURRENCY:
        return None
    segments = []
    for seg in item["itineraries"][0]["segments"]:
        o, d = get_airport(seg["departure"]["iataCode"]), get_airport(seg["arrival"]["iataCode"])
        if o is None or d is None:
            return None
        carrier = seg["carrierCode"]
        segments.append(
            FlightSegment(
                carrier=carrier,
                carrier_name=carriers.get(carrier, "").title(),
                flight_number=f"{carrier} {seg['number']}",
                origin=o.iata,
                origin_tz=o.tz,
                destination=d.iata,
                destination_tz=d.tz,
                departure_utc=_utc(seg["departure"]["at"], o.tz),
                arrival_utc=_utc(seg["arrival"]["at"], d.tz),
                aircraft=seg.get("aircraft", {}).get("code", ""),
            )
        )
    pricings = item["travelerPricings"]
    by_type = {}
    for p in pricings:
        kind = "INFANT" if p["travelerType"] in _INFANT_TYPES else p["travelerType"]
        by_type.setdefault(kind, p)
    adult = _fare(by_type["ADULT"])
    details = pricings[0]["fareDetailsBySegment"][0]
    bags = details.get("includedCheckedBags", {})
    ident = "|".join(f"{s.flight_number}@{s.departure_utc:%Y%m%d%H%M}" for s in segments)
    return FlightOffer(
        id=f"A{short_hash(ident, details['cabin'], size=5)}",
        provider=PROVIDER,
        segments=segments,
        cabin=Cabin(details["cabin"]),
        checked_bags=bags.get("quantity", 1 if bags.get("weight") else 0),
        adult=adult,
        # Types not requested are absent; their count is then 0, so the adult fare is only a placeholder.
        child=_fare(by_type["CHILD"]) if "CHILD" in by_type else adult,
        infant=_fare(by_type["INFANT"]) if "INFANT" in by_type else adult,
    )


def flight_offers(body: dict) -> list[FlightOffer]:
    carriers = body.get("dictionaries", {}).get("carriers", {})
    return [offer for item in body.get("data", []) if (offer := flight_offer(item, carriers))]


def hotel(listed: dict, destination: Airport) -> Hotel:
    """A hotel from a Hotel List item (it has the address and rating; Hotel Search does not)."""
    addr = listed.get("address", {})
    lines = addr.get("lines") or [listed["name"].title()]
    return Hotel(
        id=listed["hotelId"],
        name=listed["name"].title(),
        stars=min(5, max(1, int(listed.get("rating") or 3))),
        lat=listed["geoCode"]["latitude"],
        lon=listed["geoCode"]["longitude"],
        tz=destination.tz,
        address=Address(
            line=", ".join(lines).title(),
            postal_code=addr.get("postalCode", ""),
            city=(addr.get("cityName") or destination.city).title(),
            country=addr.get("countryCode", destination.country),
        ),
    )


def _clock(value: str | None, default: int) -> time:
    return time.fromisoformat(value) if value else time(default)


def hotel_offer(item: dict, hotels: dict[str, Hotel], rooms: int) -> HotelOffer | None:
    info = hotels.get(item["hotel"]["hotelId"])
    offers = [o for o in item.get("offers", []) if o["price"].get("currency") == CURRENCY]
    if not item.get("available", True) or info is None or not offers:
        return None
    offer = min(offers, key=lambda o: to_cents(o["price"]["total"]))
    price = offer["price"]
    total = to_cents(price["total"])
    base = to_cents(price.get("base") or price["total"])
    # Taxes marked not included are paid at the hotel: we charge them up front, as the city tax.
    excluded = sum(to_cents(t.get("amount")) for t in price.get("taxes", []) if t.get("included") is False)
    check_in, check_out = date.fromisoformat(offer["checkInDate"]), date.fromisoformat(offer["checkOutDate"])
    times = offer.get("policies", {}).get("checkInOut", {})
    room = offer.get("room", {})
    category = room.get("typeEstimated", {}).get("category", "")
    board = offer.get("boardType", "ROOM_ONLY")
    tz = zone(info.tz)
    return HotelOffer(
        id=info.id,
        provider=PROVIDER,
        hotel=info,
        nights=(check_out - check_in).days,
        rooms=rooms,
        check_in_utc=datetime.combine(check_in, _clock(times.get("checkIn"), 14), tz).astimezone(timezone.utc),
        check_out_utc=datetime.combine(check_out, _clock(times.get("checkOut"), 12), tz).astimezone(timezone.utc),
        room_type=category.replace("_", " ").title() or room.get("description", {}).get("text", "Room")[:60],
        board=Board(board) if board in Board.__members__ else Board.ROOM_ONLY,
        base_cents=base,
        taxes_cents=max(0, total - base),
        city_tax_cents=excluded,
    )


def transfer_quote(body: dict) -> dict | None:
    """The cheapest usable Transfer Search offer as plain values (re-timed per flight by the provider)."""
    best = None
    for item in body.get("data", []):
        quote = item.get("quotation", {})
        if quote.get("currencyCode") != CURRENCY:
            continue
        start, end = item.get("start", {}).get("dateTime"), item.get("end", {}).get("dateTime")
        minutes = None
        if start and end:
            minutes = int((datetime.fromisoformat(end) - datetime.fromisoformat(start)).total_seconds() // 60)
        vehicle = item.get("vehicle", {})
        seats = sum(s.get("count", 0) for s in vehicle.get("seats", [])) or 1
        candidate = {
            "kind": item.get("transferType", "PRIVATE"),
            "price_cents": to_cents(quote.get("monetaryAmount")),
            "vehicle": vehicle.get("description") or vehicle.get("code", "Car"),
            "seats": seats,
            "operator": item.get("serviceProvider", {}).get("name", ""),
            "minutes": minutes,
            "km": (item.get("distance") or {}).get("value"),
        }
        if best is None or candidate["price_cents"] < best["price_cents"]:
            best = candidate
    return best
