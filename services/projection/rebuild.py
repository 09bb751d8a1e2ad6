"""Rebuild the Mongo read model from Kafka, compare it with the live one, make it live.

    python -m services.projection.rebuild            # log → fresh database <MONGO_DB>_rebuild
    python -m services.projection.rebuild --compare  # equal to the live one? exit 0 yes, 1 no
    python -m services.projection.rebuild --swap     # catch up with the log, then make it live

The read model is `users` (from users-created) and `purchases` (from purchase-changes); both
topics keep every event (topics.py). A rebuild writes what the live projections write, into
another database: it assigns every partition at offset 0 (no consumer group, nothing committed),
reads up to the end offsets captured when it started, and records them in the rebuilt database
(`rebuild_meta`) so `--swap` can apply what arrived since. Per poll batch (up to BATCH events) it
takes each event's op from the projection's own `write` (the function the live handlers apply)
and applies them with one ordered `bulk_write` per collection (writes.apply_in_order: the log's
order per key is kept; a duplicate key is resolved as live, and the bulk resumes after it). Events
the live side ignores or dead-letters (a session-ending `users.password_changed`, poison, a user
whose e-mail another user holds) are counted and left out here too.

The rebuild also derives, from the purchases it replayed, the `sold` count each unit of stock
should have (stock.py: paid and refund_pending purchases hold their `inventory.items`), into
`inventory_sold`; `--compare` checks the live `inventory_stock` sold counters against it and lists
the differing units. The inventory itself stays the system of record (never swapped); holds are
live reservations of open Stripe sessions, not a read model, and are not compared.

The compare hashes each document's canonical JSON (sorted keys, datetimes in UTC to the
millisecond, as BSON keeps them) minus IGNORED fields. `_id`s are the entities' own ids (user id,
purchase id), so they are compared, not ignored.

Swap: one `renameCollection` per collection with `dropTarget` (atomic per collection, indexes
travel with it; checked on SecantusDB). For an exact result, stop the writers (projector, payments
worker, web) for the swap; anything published before the swap's catch-up is included.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import logging
import sys
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from confluent_kafka import OFFSET_BEGINNING, Consumer, KafkaError, TopicPartition
from pymongo import MongoClient
from pymongo.database import Database

from services.config import Settings, get_settings
from services.messaging.envelope import Envelope, PoisonMessage
from services.messaging.registry import Message, unwrap
from services.messaging.topics import PURCHASE_CHANGES, USERS_CREATED
from services.projection import purchases, stock, users
from services.projection.writes import WriteOp, apply_in_order

log = logging.getLogger(__name__)

BATCH = 1000  # events per poll, so per bulk_write (at most one per collection)
POLL_S = 0.1  # consume() waits this long for a full batch: short, or every partial batch costs it


@dataclass(frozen=True)
class Projection:
    topic: str
    collection: str
    handles: frozenset[type[Message]]  # what the live projection handles; anything else is ignored
    write: Callable[[Message, Envelope], WriteOp]  # the live handlers' own op builder
    refused: Callable[[Any, Message], bool]  # after a duplicate key: did the live side refuse it?
    ensure_indexes: Callable[[Any], None]


PROJECTIONS = (
    Projection(
        USERS_CREATED.name,
        users.COLLECTION,
        frozenset(users.HANDLERS),
        users.write,
        lambda coll, event: not users.already_newer(coll, event),
        users.ensure_indexes,
    ),
    Projection(
        PURCHASE_CHANGES.name,
        purchases.COLLECTION,
        frozenset(purchases.HANDLERS),
        purchases.write,
        lambda coll, event: False,
        purchases.ensure_indexes,
    ),  # a second recorded: first wins
)
COLLECTIONS = tuple(p.collection for p in PROJECTIONS)
META = "rebuild_meta"

# Fields that legitimately differ between the live and the rebuilt document:
# - purchases.recorded_at: when the worker built the document. If it crashed after publishing the
#   event and before inserting, the replayed batch publishes a second event with a later time and
#   inserts that one, while the log's first event wins in a rebuild.
IGNORED = {"users": frozenset(), "purchases": frozenset({"recorded_at"})}

Offsets = dict[tuple[str, int], int]


def rebuild(
    settings: Settings,
    client: MongoClient,
    target: str,
    *,
    start: Offsets | None = None,
    fresh: bool = True,
    timeout_s: float = 600.0,
) -> dict[str, Any]:
    """Apply the log to database `target` (dropped first when `fresh`) from `start` (default offset
    0 everywhere) up to the end offsets of now; returns counts, the end offsets and the rate."""
    db = client[target]
    if fresh:
        client.drop_database(target)
    for p in PROJECTIONS:
        p.ensure_indexes(db[p.collection])
    by_topic = {p.topic: p for p in PROJECTIONS}
    consumer = Consumer(
        {
            "bootstrap.servers": settings.kafka_bootstrap_servers,
            "group.id": f"rebuild-{uuid.uuid4().hex[:8]}",  # never joined, never committed
            "enable.auto.commit": False,
            "enable.partition.eof": False,
            "fetch.wait.max.ms": 50,
        }
    )
    counts = {"events": 0, "applied": 0, "ignored": 0, "poison": 0, "refused": 0}
    started = time.perf_counter()
    try:
        end, assignment = _positions(consumer, list(by_topic), start or {})
        consumer.assign(assignment)
        pending = {(tp.topic, tp.partition) for tp in assignment}
        deadline = time.monotonic() + timeout_s
        while pending:
            if time.monotonic() > deadline:
                raise TimeoutError(f"rebuild did not reach the end offsets in {timeout_s} s: {sorted(pending)}")
            batch = _Batch()
            for msg in consumer.consume(BATCH, POLL_S):
                if msg.error():
                    if msg.error().code() == KafkaError._PARTITION_EOF:
                        continue
                    raise RuntimeError(f"reading {msg.topic()}: {msg.error()}")
                where = (msg.topic(), msg.partition())
                if where not in pending or msg.offset() >= end[where]:
                    continue  # arrived after the rebuild started: the next catch-up's
                counts["events"] += 1
                batch.add(by_topic[msg.topic()], msg.value(), counts)
                if msg.offset() + 1 >= end[where]:
                    pending.discard(where)
            batch.apply(db, counts)
    finally:
        consumer.close()
    seconds = time.perf_counter() - started
    meta = {
        "_id": "end_offsets",
        "offsets": [[t, p, o] for (t, p), o in sorted(end.items())],
        "finished_at": datetime.now(UTC),
    }
    db[META].replace_one({"_id": "end_offsets"}, meta, upsert=True)
    return {
        **counts,
        "inventory": stock.derive(db, purchases.COLLECTION),
        "database": target,
        "seconds": round(seconds, 3),
        "events_per_s": round(counts["events"] / seconds, 1) if seconds else None,
        "end_offsets": {f"{t}/{p}": o for (t, p), o in sorted(end.items())},
    }


def _positions(consumer: Consumer, topics: list[str], start: Offsets) -> tuple[Offsets, list[TopicPartition]]:
    end, assignment = {}, []
    metadata = consumer.list_topics(timeout=10).topics
    for topic in topics:
        if topic not in metadata:
            continue  # never created: nothing to rebuild from it
        for partition in metadata[topic].partitions:
            low, high = consumer.get_watermark_offsets(TopicPartition(topic, partition), timeout=10)
            end[(topic, partition)] = high
            begin = start.get((topic, partition), OFFSET_BEGINNING)
            if high > max(low, begin, 0):
                assignment.append(TopicPartition(topic, partition, begin))
    return end, assignment


@dataclass
class _Batch:
    """One poll's events, as ops per projection, in log order."""

    ops: dict[str, tuple[Projection, list[WriteOp], list[Message]]] = field(default_factory=dict)

    def add(self, projection: Projection, raw: bytes | None, counts: dict[str, int]) -> None:
        try:
            envelope = Envelope.decode(raw)
            message = unwrap(envelope)
        except PoisonMessage:
            counts["poison"] += 1  # the live consumer dead-lettered it
            return
        if type(message) not in projection.handles:
            counts["ignored"] += 1  # e.g. users.password_changed: ends web sessions, not part of the read model
            return
        _, ops, events = self.ops.setdefault(projection.collection, (projection, [], []))
        ops.append(projection.write(message, envelope))
        events.append(message)

    def apply(self, db: Database, counts: dict[str, int]) -> None:
        for projection, ops, events in self.ops.values():
            _apply(projection, db[projection.collection], ops, events, counts)


