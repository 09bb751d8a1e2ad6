"""Offers from Amadeus through the official SDK. Used when both Amadeus credentials are set.

Calls: GET /v2/shopping/flight-offers (one-way, BRL), GET /v1/reference-data/locations/hotels/by-city
then GET /v3/shopping/hotel-offers, POST /v1/shopping/transfer-offers (one call per ride kind,
hotel and direction; the quote is cached per day and re-timed for each flight, since the price does not
depend on the minute of pickup). A failing flight or hotel search raises ServiceUnavailable; a failing
transfer search only drops that ride.
"""

from __future__ import annotations

import logging
from datetime import date, datetime, timedelta
from functools import partial
from urllib.request import urlopen

from amadeus import Client, ResponseError

from services.catalog.amadeus import parse
from services.catalog.builtin.transfers import SHUTTLE_EXTRA, private_minutes, road_km
from services.catalog.models import (
    Airport,
    Cabin,
    FlightOffer,
    Hotel,
    HotelOffer,
    TransferOffer,
    Travellers,
    local,
)
from services.catalog.provider import Direction, OffersProvider
from services.config import Settings
from services.errors import ServiceUnavailable

log = logging.getLogger(__name__)
MAX_FLIGHTS = 10
MAX_HOTELS = 8
# Amadeus groups a metropolitan area's airports under a city code (Hotel List needs the city).
CITY_CODES = {
    "GRU": "SAO",
    "CGH": "SAO",
    "VCP": "SAO",
    "GIG": "RIO",
    "SDU": "RIO",
    "LHR": "LON",
    "LGW": "LON",
    "STN": "LON",
    "LCY": "LON",
    "LTN": "LON",
    "CDG": "PAR",
    "ORY": "PAR",
    "JFK": "NYC",
    "EWR": "NYC",
    "LGA": "NYC",
    "HND": "TYO",
    "NRT": "TYO",
    "FCO": "ROM",
    "CIA": "ROM",
    "MXP": "MIL",
    "LIN": "MIL",
    "EZE": "BUE",
    "AEP": "BUE",
    "ORD": "CHI",
    "MDW": "CHI",
    "IAD": "WAS",
    "DCA": "WAS",
    "ICN": "SEL",
    "GMP": "SEL",
    "PEK": "BJS",
    "PKX": "BJS",
    "SVO": "MOW",
    "DME": "MOW",
    "BSB": "BSB",
}


