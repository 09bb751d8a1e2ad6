"""Bookings on real servers (Mongo, the Stripe sandbox, Kafka and the payments worker): the
travellers draft kept with the quote, owner-only, and "Reservar" after a payment or with one open."""

from __future__ import annotations

import asyncio
import json

import pytest

from services.errors import NotFound, ValidationFailed
from services.payments.store import purchase_id_for
from tests.integration.conftest import eventually

pytestmark = pytest.mark.anyio


def travellers_form(tag: str = "") -> dict[str, str]:
    """Two adults and a child, to GRU → LIS (international): the module's package."""
    form = {"contact_email": "lead@example.com", "contact_phone": "+55 11 98765-4321"}
    for i, (given, birth) in enumerate((("Ana", "1990-02-01"), ("Bruno", "1988-07-15"), ("Caio", "2018-03-03"))):
        form |= {
            f"p{i}_given_names": given + tag,
            f"p{i}_surname": "Souza",
            f"p{i}_birth_date": birth,
            f"p{i}_nationality": "BR",
            f"p{i}_passport": f"FX99887{i}",
            f"p{i}_passport_expiry": "2035-01-01",
        }
    return form


def session_of(env, quote_id: str) -> str:
    return env.db.quotes.find_one({"_id": quote_id})["checkout"]["session_id"]


def _purchases(env, buyer, n: int) -> list[dict]:
    docs = list(env.db.purchases.find({"user_id": buyer.user_id}))
    assert len(docs) == n
    return docs


async def test_the_draft_is_kept_field_by_field_and_validated_on_submit(env, web, package_id, buyer):
    start = await web.bookings.start(package_id, buyer.user_id, buyer.email)
    assert start.kind == "new"
    view = await web.bookings.get(start.quote_id, buyer.user_id)
    assert view.rules.slots == ["adult", "adult", "child"] and view.rules.international
    assert view.draft == {"contact_email": buyer.email}  # prefilled from the account

    await web.bookings.save_draft(start.quote_id, buyer.user_id, {"p0_given_names": "Ana", "$set": "x"})
    with pytest.raises(ValidationFailed) as failed:
        await web.bookings.submit(
            start.quote_id, buyer.user_id, {"p0_surname": "Souza", "p1_passport": "1"}, buyer.email, "pt_BR"
        )
    assert failed.value.fields["p1_passport"] == "travellers.error.passport"
    assert "p0_given_names" not in failed.value.fields and "p0_surname" not in failed.value.fields
    assert (await web.bookings.get(start.quote_id, buyer.user_id)).draft == {
        "contact_email": buyer.email,
        "p0_given_names": "Ana",
        "p0_surname": "Souza",
        "p1_passport": "1",
    }
    assert env.db.quotes.find_one({"_id": start.quote_id}).get("checkout") is None  # no Stripe session yet

    # "Reservar" again before paying: the same booking, as it was left.
    assert await web.bookings.start(package_id, buyer.user_id, buyer.email) == start


async def test_another_users_booking_is_not_found(env, web, package_id, buyer):
    start = await web.bookings.start(package_id, buyer.user_id, buyer.email)
    for call in (
        web.bookings.get(start.quote_id, "someone-else"),
        web.bookings.save_draft(start.quote_id, "someone-else", {"p0_surname": "X"}),
        web.bookings.submit(start.quote_id, "someone-else", travellers_form(), "x@example.com", "en"),
    ):
        with pytest.raises(NotFound):
            await call
    assert env.db.quotes.find_one({"_id": start.quote_id})["draft"] == {"contact_email": buyer.email}


async def test_concurrent_blurs_of_different_fields_all_land(env, web, package_id, buyer):
    start = await web.bookings.start(package_id, buyer.user_id, buyer.email)
    form = travellers_form()
    await asyncio.gather(*(web.bookings.save_draft(start.quote_id, buyer.user_id, {k: v}) for k, v in form.items()))
    assert (await web.bookings.get(start.quote_id, buyer.user_id)).draft == form


async def test_the_same_package_bought_twice_and_stripe_never_sees_the_documents(
    env, webhook, worker, web, package_id, buyer, sandbox
):
    first = await web.bookings.start(package_id, buyer.user_id, buyer.email)
    url = await web.bookings.submit(first.quote_id, buyer.user_id, travellers_form(), buyer.email, "pt_BR")
    session_id = session_of(env, first.quote_id)
    stripe_side = json.dumps(web.payments.checkout.stripe.retrieve_checkout_session(session_id))
    for secret in ("FX99887", "1990-02-01", "Souza", "98765"):
        assert secret not in stripe_side

    # Open: "Reservar" offers to continue it, and continuing is the same Checkout Session.
    assert await web.bookings.start(package_id, buyer.user_id, buyer.email) == first.model_copy(
        update={"kind": "open_payment"}
    )
    assert await web.bookings.resume(first.quote_id, buyer.user_id, buyer.email, "pt_BR") == url

    assert sandbox.post(f"/_sandbox/sessions/{session_id}/pay", json={"card_number": "4242424242424242"}).is_success
    eventually(lambda: _purchases(env, buyer, 1), timeout=30)
    assert _purchases(env, buyer, 1)[0]["_id"] == purchase_id_for(session_id)

    # Paid: "Reservar" is a new booking, with its own session and purchase.
    second = await web.bookings.start(package_id, buyer.user_id, buyer.email)
    assert second.kind == "new" and second.quote_id != first.quote_id
    assert (await web.bookings.get(first.quote_id, buyer.user_id)).paid_session_id == session_id
    await web.bookings.submit(second.quote_id, buyer.user_id, travellers_form(" Maria"), buyer.email, "pt_BR")
    second_session = session_of(env, second.quote_id)
    assert second_session != session_id
    assert sandbox.post(f"/_sandbox/sessions/{second_session}/pay", json={"card_number": "4242424242424242"}).is_success
    docs = eventually(lambda: _purchases(env, buyer, 2), timeout=30)
    assert sorted(d["lead_name"] for d in docs) == ["Ana Maria Souza", "Ana Souza"]
    assert all(len(d["passengers"]) == 3 and d["contact"]["phone_e164"] == "+5511987654321" for d in docs)


async def test_start_over_expires_the_open_session_at_stripe_and_keeps_the_names(env, web, package_id, buyer):
    first = await web.bookings.start(package_id, buyer.user_id, buyer.email)
    await web.bookings.submit(first.quote_id, buyer.user_id, travellers_form(), buyer.email, "en")
    old_session = session_of(env, first.quote_id)

    new = await web.bookings.start_over(first.quote_id, buyer.user_id, buyer.email)
    assert web.payments.checkout.stripe.retrieve_checkout_session(old_session)["status"] == "expired"
    assert new.id != first.quote_id
    assert (await web.bookings.get(new.id, buyer.user_id)).draft == travellers_form()
    # Nothing open any more: "Reservar" continues the new (unstarted) booking.
    assert (await web.bookings.start(package_id, buyer.user_id, buyer.email)).quote_id == new.id
