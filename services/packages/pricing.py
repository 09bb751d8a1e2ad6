"""Package price: the sum of its parts for every traveller and night, minus a package discount.

Rules (all amounts integer cents, BRL; the total already holds every tax and mandatory fee, so a
traveller never pays more later, including the tourist tax hotels usually collect on site):
- Flights: per direction, each traveller pays the fare of their type (base + taxes). Fare rules come
  from the provider; the built-in one uses child = 75 % of the adult base with full taxes and lap
  infant = 10 % of the adult base with 25 % of the taxes (see services/catalog/builtin/flights.py).
- Hotel: the stay for all rooms and nights with its taxes; the tourist tax is a line of its own.
- Transfers: both rides, as priced (shared: per seated traveller; private: per vehicle).
- Service fee: R$ 25.00 per seated traveller (adults and children); lap infants pay none.
- Package discount: a share of the hotel room rate (before taxes) and both transfers, by nights:
  1–2 nights 0 %, 3–6 nights 5 %, 7–13 nights 8 %, 14+ nights 10 %, capped at R$ 2,000.00,
  rounded half-up to the cent. Airfares and taxes are never discounted. Same inputs → same price.
- Per traveller: each pays their own flights; everything else (hotel, tourist tax, transfers, fee,
  minus discount) is split equally among seated travellers, any leftover cents going to traveller 1,
  so the shares always add up to the total exactly.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from services.catalog.models import CURRENCY, FlightOffer, HotelOffer, TransferOffer
from services.packages.models import PriceBreakdown, PriceLine, SearchQuery, TravellerShare

_line, _share = PriceLine, TravellerShare

SERVICE_FEE_PER_SEATED_CENTS = 2_500
DISCOUNT_CAP_CENTS = 200_000
DISCOUNT_TIERS: tuple[tuple[int, Decimal], ...] = (  # (minimum nights, rate), highest first
    (14, Decimal("0.10")),
    (7, Decimal("0.08")),
    (3, Decimal("0.05")),
    (1, Decimal("0")),
)


def discount_rate(nights: int) -> Decimal:
    return next(rate for minimum, rate in DISCOUNT_TIERS if nights >= minimum)


def package_discount_cents(nights: int, hotel_base_cents: int, transfers_cents: int) -> int:
    raw = discount_rate(nights) * (hotel_base_cents + transfers_cents)
    return min(DISCOUNT_CAP_CENTS, int(raw.quantize(Decimal(1), rounding=ROUND_HALF_UP)))


def _flight_lines(part: str, offer: FlightOffer, query: SearchQuery) -> list[PriceLine]:
    lines = []
    for kind, count, fare in (
        ("adult", query.adults, offer.adult),
        ("child", query.children, offer.child),
        ("infant", query.infants, offer.infant),
    ):
        if count:
            lines.append(
                _line(
                    part=part,
                    traveller=kind,
                    quantity=count,
                    unit_cents=fare.total_cents,
                    base_cents=fare.base_cents * count,
                    taxes_cents=fare.taxes_cents * count,
                    amount_cents=fare.total_cents * count,
                )
            )
    return lines


def _single(part: str, base: int, taxes: int = 0, quantity: int = 1) -> PriceLine:
    total = base + taxes
    return _line(
        part=part,
        traveller=None,
        quantity=quantity,
        unit_cents=-(-total // quantity),
        base_cents=base,
        taxes_cents=taxes,
        amount_cents=total,
    )


def _shares(query: SearchQuery, outbound: FlightOffer, inbound: FlightOffer, total: int) -> list[TravellerShare]:
    def fare(kind: str) -> int:
        return getattr(outbound, kind).total_cents + getattr(inbound, kind).total_cents

    kinds = ["adult"] * query.adults + ["child"] * query.children + ["infant"] * query.infants
    flights = [fare(kind) for kind in kinds]
    seated = query.adults + query.children
    shared_total = total - sum(flights)
    each, leftover = divmod(shared_total, seated)
    shares = []
    for number, (kind, flight) in enumerate(zip(kinds, flights), start=1):
        shared = 0 if kind == "infant" else each + (leftover if number == 1 else 0)
        shares.append(
            _share(number=number, kind=kind, flights_cents=flight, shared_cents=shared, total_cents=flight + shared)
        )
    return shares


def price_package(
    query: SearchQuery,
    outbound: FlightOffer,
    inbound: FlightOffer,
    hotel: HotelOffer,
    transfer_in: TransferOffer,
    transfer_out: TransferOffer,
) -> PriceBreakdown:
    seated = query.adults + query.children
    lines = [
        *_flight_lines("outbound_flight", outbound, query),
        *_flight_lines("return_flight", inbound, query),
        _single("hotel", hotel.base_cents, hotel.taxes_cents, quantity=hotel.nights * hotel.rooms),
    ]
    if hotel.city_tax_cents:
        lines.append(_single("city_tax", 0, hotel.city_tax_cents))
    lines += [
        _single("transfer_in", transfer_in.price_cents),
        _single("transfer_out", transfer_out.price_cents),
        _line(
            part="service_fee",
            traveller=None,
            quantity=seated,
            unit_cents=SERVICE_FEE_PER_SEATED_CENTS,
            base_cents=SERVICE_FEE_PER_SEATED_CENTS * seated,
            taxes_cents=0,
            amount_cents=SERVICE_FEE_PER_SEATED_CENTS * seated,
        ),
    ]
    subtotal = sum(line.amount_cents for line in lines)
    discount = package_discount_cents(
        hotel.nights, hotel.base_cents, transfer_in.price_cents + transfer_out.price_cents
    )
    if discount:
        lines.append(
            _line(
                part="discount",
                traveller=None,
                quantity=1,
                unit_cents=-discount,
                base_cents=-discount,
                taxes_cents=0,
                amount_cents=-discount,
            )
        )
    total = subtotal - discount
    return PriceBreakdown(
        currency=CURRENCY,
        lines=lines,
        subtotal_cents=subtotal,
        discount_cents=discount,
        discount_rate=str(discount_rate(hotel.nights)),
        total_cents=total,
        per_traveller=_shares(query, outbound, inbound, total),
    )


def package_total_cents(
    query: SearchQuery,
    outbound: FlightOffer,
    inbound: FlightOffer,
    hotel: HotelOffer,
    transfer_in: TransferOffer,
    transfer_out: TransferOffer,
) -> int:
    """The same total as `price_package(...).total_cents`, without building the breakdown (used to
    filter and sort hundreds of combinations before materialising the page that is shown)."""
    flights = sum(
        count * (getattr(outbound, kind).total_cents + getattr(inbound, kind).total_cents)
        for kind, count in (("adult", query.adults), ("child", query.children), ("infant", query.infants))
    )
    rides = transfer_in.price_cents + transfer_out.price_cents
    fee = SERVICE_FEE_PER_SEATED_CENTS * (query.adults + query.children)
    return flights + hotel.total_cents + rides + fee - package_discount_cents(hotel.nights, hotel.base_cents, rides)
