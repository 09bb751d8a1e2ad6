from services.messaging.topics import TOPICS, all_topic_specs


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
