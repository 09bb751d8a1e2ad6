"""The Amadeus adapter through the real `amadeus` SDK against a local server serving the fixtures."""

from __future__ import annotations

from datetime import date, datetime, timezone

import pytest
from pydantic import SecretStr

from services.catalog.amadeus import AmadeusProvider
from services.catalog.airports import get_airport
from services.catalog.models import Cabin, Travellers
from services.config import Settings
from services.packages.models import Package, SearchQuery
from services.packages.search import rebuild, search_packages
from tests.integration.catalog.fake_amadeus import FakeAmadeus

QUERY = SearchQuery(
    origin="GRU", destination="LIS", departure=date(2027, 5, 10), return_date=date(2027, 5, 17), adults=2, children=1
)


@pytest.fixture
def server():
    with FakeAmadeus() as fake:
        yield fake


@pytest.fixture
def provider(server):
    settings = Settings(amadeus_client_id="fixture-client", amadeus_client_secret=SecretStr("fixture-secret"))
    return AmadeusProvider.from_settings(settings, host="127.0.0.1", port=server.port, ssl=False)


def test_flight_search_parses_offers_and_converts_local_times(provider, server):
    offers = provider.flights(
        get_airport("GRU"), get_airport("LIS"), date(2027, 5, 10), Cabin.ECONOMY, Travellers(adults=2, children=1)
    )
    assert len(offers) == 2  # the EUR offer is dropped
    direct, connecting = offers
    assert direct.segments[0].flight_number == "TP 1093" and direct.stops == 0
    # 16:05 in São Paulo (UTC-3) = 19:05 UTC; 06:10 in Lisbon in May (WEST, UTC+1) = 05:10 UTC.
    assert direct.departure_utc == datetime(2027, 5, 10, 19, 5, tzinfo=timezone.utc)
    assert direct.arrival_utc == datetime(2027, 5, 11, 5, 10, tzinfo=timezone.utc)
    assert direct.segments[0].arrival_local.strftime("%H:%M %Z") == "06:10 WEST"
    assert connecting.stops == 1 and [s.destination for s in connecting.segments] == ["MAD", "LIS"]
    assert direct.adult.total_cents == 341_257 and direct.adult.base_cents == 301_000
    assert direct.child.total_cents == 266_007 and direct.checked_bags == 1
    assert direct.segments[0].carrier_name == "Tap Portugal"
    sent = next(r for r in server.requests if r["path"] == "/v2/shopping/flight-offers")
    assert sent["query"] == {
        "originLocationCode": "GRU",
        "destinationLocationCode": "LIS",
        "departureDate": "2027-05-10",
        "adults": "2",
        "children": "1",
        "travelClass": "ECONOMY",
        "currencyCode": "BRL",
        "max": "10",
    }
    assert sent["auth"] == "Bearer fixture-access-token"
    token_call = server.requests[0]
    assert token_call["path"] == "/v1/security/oauth2/token"
    assert token_call["body"]["client_secret"] == ["fixture-secret"]


def test_hotel_search_merges_list_and_offers_and_charges_excluded_taxes(provider, server):
    offers = provider.hotels(get_airport("LIS"), date(2027, 5, 11), date(2027, 5, 17), Travellers(adults=2), 1)
    assert [o.id for o in offers] == ["XKLIS123", "QBLISA07"]  # the unavailable hotel is skipped
    tejo = offers[0]
    assert tejo.hotel.stars == 4 and tejo.hotel.address.line == "Rua Dos Fanqueiros 210"
    assert tejo.hotel.address.postal_code == "1100-148"
    assert (tejo.base_cents, tejo.taxes_cents, tejo.city_tax_cents) == (420_000, 42_000, 30_000)
    assert tejo.total_cents == 492_000 and tejo.nights == 6
    assert tejo.check_in_local.strftime("%Y-%m-%d %H:%M") == "2027-05-11 15:00"
    assert tejo.check_out_local.strftime("%Y-%m-%d %H:%M") == "2027-05-17 11:00"
    assert tejo.board == "BREAKFAST" and tejo.room_type == "Deluxe Room"
    rio = offers[1]
    assert rio.hotel.address.line == "Casa Do Rio Alfama" and rio.check_in_local.hour == 14  # defaults
    hotel_call = next(r for r in server.requests if r["path"] == "/v3/shopping/hotel-offers")
    assert hotel_call["query"]["hotelIds"] == "XKLIS123,QBLISA07,RTLISB55"
    assert hotel_call["query"]["checkInDate"] == "2027-05-11" and hotel_call["query"]["currency"] == "BRL"


def test_transfers_keep_the_brl_quote_and_drop_a_failed_kind(provider, server):
    hotel = provider.hotels(get_airport("LIS"), date(2027, 5, 11), date(2027, 5, 17), Travellers(adults=2), 1)[0]
    arrival = datetime(2027, 5, 11, 5, 10, tzinfo=timezone.utc)
    rides = provider.transfers("arrival", get_airport("LIS"), hotel.hotel, arrival, Travellers(adults=2), True)
    assert [r.kind for r in rides] == ["PRIVATE"]  # SHARED answered 400
    ride = rides[0]
    assert ride.price_cents == 28_990 and ride.operator == "Lisboa Executive Transfers"
    assert ride.duration.total_seconds() == 35 * 60
    assert ride.pickup_local.strftime("%H:%M") == "07:55"  # 06:10 local landing + 1h45
    posted = [r["body"] for r in server.requests if r["path"] == "/v1/shopping/transfer-offers"]
    private = next(b for b in posted if b["transferType"] == "PRIVATE")
    assert private["startLocationCode"] == "LIS" and private["endName"] == "Hotel Tejo Miradouro"
    assert private["startDateTime"] == "2027-05-11T07:55:00" and private["passengers"] == 2


def test_packages_assemble_from_amadeus_and_rebuild_from_their_id(provider):
    packages = search_packages(QUERY, provider=provider)
    assert len(packages) == 2 * 1 * 2  # 2 outbound × 1 return × 2 hotels
    cheapest = packages[0]
    assert cheapest.outbound.segments[0].carrier == "IB" and cheapest.hotel.id == "QBLISA07"
    p = cheapest.price
    assert p.total_cents == sum(line.amount_cents for line in p.lines)
    assert p.part_cents("outbound_flight") == 831_970 and p.part_cents("return_flight") == 889_499
    assert sum(s.total_cents for s in p.per_traveller) == p.total_cents
    again = rebuild(cheapest.id, provider=provider, today=date(2027, 5, 1))  # the fixtures' dates stay bookable
    assert again == cheapest
    assert Package.model_validate(cheapest.model_dump(mode="json")) == cheapest
