from datetime import date, datetime, timedelta, timezone

from services.catalog.airports import distance_km, get_airport
from services.catalog.builtin.flights import block_minutes, flight_offers
from services.catalog.builtin.hotels import hotel_offers
from services.catalog.builtin.transfers import transfer_offers
from services.catalog.models import Cabin, FlightOffer, HotelOffer, Travellers

A = get_airport
TWO = Travellers(adults=2)


def test_same_query_gives_identical_offers():
    first = flight_offers(A("GRU"), A("LIS"), date(2027, 3, 20), Cabin.ECONOMY)
    second = flight_offers(A("GRU"), A("LIS"), date(2027, 3, 20), Cabin.ECONOMY)
    assert first == second and len(first) == 6
    assert [o.model_dump(mode="json") for o in first] == [o.model_dump(mode="json") for o in second]
    other_day = flight_offers(A("GRU"), A("LIS"), date(2027, 3, 21), Cabin.ECONOMY)
    assert [o.departure_utc.time() for o in other_day] != [o.departure_utc.time() for o in first]
    assert hotel_offers(A("LIS"), date(2027, 3, 21), date(2027, 3, 28), TWO, 1) == hotel_offers(
        A("LIS"), date(2027, 3, 21), date(2027, 3, 28), TWO, 1
    )


def test_direct_duration_follows_great_circle_distance():
    offers = flight_offers(A("GRU"), A("GIG"), date(2027, 6, 1), Cabin.ECONOMY)
    direct = [o for o in offers if o.stops == 0]
    assert direct
    km = distance_km(A("GRU"), A("GIG"))
    assert all(o.duration == timedelta(minutes=block_minutes(km)) for o in direct)
    far = flight_offers(A("GRU"), A("NRT"), date(2027, 6, 1), Cabin.ECONOMY)
    assert min(o.duration for o in far) > max(o.duration for o in direct)


def _times_are_consistent(offer: FlightOffer):
    for seg in offer.segments:
        assert seg.departure_utc.tzinfo == timezone.utc and seg.arrival_utc > seg.departure_utc
        assert seg.departure_local.utcoffset() == seg.departure_local.tzinfo.utcoffset(seg.departure_local)
    for a, b in zip(offer.segments, offer.segments[1:]):
        assert b.departure_utc - a.arrival_utc >= timedelta(minutes=60)  # real connection time


def test_sydney_to_los_angeles_lands_before_it_left_by_the_clock():
    offers = flight_offers(A("SYD"), A("LAX"), date(2027, 3, 10), Cabin.ECONOMY)
    direct = next(o for o in offers if o.stops == 0)
    dep, arr = direct.segments[0].departure_local, direct.segments[-1].arrival_local
    assert dep.utcoffset() == timedelta(hours=11)  # AEDT in March
    assert arr.utcoffset() == timedelta(hours=-8)  # PST: US summer time starts on 14 March 2027
    assert arr.replace(tzinfo=None) < dep.replace(tzinfo=None) + timedelta(hours=2)  # crosses the date line
    assert direct.arrival_utc - direct.departure_utc == direct.duration > timedelta(hours=13)
    for offer in offers:
        _times_are_consistent(offer)


def test_honolulu_to_tokyo_arrives_next_day():
    offers = flight_offers(A("HNL"), A("NRT"), date(2027, 3, 10), Cabin.ECONOMY)
    direct = next(o for o in offers if o.stops == 0)
    assert direct.segments[0].departure_local.date() == date(2027, 3, 10)
    assert direct.segments[-1].arrival_local.date() == date(2027, 3, 11)
    assert direct.segments[-1].arrival_local.utcoffset() == timedelta(hours=9)
    assert direct.segments[0].departure_local.utcoffset() == timedelta(hours=-10)


def test_lisbon_departures_around_the_march_dst_change():
    # Europe/Lisbon moves from WET (UTC+0) to WEST (UTC+1) at 01:00 UTC on Sunday 28 March 2027.
    before = flight_offers(A("LIS"), A("GRU"), date(2027, 3, 27), Cabin.ECONOMY)
    after = flight_offers(A("LIS"), A("GRU"), date(2027, 3, 28), Cabin.ECONOMY)
    for offer in before:
        local = offer.segments[0].departure_local
        assert local.utcoffset() == timedelta(0)
        assert offer.departure_utc.hour * 60 + offer.departure_utc.minute == local.hour * 60 + local.minute
    for offer in after:
        local = offer.segments[0].departure_local
        assert local.utcoffset() == timedelta(hours=1)
        assert (local.replace(tzinfo=None) - offer.departure_utc.replace(tzinfo=None)) == timedelta(hours=1)


def test_arrivals_into_lisbon_straddling_the_dst_change_use_the_right_offset():
    offers = flight_offers(A("GRU"), A("LIS"), date(2027, 3, 27), Cabin.ECONOMY)
    change = datetime(2027, 3, 28, 1, tzinfo=timezone.utc)
    offsets = set()
    for offer in offers:
        arrival = offer.segments[-1].arrival_local
        expected = timedelta(hours=1) if offer.arrival_utc >= change else timedelta(0)
        assert arrival.utcoffset() == expected
        offsets.add(expected)
    assert offsets == {timedelta(0), timedelta(hours=1)}  # this day really straddles the change


