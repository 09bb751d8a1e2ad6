"""WCAG 2.2 AA in the browser (issue 16): axe-core scans every page and state a traveller meets, in
pt-BR and English, with 0 violations; plus reflow at 320 px and at 200 % zoom, and reduced motion.

One journey per language walks the states in the order a traveller meets them, scanning each one
(`assert_accessible`, tests/e2e/conftest.py); the selectors are ids, test ids and the app's own message
tables, so the same walk runs in both languages. Needs the checkout stack and the seed's users (/users).
"""

from __future__ import annotations

import re
import uuid
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, Page, expect

from dreams_app.i18n import MESSAGES
from dreams_app.messages.common import UNAVAILABLE
from tests.e2e.conftest import STAFF_PASSWORD
from tests.e2e.test_accounts import PASSWORD, SLOW
from tests.e2e.test_checkout import PAID_CARD, TRAVELLERS, WORKER, _fill_travellers
from tests.e2e.test_packages import DEPART, FORM_READY, READY, RETURN
from tests.e2e.test_stock import _first_flight, _set_outbound_seats, touched  # noqa: F401 (a fixture)
from tests.integration.conftest import eventually

pytestmark = pytest.mark.usefixtures("checkout_stack", "demo_users")

LANGS = {"pt_BR": "pt-BR", "en": "en"}  # the app's locale -> <html lang>


def _context(browser: Browser, base_url: str, locale: str, **options):
    context = browser.new_context(base_url=base_url, **options)
    # The switch's choice lives in localStorage (dreams_app/state/base.py): start in that language.
    context.add_init_script(f"localStorage.setItem('dreams_locale', '{locale}')")
    return context


def _text(key: str, locale: str) -> str:
    return MESSAGES[key][locale]


def _submit(page: Page, within: str = "form") -> None:
    page.locator(f"{within} button[type=submit]").first.click()


def _check_email(page: Page, check, mail, state: str) -> None:
    """The e-mail's own HTML, opened as a document: the inbox shows it in a sandboxed iframe with
    no scripts, where axe cannot run."""
    assert mail.html, f"{state}: the e-mail has no HTML body"
    page.set_content(mail.html)
    check(page, state)


def _mail_with_link(mailbox, email: str, path: str, timeout: float = 20):
    """The newest e-mail to `email` with a link containing `path` (subjects are in either language)."""
    import time

    deadline = time.monotonic() + timeout
    while True:
        for mail in mailbox.messages(to=email):
            link = next((link for link in mail.links if path in link), None)
            if link:
                return mail, link
        assert time.monotonic() < deadline, f"no e-mail to {email} with a {path} link after {timeout:.0f}s"
        time.sleep(0.2)


def _as_late_payment_refund(settings, purchase_id: str):
    """Mark a refunded purchase as refunded for sold-out stock; its e-mail (rendered as the payments
    worker would: services/payments/sold_out_email.email_for)."""
    from pymongo import MongoClient

    from services.payments.models import Purchase
    from services.payments.sold_out_email import email_for

    with MongoClient(settings.mongo_url, serverSelectionTimeoutMS=3000) as client:
        purchases = client[settings.mongo_db]["purchases"]
        marked = purchases.update_one(
            {"_id": purchase_id, "status": "refunded"}, {"$set": {"refund.reason": "sold_out"}}
        )
        assert marked.modified_count == 1
        doc = purchases.find_one({"_id": purchase_id})
    mail = email_for(Purchase.from_doc(doc), settings.public_url)
    assert mail.categories == ["sold-out-refund"] and mail.html
    return mail


def _search(page: Page) -> None:
    form = page.get_by_test_id("search-form")
    form.locator("#origin").fill("GRU")
    form.locator("#destination").fill("LIS")
    form.locator("#departure").fill(str(DEPART))
    form.locator("#return_date").fill(str(RETURN))
    form.locator("#adults").select_option("2")
    _submit(page, "[data-testid=search-form]")
    expect(page.locator(READY)).to_be_visible(timeout=SLOW)


