"""Reset tokens on SQLite and PostgreSQL: the migration, and the conditional UPDATE that lets exactly
one of many concurrent consumers of one token win."""

from __future__ import annotations

import threading
from datetime import UTC, datetime
from functools import partial

from sqlmodel import Session

from services.users import reset_tokens
from services.users.models import User


def test_concurrent_consumers_of_one_token_exactly_one_wins(engine):
    sessions = partial(Session, engine)
    now = datetime.now(UTC)
    with sessions() as s:
        user = User(
            first_name="Ana",
            last_name="Souza",
            email="ana@example.com",
            email_normalized="ana@example.com",
            status="active",
            created_at=now,
        )
        s.add(user)
        s.flush()
        raw = reset_tokens.issue(s, user.id, now)
        s.commit()
    start, results = threading.Barrier(6), []

    def consume():
        with sessions() as s:
            start.wait()
            won = reset_tokens.consume(s, raw, now)
            s.commit()
            results.append(won)

    threads = [threading.Thread(target=consume) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert sorted(results) == [False] * 5 + [True]
    with sessions() as s:
        assert reset_tokens.problem(reset_tokens.get(s, raw), now) == "reset_token_used"
