"""Travel packages in the browser: search, sort and filter the results, open a package, switch language,
and every search rule's message next to its field. Needs only the web app (no Kafka)."""

from __future__ import annotations

import dataclasses
import hashlib
import re
from datetime import date, datetime, timedelta
from urllib.parse import parse_qs, urlsplit
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import Locator, Page, expect

from services.packages import SearchQuery, message, rebuild, search_packages
from services.packages.package_id import decode, encode
from services.packages.signing import package_id_key

pytestmark = pytest.mark.usefixtures("app_url")

DEPART = date.today() + timedelta(days=40)
RETURN = DEPART + timedelta(days=7)
PT_MONEY = re.compile(r"^R\$\s\d{1,3}(\.\d{3})*,\d{2}$")  # R$ 1.234,56
EN_MONEY = re.compile(r"^R\$\d{1,3}(,\d{3})*\.\d{2}$")  # R$1,234.56
READY = "[data-testid=results][data-status=ready]"
FORM_READY = "[data-testid=search-form][data-hydrated=true]"


def _home(page: Page) -> None:
    page.goto("/")
    expect(page.locator(FORM_READY)).to_be_visible()


def _cents(text: str) -> int:
    return int(re.sub(r"\D", "", text))


def _fill_search(
    page: Page,
    origin: str,
    destination: str,
    depart: date | str = DEPART,
    ret: date | str = RETURN,
    adults: int = 2,
    children: int = 0,
    infants: int = 0,
) -> None:
    form = page.get_by_test_id("search-form")
    form.get_by_label("Origem", exact=True).fill(origin)
    form.get_by_label("Destino", exact=True).fill(destination)
    form.get_by_label("Ida", exact=True).fill(str(depart))
    form.get_by_label("Volta", exact=True).fill(str(ret))
    form.locator("#adults").select_option(str(adults))
    form.locator("#children").select_option(str(children))
    form.locator("#infants").select_option(str(infants))


def _search(page: Page, origin: str = "GRU", destination: str = "LIS", **kwargs) -> None:
    _home(page)
    _fill_search(page, origin, destination, **kwargs)
    page.get_by_role("button", name="Buscar pacotes").click()
    expect(page.locator(READY)).to_be_visible(timeout=20_000)


def _totals(page: Page) -> list[int]:
    return [_cents(text) for text in page.get_by_test_id("card-total").all_inner_texts()]


def _card(page: Page, index: int) -> Locator:
    return page.get_by_test_id("package-card").nth(index)


def expect_itinerary(page: Page, package) -> None:
    """The page shows this package's every flight segment, the hotel's address and check-in/out in
    local time, and both transfers with their pickup places (package detail and purchase alike)."""
    outbound, inbound = page.get_by_test_id("flight-outbound"), page.get_by_test_id("flight-return")
    expect(outbound.get_by_test_id("flight-segment")).to_have_count(len(package.outbound.segments))
    expect(inbound.get_by_test_id("flight-segment")).to_have_count(len(package.inbound.segments))
    first_departure = outbound.get_by_test_id("flight-segment").first.get_by_test_id("segment-departure")
    expect(first_departure).to_have_text(package.outbound.segments[0].departure_local.strftime("%H:%M"))
    hotel = page.get_by_test_id("hotel")
    expect(hotel.get_by_test_id("hotel-address")).to_contain_text(package.hotel.hotel.address.line)
    expect(hotel.get_by_test_id("hotel-check-in")).to_contain_text(package.hotel.check_in_local.strftime("%H:%M"))
    expect(hotel.get_by_test_id("hotel-check-out")).to_contain_text(package.hotel.check_out_local.strftime("%H:%M"))
    transfers = page.get_by_test_id("transfer-card")
    expect(transfers).to_have_count(2)
    expect(transfers.nth(0)).to_contain_text(package.transfer_in.pickup_place)
    expect(transfers.nth(1)).to_contain_text(package.transfer_out.pickup_place)


def test_autocomplete_suggests_airports_by_city_name(page: Page) -> None:
    _home(page)
    page.get_by_label("Destino", exact=True).press_sequentially("lisb", delay=30)
    options = page.locator("#destination-options option")
    # Labelled in the reader's language, whichever language was typed.
    expect(options.first).to_have_attribute("value", re.compile(r"^Lisboa \(LIS\)"), timeout=5_000)
    # A picked suggestion (its full label) resolves to the airport's code in the results URL.
    _fill_search(page, "São Paulo", options.first.get_attribute("value"))
    page.get_by_role("button", name="Buscar pacotes").click()
    expect(page).to_have_url(re.compile(r"/search\?from=GRU&to=LIS&"))


