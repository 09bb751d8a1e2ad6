"""Messages kept in one SQLite file, so a restart of the mail server keeps the inbox.

Only the newest KEPT messages stay (as Mailpit keeps its newest 500): a day of `make bench` left
1.5 GB here, and the mail server's accept rate fell from ≈660 to ≈450/s as its id index outgrew
the cache."""

from __future__ import annotations

import sqlite3
import threading
from contextlib import closing
from pathlib import Path

from devstack.mailserver.models import StoredMessage

KEPT = 20_000  # a payments benchmark sends ~7,000; the test suite's inboxes are far smaller
PRUNE_EVERY = 500  # inserts between two prunes

_SCHEMA = """
CREATE TABLE IF NOT EXISTS messages (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,  -- arrival order: newest first = seq DESC
    id TEXT NOT NULL UNIQUE,
    recipients TEXT NOT NULL,               -- ",a@x,b@y," lower-cased, for the ?to= filter
    doc TEXT NOT NULL                       -- the StoredMessage as JSON
)
"""


class MessageStore:
    def __init__(self, path: Path, kept: int = KEPT) -> None:
        self.path, self.kept = path, kept
        path.parent.mkdir(parents=True, exist_ok=True)
        with closing(self._connect()) as db, db:
            db.execute("PRAGMA journal_mode=WAL")  # readers never wait for the writer; kept in the file
            db.execute(_SCHEMA)
        # One writing connection, one write at a time: concurrent sends used to meet SQLite's lock
        # and its busy handler, which sleeps (1, 2, 5, 10 … ms) before it tries again.
        self._writer = self._connect(check_same_thread=False)
        self._write_lock = threading.Lock()
        self._since_prune = PRUNE_EVERY  # prune once at the first send: the file may be old

    def _connect(self, **kwargs) -> sqlite3.Connection:
        # Readers get a connection per call: request handlers run on a thread pool.
        return sqlite3.connect(self.path, timeout=5, **kwargs)

    def add(self, messages: list[StoredMessage]) -> None:
        rows = [(m.id, "," + ",".join(r.lower() for r in m.recipients) + ",", m.model_dump_json()) for m in messages]
        with self._write_lock, self._writer:
            self._writer.executemany("INSERT INTO messages (id, recipients, doc) VALUES (?, ?, ?)", rows)
            self._since_prune += len(rows)
            if self._since_prune >= PRUNE_EVERY:
                self._since_prune = 0
                self._writer.execute(
                    "DELETE FROM messages WHERE seq <= (SELECT MAX(seq) FROM messages) - ?", [self.kept]
                )

    def list(self, to: str | None = None, limit: int = 500) -> list[StoredMessage]:
        sql, args = "SELECT doc FROM messages", []
        if to:
            sql, args = sql + " WHERE instr(recipients, ?) > 0", [f",{to.strip().lower()},"]
        with closing(self._connect()) as db:
            rows = db.execute(sql + " ORDER BY seq DESC LIMIT ?", [*args, limit]).fetchall()
        return [StoredMessage.model_validate_json(doc) for (doc,) in rows]

    def get(self, id_: str) -> StoredMessage | None:
        with closing(self._connect()) as db:
            row = db.execute("SELECT doc FROM messages WHERE id = ?", [id_]).fetchone()
        return StoredMessage.model_validate_json(row[0]) if row else None

    def clear(self) -> int:
        with self._write_lock, self._writer:
            return self._writer.execute("DELETE FROM messages").rowcount
