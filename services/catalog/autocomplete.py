"""Airport autocomplete: by IATA code, city or airport name, accent- and case-insensitive.

Ranking (best first): exact code; exact city (its pt-BR or English name from `place_names`, such as
"Lisboa", "Nova York", or a nickname such as "nyc"); city prefix;
a word of the airport name starting with the query; any substring. Within a tier, curated hubs
come first (largest first), then airports with scheduled service, then the rest by name.
The index is built once; answers are cached per normalised query.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from services.catalog.airports import all_airports, has_scheduled_service, is_servable, major_rank
from services.catalog.folding import normalise
from services.catalog.models import Airport
from services.catalog.place_names import search_names

# Re-exported: builtin hotels and older callers import it from here.
__all__ = ["normalise", "search_airports"]


@dataclass(frozen=True, slots=True)
class _Entry:
    airport: Airport
    code: str  # lower-case IATA
    cities: tuple[str, ...]  # normalised city, its comma parts and aliases
    name: str
    words: tuple[str, ...]
    haystack: str  # everything searchable, for a fast substring reject
    order: tuple[int, int, str]  # tie-break within a tier


@lru_cache(maxsize=1)
def _index() -> tuple[_Entry, ...]:
    entries = []
    for code, airport in all_airports().items():
        if not is_servable(airport):
            continue
        city = normalise(airport.city)
        cities = {city, *(normalise(part) for part in airport.city.split(",")), *search_names(code)}
        name = normalise(airport.name)
        order = (major_rank(code), 0 if has_scheduled_service(airport) else 1, name)
        entries.append(
            _Entry(
                airport,
                code.lower(),
                tuple(sorted(c for c in cities if c)),
                name,
                tuple(name.split()),
                " ".join((code.lower(), *cities, name)),
                order,
            )
        )
    return tuple(entries)


def _tier(entry: _Entry, q: str) -> int | None:
    if entry.code == q:
        return 0
    if q in entry.cities:
        return 1
    if any(c.startswith(q) for c in entry.cities):
        return 2
    if entry.code.startswith(q) and len(q) >= 2:
        return 3
    if entry.name.startswith(q) or any(w.startswith(q) for w in entry.words):
        return 4
    if len(q) >= 3 and (q in entry.name or any(q in c for c in entry.cities)):
        return 5
    return None


@lru_cache(maxsize=4096)
def _search(q: str, limit: int) -> tuple[Airport, ...]:
    hits = []
    for entry in _index():
        if q not in entry.haystack:
            continue
        tier = _tier(entry, q)
        if tier is not None:
            hits.append(((tier, *entry.order), entry.airport))
    hits.sort(key=lambda hit: hit[0])
    return tuple(airport for _, airport in hits[:limit])


def search_airports(query: str, limit: int = 8) -> list[Airport]:
    """Airports matching `query`, best first. Empty or one-letter queries return nothing."""
    q = normalise(query or "")
    if len(q) < 2:
        return []
    return list(_search(q, max(1, min(limit, 50))))
