"""The e-mail a buyer gets instead of the receipt when the payment arrived after the hold lapsed
and the stock was gone: not confirmed, refunded in full (HTML + text, in the buyer's locale)."""

from __future__ import annotations

from services.catalog.place_names import place_name
from services.i18n import format_money, html_lang, normalise_locale, translator
from services.notifications import EmailMessage, EmailTemplate
from services.payments.models import Purchase
from services.payments.receipts import purchase_link, receipt_email

_TEMPLATE = EmailTemplate.from_package("services.payments", "sold_out")  # templates/sold_out.{txt,html}


def sold_out_email(purchase: Purchase, public_url: str) -> EmailMessage:
    locale = normalise_locale(purchase.locale)
    _ = translator(locale).gettext
    city = place_name(purchase.package.query.destination, locale)
    return _TEMPLATE.render(
        to=purchase.email,
        categories=["sold-out-refund"],
        custom_args={"purchase_id": purchase.id},
        html_lang=html_lang(locale),
        subject=_("Trip not confirmed: full refund ({city})").format(city=city),
        heading=_("Your trip was not confirmed"),
        intro=_(
            "The last seats or rooms of this package sold out before your payment arrived, after the "
            "temporary hold had expired. So the trip was not confirmed."
        ),
        order_label=_("Order"),
        refund_label=_("Full refund"),
        apology=_("We refunded the whole amount to the card used; your bank shows it within a few days. We are sorry."),
        button=_("See the order"),
        purchase_id=purchase.id,
        total=format_money(purchase.total_cents, purchase.currency, locale),
        link=purchase_link(public_url, purchase.id),
    )


def email_for(purchase: Purchase, public_url: str) -> EmailMessage:
    """What packages-purchased sends: the receipt, or this notice for a sold-out refund."""
    if purchase.status == "sold_out_refunded":
        return sold_out_email(purchase, public_url)
    return receipt_email(purchase, public_url)
