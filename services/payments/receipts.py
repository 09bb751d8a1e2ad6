"""The receipt e-mail (HTML + text, in the buyer's locale) with the whole itinerary."""
from __future__ import annotations

from html import escape

from services.catalog.place_names import place_name
from services.i18n import format_money, html_lang, normalise_locale, translator
from services.notifications import EmailMessage, EmailTemplate, SafeHtml
from services.payments.itinerary import itinerary_sections
from services.payments.models import Purchase

_HTML = """\
<!doctype html>
<html lang="$html_lang"><body style="font-family: Arial, sans-serif; color: #1f2937; line-height: 1.5">
<h1 style="font-size: 20px">$heading</h1>
<p>$intro</p>
<p><strong>$order_label:</strong> $purchase_id<br><strong>$total_label:</strong> $total</p>
$itinerary
<p><a href="$link" style="display: inline-block; padding: 12px 20px; background: #0e7490; color: #ffffff;
   text-decoration: none; border-radius: 6px">$button</a></p>
<p style="font-size: 13px; color: #6b7280">$terms</p>
</body></html>
"""

_TEXT = "$heading\n\n$intro\n\n$order_label: $purchase_id\n$total_label: $total\n\n$itinerary_text\n$button: $link\n\n$terms\n\n— Dreams\n"
_TEMPLATE = EmailTemplate(subject="$subject", text=_TEXT, html=_HTML)


def purchase_link(public_url: str, purchase_id: str) -> str:
    return f"{public_url.rstrip('/')}/purchases/{purchase_id}"


def receipt_email(purchase: Purchase, public_url: str) -> EmailMessage:
    locale = normalise_locale(purchase.locale)
    _ = translator(locale).gettext
    sections = itinerary_sections(purchase.package, locale, purchase.passengers)
    html = "".join(f"<h2 style=\"font-size: 16px\">{escape(h)}</h2><ul>"
                   + "".join(f"<li>{escape(line)}</li>" for line in lines) + "</ul>" for h, lines in sections)
    text = "".join(f"{h}\n" + "".join(f"  - {line}\n" for line in lines) + "\n" for h, lines in sections)
    city = place_name(purchase.package.query.destination, locale)
    return _TEMPLATE.render(
        to=purchase.email, categories=["receipt"], custom_args={"purchase_id": purchase.id},
        html_lang=html_lang(locale),
        subject=_("Purchase confirmed: your trip to {city}").format(city=city),
        heading=_("Your trip is confirmed!"),
        intro=_("We received your payment. Here is the summary of your package."),
        order_label=_("Order"), total_label=_("Total paid"), button=_("See my trip"),
        terms=_("Free cancellation until 7 days before departure; after that, 50% refund until departure."),
        purchase_id=purchase.id,
        total=format_money(purchase.total_cents, purchase.currency, locale), itinerary=SafeHtml(html),
        itinerary_text=text, link=purchase_link(public_url, purchase.id))
