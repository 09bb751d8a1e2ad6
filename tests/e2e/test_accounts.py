"""Accounts, as a new traveller meets them in Chromium: sign up, confirm by e-mail, log in, stay
logged in across reloads and tabs, log out; and every bad input answered next to its field.

Needs Kafka, Mongo, the mail server, the users worker and the app (`accounts_stack`).
"""

from __future__ import annotations

import re
import uuid

import pytest
from playwright.sync_api import Browser, Page, expect

pytestmark = pytest.mark.usefixtures("accounts_stack")

PASSWORD = "viagem-segura-2026"
SLOW = 20_000  # ms: sign-up and log-in go through Kafka and hash a password


def _email(tag: str) -> str:
    return f"{tag}-{uuid.uuid4().hex[:8]}@example.test"


def _field(page: Page, label: str):
    return page.get_by_label(label, exact=True)


def _sign_up(
    page: Page,
    email: str,
    first: str = "Ana",
    last: str = "Souza",
    password: str = PASSWORD,
    confirmation: str | None = None,
    birth: str = "1990-05-17",
) -> None:
    page.goto("/signup")
    _field(page, "Nome").fill(first)
    _field(page, "Sobrenome").fill(last)
    _field(page, "E-mail").fill(email)
    _field(page, "Senha").fill(password)
    _field(page, "Confirme a senha").fill(password if confirmation is None else confirmation)
    _field(page, "Data de nascimento").fill(birth)
    page.get_by_role("button", name="Criar conta").click()


def _confirm_link(mailbox, email: str) -> str:
    mail = mailbox.wait_for(email, timeout=20)
    return next(link for link in mail.links if "/confirm/" in link)


def _confirmed_account(page: Page, mailbox, first: str = "Ana") -> str:
    email = _email(first.lower())
    _sign_up(page, email, first=first)
    expect(page.get_by_role("heading", name="Confira sua caixa de entrada")).to_be_visible(timeout=SLOW)
    page.goto(_confirm_link(mailbox, email))
    expect(page.get_by_role("heading", name="E-mail confirmado!")).to_be_visible(timeout=SLOW)
    return email


def _log_in(page: Page, email: str, password: str = PASSWORD) -> None:
    page.goto("/login")
    _field(page, "E-mail").fill(email)
    _field(page, "Senha").fill(password)
    page.get_by_role("button", name="Entrar").click()


def _account_menu(page: Page):
    return page.get_by_test_id("account-menu")


def _expect_field_error(page: Page, label: str, text: str, timeout: float = SLOW) -> None:
    """The message is shown and is the input's accessible description; the input is marked invalid."""
    field = _field(page, label)
    expect(field).to_have_attribute("aria-invalid", "true", timeout=timeout)
    expect(field).to_have_accessible_description(re.compile(re.escape(text)))


