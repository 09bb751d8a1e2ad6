"""The travellers step's rules (services/payments/travellers.py) and where the names end up: the
purchase snapshot, the receipt, the .ics, the dashboard card; never in Stripe's parameters."""

from datetime import date

import pytest

from dreams_app.state.purchase_view import summary_row, travellers_text
from services.payments.checkout import session_params
from services.payments.documents import purchase_document
from services.payments.ics import itinerary_ics
from services.payments.models import Purchase, PurchaseSummary
from services.payments.receipts import receipt_email
from services.payments.travellers import (
    TripRules,
    clean_draft,
    countries,
    is_international,
    masked,
    normalise_phone,
    trip_rules,
    validate,
)

DOMESTIC = TripRules(
    slots=["adult", "child", "infant"], departure=date(2027, 5, 10), return_day=date(2027, 5, 17), international=False
)
ABROAD = DOMESTIC.model_copy(update={"international": True})


def _draft(**extra):
    d = {
        "p0_given_names": "Ana Luíza",
        "p0_surname": "D'Ávila-Souza",
        "p0_birth_date": "1990-02-01",
        "p1_given_names": "João",
        "p1_surname": "Souza",
        "p1_birth_date": "2019-01-01",
        "p2_given_names": "Bia",
        "p2_surname": "Souza",
        "p2_birth_date": "2026-01-01",
        "contact_email": "ana@example.com",
        "contact_phone": "(11) 98765-4321",
    }
    return {**d, **extra}


def _abroad(draft):
    for i in range(3):
        draft |= {f"p{i}_nationality": "BR", f"p{i}_passport": f"FX12345{i}", f"p{i}_passport_expiry": "2030-01-01"}
    return draft


def test_a_complete_domestic_draft_becomes_passengers_and_an_e164_contact():
    travellers, errors = validate(_draft(), DOMESTIC)
    assert errors == {}
    assert [p.kind for p in travellers.passengers] == ["adult", "child", "infant"]
    assert travellers.lead.full_name == "Ana Luíza D'Ávila-Souza"
    assert travellers.contact.phone_e164 == "+5511987654321"
    assert travellers.lead.passport is None


@pytest.mark.parametrize(
    ("field", "value", "key"),
    [
        ("p0_given_names", "", "travellers.error.required"),
        ("p0_given_names", "Ana2", "travellers.error.name_chars"),
        ("p0_surname", "Souza!", "travellers.error.name_chars"),
        ("p0_surname", "a" * 51, "travellers.error.name_long"),
        ("p0_birth_date", "2020-01-01", "travellers.error.adult_age"),  # 7 years old is no adult
        ("p1_birth_date", "2025-06-01", "travellers.error.child_age"),  # under 2 at departure
        ("p1_birth_date", "2015-05-12", "travellers.error.child_age"),  # turns 12 before the return
        ("p2_birth_date", "2025-05-15", "travellers.error.infant_age"),  # turns 2 during the trip
        ("p2_birth_date", "2027-06-01", "travellers.error.birth_future"),
        ("p0_birth_date", "31/12/1990", "travellers.error.date"),
        ("contact_email", "ana@", "travellers.error.email"),
        ("contact_phone", "123", "travellers.error.phone"),
        ("contact_phone", "", "travellers.error.required"),
    ],
)
def test_each_bad_field_gets_its_own_key(field, value, key):
    travellers, errors = validate(_draft(**{field: value}), DOMESTIC)
    assert travellers is None and errors == {field: key}


def test_the_age_bounds_are_inclusive_on_the_right_days():
    # 12 on the departure day is an adult; 11 on the return day is still a child; 1 on the return day an infant.
    ok = _draft(p0_birth_date="2015-05-10", p1_birth_date="2015-05-18", p2_birth_date="2025-05-18")
    assert validate(ok, DOMESTIC)[1] == {}


def test_international_trips_need_nationality_and_a_passport_valid_after_the_return():
    assert set(validate(_draft(), ABROAD)[1]) == {
        f"p{i}_{f}" for i in range(3) for f in ("nationality", "passport", "passport_expiry")
    }
    travellers, errors = validate(_abroad(_draft()), ABROAD)
    assert errors == {} and travellers.lead.passport == "FX123450" and travellers.lead.nationality == "BR"
    bad = _abroad(_draft()) | {"p0_passport": "12-3", "p1_passport_expiry": "2027-05-17", "p2_nationality": "EU"}
    assert validate(bad, ABROAD)[1] == {
        "p0_passport": "travellers.error.passport",
        "p1_passport_expiry": "travellers.error.passport_expiry",
        "p2_nationality": "travellers.error.nationality",
    }