def test_fares_follow_cabin_and_distance_and_child_infant_rules():
    eco = flight_offers(A("GRU"), A("LIS"), date(2027, 5, 3), Cabin.ECONOMY)
    biz = flight_offers(A("GRU"), A("LIS"), date(2027, 5, 3), Cabin.BUSINESS)
    assert [o.departure_utc for o in eco] == [o.departure_utc for o in biz]  # same schedule
    assert all(b.adult.base_cents > 3 * e.adult.base_cents for e, b in zip(eco, biz))
    assert all(b.checked_bags > e.checked_bags for e, b in zip(eco, biz))
    short = flight_offers(A("GRU"), A("GIG"), date(2027, 5, 3), Cabin.ECONOMY)
    assert max(o.adult.base_cents for o in short) < min(o.adult.base_cents for o in eco)
    for offer in eco:
        assert abs(offer.child.base_cents - offer.adult.base_cents * 0.75) <= 1
        assert offer.child.taxes_cents == offer.adult.taxes_cents
        assert abs(offer.infant.base_cents - offer.adult.base_cents * 0.10) <= 1
        assert offer.adult.base_cents % 100 == 0


def test_hotels_are_real_places_with_local_policy_times():
    offers = hotel_offers(A("LIS"), date(2027, 3, 25), date(2027, 3, 30), TWO, 1)
    assert len(offers) == 8 and {o.hotel.stars for o in offers} == {2, 3, 4, 5}
    for offer in offers:
        h = offer.hotel
        assert h.address.city == "Lisboa" and h.address.country == "PT" and "," in h.address.line
        assert len(h.address.postal_code) == 8 and h.tz == "Europe/Lisbon"
        assert offer.check_in_local.date() == date(2027, 3, 25) and offer.check_in_local.hour in (14, 15)
        assert offer.check_out_local.date() == date(2027, 3, 30) and offer.check_out_local.hour in (11, 12)
        assert offer.check_out_local.utcoffset() == timedelta(hours=1)  # after the DST change
        assert offer.city_tax_cents == 2_500 * 2 * 5  # per adult and night
        assert offer.price_per_night_cents * offer.nights * offer.rooms >= offer.total_cents
    by_stars = sorted(offers, key=lambda o: o.hotel.stars)
    assert by_stars[0].base_cents < by_stars[-1].base_cents


def test_hotel_price_grows_with_nights_and_rooms():
    def price(nights: int, rooms: int) -> dict[str, HotelOffer]:
        offers = hotel_offers(A("GIG"), date(2027, 8, 2), date(2027, 8, 2) + timedelta(nights), TWO, rooms)
        return {o.id: o for o in offers}

    three, seven, seven_two_rooms = price(3, 1), price(7, 1), price(7, 2)
    assert three.keys() == seven.keys()  # same hotels whatever the dates
    for hotel_id in three:
        assert seven[hotel_id].base_cents > three[hotel_id].base_cents
        assert seven_two_rooms[hotel_id].base_cents > seven[hotel_id].base_cents
    assert hotel_offers(A("GIG"), date(2027, 8, 2), date(2027, 8, 2), TWO, 1) == []


def test_transfers_are_timed_from_the_flight():
    hotel = hotel_offers(A("LIS"), date(2027, 5, 1), date(2027, 5, 5), TWO, 1)[0].hotel
    landing = datetime(2027, 5, 1, 5, 12, tzinfo=timezone.utc)
    rides = transfer_offers("arrival", A("LIS"), hotel, landing, TWO, international=True)
    assert {r.kind for r in rides} == {"SHARED", "PRIVATE"}
    for ride in rides:
        assert ride.pickup_utc == datetime(2027, 5, 1, 7, 0, tzinfo=timezone.utc)  # +1h45 = 06:57, rounded up
        assert "arrivals" in ride.pickup_place and hotel.name in ride.dropoff_place
        assert ride.pickup_local.utcoffset() == timedelta(hours=1)
    shared, private = sorted(rides, key=lambda r: r.kind, reverse=True)
    assert shared.duration > private.duration
    take_off = datetime(2027, 5, 5, 12, 0, tzinfo=timezone.utc)
    for ride in transfer_offers("departure", A("LIS"), hotel, take_off, TWO, international=True):
        assert take_off - ride.dropoff_utc >= timedelta(hours=3)
        assert take_off - ride.dropoff_utc < timedelta(hours=3, minutes=5)


def test_private_transfer_vehicle_fits_everyone_and_shared_is_per_seat():
    hotel = hotel_offers(A("LIS"), date(2027, 5, 1), date(2027, 5, 5), TWO, 1)[0].hotel
    at = datetime(2027, 5, 1, 12, tzinfo=timezone.utc)
    small = {r.kind: r for r in transfer_offers("arrival", A("LIS"), hotel, at, Travellers(adults=1), True)}
    big = {
        r.kind: r
        for r in transfer_offers("arrival", A("LIS"), hotel, at, Travellers(adults=4, children=2, infants=1), True)
    }
    assert big["PRIVATE"].seats >= 7 and small["PRIVATE"].seats == 3
    assert big["SHARED"].price_cents == small["SHARED"].price_cents * 6  # infants ride free on a lap


def test_airports_of_one_city_share_its_hotels():
    gru = hotel_offers(A("GRU"), date(2027, 5, 3), date(2027, 5, 6), TWO, 1)
    cgh = hotel_offers(A("CGH"), date(2027, 5, 3), date(2027, 5, 6), TWO, 1)
    assert [o.hotel for o in gru] == [o.hotel for o in cgh]
