"""Every page, imported explicitly so registration order is obvious (one route per module)."""
from dreams_app.pages.home import home_page
from dreams_app.pages.users import users_page

__all__ = ["home_page", "users_page"]
