"""Where a city is shown (cards, package page, dashboard, receipt, .ics, Stripe line item), it is in the
reader's language — or the buyer's stored one — for a GRU → LIS package."""

from datetime import date

import pytest
from icalendar import Calendar

from dreams_app.state.package_view import card_facts, card_text, flight_items, hotel_text, summary_text
from dreams_app.state.purchase_view import summary_row
from dreams_app.state.search_params import airport_label, resolve_airport, suggestions
from services.catalog.builtin import BuiltinProvider
from services.catalog.place_names import place_name
from services.packages import SearchQuery, search_packages
from services.payments.checkout import session_params
from services.payments.ics import itinerary_ics
from services.payments.models import PurchaseSummary
from services.payments.receipts import receipt_email


@pytest.fixture(scope="module")
def package_with_stop():
    """LIS → Campina Grande (no scheduled service there) connects through a hub."""
    query = SearchQuery(origin="LIS", destination="CPV", departure=date(2027, 5, 10), return_date=date(2027, 5, 17))
    package = next(p for p in search_packages(query, limit=20, provider=BuiltinProvider()) if p.outbound.stops)
    return package, package.outbound.segments[1].origin


CITIES = {"pt_BR": ("São Paulo", "Lisboa"), "en": ("São Paulo", "Lisbon")}


@pytest.mark.parametrize("locale", ["pt_BR", "en"])
def test_package_card_and_page(package, locale):
    origin, destination = CITIES[locale]
    assert card_text(card_facts(package), locale)["route"] == f"{origin} (GRU) → {destination} (LIS)"
    assert summary_text(package, locale)["route"] == f"{origin} → {destination}"
    assert f", {destination}, PT" in hotel_text(package, locale)["address"]


def test_the_hotel_is_named_and_addressed_as_locals_spell_its_city(package):
    hotel = package.hotel.hotel
    assert hotel.address.city == "Lisboa" and "Lisbon" not in hotel.name


def test_layovers_name_the_connection_city_in_the_readers_language(package_with_stop):
    package, hub = package_with_stop
    layovers = {
        locale: [i["text"] for i in flight_items(package.outbound, locale) if i["kind"] == "layover"]
        for locale in ("pt_BR", "en")
    }
    assert f"{place_name(hub, 'pt_BR')} ({hub})" in layovers["pt_BR"][0]
    assert f"{place_name(hub, 'en')} ({hub})" in layovers["en"][0]


@pytest.mark.parametrize("locale", ["pt_BR", "en"])
def test_dashboard_card(purchase, locale):
    doc = {
        **purchase.model_dump(),
        "id": purchase.id,
        "origin": "GRU",
        "destination": "LIS",
        "destination_city": "Lisbon",
        "hotel_name": "Hotel",
        "departure_at": purchase.package.outbound.departure_utc,
        "return_at": purchase.package.inbound.arrival_utc,
        "travellers": 3,
    }
    row = PurchaseSummary.model_validate({k: doc[k] for k in PurchaseSummary.model_fields if k in doc})
    assert summary_row(row, locale)["title"] == "{} → {}".format(*CITIES[locale])


@pytest.mark.parametrize(("locale", "subject"), [("pt_BR", "sua viagem para Lisboa"), ("en", "your trip to Lisbon")])
def test_receipt_subject_and_address_in_the_buyers_language(purchase, locale, subject):
    mail = receipt_email(purchase.model_copy(update={"locale": locale}), "https://dreams.example")
    assert mail.subject.endswith(subject)
    assert f", {CITIES[locale][1]}, PT" in mail.text


@pytest.mark.parametrize("locale", ["pt_BR", "en"])
def test_calendar_location_in_the_buyers_language(purchase, locale):
    events = Calendar.from_ical(itinerary_ics(purchase.model_copy(update={"locale": locale}))).walk("VEVENT")
    hotel = next(e for e in events if str(e["summary"]).startswith("🏨"))
    assert f", {CITIES[locale][1]}, PT" in str(hotel["location"])


@pytest.mark.parametrize(
    ("locale", "name"), [("pt_BR", "Pacote Dreams: Lisboa (GRU → LIS)"), ("en", "Package Dreams: Lisbon (GRU → LIS)")]
)
def test_stripe_line_item_names_the_destination_in_the_buyers_language(quote_doc, locale, name):
    params = session_params(quote_doc, "ana@example.com", locale, "https://dreams.example", 2_000_000_000)
    assert params["line_items"][0]["price_data"]["product_data"]["name"] == name


def test_suggestions_are_labelled_in_the_readers_language_and_still_resolve():
    pt, en = suggestions("lisbon", "pt_BR")[0], suggestions("lisboa", "en")[0]
    assert pt.startswith("Lisboa (LIS)") and en.startswith("Lisbon (LIS)")
    assert resolve_airport(pt) == resolve_airport(en) == "LIS"
    assert airport_label("JFK", "pt_BR").startswith("Nova York (JFK)")
