"""The receipt e-mail (HTML + text, in the buyer's locale) with the whole itinerary."""

from __future__ import annotations

from services.catalog.place_names import place_name
from services.i18n import format_money, html_lang, normalise_locale, translator
from services.notifications import EmailMessage, EmailTemplate
from services.payments.itinerary import itinerary_sections
from services.payments.models import Purchase

_TEMPLATE = EmailTemplate.from_package("services.payments", "receipt")  # templates/receipt.{txt,html}


def purchase_link(public_url: str, purchase_id: str) -> str:
    return f"{public_url.rstrip('/')}/purchases/{purchase_id}"


def receipt_email(purchase: Purchase, public_url: str) -> EmailMessage:
    locale = normalise_locale(purchase.locale)
    _ = translator(locale).gettext
    sections = itinerary_sections(purchase.package, locale, purchase.passengers)
    text = "".join(f"{h}\n" + "".join(f"  - {line}\n" for line in lines) + "\n" for h, lines in sections)
    city = place_name(purchase.package.query.destination, locale)
    return _TEMPLATE.render(
        to=purchase.email,
        categories=["receipt"],
        custom_args={"purchase_id": purchase.id},
        html_lang=html_lang(locale),
        subject=_("Purchase confirmed: your trip to {city}").format(city=city),
        heading=_("Your trip is confirmed!"),
        intro=_("We received your payment. Here is the summary of your package."),
        order_label=_("Order"),
        total_label=_("Total paid"),
        button=_("See my trip"),
        terms=_("Free cancellation until 7 days before departure; after that, 50% refund until departure."),
        purchase_id=purchase.id,
        total=format_money(purchase.total_cents, purchase.currency, locale),
        itinerary=sections,
        itinerary_text=text,
        link=purchase_link(public_url, purchase.id),
    )
