"""Every page, imported explicitly so registration order is obvious (one route per module)."""

from dreams_app.pages.booking import booking_page
from dreams_app.pages.checkout_success import checkout_success_page
from dreams_app.pages.confirm import confirm_page
from dreams_app.pages.dashboard import dashboard_page
from dreams_app.pages.home import home_page
from dreams_app.pages.login import login_page
from dreams_app.pages.not_found import not_found_page
from dreams_app.pages.ops import ops_page
from dreams_app.pages.package import package_page
from dreams_app.pages.password_reset import password_forgot_page, password_reset_page
from dreams_app.pages.profile import profile_page
from dreams_app.pages.purchase import purchase_page
from dreams_app.pages.results import results_page
from dreams_app.pages.signup import signup_page
from dreams_app.pages.signup_sent import signup_sent_page
from dreams_app.pages.users import users_page

__all__ = [
    "booking_page",
    "checkout_success_page",
    "confirm_page",
    "dashboard_page",
    "home_page",
    "login_page",
    "not_found_page",
    "ops_page",
    "package_page",
    "password_forgot_page",
    "password_reset_page",
    "profile_page",
    "purchase_page",
    "results_page",
    "signup_page",
    "signup_sent_page",
    "users_page",
]
