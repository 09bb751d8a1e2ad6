"""City names in the reader's language: "São Paulo → Lisboa" on pt-BR pages, "São Paulo → Lisbon" in English.

Sources, first that has the city:
1. the reviewed table (`place_name_table.PLACE_NAMES`, by IATA code, or an airport of the same
   country whose airportsdata city is spelt the same);
2. CLDR through Babel: the exemplar city of the airport's time zone (or of another zone of its
   country), only when the airport's city IS that city after accent folding (VCP, Campinas, is in
   America/Sao_Paulo and never becomes "São Paulo");
3. airportsdata's ASCII English city, in both languages (Portuguese particles lower-cased).
Where the two languages differ only in accents ("Sao Paulo" / "São Paulo"), both use the accented one.
Locales are already normalised by the caller ("pt_BR" | "en").
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Literal, NamedTuple

from babel.core import get_global
from babel.dates import get_timezone_location

from services.catalog.airports import all_airports, get_airport, major_rank
from services.catalog.folding import normalise
from services.catalog.models import Airport
from services.catalog.place_name_table import EXTRA_ALIASES, PLACE_NAMES

# airportsdata title-cases Portuguese particles ("Barra Do Corda"); Portuguese writes them lower-case.
_PARTICLE = re.compile(r"(?<= )(De|Do|Da|Dos|Das|E)(?= )")
PORTUGUESE = frozenset({"BR", "PT", "AO", "MZ", "CV", "GW", "ST", "TL"})
Locale = Literal["pt_BR", "en"]
LOCALES: tuple[Locale, ...] = ("pt_BR", "en")


class PlaceNames(NamedTuple):
    pt_BR: str
    en: str
    source: Literal["table", "cldr", "airportsdata"]

    def get(self, locale: str) -> str:
        if locale not in LOCALES:
            raise ValueError(f"unsupported locale {locale!r}: expected one of {LOCALES}")
        return self.en if locale == "en" else self.pt_BR

    def as_dict(self) -> dict[str, str]:
        return {"pt_BR": self.pt_BR, "en": self.en}


def _city_parts(city: str) -> set[str]:
    """'Arnavutköy, Istanbul' → {'arnavutkoy istanbul', 'arnavutkoy', 'istanbul'}."""
    return {normalise(city), *(normalise(part) for part in city.split(","))} - {""}


@lru_cache(maxsize=1)
def _table_by_city() -> dict[tuple[str, str], tuple[str, str]]:
    """(country, folded airportsdata city) → names, for entries that respell the airport's own city
    (GIG's "Rio De Janeiro"), not those naming the city a suburb airport serves (EZE "Ezeiza")."""
    out: dict[tuple[str, str], tuple[str, str]] = {}
    for code, names in PLACE_NAMES.items():
        airport = get_airport(code)
        if airport and normalise(airport.city) in {normalise(n) for n in names}:
            out.setdefault((airport.country, normalise(airport.city)), names)
    return out


@lru_cache(maxsize=1)
def _cldr_cities() -> dict[tuple[str, str], tuple[str, str]]:
    """(country, folded exemplar city in pt_BR or en) → (pt_BR, en), over every zone of every country:
    STM (Santarém) keeps America/Belem's time but America/Santarem is its city."""
    out: dict[tuple[str, str], tuple[str, str]] = {}
    for country, zones in get_global("territory_zones").items():
        for tz in zones:
            try:
                names = (
                    get_timezone_location(tz, "pt_BR", return_city=True),
                    get_timezone_location(tz, "en", return_city=True),
                )
            except LookupError:
                continue
            for name in names:
                out.setdefault((country, normalise(name)), names)
    return out


def _cldr(airport: Airport) -> tuple[str, str] | None:
    """The exemplar city of a zone in the airport's country, only if the airport's city IS that city."""
    cities = _cldr_cities()
    own = (
        (
            get_timezone_location(airport.tz, "pt_BR", return_city=True),
            get_timezone_location(airport.tz, "en", return_city=True),
        )
        if airport.tz
        else None
    )
    parts = _city_parts(airport.city)
    if own and any(normalise(name) in parts for name in own):
        return own
    return next((cities[(airport.country, part)] for part in sorted(parts) if (airport.country, part) in cities), None)


def _accented(pt: str, en: str) -> tuple[str, str]:
    if normalise(pt) == normalise(en) and pt != en:
        best = en if pt.isascii() else pt  # the spelling that has the accents
        return best, best
    return pt, en


@lru_cache(maxsize=16384)
def _names_of(airport: Airport) -> PlaceNames:
    row = PLACE_NAMES.get(airport.iata) or _table_by_city().get((airport.country, normalise(airport.city)))
    if row:
        return PlaceNames(*row, "table")
    cldr = _cldr(airport)
    if cldr:
        return PlaceNames(*_accented(*cldr), "cldr")
    city = _PARTICLE.sub(lambda m: m.group(0).lower(), airport.city) if airport.country in PORTUGUESE else airport.city
    return PlaceNames(city, city, "airportsdata")


def place_names(code: str) -> PlaceNames | None:
    """Both spellings of an airport's city, with where they came from; None for an unknown code."""
    airport = get_airport(code)
    return _names_of(airport) if airport else None


def place_name(code: str, locale: str) -> str:
    """An airport's city in `locale` ("pt_BR" | "en"); the code itself when it is unknown."""
    names = place_names(code)
    return names.get(locale) if names else code


@lru_cache(maxsize=1)
def _city_anchors() -> dict[tuple[str, str], str]:
    """(country, folded city, any spelling) → the biggest airport of that city."""
    anchors: dict[tuple[str, str], str] = {}
    for airport in sorted(all_airports().values(), key=lambda a: (major_rank(a.iata), a.iata)):
        anchors.setdefault((airport.country, normalise(airport.city)), airport.iata)
    for airport in sorted(all_airports().values(), key=lambda a: (major_rank(a.iata), a.iata)):
        names = _names_of(airport)
        if names.source != "airportsdata" and normalise(airport.city) in {normalise(n) for n in names[:2]}:
            for name in names[:2]:
                anchors.setdefault((airport.country, normalise(name)), airport.iata)
    return anchors


def warm() -> None:
    """Build the tables now (about half a second), not on a first call: lru_cache does not hold other
    callers back while it computes, so the payments worker's receipt threads each built them at once
    on their first e-mails, holding the GIL for seconds in the middle of a purchases backlog."""
    _city_anchors()


def city_name(city: str, country: str, locale: str) -> str:
    """A city as stored (a hotel's address: "Sao Paulo", "Lisboa", "Lisbon") in `locale`; as given
    when no airport of that country has that city."""
    code = _city_anchors().get((country, normalise(city)))
    return place_name(code, locale) if code else city


def airport_label(code: str, locale: str) -> str:
    """What an airport field shows: 'Lisboa (LIS) – Humberto Delgado Airport'."""
    airport = get_airport(code)
    return f"{place_name(code, locale)} ({airport.iata}) – {airport.name}" if airport else code


@lru_cache(maxsize=1)
def _extra_aliases() -> dict[str, tuple[str, ...]]:
    by_code: dict[str, list[str]] = {}
    for alias, codes in EXTRA_ALIASES.items():
        for code in codes:
            by_code.setdefault(code, []).append(alias)
    return {code: tuple(aliases) for code, aliases in by_code.items()}


def search_names(code: str) -> set[str]:
    """Folded names autocomplete finds an airport by: its city in both languages and the extra aliases."""
    names = place_names(code)
    found = {normalise(n) for n in names[:2]} if names else set()
    return found | set(_extra_aliases().get(code, ()))
