from datetime import date

import pytest

from services.errors import ValidationFailed
from services.i18n import normalise_locale
from services.packages.messages import MESSAGES, message
from services.packages.validation import parse_search, search_error_keys, validate_search

TODAY = date(2026, 11, 30)
OK = dict(origin="GRU", destination="LIS", departure="2027-01-10", return_date="2027-01-17")


def keys(**changes) -> dict[str, str]:
    return search_error_keys(**{**OK, **changes}, today=TODAY)


def test_valid_search_has_no_errors():
    assert keys() == {}
    assert keys(adults=9) == {} and keys(adults=3, children=3, infants=3, rooms=3) == {}


@pytest.mark.parametrize(
    "changes,field,key",
    [
        (dict(origin="XQZ"), "origin", "search.origin.unknown"),
        (dict(origin=""), "origin", "search.origin.required"),
        (dict(destination="123"), "destination", "search.destination.unknown"),
        (dict(destination=None), "destination", "search.destination.required"),
        (dict(destination="GRU"), "destination", "search.destination.same_as_origin"),
        (dict(destination="gru"), "destination", "search.destination.same_as_origin"),
        (dict(destination="CGH"), "destination", "search.destination.same_as_origin"),  # same city
        (dict(departure="2026-11-29"), "departure", "search.departure.past"),
        (dict(departure=""), "departure", "search.departure.required"),
        (dict(departure="10/01/2027"), "departure", "search.departure.invalid"),
        (dict(departure="2027-12-01", return_date="2027-12-05"), "departure", "search.departure.too_far"),
        (dict(return_date="2027-01-09"), "return_date", "search.return.before_departure"),
        (dict(return_date="2027-01-10"), "return_date", "search.return.before_departure"),
        (dict(return_date=None), "return_date", "search.return.required"),
        (dict(return_date="2027-03-10"), "return_date", "search.return.too_long"),
        (dict(adults=5, children=3, infants=2), "travellers", "search.travellers.too_many"),
        (dict(adults=10), "travellers", "search.travellers.too_many"),
        (dict(adults=1, infants=2), "infants", "search.infants.more_than_adults"),
        (dict(adults=0), "adults", "search.adults.min"),
        (dict(children="two"), "children", "search.travellers.invalid"),
        (dict(cabin="ROCKET"), "cabin", "search.cabin.invalid"),
        (dict(adults=2, rooms=3), "rooms", "search.rooms.invalid"),
    ],
)
def test_each_rule(changes, field, key):
    assert keys(**changes)[field] == key


def test_departure_today_is_allowed():
    assert "departure" not in keys(departure=TODAY.isoformat(), return_date="2026-12-03")


def test_several_problems_are_reported_together():
    errors = keys(
        origin="GRU",
        destination="GRU",
        departure="2020-01-01",
        return_date="2019-01-01",
        adults=2,
        children=4,
        infants=4,
    )
    assert set(errors) == {"destination", "departure", "return_date", "travellers", "infants"}


def test_messages_in_both_languages():
    pt = validate_search(**{**OK, "destination": "GRU"}, today=TODAY)
    en = validate_search(**{**OK, "destination": "GRU"}, today=TODAY, locale="en-US")
    assert pt == {"destination": "O destino precisa ser uma cidade diferente da origem."}
    assert en == {"destination": "The destination must be a different city from the origin."}
    assert all(set(texts) == {"pt_BR", "en"} and all(texts.values()) for texts in MESSAGES.values())
    assert normalise_locale("pt-br") == "pt_BR" and normalise_locale("fr") == "pt_BR"
    assert message("search.departure.past", "xx") == MESSAGES["search.departure.past"]["pt_BR"]


def test_parse_search_builds_the_query_or_raises_with_fields():
    query = parse_search("gru", " lis ", "2027-01-10", date(2027, 1, 17), "2", "1", "1", "BUSINESS", "1", today=TODAY)
    assert (query.origin, query.destination, query.adults, query.children, query.infants) == ("GRU", "LIS", 2, 1, 1)
    assert query.cabin == "BUSINESS" and query.return_date == date(2027, 1, 17)
    with pytest.raises(ValidationFailed) as err:
        parse_search("GRU", "XQZ", "2027-01-10", "2027-01-17", today=TODAY, locale="en")
    assert err.value.fields == {"destination": "We could not find that destination airport."}
