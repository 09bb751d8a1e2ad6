from datetime import timedelta

from services.payments.documents import mismatch, purchase_document
from services.payments.store import QUOTE_VALIDITY, purchase_id_for
from services.payments.terms import refund_for, terms_text


def test_full_refund_until_seven_days_before_departure_then_half_then_none(now):
    departure = now + timedelta(days=10)
    assert refund_for(10_001, departure, now).model_dump(exclude={"free_until"}) == {
        "allowed": True,
        "percent": 100,
        "amount_cents": 10_001,
    }
    assert refund_for(10_001, departure, departure - timedelta(days=7, seconds=1)).percent == 100
    half = refund_for(10_001, departure, departure - timedelta(days=7))
    assert (half.percent, half.amount_cents) == (50, 5_000)  # rounded down to the cent
    assert refund_for(10_001, departure, departure - timedelta(seconds=1)).percent == 50
    gone = refund_for(10_001, departure, departure)
    assert (gone.allowed, gone.amount_cents) == (False, 0)
    assert half.free_until == departure - timedelta(days=7)


def test_terms_are_shown_in_the_visitors_language():
    assert "7 dias" in terms_text("pt-BR")[0] and "7 days" in terms_text("en-US")[0]
    assert terms_text(None) == terms_text("fr")  # default pt_BR


def test_a_quote_locks_the_server_price_for_thirty_minutes(quote_doc, package, now):
    assert quote_doc["total_cents"] == package.price.total_cents
    assert quote_doc["expires_at"] - now == QUOTE_VALIDITY == timedelta(minutes=30)
    assert quote_doc["summary"]["travellers"] == 3


def test_the_purchase_holds_the_whole_package_and_the_payment_ids(quote_doc, session, purchase, package, now):
    assert purchase.id == purchase_id_for("cs_test_1") == purchase_id_for("cs_test_1")
    assert purchase_id_for("cs_test_2") != purchase.id
    assert purchase.package == package and purchase.status == "paid"
    assert (purchase.session_id, purchase.payment_intent, purchase.email) == ("cs_test_1", "pi_1", "ana@example.com")
    doc = purchase_document(quote_doc, session, "evt_1", int(now.timestamp()), now)
    assert doc["departure_at"] == package.outbound.departure_utc


def test_a_session_that_does_not_match_its_quote_is_refused(quote_doc, session):
    assert mismatch(quote_doc, session) is None
    assert "amount" in mismatch(quote_doc, session.model_copy(update={"amount_total": 1}))
    assert "currency" in mismatch(quote_doc, session.model_copy(update={"currency": "usd"}))
    assert "another user" in mismatch(quote_doc, session.model_copy(update={"metadata": {"user_id": "u2"}}))


def test_refund_preview_follows_the_terms_and_the_status(purchase):
    departure = purchase.departure_at
    assert purchase.refund_preview(departure - timedelta(days=8)).percent == 100
    assert purchase.refund_preview(departure - timedelta(days=1)).amount_cents == purchase.total_cents * 50 // 100
    assert not purchase.model_copy(update={"status": "refunded"}).refund_preview(departure - timedelta(days=30)).allowed


def test_the_stripe_line_item_speaks_the_buyers_language_with_real_plurals(quote_doc, package):
    from services.payments.checkout import session_params

    pt = session_params(quote_doc, "ana@example.com", "pt-BR", "https://dreams.example", 1)
    en = session_params(quote_doc, "ana@example.com", "en_US", "https://dreams.example", 1)
    out, back = package.outbound.departure_utc, package.inbound.arrival_utc
    item_pt, item_en = (p["line_items"][0]["price_data"]["product_data"] for p in (pt, en))
    assert item_pt["name"] == f"Pacote Dreams: {package.hotel.hotel.address.city} (GRU → LIS)"
    assert item_en["name"].startswith("Package Dreams: ")
    assert item_pt["description"] == f"{out:%d/%m/%Y} – {back:%d/%m/%Y} · {package.hotel.hotel.name} · 3 viajantes"
    assert item_en["description"].startswith(f"{out:%Y-%m-%d} – {back:%Y-%m-%d} · ")
    assert item_en["description"].endswith(" · 3 travellers")
    assert (pt["locale"], en["locale"]) == ("pt-BR", "en")
    one = {**quote_doc, "summary": {**quote_doc["summary"], "travellers": 1}}
    assert session_params(one, "a@b.c", "pt_BR", "https://d", 1)["line_items"][0]["price_data"]["product_data"][
        "description"
    ].endswith(" · 1 viajante")
