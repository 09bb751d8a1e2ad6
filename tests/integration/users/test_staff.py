"""Staff accounts end to end: the real command (a subprocess), the real users worker and projector,
the real request/reply for the users list and its search, and the web's role check on Mongo.

Uses the module's users worker and projector (conftest.py `workers`) on a scratch SQLite database
and a throwaway Mongo database.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import uuid

import pytest
from pymongo import AsyncMongoClient
from sqlmodel import Session

from services.config import ROOT
from services.sessions.access import RoleReader
from services.users.models import OutboxEvent, User
from tests.integration.conftest import eventually

from .conftest import new_client, run

pytestmark = pytest.mark.usefixtures("workers")


def admin(users_db, projection_db_name, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "DATABASE_URL": users_db[0], "MONGO_DB": projection_db_name, "LOG_LEVEL": "WARNING"}
    return subprocess.run(
        [sys.executable, "-m", "services.users.admin", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def current_role(settings, db_name: str, user_id: str) -> str:
    async def read() -> str:
        client = AsyncMongoClient(settings.mongo_url, tz_aware=True)
        try:
            return await RoleReader(client[db_name]["users"]).role(user_id)
        finally:
            await client.close()

    return run(read())


def test_create_staff_reaches_the_projection_and_log_in_and_remove_staff_takes_it_back(
    users_db, projection_db_name, projection, users, accounts_stack
):
    email = f"ops.{uuid.uuid4().hex[:8]}@dreams.test"
    done = admin(users_db, projection_db_name, "create-staff", email)
    assert done.returncode == 0, done.stderr
    assert f"{email}: created" in done.stdout
    password = re.search(r"^password: (\S+)$", done.stdout, re.M).group(1)

    account = run(users.authenticate(email, password, new_client()))  # argon2 and the sign-up rules
    assert account.role == "staff" and account.confirmed
    doc = eventually(lambda: _projected(projection, account.id, "staff"), timeout=20)
    assert doc["email"] == email and "password_hash" not in doc
    assert current_role(accounts_stack, projection_db_name, account.id) == "staff"

    again = admin(users_db, projection_db_name, "create-staff", email.upper())
    assert again.returncode == 0 and f"{email}: unchanged" in again.stdout and "password:" not in again.stdout

    removed = admin(users_db, projection_db_name, "remove-staff", email)
    assert removed.returncode == 0 and f"{email}: demoted" in removed.stdout
    eventually(lambda: _projected(projection, account.id, "traveller"), timeout=20)
    assert current_role(accounts_stack, projection_db_name, account.id) == "traveller"
    assert run(users.authenticate(email, password, new_client())).role == "traveller"


def test_make_run_seeds_the_demo_staff_login_it_prints_and_seeding_again_changes_nothing(
    users_db, projection_db_name, projection, users, accounts_stack
):
    """`make run` (devstack run --seed) calls ensure_demo_staff on every start: the printed login works."""
    from services.users.admin import DEMO_STAFF_EMAIL, ensure_demo_staff

    settings = accounts_stack.model_copy(update={"database_url": users_db[0], "mongo_db": projection_db_name})
    first = ensure_demo_staff(settings)
    assert first.outcome in ("created", "promoted") and first.published
    account = run(users.authenticate(first.email, first.password, new_client()))
    assert account.role == "staff" and account.confirmed and first.email == DEMO_STAFF_EMAIL
    eventually(lambda: _projected(projection, account.id, "staff"), timeout=20)
    again = ensure_demo_staff(settings)
    assert (again.outcome, again.password) == ("unchanged", first.password)


def test_bad_input_is_answered_by_the_command_itself(users_db, projection_db_name):
    done = admin(users_db, projection_db_name, "create-staff", "ops@dreams.test", "--password", "short")
    assert done.returncode == 2 and "password: Use at least 10 characters." in done.stderr
    assert admin(users_db, projection_db_name, "remove-staff", "nobody@dreams.test").returncode == 2


def test_two_commands_at_once_make_one_account_and_one_event(users_db, projection_db_name):
    email = f"twice.{uuid.uuid4().hex[:8]}@dreams.test"
    env = {**os.environ, "DATABASE_URL": users_db[0], "MONGO_DB": projection_db_name, "LOG_LEVEL": "WARNING"}
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "services.users.admin", "create-staff", email],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    outputs = [p.communicate(timeout=60) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], outputs
    outcomes = sorted(re.search(rf"^{re.escape(email)}: (\w+)$", out, re.M).group(1) for out, _ in outputs)
    assert outcomes == ["created", "unchanged"]
    assert sum("password:" in out for out, _ in outputs) == 1  # only the creator printed (and set) one
    _, engine = users_db
    with Session(engine) as s:
        users = s.query(User).filter(User.email_normalized == email).all()
        events = s.query(OutboxEvent).filter(OutboxEvent.key == users[0].id).all()
    assert len(users) == 1 and users[0].role == "staff"
    assert [e.type for e in events] == ["users.created"]


def test_search_over_the_real_request_reply(users_db, users):
    tag = uuid.uuid4().hex[:8]
    _, engine = users_db
    with Session(engine) as s:
        for first, last, email, status in (
            (f"Zélia{tag}", "Gattai", f"zelia.{tag}@example.test", "active"),
            ("Otto", f"Lara{tag}", f"otto.{tag}@example.test", "pending"),
            ("Rubem", "Braga", f"rubem@{tag}.example.test", "active"),
        ):
            s.add(User(first_name=first, last_name=last, email=email, email_normalized=email, status=status))
        s.commit()

    page = run(users.list_users(query=tag.upper()))
    assert page.total == 3
    assert {(u["email"], u["confirmed"]) for u in page.users} == {
        (f"zelia.{tag}@example.test", True),
        (f"otto.{tag}@example.test", False),
        (f"rubem@{tag}.example.test", True),
    }
    assert [u["email"] for u in run(users.list_users(query=f"lara{tag}")).users] == [f"otto.{tag}@example.test"]
    paged = run(users.list_users(query=tag, limit=2, offset=2))
    assert paged.total == 3 and len(paged.users) == 1
    assert run(users.list_users(query=f"{tag}%")).total == 0  # a wildcard typed is a character


def _projected(projection, user_id: str, role: str) -> dict:
    doc = projection.find_one({"_id": user_id})
    assert doc is not None and doc.get("role") == role
    return doc
