"""Every route of the app, next to the function that builds its URL. Pages and links use these."""

from collections.abc import Mapping
from urllib.parse import quote, urlencode

HOME = "/"
USERS = "/users"  # staff only
OPS = "/ops"  # staff only: topics and lag, activity (dreams_app/pages/ops.py)
SEARCH = "/search"
PACKAGE = "/package/[package_id]"
SIGNUP = "/signup"
SIGNUP_SENT = "/signup/sent"  # "check your inbox", right after a sign-up
LOGIN = "/login"
PROFILE = "/profile"
CONFIRM = "/confirm/[token]"  # the link in the confirmation e-mail (services/users/emails.py)
PASSWORD_FORGOT = "/password/forgot"  # "Esqueci minha senha": ask for a reset link
PASSWORD_RESET = "/password/reset/[token]"  # the link in the reset e-mail (services/users/reset_emails.py)
BOOKING = "/booking/[quote_id]"  # the travellers step between "Reservar" and Stripe (owner-only)
CHECKOUT_SUCCESS = "/checkout/success"  # Stripe's success_url (services/payments/checkout.py)
DASHBOARD = "/dashboard"
PURCHASE = "/purchases/[purchase_id]"  # the link in the receipt e-mail (services/payments/receipts.py)


def home_url() -> str:
    return HOME


def users_url() -> str:
    return USERS


def ops_url() -> str:
    return OPS


def _query(params: Mapping[str, str | int] | None) -> str:
    kept = {key: value for key, value in (params or {}).items() if value not in ("", None)}
    return f"?{urlencode(kept)}" if kept else ""


def search_url(params: Mapping[str, str | int] | None = None) -> str:
    """`/search?from=GRU&to=LIS&depart=…`: a shareable, reloadable results page (empty values dropped)."""
    return f"{SEARCH}{_query(params)}"


def home_search_url(params: Mapping[str, str | int] | None = None) -> str:
    """The home page with its search form prefilled from `params` (results' "change search")."""
    return f"{HOME}{_query(params)}"


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


def password_forgot_url() -> str:
    return PASSWORD_FORGOT


def password_reset_url(token: str) -> str:
    return f"/password/reset/{quote(token, safe='')}"


def booking_url(quote_id: str) -> str:
    return f"/booking/{quote(quote_id, safe='')}"


def checkout_success_url(session_id: str) -> str:
    return f"{CHECKOUT_SUCCESS}?{urlencode({'session_id': session_id})}"


def dashboard_url() -> str:
    return DASHBOARD


def purchase_url(purchase_id: str) -> str:
    return f"/purchases/{quote(purchase_id, safe='')}"


def itinerary_ics_url(purchase_id: str) -> str:
    """Served by dreams_app/api.py (a file download, not a page)."""
    return f"/api/purchases/{quote(purchase_id, safe='')}/itinerary.ics"