@pytest.mark.parametrize("locale", list(LANGS))
def test_every_page_a_traveller_meets_has_no_axe_violations(
    browser: Browser,
    base_url: str,
    mailbox,
    checkout_stack,
    assert_accessible,
    locale: str,
    staff_storage_state: str,
    touched: set[str],  # noqa: F811 (the fixture imported above)
) -> None:
    context = _context(browser, base_url, locale)
    page = context.new_page()
    check = assert_accessible

    page.goto("/")
    expect(page.locator(FORM_READY)).to_be_visible(timeout=SLOW)
    expect(page.locator("html")).to_have_attribute("lang", LANGS[locale])
    check(page, "home")
    page.locator("#destination").press_sequentially("lisb", delay=30)
    expect(page.locator("#destination-options option").first).to_be_attached(timeout=5_000)
    check(page, "home, autocomplete open")
    page.locator("#destination").fill("")
    _submit(page, "[data-testid=search-form]")
    expect(page.locator("#origin")).to_have_attribute("aria-invalid", "true")
    check(page, "home, search errors")

    _search(page)
    check(page, "results")
    page.locator("#stops").select_option("0")
    page.get_by_role("checkbox").first.click()
    expect(page).to_have_url(re.compile(r"stops=0.*stars=|stars=.*stops=0"))
    expect(page.locator(READY)).to_be_visible(timeout=SLOW)
    check(page, "results, filters")
    page.locator("#pmax").fill("10")
    page.locator("#pmax").press("Enter")
    expect(page.get_by_test_id("empty-state")).to_be_visible(timeout=SLOW)
    check(page, "results, no match")
    page.goto(f"/search?from=GRU&to=GRU&depart={DEPART}&return={RETURN}")
    expect(page.get_by_role("alert").first).to_be_visible(timeout=SLOW)
    check(page, "results, invalid search")
    page.goto("/package/not-a-package")
    expect(page.get_by_test_id("empty-state")).to_be_visible(timeout=SLOW)
    check(page, "package, not found")
    page.goto("/no-such-page")
    expect(page.locator("h1, span:text-is('404: Page not found')").first).to_be_visible(timeout=SLOW)
    check(page, "404")

    page.goto("/signup")
    _submit(page)
    expect(page.locator("#signup-first_name")).to_have_attribute("aria-invalid", "true", timeout=SLOW)
    check(page, "sign-up, errors")
    email = f"a11y-{uuid.uuid4().hex[:8]}@example.com"
    for field, value in (
        ("first_name", "Ana"),
        ("last_name", "Souza"),
        ("email", email),
        ("password", PASSWORD),
        ("password_confirmation", PASSWORD),
        ("birth_date", "1990-05-17"),
    ):
        page.locator(f"#signup-{field}").fill(value)
    _submit(page)
    expect(page.get_by_test_id("sent-to")).to_have_text(email, timeout=SLOW)
    check(page, "sign-up, check your inbox")
    first, first_link = _mail_with_link(mailbox, email, "/confirm/")
    page.get_by_role("button", name=_text("resend.button", locale)).click()  # replaces (expires) the first link
    expect(page.get_by_text(_text("resend.done", locale))).to_be_visible(timeout=SLOW)
    check(page, "sign-up, confirmation resent")

    def resent() -> None:
        assert len(mailbox.messages(to=email)) == 2

    eventually(resent, timeout=20, interval=0.2)
    mail, link = _mail_with_link(mailbox, email, "/confirm/")  # the newest
    assert link != first_link
    page.goto(checkout_stack.sendgrid_host + "/")
    check(page, "mail inbox")
    page.goto(f"{checkout_stack.sendgrid_host}/messages/{mail.id}")
    check(page, "mail message")
    _check_email(page, check, mail, "e-mail: confirmation")
    page.goto(first_link)
    expect(page.get_by_text(_text("accounts.error.token_expired", locale))).to_be_visible(timeout=SLOW)
    check(page, "confirm link, expired")
    page.goto(link)
    expect(page.get_by_role("heading", level=1)).to_be_visible(timeout=SLOW)
    check(page, "e-mail confirmed")

    page.goto("/login")
    page.locator("#login-email").fill(email)
    page.locator("#login-password").fill("not-the-password")
    _submit(page)
    expect(page.locator("#login-password")).to_have_attribute("aria-invalid", "true", timeout=SLOW)
    check(page, "log-in, errors")
    page.locator("#login-password").fill(PASSWORD)
    _submit(page)
    expect(page.get_by_test_id("account-menu")).to_contain_text("Ana", timeout=SLOW)
    page.goto("/password/forgot")
    expect(page.get_by_role("heading", level=1)).to_be_visible(timeout=SLOW)
    check(page, "password forgot")
    # Two requests: the second link replaces (expires) the first.
    reset_links = []
    for _ in range(2):
        page.goto("/password/forgot")
        page.locator("#forgot-email").fill(email)
        _submit(page)
        expect(page.get_by_text(_text("forgot.sent", locale))).to_be_visible(timeout=SLOW)

        def arrived() -> None:
            mail, link = _mail_with_link(mailbox, email, "/password/reset/")
            assert link not in reset_links
            reset_links.append(link)

        eventually(arrived, timeout=20, interval=0.2)
    check(page, "password forgot, link sent")
    reset_mail, _ = _mail_with_link(mailbox, email, "/password/reset/")
    _check_email(page, check, reset_mail, "e-mail: password reset")
    page.goto(reset_links[0])
    expect(page.get_by_text(_text("accounts.error.reset_token_expired", locale))).to_be_visible(timeout=SLOW)
    check(page, "password reset link, expired")
    page.goto("/password/reset/" + "x" * 43)
    expect(page.get_by_text(_text("accounts.error.reset_token_unknown", locale))).to_be_visible(timeout=SLOW)
    check(page, "password reset link, invalid")
    page.goto(reset_links[1])
    expect(page.get_by_role("heading", name=_text("reset.heading", locale))).to_be_visible(timeout=SLOW)
    page.locator("#reset-new_password").fill("curta")
    page.locator("#reset-new_password_confirmation").fill("outra")
    _submit(page)  # not saved: a new password would end this session, which the walk goes on with
    expect(page.locator("#reset-new_password")).to_have_attribute("aria-invalid", "true", timeout=SLOW)
    check(page, "password reset form, errors")

    page.goto("/dashboard")
    expect(page.locator("[data-testid=dashboard][data-status=ready]")).to_be_visible(timeout=SLOW)
    check(page, "dashboard, empty")
    page.goto("/profile")
    expect(page.locator("#profile-first_name")).to_have_value("Ana", timeout=SLOW)
    check(page, "profile")
    page.goto("/checkout/success?session_id=cs_test_unknown")
    expect(page.get_by_test_id("checkout-success")).to_be_visible(timeout=SLOW)
    check(page, "checkout success, waiting")

    # Limited stock (issue 11): the first card sold out for the search's two adults, another with
    # three seats left; the walk books the latter.
    page.goto("/")
    expect(page.locator(FORM_READY)).to_be_visible(timeout=SLOW)
    _search(page)
    cards = page.get_by_test_id("package-card")
    ids = [cards.nth(i).get_attribute("data-package-id") for i in range(cards.count())]
    sold_out_id = ids[0]
    few_id = next(i for i in ids if _first_flight(i) != _first_flight(sold_out_id))  # cards share flights
    _set_outbound_seats(checkout_stack, touched, sold_out_id, 1)
    _set_outbound_seats(checkout_stack, touched, few_id, 3)
    page.reload()
    sold_card = page.locator(f"[data-testid=package-card][data-package-id='{sold_out_id}']")
    expect(sold_card.get_by_test_id("stock-badge")).to_have_text(_text("stock.sold_out", locale), timeout=SLOW)
    few_seats = _text("stock.left_many", locale).format(n=3)
    few_card = page.locator(f"[data-testid=package-card][data-package-id='{few_id}']")
    expect(few_card.get_by_test_id("stock-badge")).to_have_text(few_seats)
    check(page, "results, sold out and seats left")
    sold_card.get_by_test_id("card-link").click()
    expect(page.locator(f"[data-testid=package][data-status=ready][data-package='{sold_out_id}']")).to_be_visible(
        timeout=SLOW
    )
    expect(page.get_by_test_id("sold-out-note")).to_be_visible()
    check(page, "package detail, sold out")
    page.goto(f"/package/{few_id}")
    expect(page.locator(f"[data-testid=package][data-status=ready][data-package='{few_id}']")).to_be_visible(
        timeout=SLOW
    )
    expect(page.get_by_test_id("booking-panel").get_by_test_id("stock-badge")).to_have_text(few_seats)
    check(page, "package detail, seats left")
    package_url = page.url
    page.get_by_test_id("book-button").click()
    expect(page).to_have_url(re.compile(r"/booking/q_"), timeout=SLOW)
    expect(page.locator("[data-testid=travellers-step][data-status=ready]")).to_be_visible(timeout=SLOW)
    check(page, "booking, travellers")
    page.get_by_role("button", name=_text("travellers.submit", locale)).click()
    expect(page.locator("#tr-p0_given_names")).to_have_attribute("aria-invalid", "true", timeout=SLOW)
    check(page, "booking, travellers errors")
    _fill_travellers(page, TRAVELLERS)
    page.get_by_role("button", name=_text("travellers.submit", locale)).click()
    expect(page).to_have_url(re.compile(r"/pay/cs_"), timeout=SLOW)
    expect(page.locator("html")).to_have_attribute("lang", LANGS[locale])
    check(page, "Stripe sandbox pay page")
    _submit(page)
    expect(page.get_by_role("alert").first).to_be_visible()
    check(page, "Stripe sandbox pay page, errors")

    # "Cancel and go back" (Stripe's cancel_url: the package), then "Book" again: the open payment.
    page.get_by_role("link", name=re.compile("^←")).click()
    expect(page).to_have_url(package_url, timeout=SLOW)
    expect(page.locator(f"[data-testid=package][data-status=ready][data-package='{few_id}']")).to_be_visible(
        timeout=SLOW
    )
    check(page, "checkout cancelled: back on the package")
    page.get_by_test_id("book-button").click()
    notice = page.get_by_test_id("open-payment")
    expect(notice).to_contain_text(_text("booking.open_payment", locale), timeout=SLOW)
    check(page, "package, open payment (continue / start over)")
    notice.get_by_role("button", name=_text("booking.continue_payment", locale)).click()
    expect(page).to_have_url(re.compile(r"/pay/cs_"), timeout=SLOW)
    page.locator("#card_number").fill(PAID_CARD)
    page.locator("#card_expiry").fill("12/34")
    page.locator("#card_cvc").fill("123")
    page.locator("#card_name").fill("Ana Souza")
    _submit(page)
    success = page.get_by_test_id("checkout-success")
    expect(success).to_have_attribute("data-status", "done", timeout=WORKER)
    check(page, "checkout success, paid")
    receipt, purchase_link = _mail_with_link(mailbox, email, "/purchases/")
    page.get_by_test_id("see-purchase").click()
    expect(page.locator("[data-testid=purchase][data-status=ready]")).to_be_visible(timeout=SLOW)
    check(page, "purchase")
    purchase_page = page.url
    page.get_by_test_id("cancel-purchase").click()
    expect(page.get_by_role("alertdialog")).to_be_visible()
    check(page, "cancellation dialog")
    page.get_by_test_id("confirm-cancel").click()
    status = page.get_by_test_id("purchase").get_by_test_id("purchase-status").first
    expect(status).to_have_text(_text("status.refunded", locale), timeout=WORKER)
    check(page, "purchase, refunded")
    # The late-payment refund (issue 11) is this same document with the sold-out reason that the
    # payments worker writes when a payment arrived after the hold lapsed and the stock was gone.
    late = _as_late_payment_refund(checkout_stack, purchase_page.rsplit("/", 1)[-1])
    page.reload()
    expect(page.get_by_test_id("purchase").get_by_test_id("purchase-status").first).to_have_attribute(
        "data-status", "sold_out_refunded", timeout=SLOW
    )
    check(page, "purchase, late payment refunded")
    _check_email(page, check, receipt, "e-mail: receipt")
    assert purchase_link.endswith(urlsplit(purchase_page).path)  # the receipt links to this page
    page.set_content(late.html)
    check(page, "e-mail: late payment refund")

    page.goto("/dashboard")
    expect(page.get_by_test_id("purchase-card")).to_have_count(1, timeout=SLOW)
    check(page, "dashboard, full")
    page.goto("/users")
    expect(page.get_by_test_id("no-access")).to_be_visible(timeout=SLOW)
    check(page, "users, a traveller: no access")
    context.close()

    # The staff pages, as staff (the same language).
    staff = _context(browser, base_url, locale, storage_state=staff_storage_state)
    page = staff.new_page()
    page.goto("/users")
    expect(page.get_by_test_id("user-row").first).to_be_visible(timeout=SLOW)
    check(page, "users, staff")
    page.goto("/ops")
    expect(page.get_by_test_id("ops-topics")).to_have_attribute("data-status", "ready", timeout=SLOW)
    expect(page.get_by_test_id("ops-workers")).to_have_attribute("data-status", "ready", timeout=SLOW)
    check(page, "ops, staff")
    staff.close()


