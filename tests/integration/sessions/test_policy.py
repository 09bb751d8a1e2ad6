"""The `next` check after log-in: only paths on this site (no open redirect)."""

import pytest

from services.sessions.policy import cookie_name, safe_next


@pytest.mark.parametrize("value", ["/", "/profile", "/users?page=2", "/confirm/abc#top"])
def test_site_paths_are_kept(value):
    assert safe_next(value) == value


@pytest.mark.parametrize(
    "value",
    [
        None,
        "",
        "https://evil.test/",
        "//evil.test/x",
        "/\\evil.test",
        "javascript:alert(1)",
        "profile",
        "/x\r\nSet-Cookie: a=b",
        "http:/x",
    ],
)
def test_anything_else_goes_home(value):
    assert safe_next(value) == "/"


def test_the_cookie_gets_the_host_prefix_over_https():
    assert cookie_name("https://dreams.example") == "__Host-dreams_session"
    assert cookie_name("http://127.0.0.1:3000") == "dreams_session"
