"""Deterministic capacities for the offline catalogue: the same on every machine and run.

Seeded by the unit id (flight number + date + cabin, or hotel id + night). Mostly ample (20–180
seats, 5–40 rooms), with a few small units (1–3) so a demo can sell out. `small_units=False` (INVENTORY_SMALL_UNITS=false, the test stack) makes
every unit ample (no small ones, and 10× the usual): tests that need scarcity set it explicitly
(store.set_free), and browser tests that book catalogue packages again and again (each open
session holds its seats for 31 minutes) must never meet a sold-out flight by chance."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from services.catalog.builtin.rng import seeded

SMALL_FLIGHT_SHARE, SMALL_NIGHT_SHARE = 0.06, 0.02


def capacity(unit_id: str, small_units: bool = True) -> int:
    rng = seeded("inventory", unit_id)
    if unit_id.startswith("flight:"):
        small = rng.random() < SMALL_FLIGHT_SHARE
        return (rng.randint(1, 3) if small else rng.randint(20, 180)) if small_units else 10 * rng.randint(20, 180)
    if unit_id.startswith("room:"):
        small = rng.random() < SMALL_NIGHT_SHARE
        return (rng.randint(1, 3) if small else rng.randint(5, 40)) if small_units else 10 * rng.randint(5, 40)
    raise ValueError(f"not an inventory unit: {unit_id!r}")


def capacity_for(settings) -> Callable[[str], int]:
    return partial(capacity, small_units=settings.inventory_small_units)