def _apply(
    projection: Projection, collection: Any, ops: list[WriteOp], events: list[Message], counts: dict[str, int]
) -> None:
    def conflict(index: int, _error: dict[str, Any]) -> None:
        if projection.refused(collection, events[index]):
            counts["refused"] += 1  # live, the same conflict was retried and dead-lettered
            counts["applied"] -= 1

    counts["applied"] += len(ops)
    apply_in_order(collection, ops, conflict)


def catch_up(settings: Settings, client: MongoClient, target: str) -> dict[str, Any]:
    """Apply to an earlier rebuild what the log got since it ended."""
    meta = client[target][META].find_one({"_id": "end_offsets"})
    if meta is None:
        raise SystemExit(f"{target} holds no rebuild: run the rebuild first")
    start = {(t, p): o for t, p, o in meta["offsets"]}
    return rebuild(settings, client, target, start=start, fresh=False)


def document_hash(doc: dict[str, Any], ignored: frozenset[str] = frozenset()) -> str:
    canonical = json.dumps(
        {k: v for k, v in doc.items() if k not in ignored},
        sort_keys=True,
        separators=(",", ":"),
        default=_json_value,
        ensure_ascii=False,
    )
    return hashlib.sha256(canonical.encode()).hexdigest()


def _json_value(value: Any) -> str:
    if isinstance(value, datetime):
        aware = value if value.tzinfo else value.replace(tzinfo=UTC)
        return aware.astimezone(UTC).isoformat(timespec="milliseconds")
    return str(value)  # ObjectId, Decimal128 …


