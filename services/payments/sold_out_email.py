"""The e-mail a buyer gets instead of the receipt when the payment arrived after the hold lapsed
and the stock was gone: not confirmed, refunded in full (HTML + text, in the buyer's locale)."""
from __future__ import annotations

from services.notifications import EmailMessage, EmailTemplate
from services.payments.itinerary import lang, money
from services.payments.models import Purchase
from services.payments.receipts import purchase_link, receipt_email

_HTML = """\
<!doctype html>
<html lang="$html_lang"><body style="font-family: Arial, sans-serif; color: #1f2937; line-height: 1.5">
<h1 style="font-size: 20px">$heading</h1>
<p>$intro</p>
<p><strong>$order_label:</strong> $purchase_id<br><strong>$refund_label:</strong> $total</p>
<p>$apology</p>
<p><a href="$link" style="display: inline-block; padding: 12px 20px; background: #0e7490; color: #ffffff;
   text-decoration: none; border-radius: 6px">$button</a></p>
</body></html>
"""

_TEXT = "$heading\n\n$intro\n\n$order_label: $purchase_id\n$refund_label: $total\n\n$apology\n\n$button: $link\n\n— Dreams\n"

_TEXTS = {
    "pt_BR": {"html_lang": "pt-BR", "subject": "Viagem não confirmada: reembolso integral ($city)",
              "heading": "Sua viagem não foi confirmada",
              "intro": "Os últimos lugares ou quartos deste pacote esgotaram antes de o seu pagamento chegar, "
                       "depois que a reserva temporária expirou. Por isso a viagem não foi confirmada.",
              "order_label": "Pedido", "refund_label": "Reembolso integral",
              "apology": "Devolvemos o valor total ao cartão usado; o crédito aparece em alguns dias, conforme o "
                         "banco. Sentimos muito.",
              "button": "Ver o pedido"},
    "en": {"html_lang": "en", "subject": "Trip not confirmed: full refund ($city)",
           "heading": "Your trip was not confirmed",
           "intro": "The last seats or rooms of this package sold out before your payment arrived, after the "
                    "temporary hold had expired. So the trip was not confirmed.",
           "order_label": "Order", "refund_label": "Full refund",
           "apology": "We refunded the whole amount to the card used; your bank shows it within a few days. "
                      "We are sorry.",
           "button": "See the order"},
}


def sold_out_email(purchase: Purchase, public_url: str) -> EmailMessage:
    locale = lang(purchase.locale)
    texts = _TEXTS[locale]
    template = EmailTemplate(subject=texts["subject"], text=_TEXT, html=_HTML)
    return template.render(
        to=purchase.email, categories=["sold-out-refund"], custom_args={"purchase_id": purchase.id},
        **{k: v for k, v in texts.items() if k != "subject"}, city=purchase.package.hotel.hotel.address.city,
        purchase_id=purchase.id, total=money(purchase.total_cents, purchase.currency, locale),
        link=purchase_link(public_url, purchase.id))


def email_for(purchase: Purchase, public_url: str) -> EmailMessage:
    """What packages-purchased sends: the receipt, or this notice for a sold-out refund."""
    if purchase.status == "sold_out_refunded":
        return sold_out_email(purchase, public_url)
    return receipt_email(purchase, public_url)
