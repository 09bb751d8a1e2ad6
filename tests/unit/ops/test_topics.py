"""Lag arithmetic and the report's shape (services/ops/topics.py), without a broker."""

from datetime import UTC, datetime

from services.ops.topics import PartitionOffsets, build_report, partition_lag

AT = datetime(2026, 12, 3, 12, 0, tzinfo=UTC)


def test_partition_lag_counts_from_the_commit_or_the_start_and_never_goes_negative():
    p = PartitionOffsets(partition=0, start=10, end=25)
    assert partition_lag(p, 20) == 5
    assert partition_lag(p, None) == 15  # nothing committed: everything still kept is unread
    assert partition_lag(p, -1001) == 15  # librdkafka's OFFSET_INVALID
    assert partition_lag(p, 3) == 15  # committed below what the broker still keeps
    assert partition_lag(p, 25) == 0
    assert partition_lag(p, 30) == 0


def test_report_lists_topics_sorted_with_only_the_groups_that_read_them():
    offsets = {
        "users-created": [PartitionOffsets(partition=1, start=0, end=4), PartitionOffsets(partition=0, start=0, end=7)],
        "dreams-users": [PartitionOffsets(partition=0, start=0, end=3)],
    }
    committed = {
        "users-projector": {("users-created", 0): 7, ("users-created", 1): 1},
        "users-worker": {("dreams-users", 0): -1001},
        "idle-group": {},
    }
    report = build_report(offsets, committed, AT)
    assert [t.name for t in report.topics] == ["dreams-users", "users-created"]
    dreams_users, users_created = report.topics
    assert [(g.group, g.lag, g.committed) for g in dreams_users.groups] == [("users-worker", 3, {0: None})]
    assert [p.partition for p in users_created.partitions] == [0, 1]
    [projector] = users_created.groups
    assert (projector.group, projector.lag, projector.committed) == ("users-projector", 3, {0: 7, 1: 1})
    assert users_created.messages == 11 and report.read_at == AT
