from datetime import date
from decimal import ROUND_HALF_UP, Decimal

import pytest

from services.packages.assemble import assemble_candidates, assemble_packages
from services.packages.models import SearchQuery
from services.packages.pricing import (
    DISCOUNT_CAP_CENTS,
    SERVICE_FEE_PER_SEATED_CENTS,
    discount_rate,
    package_discount_cents,
)


@pytest.mark.parametrize(
    "nights,rate", [(1, "0"), (2, "0"), (3, "0.05"), (6, "0.05"), (7, "0.08"), (13, "0.08"), (14, "0.10"), (30, "0.10")]
)
def test_discount_tiers(nights, rate):
    assert discount_rate(nights) == Decimal(rate)


def test_discount_rounds_half_up_and_is_capped():
    assert package_discount_cents(3, 10_010, 0) == 501  # 500.5 → 501
    assert package_discount_cents(2, 10_000_00, 500_00) == 0
    assert package_discount_cents(20, 100_000_00, 0) == DISCOUNT_CAP_CENTS


def test_total_is_the_sum_of_parts_minus_discount(family_query, provider):
    packages = assemble_packages(family_query, provider)
    assert packages
    for package in packages:
        p, q = package.price, family_query
        assert p.subtotal_cents == sum(line.amount_cents for line in p.lines if line.part != "discount")
        assert p.total_cents == p.subtotal_cents - p.discount_cents
        out, back, hotel = package.outbound, package.inbound, package.hotel
        flights = sum(
            n * (getattr(out, k).total_cents + getattr(back, k).total_cents)
            for k, n in (("adult", q.adults), ("child", q.children), ("infant", q.infants))
        )
        assert p.part_cents("outbound_flight") + p.part_cents("return_flight") == flights
        assert p.part_cents("hotel") + p.part_cents("city_tax") == hotel.total_cents  # every tax inside
        assert p.part_cents("transfer_in") == package.transfer_in.price_cents
        assert p.part_cents("service_fee") == SERVICE_FEE_PER_SEATED_CENTS * 3  # infant pays no fee
        rides = package.transfer_in.price_cents + package.transfer_out.price_cents
        eight_percent = (Decimal("0.08") * (hotel.base_cents + rides)).quantize(1, rounding=ROUND_HALF_UP)
        assert p.discount_cents == min(DISCOUNT_CAP_CENTS, int(eight_percent))  # 10 nights → 8 %, capped
        assert p.part_cents("discount") == -p.discount_cents
        for line in p.lines:
            assert line.amount_cents == line.base_cents + line.taxes_cents
            if line.traveller:
                assert line.amount_cents == line.unit_cents * line.quantity


def test_per_traveller_shares_add_up_exactly(family_query, provider):
    for package in assemble_packages(family_query, provider)[:40]:
        shares = package.price.per_traveller
        assert [s.kind for s in shares] == ["adult", "adult", "child", "infant"]
        assert sum(s.total_cents for s in shares) == package.price.total_cents
        infant = shares[-1]
        assert infant.shared_cents == 0
        assert infant.total_cents == package.outbound.infant.total_cents + package.inbound.infant.total_cents
        assert shares[1].shared_cents == shares[2].shared_cents
        assert 0 <= shares[0].shared_cents - shares[1].shared_cents < 3  # leftover cents to the lead


def test_discount_cap_is_reached_by_a_long_luxury_stay(family_query, provider):
    capped = [p for p in assemble_packages(family_query, provider) if p.price.discount_cents == DISCOUNT_CAP_CENTS]
    assert capped and all(p.stars == 5 for p in capped)


def test_short_stay_has_no_discount(provider):
    query = SearchQuery(origin="GRU", destination="GIG", departure=date(2027, 5, 10), return_date=date(2027, 5, 12))
    packages = assemble_packages(query, provider)
    assert packages and all(p.price.discount_cents == 0 for p in packages)
    assert all(not any(line.part == "discount" for line in p.price.lines) for p in packages)


def test_fast_total_matches_the_full_breakdown(family_query, provider):
    for candidate in assemble_candidates(family_query, provider):
        assert candidate.total_cents == candidate.materialise().price.total_cents


def test_pricing_is_deterministic(family_query, provider):
    first = [p.model_dump(mode="json") for p in assemble_packages(family_query, provider)]
    from services.catalog.builtin.provider import clear_caches

    clear_caches()
    assert first == [p.model_dump(mode="json") for p in assemble_packages(family_query, provider)]
