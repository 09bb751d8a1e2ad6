"""A purchase refunded because its stock was gone: shown as not confirmed, and its e-mail says so."""

from services.payments.documents import purchase_document
from services.payments.models import Purchase, shown_status
from services.payments.sold_out_email import email_for


def _sold_out(quote_doc, session, now) -> dict:
    doc = purchase_document(quote_doc, session, "evt_1", int(now.timestamp()), now)
    doc["status"] = "refunded"
    doc["refund"] = {"reason": "sold_out", "amount_cents": doc["total_cents"], "percent": 100}
    return doc


def test_a_sold_out_refund_is_shown_as_not_confirmed_and_an_ordinary_refund_is_not(quote_doc, session, now):
    doc = _sold_out(quote_doc, session, now)
    assert shown_status(doc) == "sold_out_refunded"
    assert Purchase.from_doc(doc).status == "sold_out_refunded"
    assert shown_status({**doc, "refund": {"amount_cents": 1}}) == "refunded"


def test_the_sold_out_email_replaces_the_receipt_in_both_languages(quote_doc, session, now, purchase):
    sold_out = Purchase.from_doc(_sold_out(quote_doc, session, now))
    mail = email_for(sold_out, "https://dreams.example")
    assert "Viagem não confirmada" in mail.subject and "Reembolso integral" in mail.text
    assert sold_out.id in mail.text and f"https://dreams.example/purchases/{sold_out.id}" in mail.html
    english = email_for(sold_out.model_copy(update={"locale": "en"}), "https://dreams.example")
    assert english.subject.startswith("Trip not confirmed") and "Full refund" in english.text
    assert "Compra confirmada" in email_for(purchase, "https://dreams.example").subject  # a sale: the receipt
