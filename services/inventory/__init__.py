"""Limited inventory: seats per flight (number + date + cabin) and rooms per hotel night, held at
checkout start for as long as the Stripe session lives, sold on payment, given back on expiry or
refund. Counters live in Mongo unit documents changed only by single-document atomic updates
(store.py); holds.py is the all-or-nothing hold lifecycle; capacity.py the deterministic stock."""

from services.inventory.errors import SoldOut
from services.inventory.holds import Inventory
from services.inventory.models import Availability, HoldItem, Outcome, items_for

__all__ = ["Availability", "HoldItem", "Inventory", "Outcome", "SoldOut", "items_for"]
