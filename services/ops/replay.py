"""Dead-letter replay: a dead-lettered record goes back to its original topic, once.

What a replay sends: the record's stored bytes and key (the original message as dead-lettered:
unmasked, but with passwords and tokens already blanked by dead_letter.redact — so a replayed
`users.register` whose password was blanked fails validation again and returns to the DLQ once),
to `dlq.original.topic`, with the original's headers plus
  `replay.count`  how many times this message has been replayed (the record's own count + 1),
  `replay.of`     the dead-letter coordinates `<dlq topic>/<partition>/<offset>`,
  `replay.at`     when (ISO 8601, UTC).
The key decides the partition as it did for the original (every producer here uses the same
partitioner), so ordering per key holds.

Semantics, each tested (tests/unit/ops, tests/integration/ops):
- Twice is once. A replay first inserts `{_id: <coordinates>}` into Mongo `dead_letter_replays`
  (unique by construction), then produces. The second replay of the same record — later or at the
  same moment from another tab or the CLI — meets the duplicate key and is refused
  (`AlreadyReplayed`, "already replayed at …"): no second copy is produced. If the produce fails the
  marker is removed so the operator can try again. A claim whose process died before finishing
  (still `replaying` after CLAIM_LEASE, 60 s) is taken over atomically by the next replay; a
  live claim is refused ("is being replayed"). If the dead process had produced before dying,
  the takeover sends a second copy: harmless, because beyond that, consumers are idempotent on the
  envelope id (users: processed_messages; projector: the user's version; payments: the Stripe event
  id and the purchase keyed by session), so even a message that had half-succeeded before it was
  dead-lettered has no double effect.
- No loop. A replayed message that fails again is dead-lettered by the consumer like any other,
  once, and dead_letter() keeps its `replay.*` headers (it drops only `dlq.*`), so the new record
  says `replays = n`. Nothing replays automatically. "Replay all" takes the records up to the high
  watermark when it starts (failures it causes land after it and are not taken) and skips records
  that already failed after a replay (`replays > 0`) unless asked to include them; replaying such
  a record one at a time is an operator's explicit choice and is allowed.

CLI: `python -m services.ops.replay list [DLQ_TOPIC] [--limit N]`, `one DLQ_TOPIC OFFSET
[--partition P]`, `all DLQ_TOPIC [--include-failed-replays]`.
"""

from __future__ import annotations

import argparse
import logging
import sys
import uuid
from datetime import datetime, timedelta
from typing import Literal

from confluent_kafka import Message as KafkaMessage
from pydantic import BaseModel
from pymongo.collection import Collection
from pymongo.errors import DuplicateKeyError, PyMongoError

from services.clock import Clock, utc_now
from services.errors import DreamsError, ServiceUnavailable
from services.messaging.publisher import Publisher
from services.messaging.topics import DLQ_SUFFIX, TOPICS
from services.ops.dead_letters import REPLAY_AT, REPLAY_COUNT, REPLAY_OF, DeadLetterReader, coordinates, headers_of

log = logging.getLogger(__name__)

REPLAYS = "dead_letter_replays"  # Mongo: one document per replayed dead-letter record
# A claim not finished within this is taken to belong to a dead process (a replay's produce is
# bounded by the producer's acknowledgement timeout, seconds).
CLAIM_LEASE = timedelta(seconds=60)


class AlreadyReplayed(DreamsError):
    code = "already_replayed"


class NotReplayable(DreamsError):
    code = "not_replayable"


class ReplaysUnavailable(ServiceUnavailable):
    dependency = "mongo"


class ReplayResult(BaseModel):
    dlq_topic: str
    partition: int
    offset: int
    outcome: Literal["replayed", "already_replayed", "skipped"]
    original_topic: str | None = None
    replay_count: int | None = None  # the replay.count header sent
    produced_partition: int | None = None
    produced_offset: int | None = None
    reason: str = ""

    def line(self) -> str:
        where = coordinates(self.dlq_topic, self.partition, self.offset)
        if self.outcome == "replayed":
            return (
                f"replayed {where} → {self.original_topic}[{self.produced_partition}]@{self.produced_offset} "
                f"(replay.count={self.replay_count})"
            )
        return f"{self.outcome.replace('_', ' ')} {where}: {self.reason}"


