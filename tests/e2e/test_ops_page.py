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


def test_a_traveller_gets_no_access(browser: Browser, base_url: str, traveller_email: str) -> None:
    context = browser.new_context(base_url=base_url)
    page = context.new_page()
    log_in(page, traveller_email)
    expect(page.get_by_role("link", name="Operações")).to_have_count(0)
    page.goto("/ops")
    expect(page.get_by_test_id("no-access")).to_be_visible()
    expect(page.get_by_test_id("ops-topics")).to_have_count(0)
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
