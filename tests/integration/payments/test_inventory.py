"""Limited inventory on the real broker, Mongo, Stripe sandbox and payments worker process: 20
travellers race for a flight with 3 seats left; expiry gives seats back; a payment arriving after its
hold lapsed and the stock went is refunded in full; cancel & refund returns the seats. The
invariant (free + held + sold = capacity, none negative, every carried hold live) is checked after
every scenario."""

from __future__ import annotations

import asyncio
import uuid
from datetime import UTC, date, datetime, timedelta
from types import SimpleNamespace

import pytest

from services.errors import ServiceUnavailable
from services.inventory import SoldOut, items_for
from services.inventory import store as inventory_store
from services.inventory.holds import EXPIRY_GRACE
from services.inventory.invariants import violations
from services.packages import SearchQuery, search_packages
from services.payments.store import purchase_id_for
from services.payments.stripe_adapter import StripeGateway
from tests.integration.conftest import eventually

pytestmark = pytest.mark.anyio
BOOKERS = 20


@pytest.fixture
def shop(env, web):
    """The payments service with inventory, as the app's start-up builds it (bootstrap.web_services)."""
    inventory_store.ensure_indexes(env.db)
    return web.payments


@pytest.fixture
def scarce(env):
    """A one-traveller package whose outbound first flight has exactly 3 seats left."""
    departure = date.today() + timedelta(days=45 + uuid.uuid4().int % 200)  # fresh units per run
    query = SearchQuery(
        origin="GRU", destination="SSA", departure=departure, return_date=departure + timedelta(days=3), adults=1
    )
    package = search_packages(query, limit=1)[0]
    items = items_for(package)
    flight = next(
        i.unit
        for i in items
        if i.unit.startswith("flight:") and package.outbound.segments[0].flight_number.replace(" ", "") in i.unit
    )
    for item in items:  # every other unit ample (a random date may hit a small hotel night)
        inventory_store.set_free(env.db, item.unit, 3 if item.unit == flight else 100)
    return SimpleNamespace(package=package, flight=flight, items=items)


def unit(env, unit_id):
    free, held, sold = inventory_store.counts(env.db, unit_id)
    return {"free": free, "held": held, "sold": sold}


def assert_invariant(env):
    assert violations(env.db) == []


async def book(shop, package_id, user):
    quote = await shop.checkout.create_quote(package_id, user)
    try:
        url = await shop.checkout.start_checkout(quote.id, user, f"{user}@example.com", "pt_BR")
    except SoldOut:
        return quote.id, None
    return quote.id, url


