"""Password reset in Chromium: "Esqueci minha senha" on the log-in page → the e-mail (read from the
local mail server) → the link → a new password; the old one is refused, the new one works, and a
session open in another browser context was ended. Dead links and throttled requests say so.

Needs Kafka, Mongo, the mail server, the users worker, the projector and the app (`accounts_stack`).
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.e2e.test_accounts import (
    PASSWORD,
    SLOW,
    _account_menu,
    _confirmed_account,
    _email,
    _expect_field_error,
    _field,
    _log_in,
)

pytestmark = pytest.mark.usefixtures("accounts_stack")

NEW_PASSWORD = "nova-senha-de-viagem-2026"
SENT = "Se existir uma conta com este e-mail, enviamos um link"


def _reset_link(mailbox, email: str) -> str:
    mail = mailbox.wait_for(email, subject_contains="Redefina sua senha", timeout=20)
    return next(link for link in mail.links if "/password/reset/" in link)


def _ask_for_link(page: Page, email: str) -> None:
    _field(page, "E-mail").fill(email)
    page.get_by_role("button", name="Enviar link").click()


def test_reset_from_the_e_mail_link_ends_every_session(page: Page, browser: Browser, mailbox, base_url: str) -> None:
    email = _confirmed_account(page, mailbox, first="Elisa")
    # A session in another browser (a phone left logged in, or a thief's): the reset must end it.
    other = browser.new_context(base_url=base_url)
    elsewhere = other.new_page()
    _log_in(elsewhere, email)
    expect(_account_menu(elsewhere)).to_have_text(re.compile("Elisa"), timeout=SLOW)

    page.goto("/login")
    page.get_by_role("link", name="Esqueci minha senha").click()
    expect(page).to_have_url(re.compile(r"/password/forgot/?$"))
    page.get_by_role("button", name="Enviar link").click()
    _expect_field_error(page, "E-mail", "Preencha este campo.")
    _ask_for_link(page, email)
    expect(page.get_by_text(SENT)).to_be_visible(timeout=SLOW)

    link = _reset_link(mailbox, email)
    assert link.startswith(base_url + "/password/reset/")
    page.goto(link)
    expect(page.get_by_role("heading", name="Escolha uma nova senha")).to_be_visible(timeout=SLOW)
    _field(page, "Nova senha").fill("curta")
    _field(page, "Confirme a nova senha").fill("curta")
    page.get_by_role("button", name="Salvar nova senha").click()
    _expect_field_error(page, "Nova senha", "Use pelo menos 10 caracteres.")
    expect(_field(page, "Confirme a nova senha")).to_have_value("curta")  # nothing typed is lost
    _field(page, "Nova senha").fill(NEW_PASSWORD)
    _field(page, "Confirme a nova senha").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Salvar nova senha").click()
    expect(page.get_by_role("heading", name="Senha alterada")).to_be_visible(timeout=SLOW)
    expect(page.get_by_text("Entre com a nova senha")).to_be_visible()

    # The other browser's session is dead server-side: its next page load asks for a log-in.
    elsewhere.goto("/profile")
    expect(elsewhere).to_have_url(re.compile(r"/login\?next=%2Fprofile$"), timeout=SLOW)
    other.close()

    page.get_by_role("main").get_by_role("link", name="Entrar").click()
    expect(page).to_have_url(re.compile(r"/login$"))
    _log_in(page, email, PASSWORD)
    _expect_field_error(page, "Senha", "E-mail ou senha incorretos.")
    _log_in(page, email, NEW_PASSWORD)
    expect(_account_menu(page)).to_have_text(re.compile("Elisa"), timeout=SLOW)

    # The link worked once.
    reused = page.context.new_page()
    reused.goto(link)
    expect(reused.get_by_text("Este link de redefinição de senha já foi usado")).to_be_visible(timeout=SLOW)
    reused.get_by_role("link", name="Pedir um novo link").click()
    expect(reused).to_have_url(re.compile(r"/password/forgot/?$"))


def test_unknown_address_same_answer_then_throttled_where_it_was_typed(page: Page, mailbox) -> None:
    ghost = _email("ghost")
    page.goto("/password/forgot")
    for _ in range(3):  # three requests per address and hour, answered alike for any address
        page.goto("/password/forgot")
        _ask_for_link(page, ghost)
        expect(page.get_by_text(SENT)).to_be_visible(timeout=SLOW)
    page.goto("/password/forgot")
    _ask_for_link(page, ghost)
    _expect_field_error(page, "E-mail", "Muitas tentativas. Tente novamente em 60 s.")
    expect(_field(page, "E-mail")).to_have_value(ghost)
    assert mailbox.messages(to=ghost) == []


def test_a_link_that_does_not_exist_offers_a_new_one(page: Page) -> None:
    page.goto("/password/reset/" + "x" * 43)
    expect(page.get_by_text("Este link de redefinição de senha não é válido")).to_be_visible(timeout=SLOW)
    expect(page.get_by_role("link", name="Pedir um novo link")).to_be_visible()