def test_search_sort_open_package_and_reload(page: Page) -> None:
    _search(page, adults=2, children=1, infants=1)
    expect(page).to_have_url(re.compile(rf"from=GRU&to=LIS&depart={DEPART}&return={RETURN}&adults=2&children=1"))
    expect(page.get_by_test_id("package-card").first).to_be_visible()

    page.get_by_label("Ordenar por").select_option("stars")
    expect(page).to_have_url(re.compile(r"sort=stars"))
    expect(_card(page, 0).get_by_role("img")).to_have_attribute("aria-label", "5 estrelas")
    page.get_by_label("Ordenar por").select_option("price")
    expect(page).not_to_have_url(re.compile(r"sort="))
    expect(page.locator(READY)).to_be_visible()
    totals = _totals(page)
    assert len(totals) > 3 and totals == sorted(totals)

    card = _card(page, 1)
    card_total = card.get_by_test_id("card-total").inner_text()
    package_id = card.get_attribute("data-package-id")
    card.get_by_role("link", name="Ver pacote").click()
    expect(page).to_have_url(re.compile(rf"/package/{re.escape(package_id)}$"))
    expect(page.get_by_test_id("package-total")).to_have_text(card_total, timeout=20_000)

    package = rebuild(package_id)
    expect_itinerary(page, package)
    outbound = page.get_by_test_id("flight-outbound")
    expect(outbound.get_by_test_id("layover")).to_have_count(len(package.outbound.segments) - 1)
    expect(outbound.get_by_test_id("segment-departure-zone").first).to_have_text(re.compile(r"^UTC[+−]\d\d:\d\d$"))
    expect(page.get_by_test_id("baggage").first).to_be_visible()

    expect(page.get_by_test_id("hotel").get_by_test_id("hotel-name")).to_have_text(package.hotel.hotel.name)
    expect(page.get_by_test_id("price-line")).to_have_count(len(package.price.lines))
    expect(page.get_by_test_id("traveller-share")).to_have_count(4)
    assert _cents(card_total) == package.price.total_cents
    book = urlsplit(page.get_by_role("link", name="Reservar este pacote").get_attribute("href"))
    assert (book.path, parse_qs(book.query)) == ("/login", {"next": [f"/package/{package_id}"]})

    page.reload()
    expect(page.locator(f"[data-testid=package][data-status=ready][data-package='{package_id}']")).to_be_visible()
    expect(page.get_by_test_id("package-total")).to_have_text(card_total)
    expect(page.get_by_test_id("hotel-name")).to_have_text(package.hotel.hotel.name)


def test_filters_and_empty_state_and_url_keeps_them(page: Page) -> None:
    _search(page)
    page.get_by_label("Paradas").select_option("0")
    expect(page).to_have_url(re.compile(r"stops=0"))
    expect(page.locator(READY)).to_be_visible()
    # The URL changes before the filtered cards arrive: wait for the cards themselves.
    legs = page.get_by_test_id("card-leg")
    expect(legs.filter(has_not_text=re.compile(r"Direto$"))).to_have_count(0)
    expect(legs.first).to_be_visible()

    page.get_by_role("checkbox", name="4 estrelas").click()
    expect(page).to_have_url(re.compile(r"stars=4"))
    expect(page.locator(READY)).to_be_visible()
    stars = "[data-testid=package-card] [role=img]"  # dreams_app/components/star_rating.py
    expect(page.locator(f'{stars}:not([aria-label="4 estrelas"])')).to_have_count(0)
    expect(page.locator(stars).first).to_have_attribute("aria-label", "4 estrelas")

    page.get_by_label("Preço máximo (R$)").fill("10")
    page.get_by_role("button", name="Aplicar").click()
    expect(page.get_by_test_id("empty-state")).to_contain_text("ampliar a faixa de preço")
    page.reload()  # the URL holds the filters
    expect(page.get_by_test_id("empty-state")).to_be_visible(timeout=20_000)
    page.get_by_role("button", name="Limpar filtros").first.click()
    expect(page.get_by_test_id("package-card").first).to_be_visible()
    expect(page).not_to_have_url(re.compile(r"stops=|stars=|pmax="))


