"""Package search for the UI: assemble, filter, sort; and rebuild a package from its id."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

from services.catalog.factory import get_provider
from services.catalog.provider import OffersProvider
from services.packages.assemble import Candidate, assemble_candidates, build_package
from services.packages.models import Package, SearchQuery
from services.packages.package_id import InvalidPackageId, decode
from services.packages.signing import package_id_key
from services.packages.validation import search_error_keys

SortKey = Literal["price", "duration", "stars"]


@dataclass(frozen=True)
class PackageFilters:
    max_stops: int | None = None  # 0 = direct flights both ways
    stars: frozenset[int] | None = None  # hotel star ratings to keep, e.g. {4, 5}
    min_price_cents: int | None = None  # on the package total
    max_price_cents: int | None = None

    def accepts(self, package: Package | Candidate) -> bool:
        total = package.total_cents
        return (
            (self.max_stops is None or package.stops <= self.max_stops)
            and (not self.stars or package.stars in self.stars)
            and (self.min_price_cents is None or total >= self.min_price_cents)
            and (self.max_price_cents is None or total <= self.max_price_cents)
        )


_SORTS = {
    # Ties fall back to price, then the offer ids, so the order is fully deterministic.
    "price": lambda p: (p.total_cents, p.travel_time, p.offer_ids),
    "duration": lambda p: (p.travel_time, p.total_cents, p.offer_ids),
    "stars": lambda p: (-p.stars, p.total_cents, p.offer_ids),
}


def sort_packages(packages: list, sort: SortKey = "price") -> list:
    """Sorts Packages (or search candidates): price ascending, travel time ascending, or stars descending."""
    if sort not in _SORTS:
        raise ValueError(f"unknown sort {sort!r}; use one of {sorted(_SORTS)}")
    return sorted(packages, key=_SORTS[sort])


def filter_packages(packages: list, filters: PackageFilters | None) -> list:
    return packages if filters is None else [p for p in packages if filters.accepts(p)]


def search_packages(
    query: SearchQuery,
    filters: PackageFilters | None = None,
    sort: SortKey = "price",
    limit: int | None = None,
    provider: OffersProvider | None = None,
    key: bytes | None = None,
) -> list[Package]:
    """Packages for a validated query (see `parse_search`), filtered, sorted, at most `limit`.

    Filtering and sorting run on light candidates; only the returned page is priced in full.
    `key` signs the package ids (default: the server's key from settings).
    """
    return search_page(query, filters, sort, 0, limit, provider, key)[0]


def search_page(
    query: SearchQuery,
    filters: PackageFilters | None = None,
    sort: SortKey = "price",
    offset: int = 0,
    limit: int | None = 24,
    provider: OffersProvider | None = None,
    key: bytes | None = None,
) -> tuple[list[Package], int]:
    """One page of results and the number of packages that match the filters (for paging)."""
    candidates = sort_packages(
        filter_packages(assemble_candidates(query, provider or get_provider(), key), filters), sort
    )
    page = candidates[offset:] if limit is None else candidates[offset : offset + limit]
    return [candidate.materialise() for candidate in page], len(candidates)


def rebuild(
    package_id: str, provider: OffersProvider | None = None, *, key: bytes | None = None, today: date | None = None
) -> Package:
    """The package a shared id names, rebuilt from its query.

    InvalidPackageId (a NotFound) if the id is malformed, not signed with `key` (default: the
    server's), from another catalogue, or its query breaks a search rule today (e.g. the departure
    has passed): a signature proves we made the id, not that we would still sell it. NotFound if
    its offers no longer exist.
    """
    provider = provider or get_provider()
    key = key or package_id_key()
    ref = decode(package_id, key)
    if ref.provider != provider.name:
        raise InvalidPackageId("Package not found: it came from another catalogue.")
    q = ref.query
    # The very rules the search form applies, so an id can never buy what the form would refuse.
    broken = search_error_keys(
        q.origin,
        q.destination,
        q.departure,
        q.return_date,
        q.adults,
        q.children,
        q.infants,
        q.cabin.value,
        q.rooms,
        today=today,
    )
    if broken:
        rules = ", ".join(sorted(broken.values()))
        raise InvalidPackageId(f"Package not found: its search is no longer valid ({rules}).")
    return build_package(
        q, ref.outbound_id, ref.inbound_id, ref.hotel_id, ref.transfer_in_id, ref.transfer_out_id, provider, key
    )
