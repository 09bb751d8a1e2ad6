"""Sending through the SendGrid adapter (official SDK) to the local server, and reading it back."""

from __future__ import annotations

import httpx
import pytest
from jinja2 import UndefinedError

from devstack.mailserver.client import Mailbox
from services.notifications import EmailMessage, EmailTemplate, html_list
from services.notifications.adapters.sendgrid_sender import SendGridEmailSender

CONFIRM_URL = "http://127.0.0.1:3000/confirm?token=abc123&lang=pt_BR"


def confirmation(to: str = "ana@example.com", **extra) -> EmailMessage:
    return EmailMessage(
        to=to,
        subject="Confirm your e-mail",
        text=f"Hello Ana,\nconfirm your address: {CONFIRM_URL}\n",
        html=f'<p>Hello Ana,</p><p><a href="{CONFIRM_URL.replace("&", "&amp;")}">Confirm</a></p>',
        **extra,
    )


def test_send_is_stored_with_links_and_metadata(sender: SendGridEmailSender, mailbox: Mailbox):
    message_id = sender.send(confirmation(categories=["confirmation"], custom_args={"user_id": "u1"}))

    assert message_id
    stored = mailbox.get(message_id)
    assert stored.to == ["ana@example.com"]
    assert stored.from_email == "no-reply@dreams.test" and stored.from_name == "Dreams"
    assert stored.subject == "Confirm your e-mail"
    assert CONFIRM_URL in stored.text and "<a href=" in stored.html
    assert stored.links == [CONFIRM_URL]  # the HTML anchor (unescaped) and the text URL are one link
    assert stored.categories == ["confirmation"] and stored.custom_args == {"user_id": "u1"}
    assert [m.id for m in mailbox.messages()] == [message_id]


def test_list_is_newest_first_and_filters_by_recipient(sender: SendGridEmailSender, mailbox: Mailbox):
    first = sender.send(confirmation("ana@example.com"))
    second = sender.send(confirmation(["bob@example.com", "Carla@Example.com"]))

    assert [m.id for m in mailbox.messages()] == [second, first]
    assert [m.id for m in mailbox.messages(to="ana@example.com")] == [first]
    assert [m.id for m in mailbox.messages(to="carla@example.com")] == [second]  # case-insensitive
    assert mailbox.messages(to="nobody@example.com") == []
    assert mailbox.wait_for("bob@example.com", subject_contains="Confirm", timeout=2).id == second


def test_delete_clears_the_inbox(sender: SendGridEmailSender, mailbox: Mailbox):
    sender.send(confirmation())
    sender.send(confirmation())

    assert mailbox.clear() == 2
    assert mailbox.messages() == []
    with pytest.raises(TimeoutError):
        mailbox.wait_for("ana@example.com", timeout=0.5)


def test_template_escapes_values_in_html_only(sender: SendGridEmailSender, mailbox: Mailbox):
    template = EmailTemplate.from_strings(
        subject="Welcome, {{ name }}",
        text="Hi {{ name }}, confirm: {{ link }}",
        html='<p>Hi {{ name }}</p><a href="{{ link }}">Confirm</a>{{ items }}',
    )
    message = template.render(
        to="ana@example.com", name="Ana <b>&</b>", link=CONFIRM_URL, items=html_list(["Flight <LIS>", "Hotel"])
    )

    stored = mailbox.get(sender.send(message))

    assert stored.subject == "Welcome, Ana <b>&</b>"
    assert stored.text == f"Hi Ana <b>&</b>, confirm: {CONFIRM_URL}"
    assert "<p>Hi Ana &lt;b&gt;&amp;&lt;/b&gt;</p>" in stored.html
    assert "<li>Flight &lt;LIS&gt;</li><li>Hotel</li>" in stored.html
    assert stored.links == [CONFIRM_URL]
    with pytest.raises(UndefinedError):
        template.render(to="ana@example.com", name="Ana")  # link missing: no half-filled e-mail


def test_inbox_page_lists_message_and_message_page_has_clickable_link(
    sender: SendGridEmailSender, mailbox: Mailbox, mail_server
):
    sender.send(confirmation())
    evil = sender.send(EmailMessage(to="eve@example.com", subject="<script>alert(1)</script>", text="x"))
    stored = mailbox.messages(to="ana@example.com")[0]
    base = mail_server.sendgrid_host

    inbox = httpx.get(f"{base}/").text
    assert "ana@example.com" in inbox and "Confirm your e-mail" in inbox
    assert f"href='/messages/{stored.id}'" in inbox
    assert "<script>alert(1)</script>" not in inbox and "&lt;script&gt;" in inbox
    assert inbox.index(evil) < inbox.index(stored.id)  # newest first

    page = httpx.get(f"{base}/messages/{stored.id}")
    assert page.status_code == 200
    link = CONFIRM_URL.replace("&", "&amp;")
    assert f"<a href='{link}'>" in page.text  # in the links list and the linkified text body
    assert "<iframe" in page.text and "sandbox=" in page.text and "allow-scripts" not in page.text
    assert 'srcdoc="&lt;base target=&#x27;_top&#x27;&gt;&lt;p&gt;Hello Ana' in page.text

    assert httpx.get(f"{base}/messages/nope").status_code == 404
