"""The two kinds of account. Low in the layers so users (who sets it), sessions (who checks it) and
the web share one spelling."""

from typing import Literal

Role = Literal["traveller", "staff"]
TRAVELLER: Role = "traveller"
STAFF: Role = "staff"
ROLES: tuple[Role, ...] = (TRAVELLER, STAFF)


def is_staff(role: object) -> bool:
    """Only the exact value counts: a missing or unknown role is a traveller's."""
    return role == STAFF
