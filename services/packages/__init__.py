"""Travel packages: validate a search, assemble and price packages, share them by id.

UI entry points:
    parse_search(...) -> SearchQuery            (raises ValidationFailed with field → message)
    validate_search(...) -> dict[str, str]      (field → message text, pt_BR or en)
    search_packages(query, filters, sort, limit) -> list[Package]
    search_page(query, filters, sort, offset, limit) -> (list[Package], total_matching)
    rebuild(package_id) -> Package              (raises NotFound / InvalidPackageId)
"""

from services.packages.messages import message
from services.packages.models import Package, PriceBreakdown, PriceLine, SearchQuery, TravellerShare
from services.packages.package_id import InvalidPackageId
from services.packages.search import PackageFilters, rebuild, search_packages, search_page, sort_packages
from services.packages.validation import parse_search, search_error_keys, validate_search

__all__ = [
    "InvalidPackageId",
    "Package",
    "PackageFilters",
    "PriceBreakdown",
    "PriceLine",
    "SearchQuery",
    "TravellerShare",
    "message",
    "parse_search",
    "rebuild",
    "search_error_keys",
    "search_packages",
    "search_page",
    "sort_packages",
    "validate_search",
]
