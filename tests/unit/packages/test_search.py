from datetime import date, timedelta

import pytest

from services.packages.assemble import assemble_packages
from services.packages.models import Package, SearchQuery
from services.packages.search import PackageFilters, search_packages, search_page, sort_packages


def test_every_outbound_return_hotel_combination_is_offered(family_query, provider):
    packages = assemble_packages(family_query, provider)
    combos = {(p.outbound.id, p.inbound.id, p.hotel.id) for p in packages}
    assert len(combos) == len(packages) == 6 * 6 * 8


def test_hotel_stay_starts_on_the_local_arrival_date(provider):
    query = SearchQuery(origin="HNL", destination="NRT", departure=date(2027, 3, 10), return_date=date(2027, 3, 15))
    for package in search_packages(query, provider=provider):
        assert package.hotel.check_in_local.date() == package.outbound.segments[-1].arrival_local.date()
        assert package.hotel.check_in_local.date() >= date(2027, 3, 11)
        assert package.hotel.check_out_local.date() == date(2027, 3, 15)
        assert package.transfer_in.pickup_utc > package.outbound.arrival_utc
        assert package.transfer_out.dropoff_utc <= package.inbound.departure_utc - timedelta(hours=3)


def test_default_transfer_kind_follows_hotel_stars(family_query, provider):
    for package in search_packages(family_query, provider=provider):
        expected = "PRIVATE" if package.stars >= 4 else "SHARED"
        assert package.transfer_in.kind == package.transfer_out.kind == expected


@pytest.mark.parametrize(
    "sort,key",
    [
        ("price", lambda p: p.total_cents),
        ("duration", lambda p: p.travel_time),
        ("stars", lambda p: -p.stars),
    ],
)
def test_sorting(family_query, provider, sort, key):
    packages = search_packages(family_query, sort=sort, provider=provider)
    values = [key(p) for p in packages]
    assert values == sorted(values) and len(set(values)) > 1


def test_stars_sort_breaks_ties_by_price(family_query, provider):
    packages = search_packages(family_query, sort="stars", provider=provider)
    five = [p.total_cents for p in packages if p.stars == 5]
    assert five == sorted(five) and packages[0].stars == 5


def test_unknown_sort_is_rejected(family_query, provider):
    with pytest.raises(ValueError):
        sort_packages(assemble_packages(family_query, provider)[:2], "name")


def test_filters(family_query, provider):
    everything = search_packages(family_query, provider=provider)
    direct = search_packages(family_query, PackageFilters(max_stops=0), provider=provider)
    assert direct and len(direct) < len(everything)
    assert all(p.outbound.stops == 0 and p.inbound.stops == 0 for p in direct)
    luxury = search_packages(family_query, PackageFilters(stars=frozenset({4, 5})), provider=provider)
    assert luxury and {p.stars for p in luxury} == {4, 5}
    prices = sorted(p.total_cents for p in everything)
    low, high = prices[len(prices) // 4], prices[3 * len(prices) // 4]
    middle = search_packages(family_query, PackageFilters(min_price_cents=low, max_price_cents=high), provider=provider)
    assert middle and all(low <= p.total_cents <= high for p in middle)
    assert len(middle) == sum(low <= p <= high for p in prices)
    combined = PackageFilters(max_stops=0, stars=frozenset({5}), max_price_cents=high)
    assert all(
        p.stops == 0 and p.stars == 5 and p.total_cents <= high
        for p in search_packages(family_query, combined, provider=provider)
    )
    assert search_packages(family_query, PackageFilters(max_price_cents=1), provider=provider) == []


def test_paging_returns_the_same_order_as_the_full_list(family_query, provider):
    everything = search_packages(family_query, sort="duration", provider=provider)
    page, total = search_page(family_query, sort="duration", offset=24, limit=24, provider=provider)
    assert total == len(everything) and [p.id for p in page] == [p.id for p in everything[24:48]]
    assert search_packages(family_query, limit=5, provider=provider) == everything_sorted_by_price(everything)[:5]


def everything_sorted_by_price(packages: list[Package]) -> list[Package]:
    return sort_packages(packages, "price")


def test_packages_survive_a_json_round_trip(family_query, provider):
    package = search_packages(family_query, limit=1, provider=provider)[0]
    data = package.model_dump(mode="json")
    again = Package.model_validate(data)
    assert again == package and again.model_dump(mode="json") == data
    assert data["outbound"]["segments"][0]["departure_utc"].endswith("Z")
    assert again.outbound.segments[0].departure_local.tzinfo.key == "America/Sao_Paulo"