def test_new_traveller_signs_up_confirms_logs_in_and_out(page: Page, browser: Browser, mailbox, base_url: str) -> None:
    email = _email("journey")
    _sign_up(page, email, first="Beatriz")
    expect(page.get_by_role("heading", name="Confira sua caixa de entrada")).to_be_visible(timeout=SLOW)
    expect(page.get_by_test_id("sent-to")).to_have_text(email)
    expect(page).to_have_url(re.compile(r"/signup/sent/?$"))

    link = _confirm_link(mailbox, email)
    page.goto(link)
    expect(page.get_by_role("heading", name="E-mail confirmado!")).to_be_visible(timeout=SLOW)
    page.get_by_role("main").get_by_role("link", name="Entrar").click()
    expect(page).to_have_url(re.compile(r"/login$"))

    _field(page, "E-mail").fill(email)
    _field(page, "Senha").fill(PASSWORD)
    page.get_by_role("button", name="Entrar").click()
    expect(_account_menu(page)).to_have_text(re.compile("Beatriz"), timeout=SLOW)
    expect(page).to_have_url(base_url + "/")

    # The session cookie: HttpOnly (page scripts cannot read it), SameSite=Lax, whole site.
    cookie = next(c for c in page.context.cookies() if c["name"] == "dreams_session")
    assert cookie["httpOnly"] and cookie["sameSite"] == "Lax" and cookie["path"] == "/"
    assert "dreams_session" not in page.evaluate("document.cookie")
    assert cookie["value"] not in page.content()

    page.reload()
    expect(_account_menu(page)).to_have_text(re.compile("Beatriz"))
    second_tab = page.context.new_page()
    second_tab.goto("/dashboard")  # any page; /users is staff-only now
    expect(_account_menu(second_tab)).to_have_text(re.compile("Beatriz"))
    second_tab.close()

    # Reloading the confirmation page keeps its success (on_load is idempotent per token) …
    page.goto(link)
    expect(page.get_by_role("heading", name="E-mail confirmado!")).to_be_visible(timeout=SLOW)
    # … while the link opened anew says it was used already (and that logging in works).
    other_tab = page.context.new_page()
    other_tab.goto(link)
    expect(other_tab.get_by_text("Este link já foi usado")).to_be_visible(timeout=SLOW)
    other_tab.close()

    _account_menu(page).click()
    page.get_by_role("menuitem", name="Sair").click()
    expect(page.get_by_test_id("account-area").get_by_role("link", name="Entrar")).to_be_visible()
    assert not [c for c in page.context.cookies() if c["name"] == "dreams_session"]

    # The old cookie value is dead server-side, not merely deleted from this browser.
    thief = browser.new_context(base_url=base_url)
    thief.add_cookies([{**cookie, "url": base_url, "domain": None, "path": None}])
    stolen = thief.new_page()
    stolen.goto("/profile")
    expect(stolen).to_have_url(re.compile(r"/login\?next=%2Fprofile$"))
    thief.close()


def test_sign_up_rules_are_shown_next_to_each_field(page: Page) -> None:
    page.goto("/signup")
    page.get_by_role("button", name="Criar conta").click()
    for label in ("Nome", "Sobrenome", "E-mail", "Senha", "Data de nascimento"):
        _expect_field_error(page, label, "Preencha este campo.")
    expect(_field(page, "Nome")).to_be_focused()  # focus goes to the first field to fix

    # Checked as soon as a field is left, before any submit.
    _field(page, "E-mail").fill("ana@")
    _field(page, "E-mail").press("Tab")
    _expect_field_error(page, "E-mail", "Digite um e-mail válido")

    _field(page, "E-mail").fill("ana@example.test")
    _field(page, "Senha").fill("curta")
    _field(page, "Senha").press("Tab")
    _expect_field_error(page, "Senha", "Use pelo menos 10 caracteres.")
    expect(_field(page, "E-mail")).to_have_attribute("aria-invalid", "false")

    _sign_up(page, "ana@example.test", password="ana@example.test")
    _expect_field_error(page, "Senha", "A senha não pode ser o seu e-mail.")

    _sign_up(page, "ana@example.test", confirmation="outra-senha-123")
    _expect_field_error(page, "Confirme a senha", "As senhas não são iguais.")

    _sign_up(page, "ana@example.test", first="x" * 101, birth="2015-01-01")
    _expect_field_error(page, "Nome", "Use no máximo 100 caracteres.")
    _expect_field_error(page, "Data de nascimento", "Você precisa ter pelo menos 18 anos")


def test_an_e_mail_already_registered_is_refused_by_the_worker(page: Page, mailbox) -> None:
    email = _email("twice")
    _sign_up(page, email)
    expect(page.get_by_role("heading", name="Confira sua caixa de entrada")).to_be_visible(timeout=SLOW)
    _sign_up(page, email.upper())
    _expect_field_error(page, "E-mail", "Já existe uma conta com este e-mail")


def test_unconfirmed_account_is_told_to_confirm_and_can_resend(page: Page, mailbox) -> None:
    email = _email("unconfirmed")
    _sign_up(page, email)
    expect(page.get_by_role("heading", name="Confira sua caixa de entrada")).to_be_visible(timeout=SLOW)
    mailbox.wait_for(email, timeout=20)

    _log_in(page, email)
    _expect_field_error(page, "E-mail", "Confirme seu e-mail primeiro")
    page.get_by_role("button", name="Reenviar e-mail de confirmação").click()
    expect(page.get_by_text("um novo link foi enviado")).to_be_visible(timeout=SLOW)
    assert len(mailbox.messages(to=email)) == 2


