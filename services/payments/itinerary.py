"""A purchase's itinerary as plain lines, in local time with the IANA zone (pt_BR default, en).

Shared by the receipt e-mail (text and HTML) and anything else that lists the trip.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from services.catalog.place_names import city_name
from services.i18n import format_numeric_datetime, normalise_locale, translator
from services.packages.models import Package
from services.payments.travellers import Passenger


def when(moment: datetime, tz: str, locale: str) -> str:
    return f"{format_numeric_datetime(moment, tz, locale)} ({tz})"


def passenger_lines(passengers: Sequence[Passenger], locale: str) -> list[str]:
    """'Ana Souza (adult) · passport •••••4567', one per passenger: names as on the documents,
    passport numbers masked (never whole in an e-mail or page), no birth dates."""
    tr = translator(normalise_locale(locale))
    kinds = {"adult": tr.gettext("adult"), "child": tr.gettext("child"), "infant": tr.gettext("infant")}
    lines = []
    for p in passengers:
        line = f"{p.full_name} ({kinds[p.kind]})"
        if p.passport:
            line += " · " + tr.gettext("passport {number}").format(number=p.passport_masked)
        lines.append(line)
    return lines


def itinerary_sections(
    package: Package, locale: str, passengers: Sequence[Passenger] = ()
) -> list[tuple[str, list[str]]]:
    """[(heading, [line, …]), …]: flights segment by segment, the hotel, both transfers, travellers
    (by name when the booking named them, else counted)."""
    locale = normalise_locale(locale)
    tr = translator(locale)
    _ = tr.gettext
    sections = []
    for heading, flight in ((_("Outbound"), package.outbound), (_("Return"), package.inbound)):
        sections.append(
            (
                heading,
                [
                    f"{s.flight_number} {s.origin} {when(s.departure_utc, s.origin_tz, locale)} → "
                    f"{s.destination} {when(s.arrival_utc, s.destination_tz, locale)}"
                    for s in flight.segments
                ],
            )
        )
    stay, hotel = package.hotel, package.hotel.hotel
    city = city_name(hotel.address.city, hotel.address.country, locale)
    address = ", ".join(p for p in (hotel.address.line, hotel.address.postal_code, city, hotel.address.country) if p)
    nights = tr.ngettext("{n} night", "{n} nights", stay.nights).format(n=stay.nights)
    rooms = tr.ngettext("{n} room", "{n} rooms", stay.rooms).format(n=stay.rooms)
    check_in, check_out = _("Check-in"), _("Check-out")  # (pybabel does not look inside f-strings)
    sections.append(
        (
            _("Hotel"),
            [
                f"{hotel.name} ({'★' * hotel.stars}) — {address}",
                f"{check_in}: {when(stay.check_in_utc, hotel.tz, locale)}",
                f"{check_out}: {when(stay.check_out_utc, hotel.tz, locale)}",
                f"{nights}, {rooms}, {stay.room_type}",
            ],
        )
    )
    for heading, ride in (
        (_("Transfer airport → hotel"), package.transfer_in),
        (_("Transfer hotel → airport"), package.transfer_out),
    ):
        kind = _("private") if ride.kind == "PRIVATE" else _("shared")
        sections.append(
            (
                heading,
                [
                    f"{when(ride.pickup_utc, ride.tz, locale)}: {ride.pickup_place} → "
                    f"{ride.dropoff_place} ({kind}, {ride.vehicle})"
                ],
            )
        )
    q = package.query
    people = [tr.ngettext("{n} adult", "{n} adults", q.adults).format(n=q.adults)]
    if q.children:
        people.append(tr.ngettext("{n} child", "{n} children", q.children).format(n=q.children))
    if q.infants:
        people.append(tr.ngettext("{n} infant", "{n} infants", q.infants).format(n=q.infants))
    sections.append((_("Travellers"), passenger_lines(passengers, locale) if passengers else [", ".join(people)]))
    return sections
