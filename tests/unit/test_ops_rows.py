"""The /ops tables' rows (dreams_app/state/ops.py): what an operator reads, from the report's JSON."""

from dreams_app.state.ops import partition_rows, topic_rows

TOPICS = [
    {
        "name": "dreams-users",
        "partitions": [{"partition": 0, "start": 0, "end": 5}, {"partition": 1, "start": 2, "end": 4}],
        "groups": [{"group": "users-worker", "lag": 3, "committed": {"0": 4, "1": None}}],
    },
    {"name": "payments.dlq", "partitions": [{"partition": 0, "start": 0, "end": 0}], "groups": []},
]


def test_topic_rows_sum_end_offsets_and_name_each_groups_lag():
    assert topic_rows(TOPICS, "no group") == [
        {"name": "dreams-users", "partitions": "2", "end_total": "9", "groups": "users-worker: 3"},
        {"name": "payments.dlq", "partitions": "1", "end_total": "0", "groups": "no group"},
    ]


def test_partition_rows_give_each_groups_lag_on_that_partition():
    rows = partition_rows(TOPICS)
    assert [(r["key"], r["start"], r["end"], r["lags"]) for r in rows] == [
        ("dreams-users/0", "0", "5", "users-worker: 1"),
        ("dreams-users/1", "2", "4", "users-worker: 2"),  # nothing committed: from the start offset
        ("payments.dlq/0", "0", "0", "—"),
    ]
