"""The itinerary as an iCalendar file (RFC 5545, via `icalendar`): one VEVENT per flight segment,
the hotel stay and each transfer, all with UTC times (DTSTART/DTEND ending in Z), so every calendar
shows them in its own zone. UIDs are stable per purchase and item: re-importing updates, not duplicates.
Its few words come from the services/i18n catalogs; the file has always been in English (`locale`).
"""

from __future__ import annotations

from datetime import datetime

from icalendar import Calendar, Event

from services.catalog.place_names import city_name
from services.i18n import normalise_locale, translator
from services.payments.models import Purchase

PRODID = "-//Dreams//Travel packages//EN"


def _event(
    purchase: Purchase, n: int, summary: str, start: datetime, end: datetime, location: str, description: str = ""
) -> Event:
    event = Event()
    event.add("uid", f"{purchase.id}-{n}@dreams")
    event.add("dtstamp", purchase.purchased_at)
    event.add("dtstart", start)
    event.add("dtend", end)
    event.add("summary", summary)
    event.add("location", location)
    if description:
        event.add("description", description)
    return event


def itinerary_ics(purchase: Purchase, locale: str = "en") -> bytes:
    tr = translator(locale)
    package = purchase.package
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    events = []
    for flight in (package.outbound, package.inbound):
        for s in flight.segments:
            events.append(
                (
                    f"✈ {s.flight_number} {s.origin} → {s.destination}",
                    s.departure_utc,
                    s.arrival_utc,
                    s.origin,
                    f"{s.carrier_name or s.carrier} {s.flight_number}",
                )
            )
    stay, hotel = package.hotel, package.hotel.hotel
    city = city_name(hotel.address.city, hotel.address.country, normalise_locale(purchase.locale))  # the buyer's
    address = ", ".join(p for p in (hotel.address.line, hotel.address.postal_code, city, hotel.address.country) if p)
    nights = tr.ngettext("{n} night", "{n} nights", stay.nights).format(n=stay.nights)
    rooms = tr.ngettext("{n} room", "{n} rooms", stay.rooms).format(n=stay.rooms)
    events.append(
        (f"🏨 {hotel.name}", stay.check_in_utc, stay.check_out_utc, address, f"{nights}, {rooms}, {stay.room_type}")
    )
    for ride in (package.transfer_in, package.transfer_out):
        kind = tr.gettext("private transfer") if ride.kind == "PRIVATE" else tr.gettext("shared transfer")
        events.append(
            (
                f"🚐 {ride.pickup_place} → {ride.dropoff_place}",
                ride.pickup_utc,
                ride.dropoff_utc,
                ride.pickup_place,
                f"{kind}, {ride.vehicle}",
            )
        )
    # Names in each DESCRIPTION, never as ATTENDEE (that would make calendars invite them by e-mail).
    names = ", ".join(p.full_name for p in purchase.passengers)
    who = "\n" + tr.gettext("Travellers: {names}").format(names=names) if names else ""
    for n, (summary, start, end, location, description) in enumerate(events, 1):
        cal.add_component(_event(purchase, n, summary, start, end, location, description + who))
    return cal.to_ical()
