"""The three outcomes of a session check and what a web state keeps after each (pure logic)."""

from datetime import UTC, datetime, timedelta

import pytest
from pymongo.errors import ServerSelectionTimeoutError

from services.errors import ServiceUnavailable
from services.sessions import check
from services.sessions.check import Access, SessionCheck
from services.sessions.models import ActiveSession, SessionUser

pytestmark = pytest.mark.anyio

ANA = SessionUser(user_id="u1", first_name="Ana", last_name="Souza", email="ana@example.com")
NOW = datetime(2026, 12, 3, tzinfo=UTC)
SESSION = ActiveSession(user=ANA, created_at=NOW, expires_at=NOW + timedelta(days=14))


@pytest.fixture
def anyio_backend():
    return "asyncio"


def lookup_answering(answer):
    async def lookup(token):
        if isinstance(answer, BaseException):
            raise answer
        return answer

    return lookup


async def test_a_found_session_is_signed_in():
    result = await check.check("tok", lookup_answering(SESSION))
    assert result.access is Access.SIGNED_IN and result.user_id == "u1"


async def test_no_cookie_is_signed_out_without_a_look_up():
    async def must_not_run(token):
        raise AssertionError("looked up without a cookie")

    assert await check.check(None, must_not_run) == check.SIGNED_OUT
    assert await check.check("", must_not_run) == check.SIGNED_OUT


async def test_an_unknown_or_expired_session_is_signed_out():
    assert (await check.check("tok", lookup_answering(None))).access is Access.SIGNED_OUT


async def test_the_store_down_is_unchecked_not_signed_out():
    down = ServiceUnavailable("no mongo", dependency="mongo")
    assert (await check.check("tok", lookup_answering(down))).access is Access.UNCHECKED


async def test_any_other_failure_propagates_to_the_caller():
    with pytest.raises(KeyError):
        await check.check("tok", lookup_answering(KeyError("bug")))


def test_cookie_key_is_stable_per_token_and_hides_it():
    assert check.cookie_key("tok") == check.cookie_key("tok") != check.cookie_key("other")
    assert "tok" not in check.cookie_key("tok") and check.cookie_key(None) == ""


KNOWN = ANA.model_dump()
KEY = check.cookie_key("tok")


def test_signed_in_takes_the_sessions_user():
    other = SessionUser(user_id="u2", first_name="Bia", last_name="Lima", email="bia@example.com")
    result = SessionCheck(Access.SIGNED_IN, SESSION.model_copy(update={"user": other}))
    assert check.known_user(result, "tok", KNOWN, KEY)["user_id"] == "u2"


def test_signed_out_forgets_the_user():
    assert check.known_user(check.SIGNED_OUT, "tok", KNOWN, KEY) == {}


def test_unchecked_keeps_the_user_known_for_the_same_cookie():
    assert check.known_user(check.UNCHECKED, "tok", KNOWN, KEY) == KNOWN


@pytest.mark.parametrize(
    ("token", "known", "key"),
    [
        ("tok", {}, ""),  # a fresh tab: nothing known, never treated as logged in
        ("new", KNOWN, KEY),  # another cookie (logged out, or in as someone else, elsewhere)
        (None, KNOWN, KEY),  # the cookie is gone
        ("tok", KNOWN, ""),  # known without a key: not trusted
    ],
)
def test_unchecked_never_invents_a_user(token, known, key):
    assert check.known_user(check.UNCHECKED, token, known, key) == {}


async def test_a_driver_outage_through_the_sessions_api_boundary_is_unchecked():
    from services.faults import unavailable_on_outage

    @unavailable_on_outage
    async def lookup(token):
        raise ServerSelectionTimeoutError("127.0.0.1:27017: connection refused")

    assert (await check.check("tok", lookup)).access is Access.UNCHECKED
