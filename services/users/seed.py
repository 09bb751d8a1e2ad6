"""Demo users, so a fresh `make run` has something to show. Idempotent (keyed by e-mail).

Run: `python -m services.users.seed [--count N]` (N > len(DEMO_USERS) adds generated users, for the
benchmark). Writes to the users database, which belongs to the users service.
"""

from __future__ import annotations

import argparse
from datetime import UTC, datetime, timedelta

from sqlalchemy import select
from sqlmodel import Session

from services.config import get_settings
from services.users.db import make_engine, migrate
from services.users.models import User

# (first name, last name, e-mail)
DEMO_USERS: list[tuple[str, str, str]] = [
    ("Ada", "Lovelace", "ada@dreams.test"),
    ("Alan", "Turing", "alan@dreams.test"),
    ("Grace", "Hopper", "grace@dreams.test"),
    ("Santos", "Dumont", "santos@dreams.test"),
    ("Nise", "da Silveira", "nise@dreams.test"),
]


def demo_rows(count: int) -> list[tuple[str, str, str]]:
    rows = list(DEMO_USERS)
    rows += [(f"Traveller{i:04d}", "Demo", f"traveller{i:04d}@dreams.test") for i in range(count - len(rows))]
    return rows[: max(count, len(DEMO_USERS))]


def seed(engine, count: int = len(DEMO_USERS)) -> int:
    """Insert the missing demo users as active accounts; returns how many were added."""
    rows = demo_rows(count)
    base = datetime(2026, 1, 1, tzinfo=UTC)
    with Session(engine) as session:
        existing = set(session.exec(select(User.email_normalized)).scalars())
        new = [
            User(
                first_name=f,
                last_name=last,
                email=e,
                email_normalized=e.lower(),
                status="active",
                created_at=base + timedelta(days=i),
                confirmed_at=base + timedelta(days=i),
            )
            for i, (f, last, e) in enumerate(rows)
            if e.lower() not in existing
        ]
        session.add_all(new)
        session.commit()
    return len(new)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--count", type=int, default=len(DEMO_USERS))
    args = parser.parse_args(argv)
    engine = make_engine(get_settings().database_url)
    migrate(engine)
    print(f"seeded {seed(engine, args.count)} users")


if __name__ == "__main__":
    main()
