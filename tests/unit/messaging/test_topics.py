from services.messaging import topics
from services.messaging.topics import TOPICS, all_topic_specs, by_name


def test_seed_topic_names_are_kept():
    names = {t.name for t in TOPICS}
    assert {"dreams-users", "users-dreams", "users-created", "payments", "packages-purchased"} <= names


def test_every_topic_has_a_dead_letter_twin_with_explicit_partitions():
    specs = all_topic_specs()
    for topic in TOPICS:
        assert specs[topic.name] == topic.partitions >= 1
        assert specs[topic.dlq] == 1
        assert topic.dlq == topic.name + ".dlq"
    assert len(specs) == 2 * len(TOPICS)


def test_lookup_by_name():
    assert by_name("payments") is topics.PAYMENTS
    try:
        by_name("nope")
    except KeyError as exc:
        assert "nope" in str(exc)
    else:
        raise AssertionError("unknown topic accepted")
