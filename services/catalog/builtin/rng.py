"""Seeded randomness that is the same on every machine and run (no PYTHONHASHSEED dependence)."""

from __future__ import annotations

import hashlib
import random
from decimal import ROUND_HALF_UP, Decimal


def seeded(*parts: object) -> random.Random:
    digest = hashlib.blake2b("|".join(map(str, parts)).encode(), digest_size=8).digest()
    return random.Random(int.from_bytes(digest, "big"))


def short_hash(*parts: object, size: int = 4) -> str:
    return hashlib.blake2b("|".join(map(str, parts)).encode(), digest_size=size).hexdigest().upper()


def cents(amount_brl: float | Decimal, step: int = 1) -> int:
    """BRL amount → integer cents, rounded half-up to a multiple of `step` cents."""
    value = Decimal(str(amount_brl)) * 100 / step
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP)) * step