# ---- error states: a service that does not answer, a bad id, the lost connection ----


def _log_in_by_ids(page: Page, email: str) -> None:
    page.goto("/login")
    page.locator("#login-email").fill(email)
    page.locator("#login-password").fill(STAFF_PASSWORD)
    _submit(page)
    expect(page.get_by_test_id("account-menu")).to_be_visible(timeout=SLOW)


def _kill(settings, name: str) -> None:
    """SIGKILL a devstack component's process group and wait until it is gone."""
    import os
    import signal
    import time

    from devstack import process

    pid = process.read_pid(process.pidfile(settings, name))
    assert pid is not None, f"{name} is not running"
    os.killpg(pid, signal.SIGKILL)
    deadline = time.monotonic() + 15
    while process.is_alive(pid):  # Mongo's data dir lock: the restart must not meet the old process
        assert time.monotonic() < deadline, f"{name} did not exit after SIGKILL"
        time.sleep(0.05)


def test_error_states_have_no_axe_violations(
    browser: Browser, base_url: str, stack, checkout_stack, traveller_email: str, assert_accessible
) -> None:
    """What a traveller sees when Mongo or the users worker does not answer, when an id is bad, and
    Reflex's own "cannot connect" notice: both languages in one outage each (a restart is slow)."""
    check = assert_accessible
    search = f"/search?from=GRU&to=LIS&depart={DEPART}&return={RETURN}&adults=2"
    tabs: dict[str, Page] = {}
    for locale in LANGS:
        page = _context(browser, base_url, locale).new_page()
        _log_in_by_ids(page, traveller_email)
        page.goto("/purchases/pur_not-a-purchase")
        expect(page.locator("[data-testid=purchase][data-status=not_found]")).to_be_visible(timeout=SLOW)
        check(page, "purchase, not found")
        page.goto(search)
        expect(page.locator(READY)).to_be_visible(timeout=SLOW)
        page.get_by_test_id("card-link").first.click()
        expect(page.locator("[data-testid=package][data-status=ready]")).to_be_visible(timeout=SLOW)
        tabs[locale] = page

    unavailable = {locale: UNAVAILABLE[locale] for locale in LANGS}
    _kill(checkout_stack, "mongo")
    try:
        for locale, page in tabs.items():
            package = page.url
            page.goto(package)
            expect(page.locator("[data-testid=package][data-status=ready]")).to_be_visible(timeout=SLOW)
            panel = page.get_by_test_id("booking-panel")
            page.get_by_test_id("book-button").click()
            expect(panel.get_by_text(unavailable[locale])).to_be_visible(timeout=SLOW)
            check(page, "package, booking: service unavailable")
            for path, testid, state in (
                ("/dashboard", "dashboard", "dashboard, service unavailable"),
                ("/purchases/pur_not-a-purchase", "purchase", "purchase, service unavailable"),
                ("/checkout/success?session_id=cs_unknown", "checkout-success", "checkout success, unavailable"),
                ("/profile", None, "profile, service unavailable"),
            ):
                page.goto(path)
                where = page.get_by_test_id(testid) if testid else page
                expect(where.get_by_text(unavailable[locale]).first).to_be_visible(timeout=SLOW)
                check(page, state)
            page.goto(package)  # for the lost connection below
            expect(page.locator("[data-testid=package][data-status=ready]")).to_be_visible(timeout=SLOW)
    finally:
        stack.ensure("mongo")  # same data dir: later tests find everything again

    # The users worker down: log-in waits for its reply (kafka_request_timeout_s), then says so.
    _kill(checkout_stack, "users-worker")
    try:
        for locale in LANGS:
            context = _context(browser, base_url, locale)
            page = context.new_page()
            page.goto("/login")
            page.locator("#login-email").fill(traveller_email)
            page.locator("#login-password").fill(STAFF_PASSWORD)
            _submit(page)
            # A request/reply timeout is the feature's own text (dreams_app/state/outage.py), not Mongo's.
            expect(page.get_by_text(_text("accounts.error.unavailable", locale))).to_be_visible(timeout=SLOW)
            check(page, "log-in, users worker down")
            context.close()
    finally:
        stack.ensure("users-worker")

    # The network gone (the app itself stays up for the other tests): the websocket drops, every
    # reconnect fails, and Reflex's connection notice shows over the package page; back online, it goes.
    # (A mocked socket closed before its handshake is never reported by socket.io: no notice at all.)
    for locale, page in tabs.items():
        page.context.set_offline(True)
        expect(page.locator("[data-sonner-toast]").first).to_be_visible(timeout=SLOW)
        check(page, "connection lost notice")
        page.context.set_offline(False)
        expect(page.locator("[data-sonner-toast]")).to_have_count(0, timeout=SLOW)
        page.context.close()


