"""Apply a projection's write ops in their order, as few `bulk_write` round trips as conflicts allow.

The live handlers (a batch of one) and the rebuild (a poll batch) both go through `apply_in_order`
with ops from the projection's own `write` function, so the two paths write the same thing.
An ordered bulk keeps the log's order per key and stops at the first write error; a duplicate key
(E11000) is what the projections' conditional writes use to say "already there / already newer /
taken by another", so it is handed to `on_conflict` (which sees every earlier op applied) and the
bulk resumes after it. Any other write error raises.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from pymongo.collection import Collection
from pymongo.errors import BulkWriteError

DUPLICATE_KEY = 11000

WriteOp = Any  # pymongo InsertOne | UpdateOne | …


def apply_in_order(
    collection: Collection, ops: Sequence[WriteOp], on_conflict: Callable[[int, dict[str, Any]], None]
) -> None:
    """Apply `ops` in order; `on_conflict(index, write_error)` for each op refused with a duplicate key."""
    start = 0
    while start < len(ops):
        try:
            collection.bulk_write(ops[start:], ordered=True)
            return
        except BulkWriteError as exc:
            errors = exc.details.get("writeErrors", [])
            if not errors or errors[0].get("code") != DUPLICATE_KEY:
                raise
            at = start + errors[0]["index"]
            on_conflict(at, errors[0])
            start = at + 1
