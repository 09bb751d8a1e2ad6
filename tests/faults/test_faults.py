"""Real faults on a private stack; each scenario ends with an invariant: nothing lost, nothing doubled,
nothing dead-lettered. Each reports one line of counts (`FAULT …`, in the run's summary) with how
long recovery took.

Order matters only for speed: the workers started by one scenario serve the next.
"""

from __future__ import annotations

import itertools
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import date

import pytest

from devstack import kafka, mailserver, mongo
from services.errors import ServiceUnavailable, ValidationFailed
from services.messaging.topics import DREAMS_USERS
from services.payments.receipt_handlers import UNRECORDED_LIMIT
from services.users.messages import Confirm, Register
from tests.faults.conftest import (
    OUTAGE_S,
    confirmation_token,
    deliver_all,
    paid_events,
    payments_settled,
    receipt_mails,
    report,
    wait_for,
)

pytestmark = pytest.mark.timeout(600)


def assert_payments_exactly_once(faults, db, mailbox, events, *, timeout: float = 120, in_flight: int = 0) -> float:
    """Every paid session recorded once and its receipt sent once; 0 dead letters. Returns the
    seconds it took to get there. `in_flight`: a worker was SIGKILLed, so the receipts whose send had
    returned but whose record had not (at most UNRECORDED_LIMIT) may go out twice: no more."""
    began, n = time.monotonic(), len(events)
    wait_for(
        lambda: payments_settled(db, events) == {"purchases": n, "receipts_sent": n},
        timeout,
        f"{n} purchases with receipts",
        faults.live("payments"),
    )
    settled = time.monotonic() - began
    mails = receipt_mails(mailbox, events)
    assert min(mails.values()) == 1, {a: c for a, c in mails.items() if c == 0}
    doubled = {a: c for a, c in mails.items() if c > 1}
    assert len(doubled) <= in_flight and max(mails.values()) <= 2, doubled
    faults.assert_no_dead_letters()
    return settled


def sign_up(requests_client, email: str, *, give_up_after_s: float = 120) -> int:
    """A traveller signing up: "unavailable" means try again a little later (as the form says);
    `email_taken` after such a retry means the first try went through. Returns the attempts."""
    deadline = time.monotonic() + give_up_after_s
    for attempt in itertools.count(1):
        try:
            requests_client.request_sync(
                DREAMS_USERS.name,
                Register(
                    first_name="Ana",
                    last_name="Faults",
                    email=email,
                    password="correct horse battery",
                    password_confirmation="correct horse battery",
                    birth_date=date(1990, 5, 17),
                    locale="pt_BR",
                    client=f"198.51.100.{sum(email.encode()) % 250}",
                ),
                key=email,
                timeout=10,
            )
            return attempt
        except ValidationFailed as exc:
            if attempt > 1 and exc.fields.get("email") == "email_taken":
                return attempt
            raise
        except ServiceUnavailable:
            assert time.monotonic() < deadline, f"sign-up of {email} never went through"
            time.sleep(1)


def confirm_all(requests_client, mailbox, emails: list[str]) -> None:
    for email in emails:
        token = confirmation_token(mailbox, email)
        wait_for(
            lambda: requests_client.request_sync(DREAMS_USERS.name, Confirm(token=token), timeout=10),
            60,
            f"confirm {email}",
        )


def assert_users_projected_once(faults, db, mailbox, emails: list[str]) -> None:
    wait_for(
        lambda: db.users.count_documents({"email": {"$in": emails}}) == len(emails),
        60,
        f"{len(emails)} users projected",
    )
    for email in emails:
        assert db.users.count_documents({"email": email}) == 1
        confirmations = [m for m in mailbox.messages(to=email) if "Confirme" in m.subject]
        assert len(confirmations) >= 1
    faults.assert_no_dead_letters()


def test_mongo_killed_during_a_backlog_of_paid_webhooks(faults, db, mailbox, webhook, package):
    faults.start_worker("payments")
    events = paid_events(db, package, 200, f"mongo{uuid.uuid4().hex[:4]}")
    delivering = deliver_all(webhook, events)
    wait_for(lambda: db.purchases.estimated_document_count() > 0, 30, "first purchases")
    faults.kill(mongo)  # mid-backlog
    killed = time.monotonic()
    delivering.join(120)  # the webhook does not need Mongo for a paid session: 200 answered
    assert not delivering.is_alive()
    time.sleep(max(0.0, OUTAGE_S - (time.monotonic() - killed)))
    faults.restart(mongo)
    recovery = assert_payments_exactly_once(faults, db, mailbox, events)
    report(
        "mongo down 20 s, 200 paid webhooks",
        sent=len(events),
        recorded=len(events),
        duplicated=0,
        dead_lettered=0,
        recovery_s=round(recovery, 1),
    )