def _original_topic(msg: KafkaMessage, headers: dict[str, str]) -> str:
    original = headers.get("dlq.original.topic")
    where = coordinates(msg.topic(), msg.partition(), msg.offset())
    if not original:
        raise NotReplayable(f"{where} has no dlq.original.topic header: nothing says where it came from")
    if original.endswith(DLQ_SUFFIX) or original + DLQ_SUFFIX != msg.topic():
        raise NotReplayable(f"{where} came from {original!r}, which is not this dead-letter topic's source")
    return original


class Replayer:
    def __init__(self, reader: DeadLetterReader, publisher: Publisher, replays: Collection, clock: Clock = utc_now):
        self.reader, self.publisher, self.replays, self.clock = reader, publisher, replays, clock

    def replayed_at(self, ids: list[str]) -> dict[str, datetime]:
        """Coordinates → when they were replayed, for the ones that were."""
        try:
            return {d["_id"]: d["at"] for d in self.replays.find({"_id": {"$in": ids}}, {"at": 1})}
        except PyMongoError as exc:
            raise ReplaysUnavailable(f"replay records unreadable: {exc}") from exc

    def replay_one(self, dlq_topic: str, offset: int, partition: int = 0, *, by: str = "") -> ReplayResult:
        """Replay one record; AlreadyReplayed if it was (by anyone, ever), NotReplayable if it cannot be."""
        return self._replay(self.reader.record(dlq_topic, partition, offset), by=by)

    def replay_all(self, dlq_topic: str, *, include_failed_replays: bool = False, by: str = "") -> list[ReplayResult]:
        """Replay every record the topic holds now that was not replayed yet, oldest first."""
        results = []
        for msg in self.reader.all_records(dlq_topic):
            count = int(headers_of(msg).get(REPLAY_COUNT) or 0)
            base = dict(dlq_topic=msg.topic(), partition=msg.partition(), offset=msg.offset())
            if count and not include_failed_replays:
                results.append(
                    ReplayResult(
                        **base,
                        outcome="skipped",
                        reason=f"it failed again after {count} replay(s); replay it on its own",
                    )
                )
                continue
            try:
                results.append(self._replay(msg, by=by))
            except AlreadyReplayed as exc:
                results.append(ReplayResult(**base, outcome="already_replayed", reason=str(exc)))
            except NotReplayable as exc:
                results.append(ReplayResult(**base, outcome="skipped", reason=str(exc)))
        return results

    def _claim(self, where: str, claim: str, now: datetime, *, by: str, **fields) -> None:
        """Claim the record for this replay, or raise AlreadyReplayed. The claim comes first: of two
        replays of one record, only one gets past here. A claim still `replaying` after its lease
        (its process died between claiming and finishing) is taken over by one atomic conditional
        update, so it never needs a manual delete; a live claim is never taken."""
        doc = {"at": now, "by": by, "state": "replaying", "claim": claim, "lease_until": now + CLAIM_LEASE, **fields}
        try:
            self.replays.insert_one({"_id": where, **doc})
            return
        except DuplicateKeyError:
            pass
        except PyMongoError as exc:
            raise ReplaysUnavailable(f"cannot record the replay of {where}: {exc}") from exc
        stale = {
            "_id": where,
            "state": "replaying",
            # a claim from before leases has no lease_until: its replay is long gone
            "$or": [{"lease_until": {"$lt": now}}, {"lease_until": {"$exists": False}}],
        }
        try:
            earlier = self.replays.find_one_and_update(stale, {"$set": doc})
            if earlier is not None:
                log.warning("took over the stale replay claim of %s (claimed at %s)", where, earlier.get("at"))
                return
            earlier = self.replays.find_one({"_id": where}) or {}
        except PyMongoError as exc:
            raise ReplaysUnavailable(f"cannot record the replay of {where}: {exc}") from exc
        who = f" by {earlier['by']}" if earlier.get("by") else ""
        if earlier.get("state") == "replaying":
            raise AlreadyReplayed(
                f"{where} is being replayed{who} since {earlier.get('at')}; a second replay would deliver it twice"
            )
        raise AlreadyReplayed(
            f"{where} was already replayed at {earlier.get('at')}{who}; a second replay would deliver it twice"
        )

    def _replay(self, msg: KafkaMessage, *, by: str) -> ReplayResult:
        headers = headers_of(msg)
        original = _original_topic(msg, headers)
        where = coordinates(msg.topic(), msg.partition(), msg.offset())
        count = int(headers.get(REPLAY_COUNT) or 0) + 1
        now = self.clock()
        claim = uuid.uuid4().hex  # this replay's own claim: only it may undo or finish it
        self._claim(where, claim, now, by=by, original_topic=original, replay_count=count)
        out = [(k, v) for k, v in msg.headers() or [] if not k.startswith(("dlq.", "replay."))]
        out += [(REPLAY_COUNT, str(count)), (REPLAY_OF, where), (REPLAY_AT, now.isoformat())]
        key = msg.key().decode(errors="replace") if msg.key() else None
        try:
            produced = self.publisher.publish(original, msg.value() or b"", key=key, headers=out)
        except BaseException:
            self.replays.delete_one({"_id": where, "claim": claim, "state": "replaying"})  # not sent: try again
            raise
        self.replays.update_one(
            {"_id": where, "claim": claim},
            {"$set": {"state": "replayed", "partition": produced.partition(), "offset": produced.offset()}},
        )
        log.warning(
            "replayed %s → %s[%d]@%d (replay.count=%d)%s",
            where,
            original,
            produced.partition(),
            produced.offset(),
            count,
            f" by {by}" if by else "",
        )
        return ReplayResult(
            dlq_topic=msg.topic(),
            partition=msg.partition(),
            offset=msg.offset(),
            outcome="replayed",
            original_topic=original,
            replay_count=count,
            produced_partition=produced.partition(),
            produced_offset=produced.offset(),
        )


