"""SQLite persistence: Stripe objects as JSON documents, idempotency records, webhook deliveries.

One connection guarded by a re-entrant lock: the API (event loop) and the delivery thread share it.
Keys starting with "_" inside a document are sandbox-private and never rendered (see objects.public).
"""

from __future__ import annotations

import json
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

SCHEMA = """
CREATE TABLE IF NOT EXISTS objects (
    id TEXT PRIMARY KEY, object TEXT NOT NULL, created INTEGER NOT NULL, data TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS objects_by_type ON objects (object);
CREATE TABLE IF NOT EXISTS idempotency (
    key TEXT PRIMARY KEY, endpoint TEXT NOT NULL, params TEXT NOT NULL,
    status INTEGER NOT NULL, body TEXT NOT NULL, created REAL NOT NULL);
CREATE TABLE IF NOT EXISTS deliveries (
    id INTEGER PRIMARY KEY AUTOINCREMENT, event_id TEXT NOT NULL, url TEXT NOT NULL,
    status TEXT NOT NULL, attempts INTEGER NOT NULL DEFAULT 0, next_attempt_at REAL,
    created REAL NOT NULL);
CREATE INDEX IF NOT EXISTS deliveries_due ON deliveries (status, next_attempt_at);
CREATE TABLE IF NOT EXISTS attempts (
    id INTEGER PRIMARY KEY AUTOINCREMENT, delivery_id INTEGER NOT NULL, attempt INTEGER NOT NULL,
    at REAL NOT NULL, status_code INTEGER, error TEXT, duration_ms INTEGER);
"""


class Store:
    def __init__(self, db_path: Path | str) -> None:
        if str(db_path) != ":memory:":
            Path(db_path).parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.RLock()
        self._db = sqlite3.connect(str(db_path), check_same_thread=False, isolation_level=None)
        self._db.row_factory = sqlite3.Row
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.executescript(SCHEMA)
        self._depth = 0

    def close(self) -> None:
        with self._lock:
            self._db.close()

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """All writes inside commit together (a payment never half-happens)."""
        with self._lock:
            self._depth += 1
            if self._depth == 1:
                self._db.execute("BEGIN IMMEDIATE")
            try:
                yield
            except BaseException:
                if self._depth == 1:
                    self._db.execute("ROLLBACK")
                raise
            else:
                if self._depth == 1:
                    self._db.execute("COMMIT")
            finally:
                self._depth -= 1

    def _query(self, sql: str, args: tuple[Any, ...] = ()) -> list[sqlite3.Row]:
        with self._lock:
            return self._db.execute(sql, args).fetchall()

    def _exec(self, sql: str, args: tuple[Any, ...] = ()) -> int:
        with self._lock:
            return self._db.execute(sql, args).lastrowid or 0

    # --- Stripe objects -------------------------------------------------------------------------
    def get(self, object_id: str, object_name: str | None = None) -> dict[str, Any] | None:
        rows = self._query("SELECT object, data FROM objects WHERE id = ?", (object_id,))
        if not rows or (object_name and rows[0]["object"] != object_name):
            return None
        return json.loads(rows[0]["data"])

    def put(self, obj: dict[str, Any]) -> None:
        self._exec(
            "INSERT INTO objects (id, object, created, data) VALUES (?, ?, ?, ?) "
            "ON CONFLICT(id) DO UPDATE SET data = excluded.data",
            (obj["id"], obj["object"], obj["created"], json.dumps(obj)),
        )

    def list(
        self,
        object_name: str,
        where: Callable[[dict[str, Any]], bool] = lambda _: True,
    ) -> list[dict[str, Any]]:
        """All objects of a type, newest first."""
        rows = self._query(
            "SELECT data FROM objects WHERE object = ? ORDER BY created DESC, rowid DESC",
            (object_name,),
        )
        return [obj for obj in (json.loads(r["data"]) for r in rows) if where(obj)]

    def open_sessions_expired_by(self, moment: int) -> list[dict[str, Any]]:
        rows = self._query(
            "SELECT data FROM objects WHERE object = 'checkout.session' "
            "AND json_extract(data, '$.status') = 'open' "
            "AND json_extract(data, '$.expires_at') <= ?",
            (moment,),
        )
        return [json.loads(r["data"]) for r in rows]

    # --- idempotency ----------------------------------------------------------------------------
    def idempotent_result(self, key: str) -> sqlite3.Row | None:
        rows = self._query("SELECT * FROM idempotency WHERE key = ?", (key,))
        return rows[0] if rows else None

    def save_idempotent_result(self, key: str, endpoint: str, params: str, status: int, body: str) -> None:
        self._exec(
            "INSERT OR REPLACE INTO idempotency (key, endpoint, params, status, body, created) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            (key, endpoint, params, status, body, time.time()),
        )
        # Stripe forgets keys after 24 hours.
        self._exec("DELETE FROM idempotency WHERE created < ?", (time.time() - 86400,))

    # --- webhook deliveries ---------------------------------------------------------------------
    def add_delivery(self, event_id: str, url: str) -> int:
        return self._exec(
            "INSERT INTO deliveries (event_id, url, status, next_attempt_at, created) VALUES (?, ?, 'pending', ?, ?)",
            (event_id, url, time.time(), time.time()),
        )

    def due_deliveries(self, moment: float) -> list[sqlite3.Row]:
        return self._query(
            "SELECT * FROM deliveries WHERE status = 'pending' AND next_attempt_at <= ? ORDER BY next_attempt_at, id",
            (moment,),
        )

    def next_due_at(self) -> float | None:
        rows = self._query("SELECT MIN(next_attempt_at) AS t FROM deliveries WHERE status = 'pending'")
        return rows[0]["t"] if rows else None

    def record_attempt(
        self,
        delivery_id: int,
        attempt: int,
        status: str,
        next_at: float | None,
        status_code: int | None,
        error: str | None,
        duration_ms: int,
    ) -> None:
        with self.transaction():
            self._exec(
                "INSERT INTO attempts (delivery_id, attempt, at, status_code, error, duration_ms) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (delivery_id, attempt, time.time(), status_code, error, duration_ms),
            )
            self._exec(
                "UPDATE deliveries SET status = ?, attempts = ?, next_attempt_at = ? WHERE id = ?",
                (status, attempt, next_at, delivery_id),
            )

    def deliveries(self, event_ids: set[str] | None = None) -> list[dict[str, Any]]:
        rows = [dict(r) for r in self._query("SELECT * FROM deliveries ORDER BY id")]
        if event_ids is not None:
            rows = [r for r in rows if r["event_id"] in event_ids]
        for row in rows:
            row["history"] = [
                dict(a)
                for a in self._query(
                    "SELECT attempt, at, status_code, error, duration_ms FROM attempts "
                    "WHERE delivery_id = ? ORDER BY attempt",
                    (row["id"],),
                )
            ]
        return rows

    def pending_count(self, event_id: str) -> int:
        rows = self._query(
            "SELECT COUNT(*) AS n FROM deliveries WHERE event_id = ? AND status = 'pending'", (event_id,)
        )
        return int(rows[0]["n"])
