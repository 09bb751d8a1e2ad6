"""The catalogue's answers the web asks for again and again, built once and reused for a minute.

A search page and a rebuilt package depend on their inputs, today's date (the search rules and
prices are relative to it) and the offers provider: the builtin catalogue is deterministic, a live
one (Amadeus) changes slowly. Profiling the session-load benchmark (bench/bench_session_load.py)
showed them as the largest share of the backend's CPU per interaction (pydantic models built per
package, per event, for every tab), so each distinct answer is built at most once per MAX_AGE_S.
Stock is never cached: it is read per page (payments.availability). The cached values are frozen
models and tuples; callers copy before changing anything (results._with_stock builds new cards).
"""

from __future__ import annotations

import time
from datetime import date
from functools import lru_cache

from dreams_app.state.package_view import card_facts
from services.inventory import items_for
from services.packages import Package, PackageFilters, SearchQuery, parse_search, rebuild, search_page

MAX_AGE_S = 60  # a live provider's offers, at most this old (the price is locked again by the quote)
SEARCHES_KEPT = 512  # distinct (search, filters, sort, page size) answers kept
PACKAGES_KEPT = 1024


def _age_key() -> tuple[date, int]:
    """Changes with the day (search rules) and every MAX_AGE_S: part of every cache key."""
    return date.today(), int(time.monotonic() // MAX_AGE_S)


@lru_cache(maxsize=SEARCHES_KEPT)
def _search_on(
    age: tuple[date, int], args: tuple[tuple[str, str], ...], filters: PackageFilters, sort: str, limit: int
) -> tuple[tuple[dict, ...], int, tuple]:
    query: SearchQuery = parse_search(**dict(args))
    packages, total = search_page(query, filters, sort, 0, limit)
    return tuple(card_facts(p) for p in packages), total, tuple(items_for(p) for p in packages)


def search_cards(args: dict[str, str], filters: PackageFilters, sort: str, limit: int) -> tuple[list[dict], int, list]:
    """Validate and search (ValidationFailed as parse_search raises it): the cards' facts, the total
    and the stock each card needs. Lists of the shared values: do not change the dicts."""
    cards, total, needs = _search_on(_age_key(), tuple(sorted(args.items())), filters, sort, limit)
    return list(cards), total, list(needs)


@lru_cache(maxsize=PACKAGES_KEPT)
def _package_on(age: tuple[date, int], package_id: str) -> Package:
    return rebuild(package_id)


def package(package_id: str) -> Package:
    """The package a shared id names (NotFound as rebuild raises it; failures are not cached)."""
    return _package_on(_age_key(), package_id)