def test_language_switch_changes_texts_money_and_place_names(page: Page) -> None:
    _search(page)
    expect(page.get_by_test_id("card-total").first).to_have_text(PT_MONEY)
    expect(page.get_by_test_id("results-summary")).to_contain_text("São Paulo → Lisboa · ")
    expect(_card(page, 0)).to_contain_text("São Paulo (GRU) → Lisboa (LIS)")
    _card(page, 0).get_by_role("link", name="Ver pacote").click()
    total = page.get_by_test_id("package-total")
    expect(total).to_have_text(PT_MONEY, timeout=20_000)
    pt_cents = _cents(total.inner_text())
    expect(page.get_by_role("heading", name="Voos")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text("São Paulo → Lisboa")
    expect(page.get_by_test_id("hotel-address")).to_contain_text(", Lisboa, PT")

    page.get_by_role("radio", name="English").click()
    expect(total).to_have_text(EN_MONEY)
    assert _cents(total.inner_text()) == pt_cents
    expect(page.get_by_role("heading", name="Flights")).to_be_visible()
    expect(page.get_by_role("link", name="Book this package")).to_be_visible()
    expect(page.get_by_test_id("hotel-check-in")).to_contain_text(re.compile(r"(AM|PM)"))
    expect(page.get_by_role("heading", level=1)).to_have_text("São Paulo → Lisbon")
    expect(page.get_by_test_id("hotel-address")).to_contain_text(", Lisbon, PT")

    page.go_back()
    expect(page.get_by_test_id("card-total").first).to_have_text(EN_MONEY, timeout=20_000)
    expect(page.get_by_role("heading", level=1)).to_have_text("Packages found")
    expect(page.get_by_test_id("results-summary")).to_contain_text("São Paulo → Lisbon · ")
    expect(_card(page, 0)).to_contain_text("São Paulo (GRU) → Lisbon (LIS)")
    page.get_by_role("radio", name="Português (Brasil)").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Pacotes encontrados")
    expect(_card(page, 0)).to_contain_text("São Paulo (GRU) → Lisboa (LIS)")


# "Past" is judged on the origin's calendar (GRU, UTC-3), not this machine's: yesterday there.
PAST = datetime.now(ZoneInfo("America/Sao_Paulo")).date() - timedelta(days=1)


@pytest.mark.parametrize(
    ("form", "field", "key"),
    [
        ({"origin": "Xyzzy Qwerty"}, "origin", "search.origin.unknown"),
        ({"destination": "GRU"}, "destination", "search.destination.same_as_origin"),
        ({"depart": PAST}, "departure", "search.departure.past"),
        ({"depart": RETURN, "ret": DEPART}, "return_date", "search.return.before_departure"),
        ({"adults": 5, "children": 5}, "travellers", "search.travellers.too_many"),
        ({"adults": 1, "infants": 2}, "infants", "search.infants.more_than_adults"),
    ],
    ids=["unknown-airport", "same-city", "past-departure", "return-before-departure", "over-9", "infants"],
)
def test_bad_input_shows_its_message_next_to_the_field(page: Page, form: dict, field: str, key: str) -> None:
    _home(page)
    values = {"origin": "GRU", "destination": "LIS", **form}
    _fill_search(page, values.pop("origin"), values.pop("destination"), **values)
    page.get_by_role("button", name="Buscar pacotes").click()
    error = page.get_by_test_id(f"error-{field}")
    expect(error).to_have_text(message(key, "pt_BR"))
    if field != "travellers":
        expect(page.locator(f"#{field}")).to_have_attribute("aria-invalid", "true")
        expect(page.locator(f"#{field}")).to_have_attribute("aria-describedby", re.compile(f"{field}-error"))
    expect(page).to_have_url(re.compile(r"/$"))
    page.get_by_role("radio", name="English").click()
    expect(error).to_have_text(message(key, "en"))


def test_invalid_shared_links_say_so(page: Page) -> None:
    page.goto(f"/search?from=GRU&to=GRU&depart={DEPART}&return={RETURN}")
    expect(page.get_by_role("alert").filter(has_text="Essa busca não pode ser feita")).to_contain_text(
        message("search.destination.same_as_origin", "pt_BR"), timeout=20_000
    )
    page.goto("/package/not-a-package")
    expect(page.get_by_test_id("empty-state")).to_contain_text("Pacote não encontrado", timeout=20_000)


def test_forged_and_stale_package_links_are_not_found(page: Page) -> None:
    # This process and the app share the test state dir, hence the installation's package id key.
    key = package_id_key()
    real = search_packages(
        SearchQuery(origin="GRU", destination="LIS", departure=DEPART, return_date=RETURN), limit=1, key=key
    )[0].id
    body = real.rsplit("-", 1)[0].replace("GRULIS", "LISLIS", 1)
    forged = f"{body}-{hashlib.blake2b(body.encode(), digest_size=2).hexdigest()}"  # an unkeyed check
    ref = decode(real, key)
    stale = encode(
        dataclasses.replace(
            ref, query=ref.query.model_copy(update={"departure": PAST - timedelta(days=7), "return_date": PAST})
        ),
        key,
    )
    page.goto(f"/package/{real}")  # the real one opens: the app checks with the same key
    expect(page.locator("[data-testid=package][data-status=ready]")).to_be_visible(timeout=20_000)
    for bad in (forged, stale):
        page.goto(f"/package/{bad}")
        expect(page.get_by_test_id("empty-state")).to_contain_text("Pacote não encontrado", timeout=20_000)
        expect(page.get_by_role("link", name="Reservar este pacote")).to_have_count(0)


def test_phone_width_fits_results_and_package(phone_page: Page) -> None:
    phone_page.goto(f"/search?from=GIG&to=MAD&depart={DEPART}&return={RETURN}&adults=1")
    expect(phone_page.locator(READY)).to_be_visible(timeout=20_000)
    expect(phone_page.get_by_label("Paradas")).to_be_hidden()  # filters fold away on a phone
    phone_page.get_by_role("button", name="Filtros").click()
    expect(phone_page.get_by_label("Paradas")).to_be_visible()
    assert phone_page.evaluate("document.querySelector('main').scrollWidth") <= 390
    _card(phone_page, 0).get_by_role("link", name="Ver pacote").click()
    expect(phone_page.get_by_test_id("package-total")).to_be_visible(timeout=20_000)
    assert phone_page.evaluate("document.querySelector('main').scrollWidth") <= 390