async def test_twenty_concurrent_bookers_get_exactly_the_three_seats_then_expiry_and_late_payment(
    env, webhook, worker, shop, scarce, sandbox, mailbox
):
    users = [f"racer-{uuid.uuid4().hex[:6]}-{n}" for n in range(BOOKERS)]
    results = await asyncio.gather(*(book(shop, scarce.package.id, u) for u in users))
    winners = [(q, url) for q, url in results if url]
    losers = [q for q, url in results if not url]
    assert len(winners) == 3 and len(losers) == 17
    # The 17 were told before any payment: their quotes record no checkout, and the session made
    # for each while its hold was being refused (the two run at the same time) is expired already.
    assert all(env.db.quotes.find_one({"_id": q})["checkout"] is None for q in losers)
    stripe_client = shop.checkout.stripe._client
    loser_users = [u for u, (_, url) in zip(users, results, strict=True) if not url]
    # Stripe's session list has no customer_email filter (the sandbox refuses unknown parameters as
    # Stripe does): page through the sessions and pick each loser's.
    every = list(stripe_client.v1.checkout.sessions.list({"limit": 100}).auto_paging_iter())
    for user in loser_users:
        made = [s for s in every if s.customer_email == f"{user}@example.com"]
        assert [s.status for s in made] == ["expired"]
    assert env.db[inventory_store.HOLDS].count_documents({"quote_id": {"$in": losers}, "state": "held"}) == 0
    doc = unit(env, scarce.flight)
    assert (doc["free"], doc["held"], doc["sold"]) == (0, 3, 0)
    assert (
        env.db[inventory_store.HOLDS].count_documents({"quote_id": {"$in": [q for q, _ in winners]}, "state": "held"})
        == 3
    )
    assert_invariant(env)
    sessions = [env.db.quotes.find_one({"_id": q})["checkout"] for q, _ in winners]

    # 1. Stripe expires the first session → checkout.session.expired → the worker releases its hold.
    expired = sandbox.post(f"/_sandbox/sessions/{sessions[0]['session_id']}/lapse")
    assert expired.json()["status"] == "expired"
    eventually(lambda: _equal(unit(env, scarce.flight)["free"], 1), timeout=30)
    assert env.db[inventory_store.HOLDS].find_one({"_id": sessions[0]["hold_id"]})["state"] == "released"
    assert_invariant(env)

    # 2. The second winner's hold lapses (no expired event came): a newcomer takes the free seat,
    # the next one is refused on the flight and releases the lapsed hold, so it gets that seat.
    env.db[inventory_store.HOLDS].update_one(
        {"_id": sessions[1]["hold_id"]},
        {"$set": {"expires_at": datetime.now(UTC) - EXPIRY_GRACE - timedelta(seconds=5)}},
    )
    _, first = await book(shop, scarce.package.id, "newcomer-a")
    _, second = await book(shop, scarce.package.id, "newcomer-b")
    assert first and second
    _, third = await book(shop, scarce.package.id, "newcomer-c")
    assert third is None  # really sold out now
    assert_invariant(env)

    # ... and then the second winner pays its still-open session: late, stock gone → full refund.
    late = sessions[1]["session_id"]
    assert sandbox.post(f"/_sandbox/sessions/{late}/pay", json={}).status_code == 200
    purchase = _purchase(env, worker, sandbox, late)
    assert purchase["status"] == "refunded" and purchase["refund"]["reason"] == "sold_out"
    assert purchase["refund"]["amount_cents"] == purchase["total_cents"]
    refunds = shop.checkout.stripe._client.v1.refunds.list({"payment_intent": purchase["payment"]["payment_intent"]})
    assert [r.amount for r in refunds.data] == [purchase["total_cents"]]
    mail = mailbox.wait_for(purchase["email"], subject_contains="Viagem não confirmada")
    assert "reembolso integral" in mail.text.lower() and purchase["_id"] in mail.text
    shown = await shop.actions.get_purchase_by_session(late, purchase["user_id"])
    assert shown.status == "sold_out_refunded"
    eventually(
        lambda: _equal(
            env.db.purchases.find_one({"_id": purchase["_id"]})["refund"].get("amount_refunded_cents"),
            purchase["total_cents"],
        ),
        timeout=30,
    )
    worker.caught_up()
    doc = unit(env, scarce.flight)
    assert (doc["free"], doc["held"], doc["sold"]) == (0, 3, 0)  # the refund gave nothing "back"
    assert_invariant(env)

    # 3. The third winner pays: a sale. Cancel & refund gives the seat back, once.
    paid = sessions[2]["session_id"]
    assert sandbox.post(f"/_sandbox/sessions/{paid}/pay", json={}).status_code == 200
    sold = _purchase(env, worker, sandbox, paid)
    assert sold["status"] == "paid"
    eventually(lambda: _equal(unit(env, scarce.flight)["sold"], 1), timeout=30)
    await shop.actions.request_refund(sold["_id"], sold["user_id"])
    eventually(lambda: _equal(unit(env, scarce.flight)["free"], 1), timeout=30)
    worker.caught_up()
    doc = unit(env, scarce.flight)
    assert (doc["free"], doc["held"], doc["sold"]) == (1, 2, 0)
    assert_invariant(env)


async def test_a_failed_stripe_call_releases_the_hold(env, shop, scarce):
    quote = await shop.checkout.create_quote(scarce.package.id, "stripe-fails")
    dead = env.settings.model_copy(update={"stripe_api_base": "http://127.0.0.1:9"})  # nothing listens
    shop.checkout.stripe, real = StripeGateway.from_settings(dead), shop.checkout.stripe
    try:
        with pytest.raises(ServiceUnavailable):
            await shop.checkout.start_checkout(quote.id, "stripe-fails", "x@example.com", "en")
    finally:
        shop.checkout.stripe = real
    assert unit(env, scarce.flight)["free"] == 3
    assert_invariant(env)


def _equal(actual, expected):
    assert actual == expected, f"{actual!r} != {expected!r}"
    return actual


def _purchase(env, worker, sandbox, session_id):
    def found():
        doc = env.db.purchases.find_one({"_id": purchase_id_for(session_id)})
        assert doc is not None, (
            sandbox.get("/_sandbox/deliveries", params={"object_id": session_id}).json(),
            worker.process.output()[-3000:],
        )
        return doc

    return eventually(found, timeout=30)
