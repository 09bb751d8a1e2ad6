"""The web's memo of catalogue answers (dreams_app/state/catalog_memo.py): one build per key and age,
the same answers as the uncached search, and a new build once the age changes."""

from __future__ import annotations

from datetime import date, timedelta

from dreams_app.state import catalog_memo
from dreams_app.state.package_view import card_facts
from services.packages import PackageFilters, parse_search, search_page


def _args() -> dict[str, str]:
    depart = date.today() + timedelta(days=45)
    return {
        "origin": "GRU",
        "destination": "LIS",
        "departure": str(depart),
        "return_date": str(depart + timedelta(days=6)),
    }


def test_a_search_is_built_once_and_matches_the_uncached_one(monkeypatch):
    # One age for both calls: the real key moves every MAX_AGE_S, and two calls can straddle that.
    monkeypatch.setattr(catalog_memo, "_age_key", lambda: (date(2030, 1, 1), 0))
    catalog_memo._search_on.cache_clear()
    cards, total, needs = catalog_memo.search_cards(_args(), PackageFilters(), "price", 24)
    again, _, _ = catalog_memo.search_cards(_args(), PackageFilters(), "price", 24)
    assert catalog_memo._search_on.cache_info().hits == 1
    packages, expected_total = search_page(parse_search(**_args()), PackageFilters(), "price", 0, 24)
    assert cards == [card_facts(p) for p in packages] and total == expected_total and len(needs) == len(cards)
    assert again == cards and again is not cards  # a fresh list each time: callers may extend it

    monkeypatch.setattr(catalog_memo, "_age_key", lambda: (date.today(), -1))  # a minute later
    catalog_memo.search_cards(_args(), PackageFilters(), "price", 24)
    assert catalog_memo._search_on.cache_info().misses == 2


def test_a_package_is_rebuilt_once_per_age(monkeypatch):
    monkeypatch.setattr(catalog_memo, "_age_key", lambda: (date(2030, 1, 1), 0))
    catalog_memo._package_on.cache_clear()
    cards, _, _ = catalog_memo.search_cards(_args(), PackageFilters(), "price", 24)
    first = catalog_memo.package(cards[0]["id"])
    assert catalog_memo.package(cards[0]["id"]) is first and first.id == cards[0]["id"]