def test_kafka_killed_while_webhooks_arrive_and_travellers_sign_up(
    faults, db, mailbox, webhook, package, requests_client
):
    faults.ensure_workers("users", "projector", "payments")
    tag = uuid.uuid4().hex[:4]
    events = paid_events(db, package, 100, f"kafka{tag}")
    emails = [f"traveller-{tag}-{i}@example.com" for i in range(12)]
    before = len(webhook.statuses)

    delivering = deliver_all(webhook, events, workers=4)
    with ThreadPoolExecutor(4) as pool:
        signing_up = [pool.submit(sign_up, requests_client, email) for email in emails]
        time.sleep(1.0)
        faults.kill(kafka)
        time.sleep(OUTAGE_S)
        faults.restart(kafka)
        restarted = time.monotonic()
        attempts = [f.result(timeout=180) for f in signing_up]
    delivering.join(180)
    assert not delivering.is_alive()
    refused = sum(1 for s in webhook.statuses[before:] if s == 503)
    assert refused > 0  # the outage was real: Stripe was told to retry
    recovery = assert_payments_exactly_once(faults, db, mailbox, events)
    confirm_all(requests_client, mailbox, emails)
    assert_users_projected_once(faults, db, mailbox, emails)
    report(
        "kafka down 20 s, 100 webhooks + 12 sign-ups",
        sent=len(events),
        answered_503=refused,
        recorded=len(events),
        duplicated=0,
        dead_lettered=0,
        signups_retried=sum(a > 1 for a in attempts),
        users_projected=len(emails),
        recovery_s=round(time.monotonic() - restarted, 1),
        payments_settled_s=round(recovery, 1),
    )


def test_workers_killed_mid_batch_and_restarted(faults, db, mailbox, webhook, package, requests_client):
    faults.ensure_workers("payments", "users", "projector")
    tag = uuid.uuid4().hex[:4]
    events = paid_events(db, package, 300, f"kill{tag}")
    delivering = deliver_all(webhook, events)
    n = len(events)
    sessions = [e["data"]["object"]["id"] for e in events]
    wait_for(
        lambda: 0 < db.purchases.count_documents({"payment.session_id": {"$in": sessions}}) < n,
        60,
        "payments mid-backlog",
    )
    faults.kill_worker(faults.live("payments"))
    killed_at = db.purchases.count_documents({"payment.session_id": {"$in": sessions}})
    faults.start_worker("payments")
    delivering.join(120)
    recovery = assert_payments_exactly_once(faults, db, mailbox, events, in_flight=UNRECORDED_LIMIT)
    doubled = sum(c - 1 for c in receipt_mails(mailbox, events).values())

    emails = [f"killed-{tag}-{i}@example.com" for i in range(20)]
    with ThreadPoolExecutor(10) as pool:
        signing_up = [pool.submit(sign_up, requests_client, email) for email in emails]
        wait_for(lambda: any(mailbox.messages(to=e) for e in emails), 60, "first confirmation e-mails")
        faults.kill_worker(faults.live("users"))
        faults.start_worker("users")
        for future in signing_up:
            future.result(timeout=180)
    confirm_all(requests_client, mailbox, emails)
    assert_users_projected_once(faults, db, mailbox, emails)
    report(
        "payments and users workers SIGKILLed mid-batch",
        sent=n,
        recorded_before_kill=killed_at,
        recorded=n,
        duplicated_purchases=0,
        duplicated_receipt_mails=doubled,
        dead_lettered=0,
        signups=len(emails),
        users_projected=len(emails),
        payments_recovery_s=round(recovery, 1),
    )


def test_mail_server_down(faults, db, mailbox, webhook, package, requests_client):
    faults.ensure_workers("payments", "users", "projector")
    tag = uuid.uuid4().hex[:4]
    faults.kill(mailserver)
    killed = time.monotonic()
    events = paid_events(db, package, 50, f"mail{tag}")
    emails = [f"mailless-{tag}-{i}@example.com" for i in range(6)]
    delivering = deliver_all(webhook, events)
    with ThreadPoolExecutor(6) as pool:
        signing_up = [pool.submit(sign_up, requests_client, email) for email in emails]
        wait_for(
            lambda: (
                db.purchases.count_documents(
                    {"payment.session_id": {"$in": [e["data"]["object"]["id"] for e in events]}}
                )
                == len(events)
            ),
            60,
            "purchases recorded while mail is down",
        )  # recording does not wait for mail
        time.sleep(max(0.0, OUTAGE_S - (time.monotonic() - killed)))
        faults.restart(mailserver)
        restarted = time.monotonic()
        [f.result(timeout=180) for f in signing_up]
    delivering.join(60)
    recovery = assert_payments_exactly_once(faults, db, mailbox, events)
    for email in emails:
        wait_for(lambda: mailbox.messages(to=email), 60, f"confirmation to {email}")
        assert len([m for m in mailbox.messages(to=email) if "Confirme" in m.subject]) == 1
    faults.assert_no_dead_letters()
    report(
        "mail server down 20 s",
        receipts=len(events),
        confirmations=len(emails),
        sent_once=True,
        duplicated=0,
        dead_lettered=0,
        recovery_s=round(time.monotonic() - restarted, 1),
        receipts_settled_s=round(recovery, 1),
    )
