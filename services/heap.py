"""The garbage collector after start-up.

A worker or web process imports and builds everything once (the app's component tree, pydantic
schemas, SQLAlchemy metadata: hundreds of thousands of objects that live as long as the process).
CPython's full collections walk every tracked object, so each one cost such a process 50–100 ms:
the p99 of a whole-list request/reply was 104 ms on the gateway side, 22 ms with the start-up
objects frozen (bench/bench_list_users.py). `freeze_startup_heap()` moves what exists now into the
permanent generation, which collections skip; what the process allocates later is collected as usual.
"""

from __future__ import annotations

import gc


def freeze_startup_heap() -> None:
    """Collect start-up garbage once, then exempt every surviving object from later collections."""
    gc.collect()
    gc.freeze()
