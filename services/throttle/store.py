"""Throttle states in SQL: one row per key, changed only by compare-and-swap on a version column.

`take` reads the rows of all its keys, lets the pure policy decide, then writes every changed row in
one transaction with `UPDATE … WHERE version = <read version>` (or an INSERT for a new key). If
another process or thread changed a row in between, the UPDATE matches nothing (or the INSERT hits
the primary key), the transaction is rolled back and the whole step runs again on fresh rows. So
concurrent attempts on one key are counted exactly once each, on SQLite and PostgreSQL alike, and
either all keys of an attempt are charged or none. Keys are written in one order (no deadlocks).

Subjects (an address, an e-mail) are stored as SHA-256 only: a bounded key, and no list of who tried
what in clear. Rows past their expiry equal no row; they are deleted now and then (`prune`).
"""

from __future__ import annotations

import hashlib
import logging
import threading
from collections.abc import Callable, Iterable
from datetime import UTC, datetime, timedelta

from sqlalchemy import delete, insert, select, update
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlmodel import Field, Session, SQLModel

from services.throttle import policy
from services.throttle.policy import Rule, State

log = logging.getLogger(__name__)

Key = tuple[str, str]  # (scope, subject): ("login.client", "203.0.113.7")
# Each lost race means another attempt on the same key won, so this bounds the contenders, not time.
_MAX_ROUNDS = 200


class ThrottleRow(SQLModel, table=True):
    __tablename__ = "throttles"

    scope: str = Field(primary_key=True, max_length=40)
    subject: str = Field(primary_key=True, max_length=64)  # sha256 hex of the subject
    count: int
    window_start: datetime
    blocked_until: datetime | None = None
    expires_at: datetime = Field(index=True)  # the row can be deleted after this
    version: int  # +1 per write: the compare-and-swap token


class ThrottleContention(RuntimeError):
    """A key changed under every one of _MAX_ROUNDS tries (not a DreamsError: the command is retried)."""


def subject_id(subject: str) -> str:
    return hashlib.sha256(subject.encode()).hexdigest()


def _utc(value: datetime | None) -> datetime | None:
    # SQLite hands back naive datetimes; everything stored here is UTC.
    return value if value is None or value.tzinfo else value.replace(tzinfo=UTC)


class ThrottleStore:
    def __init__(
        self,
        sessions: Callable[[], Session],
        *,
        prune_every: timedelta = timedelta(minutes=5),
        prune_grace: timedelta = timedelta(hours=1),
    ):
        self._sessions = sessions
        self._prune_every, self._prune_grace = prune_every, prune_grace
        self._next_prune: datetime | None = None
        self._prune_lock = threading.Lock()

    def take(self, attempts: Iterable[tuple[Key, Rule]], now: datetime) -> timedelta:
        """Count one attempt on every key, or on none if any must still wait: zero, or that wait."""
        ordered = sorted(((scope, subject_id(subject)), rule) for (scope, subject), rule in attempts)
        for _ in range(_MAX_ROUNDS):
            with self._sessions() as session:
                rows = self._read(session, [key for key, _ in ordered])
                decisions = [
                    (key, rows.get(key), policy.take(_state(rows.get(key)), now, rule), rule) for key, rule in ordered
                ]
                waits = [d.retry_after for _, _, d, _ in decisions if not d.allowed]
                if waits:
                    return max(waits)
                try:
                    if all(self._write(session, key, row, d.state, rule) for key, row, d, rule in decisions):
                        session.commit()
                        self._maybe_prune(now)
                        return timedelta(0)
                except (IntegrityError, OperationalError) as exc:  # a concurrent insert; a lock timeout
                    log.debug("throttle write lost a race, trying again: %s", type(exc).__name__)
                session.rollback()
        raise ThrottleContention(f"throttle keys {[k for k, _ in ordered]} kept changing")

    def release(self, key: Key, rule: Rule) -> None:
        """Give back one attempt taken on `key` (it succeeded)."""
        key = (key[0], subject_id(key[1]))
        for _ in range(_MAX_ROUNDS):
            with self._sessions() as session:
                row = self._read(session, [key]).get(key)
                if row is None or row.count == 0:
                    return
                if self._write(session, key, row, policy.release(_state(row), rule), rule):
                    session.commit()
                    return
                session.rollback()
        raise ThrottleContention(f"throttle key {key} kept changing")

    def clear(self, key: Key) -> None:
        """Forget the key (e.g. an account's failures from one client after a good log-in)."""
        with self._sessions() as session:
            session.execute(
                delete(ThrottleRow).where(ThrottleRow.scope == key[0], ThrottleRow.subject == subject_id(key[1]))
            )
            session.commit()

    def state(self, key: Key) -> State | None:
        """The stored state of a key (for tests and diagnostics)."""
        stored = (key[0], subject_id(key[1]))
        with self._sessions() as session:
            return _state(self._read(session, [stored]).get(stored))

    def prune(self, now: datetime) -> int:
        """Delete rows that expired more than the grace period ago; returns how many."""
        with self._sessions() as session:
            result = session.execute(delete(ThrottleRow).where(ThrottleRow.expires_at < now - self._prune_grace))
            session.commit()
            return result.rowcount or 0

    def _maybe_prune(self, now: datetime) -> None:
        with self._prune_lock:
            if self._next_prune is not None and now < self._next_prune:
                return
            self._next_prune = now + self._prune_every
        try:
            self.prune(now)
        except OperationalError as exc:  # busy: the next round of pruning gets them
            log.warning("throttle rows not pruned this time: %s", exc)

    @staticmethod
    def _read(session: Session, keys: list[Key]) -> dict[Key, ThrottleRow]:
        found = {}
        for scope, subject in keys:  # a handful of keys: one primary-key look-up each
            row = (
                session.execute(select(ThrottleRow).where(ThrottleRow.scope == scope, ThrottleRow.subject == subject))
                .scalars()
                .first()
            )
            if row is not None:
                session.expunge(row)  # a plain snapshot: writes below go through Core statements
                found[(scope, subject)] = row
        return found

    @staticmethod
    def _write(session: Session, key: Key, row: ThrottleRow | None, state: State | None, rule: Rule) -> bool:
        """Write `state` if the row is still the version read; False if it changed meanwhile."""
        assert state is not None
        values = {
            "count": state.count,
            "window_start": state.window_start,
            "blocked_until": state.blocked_until,
            "expires_at": state.expires_at(rule),
        }
        if row is None:
            session.execute(insert(ThrottleRow).values(scope=key[0], subject=key[1], version=1, **values))
            return True
        result = session.execute(
            update(ThrottleRow)
            .where(ThrottleRow.scope == key[0], ThrottleRow.subject == key[1], ThrottleRow.version == row.version)
            .values(version=row.version + 1, **values)
        )
        return result.rowcount == 1


def _state(row: ThrottleRow | None) -> State | None:
    if row is None:
        return None
    return State(count=row.count, window_start=_utc(row.window_start), blocked_until=_utc(row.blocked_until))