# ---- keyboard only: Tab, Enter and Space (typing only into text fields) ----

# The focused element, and whether it (or the field wrapper Radix draws the ring on) shows a ring.
_FOCUS = """() => {
  const a = document.activeElement;
  if (!a || a === document.body) return {tag: 'body', visible: false, ring: false};
  const r = a.getBoundingClientRect();
  let ring = false;
  for (let e = a, i = 0; e && i < 4 && !ring; e = e.parentElement, i++) {
    const s = getComputedStyle(e);
    ring = (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0) || s.boxShadow !== 'none';
  }
  return {tag: a.tagName.toLowerCase(), id: a.id, text: (a.innerText || a.value || '').slice(0, 40),
          testid: a.dataset.testid || '', visible: r.width > 0 && r.height > 0, ring};
}"""


def _focus(page: Page, after: dict | None = None) -> dict:
    focus = page.evaluate(_FOCUS)
    assert focus["tag"] != "body", f"focus lost to <body> on {page.url} (after {after})"
    assert focus["visible"] and focus["ring"], f"focus not visible on {page.url}: {focus}"
    return focus


def _tab_to(page: Page, selector: str, limit: int = 80) -> None:
    """Tab forward until `selector` has focus, checking the ring at every stop on the way."""
    focus = None
    if page.evaluate("s => document.activeElement.matches(s)", selector):
        return  # already there (the first Tab after a full load)
    wrapped = False
    for _ in range(limit):
        page.keyboard.press("Tab")
        if not wrapped and page.evaluate("document.activeElement === document.body"):
            wrapped = True  # past the last control the browser's own UI takes a Tab, then the top again
            continue
        focus = _focus(page, focus)
        if page.evaluate("s => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"{selector} not reached with {limit} Tabs on {page.url}")


def _landed(page: Page) -> None:
    """After a page change focus is on <main> (in-app change) or, after a full load (Stripe's page
    and back), the first Tab reaches the app's skip link (the sandbox's first field); never lost."""
    expect(page.locator("main")).to_be_visible(timeout=SLOW)
    if page.evaluate("document.activeElement === document.body"):
        page.keyboard.press("Tab")
        if page.locator(".skip-link").count():
            expect(page.locator(".skip-link")).to_be_focused()
        _focus(page)
    else:
        _focus(page)


@pytest.mark.parametrize("locale", list(LANGS))
def test_keyboard_only_search_book_pay_and_dashboard(page: Page, mailbox, locale: str) -> None:
    from tests.e2e.test_checkout import _logged_in_user

    _logged_in_user(page, mailbox, "Teclado")  # signing up is the accounts tests' business (in pt-BR)
    page.context.add_init_script(f"localStorage.setItem('dreams_locale', '{locale}')")  # from the next load on
    page.goto("/")
    expect(page.locator("html")).to_have_attribute("lang", LANGS[locale])
    expect(page.locator(FORM_READY)).to_be_visible(timeout=SLOW)
    _tab_to(page, "#origin")
    page.keyboard.type("GRU")
    _tab_to(page, "#destination")
    page.keyboard.type("LIS")
    _tab_to(page, "[data-testid=search-form] button[type=submit]")
    page.keyboard.press("Enter")
    expect(page.locator(READY)).to_be_visible(timeout=SLOW)
    _landed(page)

    _tab_to(page, "[data-testid=card-link]")
    page.keyboard.press("Enter")
    expect(page.locator("[data-testid=package][data-status=ready]")).to_be_visible(timeout=SLOW)
    _landed(page)
    _tab_to(page, "[data-testid=book-button]")
    page.keyboard.press("Space")
    expect(page.locator("[data-testid=travellers-step][data-status=ready]")).to_be_visible(timeout=SLOW)
    _landed(page)

    def typed_date(iso: str) -> str:  # date fields take the browser locale's order (en-US: mm/dd/yyyy)
        year, month, day = iso.split("-")
        return f"{month}{day}{year}"

    travellers = TRAVELLERS[: page.locator("[id$=_given_names]").count()]  # the search's default party
    assert travellers
    for i, (given, surname, birth) in enumerate(travellers):  # in the form's order: Tab only goes forward
        for field, value in (
            ("given_names", given),
            ("surname", surname),
            ("birth_date", typed_date(birth)),
            ("nationality", "Brasil"),
            ("passport", f"FX{i}234567"),
            ("passport_expiry", typed_date("2035-01-01")),
        ):
            _tab_to(page, f"#tr-p{i}_{field}")
            page.keyboard.type(value)  # a closed <select> picks the option typed
    _tab_to(page, "#tr-contact_phone")
    page.keyboard.type("11 98765-4321")
    for i, (given, _, birth) in enumerate(travellers):
        expect(page.locator(f"#tr-p{i}_birth_date")).to_have_value(birth)
        expect(page.locator(f"#tr-p{i}_nationality")).to_have_value("BR")
    _tab_to(page, "[data-testid=travellers-step] button[type=submit]")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/pay/cs_"), timeout=SLOW)
    _landed(page)

    for field, value in (
        ("card_number", PAID_CARD),
        ("card_expiry", "12/34"),
        ("card_cvc", "123"),
        ("card_name", "Ana Souza"),
    ):
        _tab_to(page, f"#{field}")
        page.keyboard.type(value)
    _tab_to(page, "form button[type=submit]")
    page.keyboard.press("Enter")
    expect(page.get_by_test_id("checkout-success")).to_have_attribute("data-status", "done", timeout=WORKER)
    _landed(page)

    _tab_to(page, "[data-testid=see-purchase]")
    page.keyboard.press("Enter")
    expect(page.locator("[data-testid=purchase][data-status=ready]")).to_be_visible(timeout=SLOW)
    _landed(page)
    # The cancellation dialog takes focus, keeps Tab inside, and gives it back when closed.
    _tab_to(page, "[data-testid=cancel-purchase]")
    page.keyboard.press("Space")
    dialog = page.get_by_role("alertdialog")
    expect(dialog).to_be_visible()
    for _ in range(4):
        assert page.evaluate("!!document.activeElement.closest('[role=alertdialog]')"), "focus left the dialog"
        _focus(page)
        page.keyboard.press("Tab")
    _tab_to(page, "[role=alertdialog] button:not([data-testid=confirm-cancel])", limit=4)  # "keep the trip"
    page.keyboard.press("Enter")
    expect(dialog).to_have_count(0)
    expect(page.get_by_test_id("cancel-purchase")).to_be_focused()

    _tab_to(page, "a[href='/dashboard']")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/dashboard$"))
    expect(page.get_by_test_id("purchase-card")).to_have_count(1, timeout=SLOW)
    _landed(page)


# ---- reflow (320 px, 200 % zoom) and reduced motion ----

# A 1280×720 window at 200 % zoom lays out a 640×360 CSS-pixel viewport at 2 device pixels per CSS
# pixel: exactly a 640×360 viewport with device_scale_factor=2 (CSS `zoom` on <body> is not that).
VIEWPORTS = {"320px": ({"width": 320, "height": 640}, 1), "zoom200": ({"width": 640, "height": 360}, 2)}


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_pages_reflow_without_horizontal_scrolling(browser: Browser, base_url: str, viewport: str) -> None:
    size, scale = VIEWPORTS[viewport]
    context = browser.new_context(base_url=base_url, viewport=size, device_scale_factor=scale)
    page = context.new_page()
    pages = {
        "home": ("/", FORM_READY),
        "results": (f"/search?from=GRU&to=LIS&depart={DEPART}&return={RETURN}&adults=2", READY),
        "sign-up": ("/signup", "#signup-first_name"),
        "log-in": ("/login", "#login-email"),
        "404": ("/no-such-page", "h1"),
    }
    for name, (url, ready) in pages.items():
        page.goto(url)
        expect(page.locator(ready).first).to_be_visible(timeout=SLOW)
        width = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
        assert width[0] <= width[1], f"{name} at {viewport}: scrolls sideways ({width[0]} > {width[1]} px)"
        for control in ("a.skip-link", "[role=radiogroup]", "main button, main a"):
            box = page.locator(control).first
            box.focus() if control == "a.skip-link" else box.scroll_into_view_if_needed()
            rect = box.bounding_box()
            assert rect and rect["x"] >= 0 and rect["x"] + rect["width"] <= width[1] + 1, (
                f"{name} at {viewport}: {control} is cut off ({rect})"
            )
    context.close()


_MOVING = """() => [...document.querySelectorAll('*')].filter(e => {
  const s = getComputedStyle(e);
  return s.animationName !== 'none' || s.transitionDuration.split(',').some(d => parseFloat(d) > 0);
}).length"""


def test_reduced_motion_turns_animations_and_transitions_off(browser: Browser, base_url: str) -> None:
    url = f"/search?from=GRU&to=LIS&depart={DEPART}&return={RETURN}&adults=2"
    counts = {}
    for motion in ("no-preference", "reduce"):
        context = browser.new_context(base_url=base_url, reduced_motion=motion)
        page = context.new_page()
        page.goto(url)
        expect(page.locator(READY)).to_be_visible(timeout=SLOW)
        # The loading skeleton pulses: put one on the page to read its animation.
        page.evaluate(
            "document.querySelector('main').insertAdjacentHTML('beforeend', "
            '\'<span class="rt-Skeleton" id="probe">x</span>\')'
        )
        counts[motion] = (
            page.evaluate(_MOVING),
            page.evaluate("getComputedStyle(document.getElementById('probe')).animationName"),
        )
        context.close()
    assert counts["no-preference"][0] > 0 and counts["no-preference"][1] != "none"  # the probe can fail
    assert counts["reduce"] == (0, "none"), counts
