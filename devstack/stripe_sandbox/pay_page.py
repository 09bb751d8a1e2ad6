"""The hosted payment page at a session's `url`: order summary, card form, redirects.

Plain HTML with no JavaScript, so it works in any browser and from httpx in tests. Every input
has a <label>; a field's error is tied to it with aria-describedby and aria-invalid.
"""

from __future__ import annotations

from html import escape
from typing import Any
from urllib.parse import parse_qsl

from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Route

from services.i18n import format_money

from . import cards, payments, sessions
from .context import Sandbox
from .errors import StripeError
from .pay_texts import TEXTS, error_text, language

STYLE = """
body{font-family:system-ui,sans-serif;background:#f6f9fc;color:#1a1f36;margin:0}
main{max-width:34rem;margin:2rem auto;background:#fff;padding:1.5rem 2rem;border-radius:8px;
box-shadow:0 2px 8px #0002}.badge{background:#ffde92;color:#5c3b00;display:inline-block;
padding:.2rem .6rem;border-radius:4px;font-size:.75rem;font-weight:600}
table{width:100%;border-collapse:collapse}td,th{padding:.4rem 0;text-align:left;
vertical-align:top}td.n,th.n{text-align:right}tfoot th,tfoot td{border-top:1px solid #ddd;
font-weight:700}label{display:block;margin-top:.8rem;font-weight:600}
input{width:100%;box-sizing:border-box;padding:.55rem;font-size:1rem;border:1px solid #aab;
border-radius:4px}input[aria-invalid=true]{border-color:#c0123c}.err{color:#c0123c;margin:.25rem 0}
.alert{background:#fde8ec;color:#8a0c28;padding:.6rem;border-radius:4px}
button{margin-top:1.2rem;width:100%;padding:.8rem;font-size:1.05rem;background:#635bff;
color:#fff;border:0;border-radius:4px;cursor:pointer}small{color:#556}
"""
FIELD_OF_PARAM = {
    "number": "card_number",
    "exp_month": "card_expiry",
    "exp_year": "card_expiry",
    "cvc": "card_cvc",
    "email": "email",
}


def _page(lang: str, body: str, status: int = 200) -> HTMLResponse:
    t = TEXTS[lang]
    html = (
        f'<!doctype html><html lang="{lang}"><head><meta charset="utf-8">'
        f'<meta name="viewport" content="width=device-width,initial-scale=1">'
        f"<title>{t['title']} · Stripe sandbox</title><style>{STYLE}</style></head>"
        f'<body><main><p class="badge">{t["badge"]}</p>{body}</main></body></html>'
    )
    return HTMLResponse(html, status_code=status)


def _summary(session: dict[str, Any], t: dict[str, str], lang: str) -> str:
    rows = []
    for item in session["_line_items"]:
        product = item["_product"]
        desc = f"<br><small>{escape(product['description'])}</small>" if product.get("description") else ""
        rows.append(
            f"<tr><td><strong>{escape(product['name'])}</strong>{desc}</td>"
            f'<td class="n">{item["quantity"]}</td>'
            f'<td class="n">{format_money(item["amount_total"], item["currency"], lang)}</td></tr>'
        )
    total = format_money(session["amount_total"], session["currency"], lang)
    return (
        f'<section aria-labelledby="summary-title"><h2 id="summary-title">{t["summary"]}</h2>'
        f'<table><thead><tr><th scope="col">{t["item"]}</th><th scope="col" class="n">'
        f'{t["qty"]}</th><th scope="col" class="n">{t["amount"]}</th></tr></thead>'
        f'<tbody>{"".join(rows)}</tbody><tfoot><tr><th scope="row" colspan="2">{t["total"]}'
        f'</th><td class="n" data-testid="total">{total}</td></tr></tfoot></table></section>'
    )


def _input(name: str, label: str, value: str, errors: dict[str, str], **attrs: str) -> str:
    extra = " ".join(f'{k.replace("_", "-")}="{escape(v)}"' for k, v in attrs.items())
    error = errors.get(name)
    described = f' aria-describedby="{name}-error" aria-invalid="true"' if error else ""
    message = f'<p id="{name}-error" class="err">{escape(error)}</p>' if error else ""
    return (
        f'<label for="{name}">{label}</label><input id="{name}" name="{name}" '
        f'value="{escape(value)}" required {extra}{described}>{message}'
    )


