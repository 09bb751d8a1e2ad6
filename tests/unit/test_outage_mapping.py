"""Service boundary: transient driver errors become ServiceUnavailable(dependency=…); the UI maps
that one type to one message key per dependency. Pure: exceptions built by hand, no servers."""

import pytest
from pymongo.errors import (
    AutoReconnect,
    DuplicateKeyError,
    NetworkTimeout,
    OperationFailure,
    ServerSelectionTimeoutError,
)

from dreams_app.state import forms
from dreams_app.state.checkout import error_key
from dreams_app.state.outage import TEMPORARILY, unavailable_key
from dreams_app.state.purchase import action_error
from services.errors import NotFound, ServiceUnavailable
from services.faults import as_unavailable, unavailable_on_outage

pytestmark = pytest.mark.anyio


@pytest.fixture
def anyio_backend():
    return "asyncio"


@pytest.mark.parametrize(
    "exc",
    [
        ServerSelectionTimeoutError("127.0.0.1:27017: [Errno 111] Connection refused"),
        AutoReconnect("connection is already closed"),
        NetworkTimeout("timed out"),
        OperationFailure("not primary", code=10107),
    ],
)
def test_mongo_outages_become_service_unavailable_naming_mongo(exc):
    mapped = as_unavailable(exc)
    assert isinstance(mapped, ServiceUnavailable) and mapped.dependency == "mongo"


@pytest.mark.parametrize(
    "exc",
    [
        DuplicateKeyError("E11000 duplicate key"),
        OperationFailure("bad query", code=2),
        KeyError("bug"),
        NotFound("no such purchase"),
    ],
)
def test_deterministic_failures_are_not_outages(exc):
    assert as_unavailable(exc) is None


def test_our_error_raised_while_handling_an_outage_stays_ours():
    try:
        try:
            raise AutoReconnect("gone")
        except AutoReconnect:
            raise NotFound("not found")  # its __context__ is the outage
    except NotFound as exc:
        assert as_unavailable(exc) is None


def test_a_service_unavailable_is_kept_as_it_is():
    mail = ServiceUnavailable("mail down", dependency="mail")
    assert as_unavailable(mail) is mail


async def test_the_decorator_maps_outages_and_passes_everything_else():
    @unavailable_on_outage
    async def read(exc):
        raise exc

    with pytest.raises(ServiceUnavailable) as info:
        await read(ServerSelectionTimeoutError("refused"))
    assert info.value.dependency == "mongo" and isinstance(info.value.__cause__, ServerSelectionTimeoutError)
    with pytest.raises(DuplicateKeyError):
        await read(DuplicateKeyError("E11000"))
    with pytest.raises(NotFound):
        await read(NotFound("x"))

    @unavailable_on_outage
    async def fine():
        return 42

    assert await fine() == 42


def test_the_ui_maps_the_store_down_to_temporarily_unavailable_and_kafka_to_its_own_text():
    mongo = ServiceUnavailable("x", dependency="mongo")
    kafka = ServiceUnavailable("users worker silent")  # request/reply timeout: dependency "service"
    assert unavailable_key(mongo) == TEMPORARILY and unavailable_key(kafka) == "unavailable"
    assert unavailable_key(KeyError()) is None
    assert forms.service_errors(mongo) == {forms.FORM: TEMPORARILY}
    assert forms.service_errors(kafka) == {forms.FORM: "unavailable"}
    assert error_key(mongo) == TEMPORARILY and action_error(mongo) == TEMPORARILY


@pytest.mark.parametrize(
    ("locale", "text"),
    [
        ("pt_BR", "Serviço temporariamente indisponível. Tente novamente em instantes."),
        ("en", "Service temporarily unavailable. Please try again in a moment."),
    ],
)
def test_every_feature_says_the_same_words_in_both_languages(locale, text):
    from dreams_app.i18n import translate

    for key in (
        "state.unavailable",
        "accounts.error.temporarily_unavailable",
        "booking.error.temporarily_unavailable",
        "purchase.error.temporarily_unavailable",
    ):
        assert translate(key, locale) == text
    assert forms.error_text(TEMPORARILY, locale) == text


def test_a_sold_out_at_the_travellers_step_says_so_instead_of_try_again():
    from dreams_app.i18n import translate
    from dreams_app.state.travellers import _error_key
    from services.inventory import SoldOut

    key = _error_key(SoldOut("flight:TP1:2027-03-01"))
    assert key == "sold_out"
    assert translate(f"travellers.error.{key}", "en").startswith("Sold out")
    assert translate(f"travellers.error.{key}", "pt_BR").startswith("Esgotado")
