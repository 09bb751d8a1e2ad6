"""City names in the reader's language, from CLDR (Babel) or the reviewed table, never the ASCII fallback
where data exists."""

import pytest
from babel.core import get_global
from babel.dates import get_timezone_location

from services.catalog.airports import MAJOR_AIRPORTS, all_airports, get_airport, has_scheduled_service
from services.catalog.folding import normalise
from services.catalog.place_name_table import PLACE_NAMES
from services.catalog.place_names import airport_label, city_name, place_name, place_names


@pytest.mark.parametrize(
    ("code", "pt", "en"),
    [
        ("GRU", "São Paulo", "São Paulo"),
        ("CGH", "São Paulo", "São Paulo"),
        ("LIS", "Lisboa", "Lisbon"),
        ("JFK", "Nova York", "New York"),
        ("LGA", "Nova York", "New York"),
        ("JPA", "João Pessoa", "João Pessoa"),
        ("BSB", "Brasília", "Brasília"),
        ("BEL", "Belém", "Belém"),
        ("FLN", "Florianópolis", "Florianópolis"),
        ("MCZ", "Maceió", "Maceió"),
        ("GYN", "Goiânia", "Goiânia"),
        ("CGB", "Cuiabá", "Cuiabá"),
        ("SLZ", "São Luís", "São Luís"),
        ("IGU", "Foz do Iguaçu", "Foz do Iguaçu"),
        ("VIX", "Vitória", "Vitória"),
        ("GIG", "Rio de Janeiro", "Rio de Janeiro"),
        ("LHR", "Londres", "London"),
        ("STN", "Londres", "London"),
        ("GVA", "Genebra", "Geneva"),
        ("ZRH", "Zurique", "Zurich"),
        ("MUC", "Munique", "Munich"),
        ("MEX", "Cidade do México", "Mexico City"),
        ("CPT", "Cidade do Cabo", "Cape Town"),
        ("IST", "Istambul", "Istanbul"),
        ("EZE", "Buenos Aires", "Buenos Aires"),
        ("BOG", "Bogotá", "Bogotá"),
    ],
)
def test_examples_in_both_languages(code, pt, en):
    assert (place_name(code, "pt_BR"), place_name(code, "en")) == (pt, en)


def test_campinas_is_never_named_after_its_time_zone():
    # VCP is in America/Sao_Paulo, whose CLDR exemplar city is São Paulo.
    assert get_airport("VCP").tz == "America/Sao_Paulo"
    assert place_name("VCP", "pt_BR") == "Campinas" and place_name("VCP", "en") == "Campinas"
    assert place_name("EWR", "pt_BR") == "Newark"  # America/New_York, but not New York


def test_every_major_airport_has_a_name_from_data():
    from_fallback = [code for code in MAJOR_AIRPORTS if place_names(code).source == "airportsdata"]
    assert from_fallback == []


def test_brazilian_and_portuguese_cities_never_fall_back_to_ascii_where_data_has_accents():
    # Every accented spelling the data holds for a BR/PT city: the table's and CLDR's exemplar cities.
    zones = [tz for country in ("BR", "PT") for tz in get_global("territory_zones")[country]]
    known = {normalise(n): n for names in PLACE_NAMES.values() for n in names if not n.isascii()}
    known |= {
        normalise(c): c for tz in zones if not (c := get_timezone_location(tz, "pt_BR", return_city=True)).isascii()
    }
    checked = 0
    for airport in all_airports().values():
        if airport.country not in ("BR", "PT"):
            continue
        if normalise(airport.city) in known:
            checked += 1
            assert place_name(airport.iata, "pt_BR") == known[normalise(airport.city)], airport
        if has_scheduled_service(airport):
            assert place_names(airport.iata).source != "airportsdata", f"{airport.iata} {airport.city} lacks a name"
    assert checked >= 15  # GRU, CGH, JPA, BSB, BEL, STM (Santarém), … and the small airports of those cities


def test_the_table_only_adds_accents_and_real_names():
    for code, (pt, en) in PLACE_NAMES.items():
        assert get_airport(code) is not None, code
        assert pt.strip() == pt and en.strip() == en and pt and en
        if get_airport(code).country in ("BR", "PT"):
            assert pt == en, code  # Brazilian and Portuguese cities keep their own spelling in English


def test_stored_city_spellings_are_localized_like_the_airport():
    assert city_name("Sao Paulo", "BR", "pt_BR") == "São Paulo"
    assert city_name("São Paulo", "BR", "en") == "São Paulo"
    assert city_name("Lisbon", "PT", "pt_BR") == "Lisboa" and city_name("Lisboa", "PT", "en") == "Lisbon"
    assert city_name("Joao Pessoa", "BR", "pt_BR") == "João Pessoa"
    assert city_name("Atlantis", "BR", "pt_BR") == "Atlantis"  # no airport there: as stored


def test_labels_and_unknown_codes():
    assert airport_label("LIS", "pt_BR").startswith("Lisboa (LIS) – ")
    assert airport_label("LIS", "en").startswith("Lisbon (LIS) – ")
    assert place_name("QQQ", "pt_BR") == "QQQ" and place_names("QQQ") is None


def test_an_unsupported_locale_is_refused_not_guessed():
    with pytest.raises(ValueError, match="unsupported locale"):
        place_name("LIS", "pt-BR")


def test_the_fallback_writes_portuguese_particles_in_lower_case():
    # BDC is in no table and no CLDR zone: airportsdata's "Barra Do Corda", fixed only in its case.
    assert place_names("BDC").source == "airportsdata"
    assert place_name("BDC", "pt_BR") == "Barra do Corda"
