"""Real airports from `airportsdata`, loaded once, plus great-circle distance.

Only airports with an IATA code and a time zone are kept. `MAJOR_AIRPORTS` is a curated list of hubs
with heavy scheduled service, roughly largest first: airportsdata carries no traffic figures, and
autocomplete ranking, connection hubs and the benchmark all need a notion of "big airport".
"""

from __future__ import annotations

import math
from functools import lru_cache

import airportsdata

from services.catalog.models import Airport

MAJOR_AIRPORTS: tuple[str, ...] = (
    # Brazil first: the shop sells from Brazil.
    "GRU",
    "CGH",
    "GIG",
    "BSB",
    "CNF",
    "VCP",
    "SDU",
    "REC",
    "SSA",
    "POA",
    "FOR",
    "CWB",
    "BEL",
    "FLN",
    "MAO",
    "NAT",
    "MCZ",
    "IGU",
    "VIX",
    "GYN",
    "CGB",
    "JPA",
    "AJU",
    "SLZ",
    "BPS",
    # World hubs.
    "ATL",
    "DXB",
    "DFW",
    "LHR",
    "HND",
    "DEN",
    "IST",
    "LAX",
    "ORD",
    "DEL",
    "CDG",
    "JFK",
    "CAN",
    "AMS",
    "FRA",
    "PEK",
    "PVG",
    "MAD",
    "SIN",
    "ICN",
    "MIA",
    "BKK",
    "LAS",
    "MCO",
    "CLT",
    "SEA",
    "SFO",
    "EWR",
    "PHX",
    "IAH",
    "BOM",
    "DOH",
    "FCO",
    "BCN",
    "MUC",
    "LGW",
    "YYZ",
    "SYD",
    "MEX",
    "HKG",
    "NRT",
    "KUL",
    "CGK",
    "BOS",
    "MSP",
    "DTW",
    "PHL",
    "LGA",
    "IAD",
    "ZRH",
    "CPH",
    "VIE",
    "DUB",
    "OSL",
    "ARN",
    "HEL",
    "LIS",
    "OPO",
    "FAO",
    "FNC",
    "BRU",
    "MXP",
    "LIN",
    "MAN",
    "EDI",
    "GVA",
    "NCE",
    "ATH",
    "PRG",
    "WAW",
    "BUD",
    "BER",
    "HAM",
    "PMI",
    "AGP",
    "SVQ",
    "VLC",
    "MEL",
    "BNE",
    "AKL",
    "YVR",
    "YUL",
    "HNL",
    "CUN",
    "PTY",
    "BOG",
    "LIM",
    "SCL",
    "EZE",
    "AEP",
    "MVD",
    "ASU",
    "UIO",
    "GYE",
    "SJO",
    "HAV",
    "PUJ",
    "SJU",
    "MNL",
    "TPE",
    "KIX",
    "JNB",
    "CPT",
    "CAI",
    "ADD",
    "NBO",
    "CMN",
    "LAD",
    "TLV",
    "AUH",
    "RUH",
    "JED",
    "VCE",
    "FLR",
    "NAP",
    "SAN",
    "AUS",
    "MSY",
    "ORY",
    "STN",
    "LTN",
    "LCY",
    "SAW",
    "SVO",
    "DME",
    "PKX",
    "DCA",
    "MDW",
    "GMP",
    "DMK",
    "CIA",
    "SHA",
)
_MAJOR_RANK = {code: i for i, code in enumerate(MAJOR_AIRPORTS)}
_NOT_SCHEDULED = (
    "heliport",
    "seaplane",
    "air base",
    "air force",
    "military",
    "bus station",
    "railway",
    "train station",
    "army",
    "naval",
    "metropolitan area",
)


@lru_cache(maxsize=1)
def all_airports() -> dict[str, Airport]:
    """IATA code → Airport, every airport airportsdata knows with an IATA code (≈7,900)."""
    raw = airportsdata.load("IATA")
    out: dict[str, Airport] = {}
    for code, row in raw.items():
        if not row.get("tz") or len(code) != 3 or not code.isalpha():
            continue
        out[code] = Airport(
            iata=code,
            name=row["name"],
            city=row["city"] or row["name"],
            subdivision=row.get("subd") or "",
            country=row["country"],
            tz=row["tz"],
            lat=float(row["lat"]),
            lon=float(row["lon"]),
        )
    return out


def get_airport(code: str) -> Airport | None:
    return all_airports().get((code or "").strip().upper())


def major_rank(code: str) -> int:
    """Position in the curated hub list; large for the rest."""
    return _MAJOR_RANK.get(code, 10_000)


def has_scheduled_service(airport: Airport) -> bool:
    """Heuristic: a curated hub or an "International" airport, and nothing that looks like a base."""
    name = airport.name.lower()
    if any(word in name for word in _NOT_SCHEDULED):
        return False
    return airport.iata in _MAJOR_RANK or "international" in name or "internacional" in name


def is_servable(airport: Airport) -> bool:
    """Airports a search may use: anything but heliports, bases and stations."""
    name = airport.name.lower()
    return not any(word in name for word in _NOT_SCHEDULED)


def distance_km(a: Airport, b: Airport) -> float:
    """Great-circle (haversine) distance."""
    lat1, lon1, lat2, lon2 = map(math.radians, (a.lat, a.lon, b.lat, b.lon))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))
