"""Every route of the app, next to the function that builds its URL. Pages and links use these."""

HOME = "/"
USERS = "/users"


def home_url() -> str:
    return HOME


def users_url() -> str:
    return USERS
