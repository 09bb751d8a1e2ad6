from icalendar import Calendar

from services.payments.ics import itinerary_ics
from services.payments.receipts import receipt_email


def test_the_receipt_lists_every_segment_the_hotel_and_both_transfers_in_local_time(purchase):
    mail = receipt_email(purchase, "https://dreams.example")
    package = purchase.package
    assert mail.to == ["ana@example.com"] and "Compra confirmada" in mail.subject
    for segment in package.outbound.segments + package.inbound.segments:
        assert segment.flight_number in mail.text and segment.flight_number in mail.html
        assert f"{segment.departure_local:%d/%m/%Y %H:%M} ({segment.origin_tz})" in mail.text
    assert package.hotel.hotel.address.line in mail.text and "Check-out" in mail.text
    assert package.transfer_in.pickup_place.split(" – ")[0] in mail.text
    assert f"https://dreams.example/purchases/{purchase.id}" in mail.html
    assert "R$" in mail.text


def test_the_receipt_speaks_english_when_bought_in_english(purchase):
    mail = receipt_email(purchase.model_copy(update={"locale": "en"}), "https://dreams.example")
    assert mail.subject.startswith("Purchase confirmed") and "Total paid" in mail.text


def test_the_calendar_has_one_utc_event_per_segment_stay_and_transfer(purchase):
    package = purchase.package
    events = Calendar.from_ical(itinerary_ics(purchase)).walk("VEVENT")
    segments = package.outbound.segments + package.inbound.segments
    assert len(events) == len(segments) + 3
    assert [e.decoded("dtstart") for e in events[: len(segments)]] == [s.departure_utc for s in segments]
    hotel = events[len(segments)]
    assert (hotel.decoded("dtstart"), hotel.decoded("dtend")) == (
        package.hotel.check_in_utc,
        package.hotel.check_out_utc,
    )
    assert package.hotel.hotel.address.line in str(hotel["location"])
    assert len({str(e["uid"]) for e in events}) == len(events)
    assert b"DTSTART:" in itinerary_ics(purchase) and b"Z\r\n" in itinerary_ics(purchase)


def test_the_receipt_counts_people_nights_and_rooms_with_real_plurals(purchase):
    stay, query = purchase.package.hotel, purchase.package.query  # 2 adults, 1 child, 6 nights
    pt = receipt_email(purchase, "https://dreams.example").text
    en = receipt_email(purchase.model_copy(update={"locale": "en-US"}), "https://dreams.example").text
    assert (query.adults, query.children, stay.nights) == (2, 1, 6)
    assert "2 adultos, 1 criança" in pt and "2 adults, 1 child" in en
    rooms_pt, rooms_en = ("1 quarto", "1 room") if stay.rooms == 1 else (f"{stay.rooms} quartos", f"{stay.rooms} rooms")
    assert f"6 noites, {rooms_pt}" in pt and f"6 nights, {rooms_en}" in en
    assert "(s)" not in pt + en and "(ren)" not in en


def test_the_calendar_counts_nights_and_rooms_with_real_plurals(purchase):
    hotel = Calendar.from_ical(itinerary_ics(purchase)).walk("VEVENT")[-3]
    rooms = purchase.package.hotel.rooms
    assert str(hotel["description"]).startswith(f"6 nights, {rooms} room{'s' if rooms > 1 else ''}, ")
