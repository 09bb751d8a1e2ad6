"""The mail server against SendGrid's published contract (devstack/mailserver/sendgrid_spec/), over HTTP.

The invalid table is built from the schema and the documented limits: every required field
missing, every wrong type, every bad value, every limit exceeded by one — each must be answered
400 (413 for the body size) with SendGrid's error body naming the field. Valid shapes the app or a
SendGrid user sends (templates, per-personalization subjects, attachments, send_at, sandbox mode,
limits reached but not exceeded) must be accepted.
"""

from __future__ import annotations

import base64
import copy
import time
from typing import Any

import httpx
import jsonschema
import pytest

from devstack.mailserver import schema
from devstack.mailserver.client import Mailbox
from tests.integration.mail.conftest import TEST_KEY

VALID: dict[str, Any] = {
    "personalizations": [{"to": [{"email": "ana@example.com", "name": "Ana"}]}],
    "from": {"email": "no-reply@dreams.test", "name": "Dreams"},
    "subject": "Hi",
    "content": [{"type": "text/plain", "value": "text"}, {"type": "text/html", "value": "<p>html</p>"}],
}
PDF = base64.b64encode(b"%PDF-1.4 tiny").decode()
IN_72H = 72 * 3600
DELETE = object()


def change(*edits: tuple[str, Any]) -> dict:
    """VALID with each dotted path set to a value (`DELETE` removes it); digits index lists."""
    body = copy.deepcopy(VALID)
    for path, value in edits:
        *parents, last = path.split(".")
        node: Any = body
        for part in parents:
            node = node[int(part)] if part.isdigit() else node.setdefault(part, {})
        key: Any = int(last) if last.isdigit() else last
        if value is DELETE:
            del node[key]
        else:
            node[key] = value
    return body


def emails(n: int, prefix: str = "r") -> list[dict]:
    return [{"email": f"{prefix}{i}@example.com"} for i in range(n)]


# The table is built at collection time, minutes before a case runs: margins of an hour, not seconds.
def later(seconds: int) -> int:
    return int(time.time()) + seconds