class AmadeusProvider(OffersProvider):
    name = "a"

    def __init__(self, client: Client):
        self.client = client
        self._quotes: dict[tuple, dict | None] = {}

    @classmethod
    def from_settings(cls, settings: Settings, **options) -> "AmadeusProvider":
        """`options` go to the SDK (host, port, ssl for a local test server)."""
        secret = settings.amadeus_client_secret.get_secret_value() if settings.amadeus_client_secret else None
        client = Client(
            client_id=settings.amadeus_client_id,
            client_secret=secret,
            hostname=settings.amadeus_hostname,
            log_level="silent",
            http=partial(urlopen, timeout=15),
            **options,
        )
        return cls(client)

    def _call(self, what: str, fn, *args, **params):
        try:
            return fn(*args, **params).result or {}
        except ResponseError as err:
            log.warning("Amadeus %s failed: %s", what, getattr(err, "code", err))
            raise ServiceUnavailable(
                "The travel catalogue is not answering. Please try again.", dependency="catalogue"
            ) from err

    def flights(
        self, origin: Airport, destination: Airport, day: date, cabin: Cabin, travellers: Travellers
    ) -> list[FlightOffer]:
        params = dict(
            originLocationCode=origin.iata,
            destinationLocationCode=destination.iata,
            departureDate=day.isoformat(),
            adults=travellers.adults,
            travelClass=cabin.value,
            currencyCode="BRL",
            max=MAX_FLIGHTS,
        )
        if travellers.children:
            params["children"] = travellers.children
        if travellers.infants:
            params["infants"] = travellers.infants
        body = self._call("flight search", self.client.shopping.flight_offers_search.get, **params)
        return parse.flight_offers(body)

    def hotels(
        self, destination: Airport, check_in: date, check_out: date, travellers: Travellers, rooms: int
    ) -> list[HotelOffer]:
        city = CITY_CODES.get(destination.iata, destination.iata)
        listed = self._call("hotel list", self.client.reference_data.locations.hotels.by_city.get, cityCode=city)
        hotels = {h["hotelId"]: parse.hotel(h, destination) for h in listed.get("data", [])[: MAX_HOTELS * 3]}
        if not hotels:
            return []
        body = self._call(
            "hotel search",
            self.client.shopping.hotel_offers_search.get,
            hotelIds=",".join(hotels),
            adults=-(-travellers.adults // rooms),
            checkInDate=check_in.isoformat(),
            checkOutDate=check_out.isoformat(),
            roomQuantity=rooms,
            currency="BRL",
            bestRateOnly="true",
        )
        offers = [o for item in body.get("data", []) if (o := parse.hotel_offer(item, hotels, rooms))]
        return offers[:MAX_HOTELS]

    def _quote(
        self, direction: str, kind: str, airport: Airport, hotel: Hotel, pickup: datetime, travellers: Travellers
    ) -> dict | None:
        key = (direction, kind, airport.iata, hotel.id, local(pickup, hotel.tz).date(), travellers.total)
        if key in self._quotes:
            return self._quotes[key]
        place = {
            "AddressLine": hotel.address.line,
            "CityName": hotel.address.city,
            "ZipCode": hotel.address.postal_code,
            "CountryCode": hotel.address.country,
            "Name": hotel.name,
            "GeoCode": f"{hotel.lat},{hotel.lon}",
        }
        body = {
            "transferType": kind,
            "passengers": travellers.total,
            "startDateTime": local(pickup, hotel.tz).strftime("%Y-%m-%dT%H:%M:%S"),
        }
        if direction == "arrival":
            body.update({"startLocationCode": airport.iata, **{f"end{k}": v for k, v in place.items()}})
        else:
            body.update({"endLocationCode": airport.iata, **{f"start{k}": v for k, v in place.items()}})
        try:
            quote = parse.transfer_quote(self.client.shopping.transfer_offers.post(body).result or {})
        except ResponseError as err:
            log.info("Amadeus transfer search (%s) failed: %s", kind, getattr(err, "code", err))
            quote = None
        self._quotes[key] = quote
        return quote

    def transfers(
        self,
        direction: Direction,
        airport: Airport,
        hotel: Hotel,
        at: datetime,
        travellers: Travellers,
        international: bool,
    ) -> list[TransferOffer]:
        offers = []
        for kind in ("SHARED", "PRIVATE"):
            estimate = timedelta(minutes=private_minutes(road_km(airport, hotel))) + (
                SHUTTLE_EXTRA if kind == "SHARED" else timedelta()
            )
            if direction == "arrival":
                pickup = at + timedelta(minutes=105 if international else 45)
            else:
                pickup = at - timedelta(hours=3 if international else 2) - estimate
            pickup = pickup.replace(minute=pickup.minute - pickup.minute % 5, second=0, microsecond=0)
            quote = self._quote(direction, kind, airport, hotel, pickup, travellers)
            if quote is None:
                continue
            ride = timedelta(minutes=quote["minutes"]) if quote["minutes"] else estimate
            airport_place, hotel_place = f"{airport.name} ({airport.iata})", f"{hotel.name}, {hotel.address.line}"
            places = (airport_place, hotel_place) if direction == "arrival" else (hotel_place, airport_place)
            offers.append(
                TransferOffer(
                    id=f"{kind[0]}{direction[0].upper()}",
                    provider=parse.PROVIDER,
                    direction=direction,
                    kind=kind,
                    vehicle=quote["vehicle"],
                    seats=quote["seats"],
                    pickup_place=places[0],
                    dropoff_place=places[1],
                    pickup_utc=pickup,
                    dropoff_utc=pickup + ride,
                    tz=hotel.tz,
                    operator=quote["operator"],
                    price_cents=quote["price_cents"],
                )
            )
        return offers