def test_wrong_passwords_then_too_many_attempts_with_the_seconds_left(page: Page, mailbox) -> None:
    email = _confirmed_account(page, mailbox, first="Carla")
    for _ in range(3):  # the free failures of this account from this browser
        _log_in(page, email, "senha-errada-123")
        _expect_field_error(page, "Senha", "E-mail ou senha incorretos.")
    # Waits now double (1 s, 2 s, 4 s …): keep guessing until one is refused without a check.
    alert = page.get_by_role("alert").filter(has_text="Muitas tentativas")
    answered = alert.or_(page.get_by_text("E-mail ou senha incorretos."))
    for _ in range(6):
        _log_in(page, email, "senha-errada-123")
        expect(answered.first).to_be_visible(timeout=SLOW)
        expect(page.get_by_role("button", name="Entrar")).to_be_enabled(timeout=SLOW)  # not "Entrando…"
        if alert.is_visible():
            break
    expect(alert).to_have_text(re.compile(r"Muitas tentativas\. Tente novamente em \d+ s\."), timeout=SLOW)
    expect(_account_menu(page)).to_have_count(0)


def test_profile_requires_log_in_then_changes_name_and_password(page: Page, mailbox) -> None:
    email = _confirmed_account(page, mailbox, first="Daniel")
    page.goto("/profile")
    expect(page).to_have_url(re.compile(r"/login\?next=%2Fprofile$"))
    _field(page, "E-mail").fill(email)
    _field(page, "Senha").fill(PASSWORD)
    page.get_by_role("button", name="Entrar").click()
    expect(page).to_have_url(re.compile(r"/profile/?$"), timeout=SLOW)
    expect(_field(page, "Nome")).to_have_value("Daniel")

    _field(page, "Nome").fill("")
    page.get_by_role("button", name="Salvar nome").click()
    _expect_field_error(page, "Nome", "Preencha este campo.")
    _field(page, "Nome").fill("Dani")
    page.get_by_role("button", name="Salvar nome").click()
    expect(page.get_by_text("Nome atualizado.")).to_be_visible(timeout=SLOW)
    expect(_account_menu(page)).to_have_text(re.compile("Dani"))
    page.reload()
    expect(_account_menu(page)).to_have_text(re.compile("Dani"))

    _field(page, "Senha atual").fill("nao-e-a-senha")
    _field(page, "Nova senha").fill("nova-senha-2026")
    _field(page, "Confirme a nova senha").fill("nova-senha-2026")
    page.get_by_role("button", name="Trocar senha").click()
    _expect_field_error(page, "Senha atual", "A senha atual não está correta.")

    _field(page, "Senha atual").fill(PASSWORD)
    _field(page, "Nova senha").fill("nova-senha-2026")
    _field(page, "Confirme a nova senha").fill("nova-senha-2026")
    page.get_by_role("button", name="Trocar senha").click()
    expect(page.get_by_text("Senha alterada.")).to_be_visible(timeout=SLOW)
    expect(_account_menu(page)).to_have_text(re.compile("Dani"))  # this session stays


def test_check_your_inbox_without_a_sign_up_goes_to_the_form(page: Page) -> None:
    page.goto("/signup/sent")
    expect(page.get_by_role("heading", name="Crie sua conta")).to_be_visible()
    expect(page).to_have_url(re.compile(r"/signup/?$"))


def test_account_pages_fit_a_phone(phone_page: Page) -> None:
    for path in ("/signup", "/login"):
        phone_page.goto(path)
        expect(phone_page.get_by_role("heading", level=1)).to_be_visible()
        assert phone_page.evaluate("document.documentElement.scrollWidth") <= 390
    phone_page.get_by_role("button", name="Menu da conta").click()
    phone_page.get_by_role("menuitem", name="Criar conta").click()
    expect(phone_page).to_have_url(re.compile(r"/signup$"))