P0 = "personalizations.0"
INVALID: list[tuple[str, Any, str | None]] = [  # (case, body, the field the first error names)
    # every required field missing
    ("no personalizations", change(("personalizations", DELETE)), "personalizations"),
    ("empty personalizations", change(("personalizations", [])), "personalizations"),
    ("personalization without to", change((P0, {"subject": "x"})), f"{P0}.to"),
    ("empty to", change((f"{P0}.to", [])), f"{P0}.to"),
    ("to without email", change((f"{P0}.to", [{"name": "Ana"}])), f"{P0}.to.0.email"),
    ("cc without email", change((f"{P0}.cc", [{"name": "Bo"}])), f"{P0}.cc.0.email"),
    ("bcc without email", change((f"{P0}.bcc", [{"name": "Cy"}])), f"{P0}.bcc.0.email"),
    ("no from", change(("from", DELETE)), "from.email"),
    ("from without email", change(("from", {"name": "Dreams"})), "from.email"),
    ("no subject, no template", change(("subject", DELETE)), "subject"),
    ("no content, no template", change(("content", DELETE)), "content"),
    ("content without value", change(("content", [{"type": "text/plain"}])), "content.0.value"),
    ("content without type", change(("content", [{"value": "t"}])), "content.0.type"),
    ("attachment without filename", change(("attachments", [{"content": PDF}])), "attachments.0.filename"),
    ("attachment without content", change(("attachments", [{"filename": "a.pdf"}])), "attachments.0.content"),
    ("asm without group_id", change(("asm", {"groups_to_display": [1]})), "asm.group_id"),
    ("reply_to_list item without email", change(("reply_to_list", [{"name": "x"}])), "reply_to_list.0.email"),
    # every wrong type
    ("personalizations an object", change(("personalizations", {"to": []})), "personalizations"),
    ("personalization a string", change(("personalizations", ["ana@example.com"])), f"{P0}"),
    ("to a string", change((f"{P0}.to", "ana@example.com")), f"{P0}.to"),
    ("cc an object", change((f"{P0}.cc", {"email": "bo@example.com"})), f"{P0}.cc"),
    ("from a string", change(("from", "no-reply@dreams.test")), "from.email"),
    ("subject a number", change(("subject", 5)), "subject"),
    ("personalization subject a number", change((f"{P0}.subject", 5)), f"{P0}.subject"),
    ("content an object", change(("content", {"type": "text/plain", "value": "t"})), "content"),
    ("categories a string", change(("categories", "receipt")), "categories"),
    ("category a number", change(("categories", [5])), "categories.0"),
    ("send_at a string", change(("send_at", "tomorrow")), "send_at"),
    ("personalization send_at a float", change((f"{P0}.send_at", 1.5)), f"{P0}.send_at"),
    ("headers an array", change(("headers", ["X-A: 1"])), "headers"),
    ("custom_args a string", change(("custom_args", "user=1")), "custom_args"),
    ("custom_args value a number", change(("custom_args", {"user_id": 1})), "custom_args.user_id"),
    ("substitutions an array", change((f"{P0}.substitutions", ["-name-"])), f"{P0}.substitutions"),
    ("asm group_id a string", change(("asm", {"group_id": "1"})), "asm.group_id"),
    (
        "sandbox_mode.enable a string",
        change(("mail_settings", {"sandbox_mode": {"enable": "yes"}})),
        "mail_settings.sandbox_mode.enable",
    ),
    (
        "click_tracking.enable a string",
        change(("tracking_settings", {"click_tracking": {"enable": "no"}})),
        "tracking_settings.click_tracking.enable",
    ),
    ("template_id a number", change(("template_id", 123)), "template_id"),
    # every bad value
    ("to not an address", change((f"{P0}.to.0.email", "not-an-address")), f"{P0}.to.0.email"),
    ("from not an address", change(("from.email", "nobody")), "from.email"),
    ("reply_to not an address", change(("reply_to", {"email": "x"})), "reply_to.email"),
    ("reply_to_list not an address", change(("reply_to_list", [{"email": "x"}])), "reply_to_list.0.email"),
    ("personalization from not an address", change((f"{P0}.from", {"email": "x"})), f"{P0}.from.email"),
    ("the same address in to and cc", change((f"{P0}.cc", [{"email": "ANA@example.com"}])), f"{P0}.cc"),
    ("empty subject", change(("subject", "")), "subject"),
    ("empty content value", change(("content", [{"type": "text/plain", "value": ""}])), "content.0.value"),
    ("html before plain", change(("content", list(reversed(VALID["content"])))), "content"),
    (
        "attachment content not base64",
        change(("attachments", [{"content": "not base64!", "filename": "a"}])),
        "attachments.0.content",
    ),
    (
        "attachment disposition unknown",
        change(("attachments", [{"content": PDF, "filename": "a.pdf", "disposition": "embedded"}])),
        "attachments.0.disposition",
    ),
    (
        "inline attachment without content_id",
        change(("attachments", [{"content": PDF, "filename": "a.png", "disposition": "inline"}])),
        "attachments.0.content_id",
    ),
    ("reserved header", change(("headers", {"From": "evil@example.com"})), "headers.From"),
    ("reserved personalization header", change((f"{P0}.headers", {"subject": "x"})), f"{P0}.headers.subject"),
    (
        "reply_to and reply_to_list",
        change(("reply_to", {"email": "a@example.com"}), ("reply_to_list", [{"email": "b@example.com"}])),
        "reply_to_list",
    ),
    ("duplicate categories", change(("categories", ["a", "a"])), "categories"),
    ("ip_pool_name too short", change(("ip_pool_name", "p")), "ip_pool_name"),
    # every limit exceeded by one
    ("1,001 personalizations", change(("personalizations", [{"to": [r]} for r in emails(1001)])), "personalizations"),
    ("1,001 to", change((f"{P0}.to", emails(1001))), P0),
    ("1,001 cc", change((f"{P0}.cc", emails(1001, "c"))), P0),
    ("1,001 bcc", change((f"{P0}.bcc", emails(1001, "b"))), P0),
    (
        "1,001 recipients across to, cc and bcc",
        change((f"{P0}.to", emails(500)), (f"{P0}.cc", emails(500, "c")), (f"{P0}.bcc", emails(1, "b"))),
        P0,
    ),
    ("11 categories", change(("categories", [f"c{i}" for i in range(11)])), "categories"),
    ("a 256-character category", change(("categories", ["x" * 256])), "categories.0"),
    (
        "26 groups_to_display",
        change(("asm", {"group_id": 1, "groups_to_display": list(range(26))})),
        "asm.groups_to_display",
    ),
    ("ip_pool_name of 65", change(("ip_pool_name", "p" * 65)), "ip_pool_name"),
    ("1,001 reply_to_list", change(("reply_to_list", emails(1001))), "reply_to_list"),
    (
        "10,001 substitutions",
        change((f"{P0}.substitutions", {f"-k{i}-": "v" for i in range(10_001)})),
        f"{P0}.substitutions",
    ),
    ("custom_args over 10,000 bytes", change(("custom_args", {"k": "x" * 10_000})), "custom_args"),
    (
        "personalization custom_args over 10,000 bytes",
        change((f"{P0}.custom_args", {"k": "x" * 10_000})),
        f"{P0}.custom_args",
    ),
    ("send_at past 72 hours", change(("send_at", later(IN_72H + 3600))), "send_at"),
    ("personalization send_at past 72 hours", change((f"{P0}.send_at", later(IN_72H + 3600))), f"{P0}.send_at"),
]

