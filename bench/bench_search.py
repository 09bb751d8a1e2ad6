"""Benchmark: server-side package search over 50 real routes between major airports.

Each measured search starts from cold offer caches (as the first visitor searching that route would),
and returns the first page (24 packages, fully priced) after assembling, filtering and sorting all
combinations. Warm-up runs every route once first (imports, airport index, code paths).
Prints JSON: {"p50_ms", "p95_ms", "routes": 50, ...}. Goal: p95 ≤ 100 ms.

    .venv/bin/python bench/bench_search.py [--rounds 3] [--out bench/results/search.json]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from services.catalog.builtin import BuiltinProvider  # noqa: E402
from services.catalog.builtin.provider import clear_caches  # noqa: E402
from services.packages import SearchQuery, search_page  # noqa: E402

ROUTES = [
    ("GRU", "LIS"),
    ("GRU", "MIA"),
    ("GRU", "JFK"),
    ("GRU", "CDG"),
    ("GRU", "MAD"),
    ("GRU", "EZE"),
    ("GRU", "SCL"),
    ("GRU", "REC"),
    ("GRU", "SSA"),
    ("GRU", "FOR"),
    ("GIG", "LIS"),
    ("GIG", "MCO"),
    ("GIG", "FCO"),
    ("GIG", "BSB"),
    ("BSB", "MAO"),
    ("CGH", "POA"),
    ("CGH", "CWB"),
    ("VCP", "FLN"),
    ("CNF", "GRU"),
    ("REC", "LIS"),
    ("FOR", "FRA"),
    ("POA", "MVD"),
    ("GRU", "LHR"),
    ("GRU", "DXB"),
    ("GRU", "NRT"),
    ("GRU", "CUN"),
    ("GRU", "BOG"),
    ("GRU", "LIM"),
    ("GRU", "PTY"),
    ("GRU", "ATL"),
    ("LIS", "GRU"),
    ("MAD", "GIG"),
    ("CDG", "JFK"),
    ("LHR", "SIN"),
    ("FRA", "ORD"),
    ("AMS", "BCN"),
    ("SYD", "LAX"),
    ("HNL", "NRT"),
    ("DXB", "BKK"),
    ("IST", "ATH"),
    ("JFK", "LAX"),
    ("MEX", "CUN"),
    ("YYZ", "YVR"),
    ("SFO", "HND"),
    ("ICN", "SIN"),
    ("DOH", "JNB"),
    ("MUC", "ZRH"),
    ("DUB", "BOS"),
    ("FCO", "MXP"),
    ("SCL", "EZE"),
]


def _queries(start: date) -> list[SearchQuery]:
    out = []
    for i, (origin, destination) in enumerate(ROUTES):
        departure = start + timedelta(days=i % 17)
        out.append(
            SearchQuery(
                origin=origin,
                destination=destination,
                departure=departure,
                return_date=departure + timedelta(days=4 + i % 9),
                adults=2,
                children=i % 2,
                infants=1 if i % 5 == 0 else 0,
            )
        )
    return out


def _percentile(samples: list[float], pct: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, max(0, round(pct / 100 * len(ordered) + 0.5) - 1))]


def run(rounds: int, limit: int | None) -> dict:
    provider = BuiltinProvider()
    queries = _queries(date.today() + timedelta(days=45))
    for query in queries:  # warm-up
        search_page(query, limit=limit, provider=provider)
    cold, warm, sizes = [], [], []
    for _ in range(rounds):
        for query in queries:
            clear_caches()
            t0 = time.perf_counter()
            page, total = search_page(query, limit=limit, provider=provider)
            cold.append((time.perf_counter() - t0) * 1000)
            t0 = time.perf_counter()
            search_page(query, limit=limit, provider=provider)
            warm.append((time.perf_counter() - t0) * 1000)
            sizes.append(total)
    return {
        "p50_ms": round(statistics.median(cold), 2),
        "p95_ms": round(_percentile(cold, 95), 2),
        "max_ms": round(max(cold), 2),
        "routes": len(queries),
        "searches": len(cold),
        "page_size": limit,
        "packages_per_search_mean": round(statistics.mean(sizes), 1),
        "warm_p50_ms": round(statistics.median(warm), 2),
        "warm_p95_ms": round(_percentile(warm, 95), 2),
        "goal_p95_ms": 100,
        "python": sys.version.split()[0],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--limit", type=int, default=24, help="page size; 0 = price every package")
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    result = run(args.rounds, args.limit or None)
    text = json.dumps(result)
    print(text)
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(text + "\n")


if __name__ == "__main__":
    main()
