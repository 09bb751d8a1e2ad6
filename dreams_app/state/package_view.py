"""Packages turned into display-ready text for one locale (Babel, on the server).

`card_facts` keeps the few JSON facts a results card needs (state stays small and picklable);
`card_text` formats them. The detail page formats a whole Package with `flight_items`, `hotel_text`,
`transfer_text` and `price_text`. Every time is shown in the zone of the place where it happens.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from babel.dates import format_skeleton, format_time

from dreams_app.i18n import translate
from dreams_app.state.stock_view import stock_text
from services.catalog.airports import get_airport
from services.catalog.models import FlightOffer, TransferOffer
from services.catalog.place_names import city_name, place_name
from services.i18n import format_money
from services.packages import Package


def _tr(key: str, locale: str, **values: object) -> str:
    # `n` is the count by convention: it picks a plural text's form.
    return translate(key, locale, values.get("n")).format(**values)


def duration_text(delta: timedelta) -> str:
    minutes = int(delta.total_seconds() // 60)
    hours, rest = divmod(minutes, 60)
    return f"{hours}h {rest:02d}min" if hours else f"{rest}min"


def zone_text(moment: datetime) -> str:
    """'UTC−03:00': the offset in force at that moment where it happens."""
    offset = moment.utcoffset() or timedelta(0)
    sign = "+" if offset >= timedelta(0) else "−"
    minutes = abs(int(offset.total_seconds() // 60))
    return f"UTC{sign}{minutes // 60:02d}:{minutes % 60:02d}"


def time_text(moment: datetime, locale: str) -> str:
    return format_time(moment, "short", tzinfo=moment.tzinfo, locale=locale)


def day_text(moment: datetime | date, locale: str, skeleton: str = "yMMMEd") -> str:
    tz = moment.tzinfo if isinstance(moment, datetime) else None
    return format_skeleton(skeleton, moment, tzinfo=tz, locale=locale)


def stars_text(stars: int) -> str:
    return "★" * stars + "☆" * (5 - stars)


def _city(code: str, locale: str) -> str:
    return place_name(code, locale)


def _place(code: str, locale: str) -> str:
    return f"{_city(code, locale)} ({code})"


def _nights(nights: int, locale: str) -> str:
    return _tr("card.nights", locale, n=nights)


def _local_time(moment: datetime, locale: str) -> str:
    return f"{time_text(moment, locale)} ({zone_text(moment)})"


def _airport_name(code: str) -> str:
    airport = get_airport(code)
    return f"{airport.name} ({code})" if airport else code


# --- Results cards -------------------------------------------------------------------------------


def card_facts(package: Package) -> dict:
    """What one results card shows, as JSON (local times keep their UTC offset)."""
    out, back = package.outbound, package.inbound
    return {
        "id": package.id,
        "origin": package.query.origin,
        "destination": package.query.destination,
        "out_dep": out.segments[0].departure_local.isoformat(),
        "out_arr": out.segments[-1].arrival_local.isoformat(),
        "in_dep": back.segments[0].departure_local.isoformat(),
        "in_arr": back.segments[-1].arrival_local.isoformat(),
        "out_stops": out.stops,
        "in_stops": back.stops,
        "nights": package.hotel.nights,
        "hotel": package.hotel.hotel.name,
        "stars": package.stars,
        "board": package.hotel.board.value,
        "minutes": int(package.travel_time.total_seconds() // 60),
        "total_cents": package.price.total_cents,
        "discount_cents": package.price.discount_cents,
        "currency": package.price.currency,
    }


def _stops_text(stops: int, locale: str) -> str:
    if stops == 0:
        return translate("card.direct", locale)
    return _tr("card.stops", locale, n=stops)


def _leg_text(dep_iso: str, arr_iso: str, stops: int, locale: str) -> str:
    dep, arr = datetime.fromisoformat(dep_iso), datetime.fromisoformat(arr_iso)
    days = (arr.date() - dep.date()).days
    plus = f" (+{days})" if days > 0 else ""
    return (
        f"{day_text(dep, locale, 'MMMEd')} · {time_text(dep, locale)} → {time_text(arr, locale)}{plus}"
        f" · {_stops_text(stops, locale)}"
    )


def card_text(facts: dict, locale: str) -> dict[str, str]:
    nights = facts["nights"]
    discount = facts["discount_cents"]
    return {
        "id": facts["id"],
        "url": f"/package/{facts['id']}",
        "route": f"{_place(facts['origin'], locale)} → {_place(facts['destination'], locale)}",
        "outbound": _leg_text(facts["out_dep"], facts["out_arr"], facts["out_stops"], locale),
        "inbound": _leg_text(facts["in_dep"], facts["in_arr"], facts["in_stops"], locale),
        "nights": _nights(nights, locale),
        "hotel": facts["hotel"],
        "stars": stars_text(facts["stars"]),
        "stars_label": _tr("stars.label", locale, n=facts["stars"]),
        "board": translate(f"board.{facts['board']}", locale),
        "travel_time": _tr("card.travel_time", locale, t=duration_text(timedelta(minutes=facts["minutes"]))),
        "total": format_money(facts["total_cents"], facts["currency"], locale),
        "discount": _tr("card.discount", locale, amount=format_money(discount, facts["currency"], locale))
        if discount
        else "",
        "stock": facts.get("stock", "unknown"),
        "stock_text": stock_text(facts, locale),
    }


# --- Package detail ------------------------------------------------------------------------------


def _baggage(offer: FlightOffer, locale: str) -> str:
    bags = offer.checked_bags
    if bags == 0:
        return translate("package.baggage_none", locale)
    return _tr("package.baggage", locale, n=bags)


def flight_summary(offer: FlightOffer, locale: str) -> dict[str, str]:
    first, last = offer.segments[0], offer.segments[-1]
    return {
        "route": f"{_place(first.origin, locale)} → {_place(last.destination, locale)}",
        "day": day_text(first.departure_local, locale),
        "duration": _tr("package.flight_time", locale, t=duration_text(offer.duration)),
        "stops": _stops_text(offer.stops, locale),
        "baggage": _baggage(offer, locale),
        "cabin": translate(f"cabin.{offer.cabin.value}", locale),
    }


def flight_items(offer: FlightOffer, locale: str) -> list[dict[str, str]]:
    """Segments with the layovers between them, in order; `kind` is "segment" or "layover"."""
    items: list[dict[str, str]] = []
    for index, seg in enumerate(offer.segments):
        if index:
            before = offer.segments[index - 1]
            wait = duration_text(seg.departure_utc - before.arrival_utc)
            place = _place(seg.origin, locale)
            items.append({"kind": "layover", "text": _tr("package.layover", locale, place=place, t=wait)})
        dep, arr = seg.departure_local, seg.arrival_local
        items.append(
            {
                "kind": "segment",
                "flight": f"{seg.flight_number} · {seg.carrier_name or seg.carrier}",
                "aircraft": seg.aircraft,
                "dep_time": time_text(dep, locale),
                "dep_day": day_text(dep, locale, "MMMEd"),
                "dep_zone": zone_text(dep),
                "dep_place": _airport_name(seg.origin),
                "dep_code": seg.origin,
                "arr_time": time_text(arr, locale),
                "arr_day": day_text(arr, locale, "MMMEd"),
                "arr_zone": zone_text(arr),
                "arr_place": _airport_name(seg.destination),
                "arr_code": seg.destination,
                "duration": duration_text(seg.duration),
            }
        )
    return items


def hotel_text(package: Package, locale: str) -> dict[str, str]:
    stay, hotel = package.hotel, package.hotel.hotel
    address = hotel.address
    check_in, check_out = stay.check_in_local, stay.check_out_local
    return {
        "name": hotel.name,
        "stars": stars_text(hotel.stars),
        "stars_label": _tr("stars.label", locale, n=hotel.stars),
        "address": ", ".join(
            p
            for p in (
                address.line,
                address.postal_code,
                city_name(address.city, address.country, locale),
                address.country,
            )
            if p
        ),
        "room": f"{stay.rooms} × {stay.room_type}" if stay.rooms > 1 else stay.room_type,
        "board": translate(f"board.{stay.board.value}", locale),
        "nights": _nights(stay.nights, locale),
        "check_in_day": day_text(check_in, locale),
        "check_in_time": f"{translate('package.from', locale)} {_local_time(check_in, locale)}",
        "check_out_day": day_text(check_out, locale),
        "check_out_time": f"{translate('package.until', locale)} {_local_time(check_out, locale)}",
    }


def transfer_text(ride: TransferOffer, locale: str) -> dict[str, str]:
    pickup, dropoff = ride.pickup_local, ride.dropoff_local
    return {
        "title": translate("package.transfer_in" if ride.direction == "arrival" else "package.transfer_out", locale),
        "kind": translate("package.shared" if ride.kind == "SHARED" else "package.private", locale),
        "pickup_place": ride.pickup_place,
        "pickup_time": f"{day_text(pickup, locale, 'MMMEd')} · {_local_time(pickup, locale)}",
        "dropoff_place": ride.dropoff_place,
        "dropoff_time": _local_time(dropoff, locale),
        "vehicle": ride.vehicle + (f" · {ride.operator}" if ride.operator else ""),
        "duration": duration_text(ride.duration),
    }


def _line_label(line, package: Package, locale: str) -> str:
    if line.part == "hotel":
        return _tr("part.hotel", locale, n=line.quantity)
    if line.part == "discount":
        rate = float(package.price.discount_rate) * 100
        return _tr("part.discount", locale, rate=f"{rate:g}%")
    label = translate(f"part.{line.part}", locale)
    return f"{label} · {translate(f'traveller.{line.traveller}', locale)}" if line.traveller else label


def price_text(package: Package, locale: str) -> dict:
    price, cur = package.price, package.price.currency

    def money(cents: int) -> str:
        return format_money(cents, cur, locale)

    def unit(line) -> str:
        # A unit price rounded up to the cent (e.g. per room-night) is marked as approximate.
        exact = line.quantity * line.unit_cents == line.amount_cents
        return money(line.unit_cents) if exact else f"≈ {money(line.unit_cents)}"

    lines = [
        {
            "label": _line_label(line, package, locale),
            "qty": str(line.quantity),
            "unit": unit(line),
            "taxes": money(line.taxes_cents) if line.taxes_cents else "—",
            "amount": money(line.amount_cents),
        }
        for line in price.lines
    ]
    travellers = [
        {
            "label": f"{_tr('package.traveller_n', locale, n=s.number)} ({translate(f'traveller.{s.kind}', locale)})",
            "detail": " + ".join(
                p
                for p in (
                    _tr("package.flights_share", locale, amount=money(s.flights_cents)),
                    _tr("package.shared_share", locale, amount=money(s.shared_cents)) if s.shared_cents else "",
                )
                if p
            ),
            "total": money(s.total_cents),
        }
        for s in price.per_traveller
    ]
    return {
        "lines": lines,
        "travellers": travellers,
        "total": money(price.total_cents),
        "subtotal": money(price.subtotal_cents),
    }


def summary_text(package: Package, locale: str) -> dict[str, str]:
    q = package.query
    people = [_tr("traveller.adults_n", locale, n=q.adults)]
    if q.children:
        people.append(_tr("traveller.children_n", locale, n=q.children))
    if q.infants:
        people.append(_tr("traveller.infants_n", locale, n=q.infants))
    return {
        "route": f"{_city(q.origin, locale)} → {_city(q.destination, locale)}",
        "dates": f"{day_text(q.departure, locale, 'yMMMd')} – {day_text(q.return_date, locale, 'yMMMd')}",
        "travellers": ", ".join(people),
        "cabin": translate(f"cabin.{q.cabin.value}", locale),
    }