VALID_SHAPES: list[tuple[str, Any, int]] = [  # (case, body, messages stored)
    ("text and html", VALID, 1),
    (
        "what the SDK sends for the app",
        change(
            ("categories", ["receipt"]),
            ("custom_args", {"purchase_id": "p1"}),
            ("reply_to", {"email": "help@dreams.test"}),
        ),
        1,
    ),
    (
        "dynamic template, no subject or content",
        change(
            ("subject", DELETE),
            ("content", DELETE),
            ("template_id", "d-0123456789abcdef"),
            (f"{P0}.dynamic_template_data", {"name": "Ana"}),
        ),
        1,
    ),
    (
        "a subject per personalization",
        change(
            ("subject", DELETE),
            (
                "personalizations",
                [
                    {"to": [{"email": "a@example.com"}], "subject": "For A"},
                    {"to": [{"email": "b@example.com"}], "subject": "For B"},
                ],
            ),
        ),
        2,
    ),
    (
        "attachments",
        change(
            (
                "attachments",
                [
                    {"content": PDF, "filename": "receipt.pdf", "type": "application/pdf"},
                    {"content": PDF, "filename": "logo.png", "disposition": "inline", "content_id": "logo"},
                ],
            )
        ),
        1,
    ),
    ("send_at within 72 hours", change(("send_at", later(3600)), (f"{P0}.send_at", later(IN_72H - 60))), 1),
    ("substitutions", change((f"{P0}.substitutions", {"-name-": "Ana"}), ("content.0.value", "Hi -name-")), 1),
    ("asm with group_id", change(("asm", {"group_id": 42, "groups_to_display": list(range(25))})), 1),
    ("reply_to_list", change(("reply_to_list", [{"email": "a@example.com"}, {"email": "b@example.com"}])), 1),
    (
        "limits reached, not exceeded",
        change(
            (f"{P0}.to", emails(500)),
            (f"{P0}.cc", emails(400, "c")),
            (f"{P0}.bcc", emails(100, "b")),
            ("categories", [f"c{i}" for i in range(10)]),
        ),
        1,
    ),
    ("1,000 personalizations", change(("personalizations", [{"to": [r]} for r in emails(1000)])), 1000),
    ("custom headers", change(("headers", {"X-Campaign": "spring"}), (f"{P0}.headers", {"X-Trace": "1"})), 1),
    ("nulls read as absent", change(("subject", None), (f"{P0}.subject", "Per person"), ("reply_to", None)), 1),
]


def send(settings, body: Any = None, *, content: bytes | None = None) -> httpx.Response:
    return httpx.post(
        f"{settings.sendgrid_host}/v3/mail/send",
        json=body if content is None else None,
        content=content,
        timeout=30,
        headers={"Authorization": f"Bearer {TEST_KEY}", "Content-Type": "application/json"},
    )


def assert_sendgrid_errors(response: httpx.Response) -> list[dict]:
    answer = response.json()
    jsonschema.validate(answer, schema.error_schema())
    assert answer["errors"] and all(set(e) == {"message", "field", "help"} and e["message"] for e in answer["errors"])
    return answer["errors"]


def test_the_table_is_the_reconstructed_44_and_more():
    assert len(INVALID) >= 44
    assert len({case for case, _, _ in INVALID}) == len(INVALID)


@pytest.mark.parametrize(("case", "body", "field"), INVALID, ids=[c for c, _, _ in INVALID])
def test_invalid_request_is_400_naming_the_field(mail_server, mailbox: Mailbox, case, body, field):
    response = send(mail_server, body)
    assert response.status_code == 400, (case, response.text)
    errors = assert_sendgrid_errors(response)
    assert errors[0]["field"] == field, errors
    assert mailbox.messages() == []


def test_body_over_30_mb_is_413(mail_server, mailbox: Mailbox):
    big = change(("attachments", [{"content": "A" * (30 * 1024 * 1024), "filename": "big.bin"}]))
    response = send(mail_server, big)
    assert response.status_code == 413
    assert "30MB" in assert_sendgrid_errors(response)[0]["message"]
    assert mailbox.messages() == []


@pytest.mark.parametrize(("case", "body", "stored"), VALID_SHAPES, ids=[c for c, _, _ in VALID_SHAPES])
def test_valid_request_is_202(mail_server, mailbox: Mailbox, case, body, stored):
    response = send(mail_server, body)
    assert response.status_code == 202, (case, response.text)
    message_id = response.headers["X-Message-Id"]
    found = mailbox.messages()
    assert {m.message_id for m in found} == {message_id}
    assert len(found) == min(stored, 500)  # the list API shows the newest 500
    if stored > 1:
        assert mailbox.get(f"{message_id}.{stored - 1}").to  # one stored message per personalization


def test_sandbox_mode_is_validated_but_not_delivered(mail_server, mailbox: Mailbox):
    sandboxed = change(("mail_settings", {"sandbox_mode": {"enable": True}}))
    assert send(mail_server, sandboxed).status_code == 200
    broken = change(("mail_settings", {"sandbox_mode": {"enable": True}}), ("from", DELETE))
    assert send(mail_server, broken).status_code == 400
    assert mailbox.messages() == []
