"""Inventory: hold placement under 20 concurrent bookers, "Reservar" → Stripe page with and without
the hold, and the availability lookup of a results page.

(a) Placement: 20 threads place a hold on the same package at once (a whole hold: every flight
    segment and hotel night, all-or-nothing), ROUNDS rounds; once with spare stock everywhere, and
    once with its flight down to 3 seats (3 holds, 17 refusals). Latency per placement.
(b) "Reservar" → Stripe page: `Checkout.start_checkout` (what the button waits for before the
    redirect: quote read, attempt count, then the hold transaction and the Stripe session create on
    the sandbox at the same time, quote update), and quote creation + start_checkout, measured in
    ONE run against ONE package with spare stock, alternating the path with holds (inventory wired,
    as the app runs) and the path without (inventory=None: no hold, the session alone). Every
    with-hold checkout keeps its hold (as an open session does), so the units carry ever more
    holds as the run goes. Goal: p50 and p95 with holds ≤ 1.2 × without.
(c) Results page: search (first 24 packages, services.packages.search_page) and, after it, the one
    batched availability query the page adds. Reported separately and summed.
A scratch Mongo database; the local Stripe sandbox. Prints JSON.
"""

from __future__ import annotations

import asyncio
import json
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, date, datetime, timedelta

import pymongo
from pymongo import AsyncMongoClient

from bench.common import percentiles
from devstack import mongo as mongo_component
from devstack import stripe_sandbox
from services.config import get_settings
from services.inventory import Inventory, SoldOut, items_for
from services.inventory import store as inventory_store
from services.packages import SearchQuery, search_packages, search_page
from services.payments.checkout import Checkout
from services.payments.store import QUOTES, ensure_indexes
from services.payments.stripe_adapter import StripeGateway

BOOKERS, ROUNDS, CHECKOUTS, PAGES = 20, 10, 60, 20


def _package(days: int, adults: int = 2):
    departure = date.today() + timedelta(days=days)
    return search_packages(
        SearchQuery(
            origin="GRU",
            destination="LIS",
            departure=departure,
            return_date=departure + timedelta(days=7),
            adults=adults,
        ),
        limit=1,
    )[0]


def placement(db, package, flight_seats: int | None) -> dict:
    inventory, items = Inventory(db), items_for(package)
    for item in items:
        inventory_store.set_free(db, item.unit, 10_000)
    flight = next(i.unit for i in items if i.unit.startswith("flight:"))
    samples, held, refused = [], 0, 0
    until = datetime.now(UTC) + timedelta(minutes=31)

    def place(hold_id: str) -> tuple[float, bool]:
        start = time.perf_counter()
        try:
            inventory.place(hold_id, items, until)
            ok = True
        except SoldOut:
            ok = False
        return (time.perf_counter() - start) * 1000, ok

    with ThreadPoolExecutor(BOOKERS) as pool:
        for r in range(ROUNDS):
            if flight_seats is not None:
                inventory_store.set_free(db, flight, flight_seats * items[0].n)
            ids = [f"bench_{uuid.uuid4().hex[:8]}_{r}_{n}" for n in range(BOOKERS)]
            for ms, ok in pool.map(place, ids):
                samples.append(ms)
                held, refused = held + ok, refused + (not ok)
            for hold_id in ids:
                inventory.release(hold_id)
    return {**percentiles(samples), "items_per_hold": len(items), "held": held, "refused": refused}


async def checkout_latency(settings, sync_db) -> dict:
    # Journaled, as the app's gateway client (services.bootstrap.mongo_async): the baseline pays what it pays.
    client = AsyncMongoClient(settings.mongo_url, tz_aware=True, w=1, journal=True)
    db = client[sync_db.name]
    stripe = StripeGateway.from_settings(settings)

    def clock() -> datetime:
        return datetime.now(UTC)

    paths = {
        "with_hold": Checkout(db[QUOTES], stripe, settings.public_url, clock, inventory=Inventory(sync_db)),
        "without_hold": Checkout(db[QUOTES], stripe, settings.public_url, clock),
    }
    package = _package(90, adults=1)
    for item in items_for(package):
        inventory_store.set_free(sync_db, item.unit, 10_000)  # spare stock: never refused
    starts: dict[str, list[float]] = {name: [] for name in paths}
    clicks: dict[str, list[float]] = {name: [] for name in paths}
    for n in range(CHECKOUTS + 5):
        for name, checkout in paths.items() if n % 2 else reversed(paths.items()):  # alternate who goes first
            user = f"bench-{name}-{n}"
            begin = time.perf_counter()
            quote = await checkout.create_quote(package.id, user)  # the click: quote, then checkout start
            start = time.perf_counter()
            await checkout.start_checkout(quote.id, user, f"{user}@example.com", "pt_BR")
            end = time.perf_counter()
            if n >= 5:  # warm-up
                starts[name].append((end - start) * 1000)
                clicks[name].append((end - begin) * 1000)
    await client.close()
    out = {}
    for label, samples in (("start_checkout", starts), ("quote_and_start_checkout", clicks)):
        part = {name: percentiles(s) for name, s in samples.items()}
        part["ratio_p50"] = round(part["with_hold"]["p50_ms"] / part["without_hold"]["p50_ms"], 3)
        part["ratio_p95"] = round(part["with_hold"]["p95_ms"] / part["without_hold"]["p95_ms"], 3)
        out[label] = part
    out["goal"] = "ratio ≤ 1.2"
    return out


def results_page(db) -> dict:
    inventory = Inventory(db)
    routes = [("GRU", "LIS"), ("GRU", "MIA"), ("GIG", "FCO"), ("GRU", "SSA"), ("CGH", "POA")]
    search_ms, stock_ms = [], []
    for n in range(PAGES + 2):
        origin, destination = routes[n % len(routes)]
        departure = date.today() + timedelta(days=30 + n)
        query = SearchQuery(
            origin=origin,
            destination=destination,
            departure=departure,
            return_date=departure + timedelta(days=5),
            adults=2,
        )
        start = time.perf_counter()
        packages, _ = search_page(query, limit=24)
        searched = time.perf_counter()
        inventory.availability([items_for(p) for p in packages])
        done = time.perf_counter()
        if n >= 2:
            search_ms.append((searched - start) * 1000)
            stock_ms.append((done - searched) * 1000)
    return {
        "search": percentiles(search_ms),
        "availability": percentiles(stock_ms),
        "page_total": percentiles([a + b for a, b in zip(search_ms, stock_ms, strict=True)]),
    }


def main() -> None:
    settings = get_settings()
    started = [c for c in (mongo_component, stripe_sandbox) if c.ensure(settings) == "started"]
    client = pymongo.MongoClient(settings.mongo_url, tz_aware=True, w=1, journal=True)
    db = client[f"bench_inventory_{uuid.uuid4().hex[:8]}"]
    try:
        ensure_indexes(db)
        inventory_store.ensure_indexes(db)
        result = {
            "placement_spare_stock": placement(db, _package(60), None),
            "placement_flight_3_seats": placement(db, _package(61), 3),
            "reservar_to_stripe": asyncio.run(checkout_latency(settings, db)),
            "results_page": results_page(db),
        }
    finally:
        client.drop_database(db.name)
        client.close()
        for component in started:
            component.stop(settings)
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