def render_form(
    session: dict[str, Any],
    lang: str,
    values: dict[str, str] | None = None,
    errors: dict[str, str] | None = None,
    alert: str | None = None,
    status: int = 200,
) -> HTMLResponse:
    t, values, errors = TEXTS[lang], values or {}, errors or {}
    total = format_money(session["amount_total"], session["currency"], lang)
    if alert is None and errors:
        alert = t["fix"]
    alert_html = f'<div role="alert" class="alert" id="form-error">{escape(alert)}</div>' if (alert) else ""
    if session.get("customer_email"):
        email = f'<p>{t["email"]}: <strong data-testid="email">{escape(session["customer_email"])}</strong></p>'
    else:
        email = _input("email", t["email"], values.get("email", ""), errors, type="email", autocomplete="email")
    cancel = (
        f'<p><a href="{escape(session["cancel_url"])}">← {t["cancel"]}</a></p>' if session.get("cancel_url") else ""
    )
    form = (
        f'<form method="post" action="/pay/{escape(session["id"])}" novalidate>{alert_html}'
        f"{email}<fieldset><legend>{t['card']}</legend>"
        + _input(
            "card_number",
            t["card_number"],
            values.get("card_number", ""),
            errors,
            inputmode="numeric",
            autocomplete="cc-number",
            placeholder="4242 4242 4242 4242",
        )
        + _input(
            "card_expiry",
            t["card_expiry"],
            values.get("card_expiry", ""),
            errors,
            inputmode="numeric",
            autocomplete="cc-exp",
            placeholder="MM/AA" if lang == "pt-BR" else "MM/YY",
        )
        + _input("card_cvc", t["card_cvc"], "", errors, inputmode="numeric", autocomplete="cc-csc", placeholder="123")
        + _input("card_name", t["card_name"], values.get("card_name", ""), errors, autocomplete="cc-name")
        + f'</fieldset><button type="submit">{t["pay"]} {total}</button></form>'
    )
    hints = (
        f"<details><summary>{t['test_cards']}</summary><ul>"
        f"<li>4242 4242 4242 4242 — {t['approved']}</li>"
        f"<li>4000 0000 0000 0002 — {t['declined']}</li></ul></details>"
    )
    return _page(lang, f"<h1>{t['title']}</h1>{_summary(session, t, lang)}{form}{cancel}{hints}", status)


def _closed_page(session: dict[str, Any], lang: str) -> HTMLResponse:
    t = TEXTS[lang]
    if session["status"] == "complete":
        link = f'<a href="{escape(sessions.success_url(session))}">{t["continue"]}</a>'
        return _page(lang, f"<h1>{t['complete']}</h1><p>{link}</p>")
    back = f'<p><a href="{escape(session["cancel_url"])}">{t["back"]}</a></p>' if session.get("cancel_url") else ""
    return _page(lang, f"<h1>{t['expired']}</h1>{back}", status=410)


def routes(sandbox: Sandbox) -> list[Route]:
    def load(request: Request) -> tuple[dict[str, Any] | None, str]:
        session = sandbox.store.get(request.path_params["id"], "checkout.session")
        lang = language(session.get("locale") if session else None, sandbox.config.language)
        return session, lang

    async def show(request: Request) -> Response:
        sessions.sweep(sandbox)
        session, lang = load(request)
        if session is None:
            return _page(lang, f"<h1>{TEXTS[lang]['not_found']}</h1>", status=404)
        if session["status"] != "open":
            return _closed_page(session, lang)
        return render_form(session, lang)

    async def submit(request: Request) -> Response:
        session, lang = load(request)
        if session is None:
            return _page(lang, f"<h1>{TEXTS[lang]['not_found']}</h1>", status=404)
        values = dict(parse_qsl((await request.body()).decode(), keep_blank_values=True))
        try:
            month, year = cards.parse_expiry(values.get("card_expiry", ""))
            payment = payments.CardPayment(
                number=values.get("card_number", ""),
                exp_month=month,
                exp_year=year,
                cvc=values.get("card_cvc", ""),
                name=values.get("card_name", ""),
                email=values.get("email", ""),
            )
            paid = payments.pay(sandbox, session["id"], payment)
        except StripeError as error:
            current = sandbox.store.get(session["id"], "checkout.session") or session
            if current["status"] != "open":
                return _closed_page(current, lang)
            text = error_text(lang, error.code, error.decline_code, error.message)
            field = FIELD_OF_PARAM.get(error.param or "")
            if field:
                return render_form(current, lang, values, {field: text}, status=error.status)
            return render_form(current, lang, values, alert=text, status=error.status)
        return RedirectResponse(sessions.success_url(paid), status_code=303)

    return [Route("/pay/{id}", show, methods=["GET"]), Route("/pay/{id}", submit, methods=["POST"])]
