"""The mail stand-in keeps only its newest messages (devstack/mailserver/store.py), on real SQLite."""

from __future__ import annotations

from datetime import UTC, datetime

from devstack.mailserver import store as store_module
from devstack.mailserver.models import StoredMessage
from devstack.mailserver.store import MessageStore


def _message(n: int) -> StoredMessage:
    return StoredMessage(
        id=f"m{n}",
        message_id=f"x{n}",
        received_at=datetime.now(UTC),
        from_email="a@example.com",
        to=[f"to{n}@example.com"],
        subject=f"n{n}",
    )


def test_only_the_newest_messages_are_kept(tmp_path):
    kept, sent = 100, store_module.PRUNE_EVERY + 150
    store = MessageStore(tmp_path / "messages.sqlite", kept=kept)
    for n in range(sent):
        store.add([_message(n)])
    left = store.list(limit=sent)
    assert kept <= len(left) < kept + store_module.PRUNE_EVERY  # pruned every PRUNE_EVERY inserts
    assert store.get(f"m{sent - 1}") is not None and store.list(to=f"to{sent - 1}@example.com")
    assert store.get("m0") is None and store.get(f"m{sent - len(left) - 1}") is None
    assert [m.id for m in left] == [f"m{n}" for n in range(sent - 1, sent - len(left) - 1, -1)]  # newest first


def test_an_old_oversized_inbox_is_pruned_at_the_first_send_after_a_restart(tmp_path):
    path = tmp_path / "messages.sqlite"
    MessageStore(path, kept=10_000).add([_message(n) for n in range(300)])
    restarted = MessageStore(path, kept=50)
    restarted.add([_message(300)])
    assert len(restarted.list(limit=1_000)) == 50
