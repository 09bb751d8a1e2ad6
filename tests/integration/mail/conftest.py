"""Mail fixtures: the real local mail server (devstack component, own state dir and port) and
the SendGrid adapter pointed at it. Read mail with the `mailbox` fixture (a `Mailbox` client)."""

from __future__ import annotations

import socket
from collections.abc import Iterator

import pytest
from pydantic import SecretStr

from devstack import mailserver
from devstack.mailserver.client import Mailbox
from services.config import Settings
from services.notifications.adapters.sendgrid_sender import SendGridEmailSender

TEST_KEY = "SG.integration-test-key"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def settings_for(state_dir, port: int, **overrides) -> Settings:
    return Settings(
        state_dir=state_dir,
        sendgrid_host=f"http://127.0.0.1:{port}",
        sendgrid_api_key=SecretStr(TEST_KEY),
        sendgrid_timeout_s=2.0,
        **overrides,
    )


@pytest.fixture(scope="session")
def mail_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """Settings whose mail server is private to this test session (temp state dir, free port)."""
    return settings_for(tmp_path_factory.mktemp("mailstack"), free_port())


@pytest.fixture(scope="session")
def mail_server(mail_settings: Settings) -> Iterator[Settings]:
    mailserver.ensure(mail_settings, timeout=20)
    yield mail_settings
    mailserver.stop(mail_settings)


@pytest.fixture
def mailbox(mail_server: Settings) -> Iterator[Mailbox]:
    """An emptied inbox of the running mail server."""
    with Mailbox(mail_server.sendgrid_host) as box:
        box.clear()
        yield box


@pytest.fixture
def sender(mail_server: Settings) -> SendGridEmailSender:
    return SendGridEmailSender.from_settings(mail_server)