def test_international_means_two_countries():
    assert is_international("GRU", "LIS") and not is_international("GRU", "GIG")


def test_phones_are_stored_in_e164_with_brazil_as_the_default_country():
    assert normalise_phone("+351 912 345 678") == "+351912345678"
    assert normalise_phone("11 98765 4321") == "+5511987654321"
    assert normalise_phone("+1 555") is None


def test_a_draft_keeps_only_known_fields_bounded():
    assert clean_draft({"p0_surname": "x" * 500, "$where": "1", "p0_passport.x": "1", "p9_surname": "a"}) == {
        "p0_surname": "x" * 100
    }


def test_passports_are_masked_and_countries_named_in_the_readers_language():
    assert masked("FX1234567") == "•••••4567"
    assert ("DE", "Alemanha") in countries("pt_BR") and ("DE", "Germany") in countries("en")
    assert not {"EU", "UN", "ZZ", "001"} & {c for c, _ in countries("en")}


@pytest.fixture
def named_quote(quote_doc, package):
    travellers, errors = validate(
        _abroad(_draft(p2_given_names="Caio", p2_birth_date="2018-03-03", p1_birth_date="1988-01-01")),
        trip_rules(package),
    )
    assert errors == {}, errors
    return {
        **quote_doc,
        "passengers": [p.model_dump(mode="json") for p in travellers.passengers],
        "contact": travellers.contact.model_dump(mode="json"),
        "draft": _abroad(_draft()),
    }


def test_the_package_fixture_has_two_adults_and_a_child_abroad(package):
    assert trip_rules(package).slots == ["adult", "adult", "child"] and trip_rules(package).international


@pytest.fixture
def named_purchase(named_quote, session, now) -> Purchase:
    return Purchase.from_doc(purchase_document(named_quote, session, "evt_1", int(now.timestamp()), now))


def test_the_purchase_snapshot_has_the_travellers_and_the_lead(named_purchase, named_quote, session, now):
    doc = purchase_document(named_quote, session, "evt_1", int(now.timestamp()), now)
    assert doc["lead_name"] == "Ana Luíza D'Ávila-Souza"
    assert [p.full_name for p in named_purchase.passengers] == ["Ana Luíza D'Ávila-Souza", "João Souza", "Caio Souza"]
    assert named_purchase.contact.phone_e164 == "+5511987654321"


def test_receipt_ics_and_purchase_page_name_the_travellers_with_masked_passports(named_purchase):
    mail = receipt_email(named_purchase, "https://dreams.example")
    assert "Ana Luíza D'Ávila-Souza (adulto) · passaporte •••••3450" in mail.text
    assert "João Souza (adulto)" in mail.text and "Caio Souza (criança)" in mail.text
    ics = itinerary_ics(named_purchase).decode()
    assert "Travellers: Ana Luíza D'Ávila-Souza\\, João Souza\\, Caio Souza" in ics.replace("\r\n ", "")
    assert "ATTENDEE" not in ics
    page = travellers_text(named_purchase, "en")
    assert page[0] == "Ana Luíza D'Ávila-Souza (adult) · passport •••••3450"
    for text in (mail.text, mail.html, ics, " ".join(page)):
        assert "FX12345" not in text and "1990-02-01" not in text


def test_the_dashboard_card_names_the_lead_and_counts_the_others_with_real_plurals(named_purchase):
    row = PurchaseSummary(
        id="pur_1",
        status="paid",
        origin="GRU",
        destination="LIS",
        destination_city="Lisbon",
        hotel_name="H",
        departure_at=named_purchase.departure_at,
        return_at=named_purchase.departure_at,
        travellers=3,
        total_cents=1,
        currency="BRL",
        purchased_at=named_purchase.purchased_at,
        lead_name="Ana Souza",
    )
    assert summary_row(row, "pt_BR")["travellers"] == "Ana Souza e mais 2 viajantes"
    assert summary_row(row, "en")["travellers"] == "Ana Souza and 2 other travellers"
    two = row.model_copy(update={"travellers": 2})
    assert summary_row(two, "pt_BR")["travellers"] == "Ana Souza e mais 1 viajante"
    assert summary_row(two, "en")["travellers"] == "Ana Souza and 1 other traveller"
    assert summary_row(row.model_copy(update={"travellers": 1}), "en")["travellers"] == "Ana Souza"


def test_stripe_never_sees_a_passport_a_birth_date_or_a_name(named_quote):
    params = repr(session_params(named_quote, "ana@example.com", "pt_BR", "https://dreams.example", 2_000_000_000))
    for secret in ("FX12345", "1990-02-01", "1988-01-01", "D'Ávila", "98765", "passport", "birth"):
        assert secret not in params
