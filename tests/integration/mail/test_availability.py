"""Persistence across restarts, the devstack component, and a down or silent server."""

from __future__ import annotations

import socket
import time

import pytest

from devstack import mailserver
from devstack.mailserver.client import Mailbox
from services.errors import ServiceUnavailable
from services.notifications import EmailMessage
from services.notifications.adapters.sendgrid_sender import SendGridEmailSender
from tests.integration.mail.conftest import free_port, settings_for

MESSAGE = EmailMessage(to="ana@example.com", subject="Kept", text="still here http://x.test/a")


def test_restart_keeps_messages(mail_server, mailbox: Mailbox, sender: SendGridEmailSender):
    message_id = sender.send(MESSAGE)

    assert mailserver.stop(mail_server) is True
    assert not mailserver.is_ready(mail_server)
    assert mailserver.ensure(mail_server, timeout=20) == "started"

    assert mailbox.get(message_id).links == ["http://x.test/a"]
    assert mailserver.ensure(mail_server, timeout=5) == "reused"


def test_is_ready_only_for_our_server(tmp_path):
    with socket.socket() as other:  # something else listening on the port is not "ready"
        other.bind(("127.0.0.1", 0))
        other.listen()
        assert not mailserver.is_ready(settings_for(tmp_path, other.getsockname()[1]))


def test_down_server_is_service_unavailable_quickly(tmp_path):
    sender = SendGridEmailSender.from_settings(settings_for(tmp_path, free_port()))
    started = time.monotonic()
    with pytest.raises(ServiceUnavailable) as caught:
        sender.send(MESSAGE)
    assert time.monotonic() - started < 2
    assert "try again" in str(caught.value)


def test_silent_server_times_out_instead_of_hanging(tmp_path):
    with socket.socket() as silent:  # accepts connections (kernel backlog) but never answers
        silent.bind(("127.0.0.1", 0))
        silent.listen()
        settings = settings_for(tmp_path, silent.getsockname()[1]).model_copy(update={"sendgrid_timeout_s": 1.0})
        started = time.monotonic()
        with pytest.raises(ServiceUnavailable):
            SendGridEmailSender.from_settings(settings).send(MESSAGE)
        assert 0.9 < time.monotonic() - started < 3
