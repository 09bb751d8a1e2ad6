"""A confirmation followed across processes by its correlation id: the gateway's request → the real
users worker (handles it, writes users.created to its outbox) → the real projector process. Both
workers' log files hold JSON lines with the same correlation id."""

from __future__ import annotations

import json

import pytest

from tests.integration.conftest import eventually

from .conftest import confirmation_token, run, sign_up, unique_email

pytestmark = pytest.mark.usefixtures("workers")


def handled(worker, message_type: str) -> list[dict]:
    lines = [json.loads(line) for line in worker.output().splitlines() if line.startswith("{")]
    return [line for line in lines if line["message"].startswith(f"handled {message_type} ")]


def test_a_confirmation_keeps_its_correlation_id_from_the_users_worker_to_the_projector(
    workers, users, settings, mailbox, projection
):
    email = unique_email("obs")
    sign_up(users, email)
    account = run(users.confirm(confirmation_token(mailbox, settings, email.lower())))
    eventually(lambda: _found(projection.find_one({"_id": account.id})))

    [confirm] = handled(workers["users"], "users.confirm")[-1:]  # this test's: the latest
    correlation = confirm["correlation_id"]
    assert confirm["process"] == "users-worker" and confirm["topic"] == "dreams-users"
    projected = eventually(
        lambda: _some(
            [
                line
                for line in handled(workers["projector"], "users.created")
                if line.get("correlation_id") == correlation
            ]
        )
    )
    assert {line["process"] for line in projected} == {"projector-worker"}
    assert all(line["topic"] == "users-created" for line in projected)


def _found(doc):
    assert doc is not None
    return doc


def _some(items):
    assert items
    return items