# --- command line ----------------------------------------------------------------------------------


def _dlq_topic(value: str) -> str:
    if not value.endswith(DLQ_SUFFIX):
        known = ", ".join(sorted(t.dlq for t in TOPICS))
        raise argparse.ArgumentTypeError(f"{value!r} is not a dead-letter topic (e.g. {known})")
    return value


def _offset(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not an offset (a whole number ≥ 0)") from None
    if number < 0:
        raise argparse.ArgumentTypeError(f"{value!r} is not an offset (a whole number ≥ 0)")
    return number


def _limit(value: str) -> int:
    if not value.isdigit() or not 1 <= int(value) <= 500:
        raise argparse.ArgumentTypeError(f"{value!r}: give a number from 1 to 500")
    return int(value)


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python -m services.ops.replay", description="Read and replay dead-lettered messages."
    )
    sub = p.add_subparsers(dest="command", required=True)
    show = sub.add_parser("list", help="counts per dead-letter topic, or the newest records of one")
    show.add_argument("topic", nargs="?", type=_dlq_topic, help="a <topic>.dlq (omit for the counts)")
    show.add_argument("--limit", type=_limit, default=20, metavar="N", help="how many, 1–500 (20)")
    one = sub.add_parser("one", help="replay one record to its original topic")
    one.add_argument("topic", type=_dlq_topic)
    one.add_argument("offset", type=_offset)
    one.add_argument("--partition", type=_offset, default=0)
    every = sub.add_parser("all", help="replay every record of a topic not replayed yet")
    every.add_argument("topic", type=_dlq_topic)
    every.add_argument(
        "--include-failed-replays", action="store_true", help="also records that already failed after a replay"
    )
    p.add_argument("--by", default="cli", help="who replays (kept with the replay record)")
    return p


def main(argv: list[str] | None = None) -> int:
    from services.config import get_settings
    from services.ops.api import OpsService

    args = parser().parse_args(argv)
    logging.basicConfig(level="WARNING", format="%(levelname)s %(message)s")
    ops = OpsService.from_settings(get_settings())
    try:
        if args.command == "list" and args.topic is None:
            for topic in ops.dead_letters.topics():
                print(f"{topic.name}\t{topic.count}")
        elif args.command == "list":
            for d in ops.with_replays(ops.dead_letters.newest(args.topic, args.limit)):
                replayed = f" replayed {d.replayed_at:%Y-%m-%d %H:%M:%S}" if d.replayed_at else ""
                print(
                    f"{d.coordinates}\t{d.failed_at:%Y-%m-%d %H:%M:%S}\t{d.message_type}\tattempts={d.attempts}"
                    f"\treplays={d.replays}{replayed}\n  error: {d.error}\n  {d.preview}"
                )
        elif args.command == "one":
            print(ops.replayer.replay_one(args.topic, args.offset, args.partition, by=args.by).line())
        else:
            results = ops.replayer.replay_all(
                args.topic, include_failed_replays=args.include_failed_replays, by=args.by
            )
            for result in results:
                print(result.line())
            print(
                f"{sum(r.outcome == 'replayed' for r in results)} replayed, "
                f"{sum(r.outcome != 'replayed' for r in results)} not"
            )
    except DreamsError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    finally:
        ops.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