def compare(client: MongoClient, live: str, rebuilt: str) -> dict[str, Any]:
    """Per collection: counts and the ids missing from either side or whose hashes differ; and the
    live inventory's sold counts against those the rebuilt purchases imply (stock.py)."""
    report: dict[str, Any] = {"live": live, "rebuilt": rebuilt, "equal": True, "collections": {}}
    for name in COLLECTIONS:
        ignored = IGNORED.get(name, frozenset())
        hashes = [{str(d["_id"]): document_hash(d, ignored) for d in client[db][name].find()} for db in (live, rebuilt)]
        live_h, rebuilt_h = hashes
        entry = {
            "live_count": len(live_h),
            "rebuilt_count": len(rebuilt_h),
            "missing_in_live": sorted(rebuilt_h.keys() - live_h.keys()),
            "missing_in_rebuilt": sorted(live_h.keys() - rebuilt_h.keys()),
            "different": sorted(k for k in live_h.keys() & rebuilt_h.keys() if live_h[k] != rebuilt_h[k]),
            "ignored_fields": sorted(ignored),
        }
        entry["equal"] = not (entry["missing_in_live"] or entry["missing_in_rebuilt"] or entry["different"])
        report["equal"] &= entry["equal"]
        report["collections"][name] = entry
    report["inventory"] = stock.compare(client[live], client[rebuilt])
    report["equal"] &= report["inventory"]["equal"]
    return report


def swap(client: MongoClient, rebuilt: str, live: str) -> list[str]:
    """Move each rebuilt collection over the live one (renameCollection with dropTarget)."""
    for name in COLLECTIONS:
        client.admin.command("renameCollection", f"{rebuilt}.{name}", to=f"{live}.{name}", dropTarget=True)
    return list(COLLECTIONS)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m services.projection.rebuild",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--db", help="the rebuilt database (default: <MONGO_DB>_rebuild)")
    action = parser.add_mutually_exclusive_group()
    action.add_argument("--compare", action="store_true", help="compare the rebuilt database with the live one")
    action.add_argument("--swap", action="store_true", help="catch up with the log, then make the rebuild live")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING)
    settings = get_settings()
    target = args.db or f"{settings.mongo_db}_rebuild"
    if target == settings.mongo_db:
        parser.error(f"--db must not be the live database ({settings.mongo_db})")
    client = MongoClient(settings.mongo_url, tz_aware=True, serverSelectionTimeoutMS=settings.mongo_timeout_ms)
    try:
        if args.compare:
            report = compare(client, settings.mongo_db, target)
            print(json.dumps(report, indent=2))
            return 0 if report["equal"] else 1
        if args.swap:
            report = {
                "catch_up": catch_up(settings, client, target),
                "swapped": swap(client, target, settings.mongo_db),
                "live": settings.mongo_db,
            }
        else:
            report = rebuild(settings, client, target)
        print(json.dumps(report, indent=2, default=str))
        return 0
    finally:
        client.close()


if __name__ == "__main__":
    sys.exit(main())
