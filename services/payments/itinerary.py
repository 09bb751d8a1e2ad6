"""A purchase's itinerary as plain lines, in local time with the IANA zone (pt_BR default, en).

Shared by the receipt e-mail (text and HTML) and anything else that lists the trip.
"""
from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from babel.numbers import format_currency

from services.catalog.models import local
from services.catalog.place_names import city_name
from services.packages.models import Package

_T = {
    "pt_BR": {"outbound": "Ida", "return": "Volta", "hotel": "Hotel", "check_in": "Check-in", "check_out": "Check-out",
              "transfer_in": "Traslado aeroporto → hotel", "transfer_out": "Traslado hotel → aeroporto",
              "nights": "noites", "rooms": "quarto(s)", "shared": "compartilhado", "private": "privativo",
              "travellers": "Viajantes", "adults": "adulto(s)", "children": "criança(s)", "infants": "bebê(s)"},
    "en": {"outbound": "Outbound", "return": "Return", "hotel": "Hotel", "check_in": "Check-in", "check_out": "Check-out",
           "transfer_in": "Transfer airport → hotel", "transfer_out": "Transfer hotel → airport",
           "nights": "nights", "rooms": "room(s)", "shared": "shared", "private": "private",
           "travellers": "Travellers", "adults": "adult(s)", "children": "child(ren)", "infants": "infant(s)"},
}


def lang(locale: str | None) -> str:
    return "en" if (locale or "").replace("-", "_").split("_")[0].lower() == "en" else "pt_BR"


def when(moment: datetime, tz: str, locale: str) -> str:
    shape = "%d/%m/%Y %H:%M" if locale == "pt_BR" else "%Y-%m-%d %H:%M"
    return f"{local(moment, tz).strftime(shape)} ({tz})"


def money(cents: int, currency: str, locale: str) -> str:
    return format_currency(Decimal(cents) / 100, currency, locale=locale)


def itinerary_sections(package: Package, locale: str) -> list[tuple[str, list[str]]]:
    """[(heading, [line, …]), …]: flights segment by segment, the hotel, both transfers, travellers."""
    t = _T[lang(locale)]
    locale = lang(locale)
    sections = []
    for heading, flight in ((t["outbound"], package.outbound), (t["return"], package.inbound)):
        sections.append((heading, [
            f"{s.flight_number} {s.origin} {when(s.departure_utc, s.origin_tz, locale)} → "
            f"{s.destination} {when(s.arrival_utc, s.destination_tz, locale)}" for s in flight.segments]))
    stay, hotel = package.hotel, package.hotel.hotel
    city = city_name(hotel.address.city, hotel.address.country, locale)
    address = ", ".join(p for p in (hotel.address.line, hotel.address.postal_code, city, hotel.address.country) if p)
    sections.append((t["hotel"], [
        f"{hotel.name} ({'★' * hotel.stars}) — {address}",
        f"{t['check_in']}: {when(stay.check_in_utc, hotel.tz, locale)}",
        f"{t['check_out']}: {when(stay.check_out_utc, hotel.tz, locale)}",
        f"{stay.nights} {t['nights']}, {stay.rooms} {t['rooms']}, {stay.room_type}",
    ]))
    for key, ride in (("transfer_in", package.transfer_in), ("transfer_out", package.transfer_out)):
        kind = t["private"] if ride.kind == "PRIVATE" else t["shared"]
        sections.append((t[key], [f"{when(ride.pickup_utc, ride.tz, locale)}: {ride.pickup_place} → "
                                  f"{ride.dropoff_place} ({kind}, {ride.vehicle})"]))
    q = package.query
    people = [f"{q.adults} {t['adults']}"] + ([f"{q.children} {t['children']}"] if q.children else []) + (
        [f"{q.infants} {t['infants']}"] if q.infants else [])
    sections.append((t["travellers"], [", ".join(people)]))
    return sections
