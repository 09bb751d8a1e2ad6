"""The hosted pay page over plain HTTP: what it shows, and submitting its form."""

from __future__ import annotations

from html.parser import HTMLParser

import httpx
import stripe

from .helpers import WebhookReceiver, session_params, verify


class FormReader(HTMLParser):
    """Collects the form's action/method, input names, <label for=...> targets and alert text."""

    def __init__(self) -> None:
        super().__init__()
        self.action = self.method = ""
        self.inputs: dict[str, dict[str, str | None]] = {}
        self.labels: set[str] = set()
        self.alert = ""
        self._in_alert = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "form":
            self.action, self.method = a.get("action") or "", a.get("method") or ""
        elif tag == "input" and a.get("name"):
            self.inputs[a["name"] or ""] = a
        elif tag == "label" and a.get("for"):
            self.labels.add(a["for"] or "")
        self._in_alert = a.get("role") == "alert"

    def handle_data(self, data: str) -> None:
        if self._in_alert:
            self.alert += data


def read(html: str) -> FormReader:
    reader = FormReader()
    reader.feed(html)
    return reader


def text(response: httpx.Response) -> str:
    return response.text.replace("\xa0", " ")


def test_page_shows_items_total_email_and_a_labelled_card_form(client: stripe.StripeClient) -> None:
    session = client.v1.checkout.sessions.create(params=session_params())
    page = httpx.get(session.url)
    assert page.status_code == 200
    body = text(page)
    for expected in (
        "Pacote Rio de Janeiro",
        "Voo + hotel 5 noites",
        "Transfer aeroporto",
        "R$ 2.500,00",
        "R$ 241,00",
        "R$ 2.741,00",
        "ana@example.com",
        'href="http://127.0.0.1:3000/checkout/cancel"',
    ):
        assert expected in body
    form = read(page.text)
    assert (form.method, form.action) == ("post", f"/pay/{session.id}")
    assert {"card_number", "card_expiry", "card_cvc", "card_name"} <= set(form.inputs)
    assert {"card_number", "card_expiry", "card_cvc", "card_name"} <= form.labels


def test_submitting_the_form_declines_then_pays_and_redirects(
    client: stripe.StripeClient, receiver: WebhookReceiver
) -> None:
    session = client.v1.checkout.sessions.create(params=session_params())
    page = httpx.get(session.url)
    form = read(page.text)
    submit_url = httpx.URL(session.url).join(form.action)
    card = {"card_number": "4000 0000 0000 0002", "card_expiry": "12/40", "card_cvc": "123", "card_name": "Ana Souza"}

    declined = httpx.post(submit_url, data=card)
    assert declined.status_code == 402
    assert "Seu cartão foi recusado." in read(declined.text).alert
    assert client.v1.checkout.sessions.retrieve(session.id).status == "open"

    bad_number = httpx.post(submit_url, data={**card, "card_number": "1234 5678 9012 3456"})
    reader = read(bad_number.text)
    assert bad_number.status_code == 402
    assert reader.inputs["card_number"].get("aria-invalid") == "true"
    assert "O número do cartão é inválido." in bad_number.text

    past = httpx.post(submit_url, data={**card, "card_number": "4242424242424242", "card_expiry": "01/20"})
    assert "A data de validade do cartão já passou." in past.text
    assert read(past.text).inputs["card_expiry"].get("aria-invalid") == "true"

    paid = httpx.post(submit_url, data={**card, "card_number": "4242 4242 4242 4242"})
    assert paid.status_code == 303
    assert paid.headers["location"] == (f"http://127.0.0.1:3000/checkout/success?session_id={session.id}")
    done = client.v1.checkout.sessions.retrieve(session.id)
    assert (done.status, done.payment_status) == ("complete", "paid")
    event = verify(receiver.wait(session.id, "checkout.session.completed")[0])
    assert event.data.object.customer_details.name == "Ana Souza"

    again = httpx.get(session.url)  # a paid session shows its state, not the form again
    assert "já foi concluído" in again.text and "card_number" not in read(again.text).inputs


def test_page_asks_for_the_email_when_the_session_has_none(client: stripe.StripeClient) -> None:
    session = client.v1.checkout.sessions.create(params=session_params(customer_email=None))
    form = read(httpx.get(session.url).text)
    assert "email" in form.inputs and "email" in form.labels
    missing = httpx.post(
        session.url, data={"card_number": "4242424242424242", "card_expiry": "12/40", "card_cvc": "123"}
    )
    assert missing.status_code == 400
    assert read(missing.text).inputs["email"].get("aria-invalid") == "true"
    ok = httpx.post(
        session.url,
        data={"email": "bia@example.com", "card_number": "4242424242424242", "card_expiry": "12/40", "card_cvc": "123"},
    )
    assert ok.status_code == 303
    assert client.v1.checkout.sessions.retrieve(session.id).customer_details.email == ("bia@example.com")


def test_unknown_session_page_is_404(base_url: str) -> None:
    assert httpx.get(f"{base_url}/pay/cs_test_nope").status_code == 404


def test_page_follows_the_session_locale(client: stripe.StripeClient) -> None:
    session = client.v1.checkout.sessions.create(params=session_params(locale="en"))
    body = text(httpx.get(session.url))
    assert '<html lang="en">' in body
    assert "Card number" in body and "R$2,741.00" in body
