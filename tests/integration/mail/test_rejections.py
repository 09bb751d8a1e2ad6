"""SendGrid-style 400/401 answers, seen through the official SDK and mapped by the adapter."""

from __future__ import annotations

import json

import httpx
import pytest
from pydantic import SecretStr
from python_http_client.exceptions import BadRequestsError, UnauthorizedError
from sendgrid import SendGridAPIClient

from devstack.mailserver.client import Mailbox
from services.notifications import EmailMessage, MailRejected
from services.notifications.adapters.sendgrid_sender import SendGridEmailSender
from tests.integration.mail.conftest import TEST_KEY

VALID = {
    "personalizations": [{"to": [{"email": "ana@example.com"}]}],
    "from": {"email": "no-reply@dreams.test"},
    "subject": "Hi",
    "content": [{"type": "text/plain", "value": "text"}, {"type": "text/html", "value": "<p>html</p>"}],
}


def post(settings, payload: dict, key: str = TEST_KEY):
    return SendGridAPIClient(key, host=settings.sendgrid_host).send(payload)


def errors_of(settings, payload: dict) -> list[dict]:
    with pytest.raises(BadRequestsError) as caught:
        post(settings, payload)
    return json.loads(caught.value.body)["errors"]


def fields_of(settings, payload: dict) -> list[str]:
    errors = errors_of(settings, payload)
    assert all(set(e) == {"message", "field", "help"} and e["message"] for e in errors)
    return [e["field"] for e in errors]


def test_valid_payload_is_accepted(mail_server, mailbox: Mailbox):
    response = post(mail_server, VALID)
    assert response.status_code == 202 and response.headers["X-Message-Id"]
    assert len(mailbox.messages()) == 1


def test_bad_key_is_401_and_mapped_to_mail_rejected(mail_server, mailbox: Mailbox):
    with pytest.raises(UnauthorizedError) as caught:
        post(mail_server, VALID, key="SG.wrong")
    answer = json.loads(caught.value.body)["errors"][0]
    assert answer["message"].startswith("The provided authorization grant")

    wrong = SendGridEmailSender.from_settings(
        mail_server.model_copy(update={"sendgrid_api_key": SecretStr("SG.wrong")})
    )
    with pytest.raises(MailRejected) as rejected:
        wrong.send(EmailMessage(to="ana@example.com", subject="Hi", text="x"))
    assert rejected.value.status == 401
    assert "authorization grant is invalid" in str(rejected.value)
    assert mailbox.messages() == []


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"personalizations": []}, "personalizations"),
        ({"personalizations": [{"to": []}]}, "personalizations.0.to"),
        ({"personalizations": [{"to": [{"email": "not-an-address"}]}]}, "personalizations.0.to.0.email"),
        (
            {"personalizations": [{"to": [{"email": "a@example.com"}], "cc": [{"email": "a@example.com"}]}]},
            "personalizations.0.cc",
        ),
        ({"from": {"name": "no address"}}, "from.email"),
        ({"subject": ""}, "subject"),
        ({"content": []}, "content"),
        ({"content": [{"type": "text/plain", "value": ""}]}, "content.0.value"),
        ({"content": [{"type": "text/html", "value": "<p>h</p>"}, {"type": "text/plain", "value": "t"}]}, "content"),
    ],
)
def test_invalid_payload_is_400_with_sendgrid_errors(mail_server, mailbox: Mailbox, change, field):
    assert fields_of(mail_server, {**VALID, **change}) == [field]
    assert mailbox.messages() == []


def test_all_problems_are_reported_at_once(mail_server):
    payload = {"personalizations": [{"to": [{"email": "bad"}]}], "content": []}
    assert fields_of(mail_server, payload) == ["personalizations.0.to.0.email", "from.email", "subject", "content"]


def test_subject_may_come_from_every_personalization_and_content_from_a_template(mail_server, mailbox):
    per_recipient = {
        **VALID,
        "subject": None,
        "personalizations": [
            {"to": [{"email": "a@example.com"}], "subject": "For A"},
            {"to": [{"email": "b@example.com"}], "subject": "For B"},
        ],
    }
    assert post(mail_server, per_recipient).status_code == 202
    assert {m.subject for m in mailbox.messages()} == {"For A", "For B"}

    half = {
        **per_recipient,
        "personalizations": [*per_recipient["personalizations"][:1], {"to": [{"email": "c@example.com"}]}],
    }
    assert fields_of(mail_server, half) == ["subject"]

    templated = {k: v for k, v in VALID.items() if k not in ("subject", "content")}
    assert post(mail_server, {**templated, "template_id": "d-123"}).status_code == 202


def test_invalid_address_through_the_adapter_is_mail_rejected(sender: SendGridEmailSender, mailbox):
    with pytest.raises(MailRejected) as rejected:
        sender.send(EmailMessage(to="not-an-address", subject="Hi", text="x"))
    assert rejected.value.status == 400
    assert rejected.value.errors[0]["field"] == "personalizations.0.to.0.email"
    assert "Does not contain a valid address" in str(rejected.value)
    assert mailbox.messages() == []


def test_missing_key_and_malformed_bodies_get_sendgrid_shaped_errors(mail_server):
    # The SDK always sends a key and valid JSON: talk HTTP directly here.
    url = f"{mail_server.sendgrid_host}/v3/mail/send"
    no_key = httpx.post(url, json=VALID)
    assert no_key.status_code == 401 and no_key.json()["errors"][0]["message"] == "authorization required"

    auth = {"Authorization": f"Bearer {TEST_KEY}"}
    for body in (
        b"{not json",
        b'["a list"]',
        json.dumps({**VALID, "reply_to": "x"}).encode(),
        json.dumps({**VALID, "categories": 5}).encode(),
    ):
        answer = httpx.post(url, content=body, headers=auth)
        assert answer.status_code == 400, body
        assert answer.json()["errors"][0]["message"], body
