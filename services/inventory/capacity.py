"""Deterministic capacities for the offline catalogue: the same on every machine and run.

Seeded by the unit id (flight number + date + cabin, or hotel id + night). Mostly ample (20–180
seats, 5–40 rooms), with a few small units (1–3) so a demo can sell out."""
from __future__ import annotations

from services.catalog.builtin.rng import seeded

SMALL_FLIGHT_SHARE, SMALL_NIGHT_SHARE = 0.06, 0.02


def capacity(unit_id: str) -> int:
    rng = seeded("inventory", unit_id)
    if unit_id.startswith("flight:"):
        return rng.randint(1, 3) if rng.random() < SMALL_FLIGHT_SHARE else rng.randint(20, 180)
    if unit_id.startswith("room:"):
        return rng.randint(1, 3) if rng.random() < SMALL_NIGHT_SHARE else rng.randint(5, 40)
    raise ValueError(f"not an inventory unit: {unit_id!r}")
