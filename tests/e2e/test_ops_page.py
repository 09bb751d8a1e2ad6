"""/ops in Chromium: anonymous → log-in page, traveller → "no access", staff → topics with their
offsets and lag read from the broker and the activity chart, refreshing without a reload.

Needs Kafka, Mongo, the mail server, the users worker, the projector and the app (`accounts_stack`).
"""

from __future__ import annotations

import re
import uuid

import pytest
from confluent_kafka import Producer
from playwright.sync_api import Browser, Page, expect

from services.messaging.admin import ensure_topics
from tests.e2e.conftest import log_in, make_account, set_role
from tests.user_events import user_snapshot

pytestmark = pytest.mark.usefixtures("accounts_stack")

REFRESHED = 15_000  # ms: a few refresh intervals (dreams_app/state/ops.py REFRESH_MS) on a busy box


def _topic_row(page: Page, name: str):
    return page.locator(f'[data-testid="topic-row"][data-topic="{name}"]')


def test_anonymous_visitors_go_to_the_log_in_page(browser: Browser, base_url: str) -> None:
    context = browser.new_context(base_url=base_url)
    page = context.new_page()
    page.goto("/ops")
    expect(page).to_have_url(re.compile(r"/login\?next=%2Fops(%2F)?$"))
    expect(page.get_by_test_id("ops-topics")).to_have_count(0)
    context.close()


def test_a_traveller_gets_no_access(browser: Browser, base_url: str, traveller_email: str, assert_accessible) -> None:
    context = browser.new_context(base_url=base_url)
    page = context.new_page()
    log_in(page, traveller_email)
    expect(page.get_by_role("link", name="Operações")).to_have_count(0)
    page.goto("/ops")
    expect(page.get_by_test_id("no-access")).to_be_visible()
    expect(page.get_by_test_id("ops-topics")).to_have_count(0)
    assert_accessible(page, "ops, no access")
    context.close()


def test_staff_see_topics_and_offsets_move_without_a_reload(staff_page: Page, accounts_stack) -> None:
    topic = f"ops-e2e-{uuid.uuid4().hex[:8]}"
    ensure_topics(accounts_stack, {topic: 1})
    page = staff_page
    page.goto("/")
    page.get_by_role("link", name="Operações").click()  # staff have the link
    expect(page).to_have_url(re.compile(r"/ops$"))
    expect(page.get_by_test_id("ops-topics")).to_have_attribute("data-status", "ready", timeout=REFRESHED)
    users_topic = _topic_row(page, "dreams-users")
    expect(users_topic).to_be_visible()
    expect(users_topic.get_by_test_id("topic-groups")).to_contain_text("users-worker: ")
    expect(_topic_row(page, topic).get_by_test_id("topic-end-total")).to_have_text("0", timeout=REFRESHED)

    producer = Producer({"bootstrap.servers": accounts_stack.kafka_bootstrap_servers})
    for _ in range(3):
        producer.produce(topic, value=b"ops e2e")
    assert producer.flush(10) == 0
    page.evaluate("window.__sameDocument = true")  # gone if the page reloaded
    expect(_topic_row(page, topic).get_by_test_id("topic-end-total")).to_have_text("3", timeout=REFRESHED)
    expect(
        page.locator(f'[data-testid="partition-row"][data-partition="{topic}/0"]').get_by_test_id("partition-end")
    ).to_have_text("3")
    assert page.evaluate("window.__sameDocument") is True

    activity = page.get_by_test_id("ops-activity")
    expect(activity).to_have_attribute("data-status", "ready")
    expect(activity.locator(".recharts-wrapper")).to_be_visible()
    table = page.get_by_role("table", name="Cadastros e compras por hora, em tabela")
    expect(table.get_by_role("row")).to_have_count(25)  # header + 24 hours, for screen readers
    expect(page.get_by_test_id("activity-totals")).to_have_text(re.compile(r"^Últimas 24 h: \d+ cadastros"))


def test_a_demoted_account_is_refused_at_the_next_refresh(browser: Browser, base_url: str, accounts_stack) -> None:
    email = make_account(accounts_stack, "staff", tag="opsdemoted")
    context = browser.new_context(base_url=base_url)
    page = context.new_page()
    log_in(page, email)
    page.goto("/ops")
    expect(page.get_by_test_id("ops-topics")).to_have_attribute("data-status", "ready", timeout=REFRESHED)
    set_role(accounts_stack, email, "traveller")
    expect(page.get_by_test_id("no-access")).to_be_visible(timeout=REFRESHED)  # no reload: the tick is refused
    expect(page.get_by_test_id("ops-topics")).to_have_count(0)
    context.close()


# ---- dead letters and workers (services/ops) ---------------------------------------------------


