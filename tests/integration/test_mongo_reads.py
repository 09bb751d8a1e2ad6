"""find_in against the real local server: every key found across chunks, once, with its filter."""

from services.mongo_reads import IN_CHUNK, find_in


def test_find_in_reads_every_key_across_chunks_once_and_applies_the_extra_filter(mongo_db):
    n = IN_CHUNK * 3 + 7  # several full chunks and a partial one
    mongo_db.docs.insert_many([{"_id": f"k{i:04d}", "state": "sent" if i % 2 else "pending"} for i in range(n)])
    keys = [f"k{i:04d}" for i in range(n)] + ["missing-1", "missing-2"]

    found = [d["_id"] for d in find_in(mongo_db.docs, keys, {"_id": 1})]
    assert sorted(found) == sorted(keys[:n])  # each once; unknown keys find nothing

    sent = {d["_id"] for d in find_in(mongo_db.docs, keys, extra={"state": "sent"})}
    assert sent == {f"k{i:04d}" for i in range(n) if i % 2}

    by_field = list(find_in(mongo_db.docs, ["sent"], field="state"))
    assert len(by_field) == n // 2
    assert list(find_in(mongo_db.docs, [])) == []