def test_a_poison_message_shows_on_ops_and_is_replayed_from_there_once(
    staff_page: Page, accounts_stack, assert_accessible
) -> None:
    """A real message on `users-created` that the real projector cannot handle (its e-mail is
    taken) is dead-lettered, listed on /ops masked, replayed with the page's button once its cause
    is fixed, and projected exactly once; the button a second time changes nothing."""
    import pymongo

    from services.messaging.kafka_config import producer_config
    from services.messaging.publisher import Publisher
    from services.messaging.registry import wrap
    from services.messaging.topics import USERS_CREATED
    from services.users.events import UserCreated, UserProfileChanged
    from tests.integration.conftest import eventually

    def found(query: dict) -> dict:
        doc = users.find_one(query)
        assert doc is not None, query
        return doc

    settings = accounts_stack
    tag = uuid.uuid4().hex[:8]
    taken, holder, newcomer = f"joana.souza.{tag}@example.com", f"holder-{tag}", f"newcomer-{tag}"
    publisher = Publisher(producer_config(settings))
    client = pymongo.MongoClient(settings.mongo_url)
    users = client[settings.mongo_db]["users"]
    try:
        publisher.publish(USERS_CREATED.name, wrap(UserCreated(**user_snapshot(holder, 1, taken, "Bia"))), key=holder)
        eventually(lambda: found({"_id": holder}), timeout=30)
        poison = wrap(UserCreated(**user_snapshot(newcomer, 1, taken)))
        publisher.publish(USERS_CREATED.name, poison, key=newcomer)

        page = staff_page
        page.goto("/ops")
        # This test's letter by its user id: the integration suite leaves letters that look the same masked.
        letter = page.locator('[data-testid="dead-letter"]').filter(has_text=newcomer)
        expect(letter).to_be_visible(timeout=60_000)  # 3 tries with backoff, then the next refresh
        row = page.locator(f'[data-testid="dead-letter"][data-key="{letter.get_attribute("data-key")}"]')
        expect(row).to_contain_text("j***@e***.com")
        expect(row).to_contain_text("DuplicateKeyError")
        expect(row).not_to_contain_text(taken)
        expect(row).not_to_contain_text("Joana")
        expect(page.get_by_test_id("ops-workers")).to_have_attribute("data-status", "ready", timeout=REFRESHED)
        assert_accessible(page, "ops, staff, with a dead letter")

        # The operator fixes the cause (the holder moves to another e-mail), then replays from the page.
        publisher.publish(
            USERS_CREATED.name,
            wrap(UserProfileChanged(**user_snapshot(holder, 2, f"new.{tag}@mail.test", "Bia"))),
            key=holder,
        )
        eventually(lambda: found({"_id": holder, "version": 2}), timeout=30)
        row.get_by_test_id("dlq-replay").click()
        expect(page.get_by_test_id("replay-result")).to_contain_text("replayed", timeout=REFRESHED)
        doc = eventually(lambda: found({"_id": newcomer}), timeout=30)
        assert doc["email"] == taken and doc["projected_event_id"] == poison.id

        row.get_by_test_id("dlq-replay").click()  # again: refused, nothing produced
        expect(page.get_by_test_id("replay-result")).to_contain_text("already replayed", timeout=REFRESHED)
        assert users.count_documents({"_id": newcomer}) == 1
        expect(row).to_contain_text(re.compile(r"Reenviada em|Replayed at"), timeout=REFRESHED)
    finally:
        publisher.close()
        client.close()


def test_a_killed_worker_shows_down_within_15_s_and_up_once_restarted(staff_page: Page, accounts_stack, stack) -> None:
    import os
    import signal
    import time

    from devstack import process

    settings = accounts_stack
    pid = process.read_pid(process.pidfile(settings, "projector-worker"))
    assert pid
    page = staff_page
    page.goto("/ops")
    up = page.locator(f'[data-testid="worker-row"][data-worker="projector-worker"][data-pid="{pid}"]')
    expect(up).to_have_attribute("data-state", "up", timeout=REFRESHED)
    os.killpg(os.getpgid(pid), signal.SIGKILL)
    killed = time.monotonic()
    expect(up).to_have_attribute("data-state", "down", timeout=15_000)
    assert time.monotonic() - killed <= 15 + 1  # the page's own refresh, never a reload
    stack.ensure("projector-worker")
    new_pid = process.read_pid(process.pidfile(settings, "projector-worker"))
    assert new_pid and new_pid != pid
    expect(
        page.locator(f'[data-testid="worker-row"][data-worker="projector-worker"][data-pid="{new_pid}"]')
    ).to_have_attribute("data-state", "up", timeout=REFRESHED)
