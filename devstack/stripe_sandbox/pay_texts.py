"""Pay page wording (pt-BR and en), keyed by the BCP 47 tag Stripe's `locale` uses.

The sandbox stands in for Stripe, so its words stay here, not in the app's catalogs; the language
choice and the money come from services.i18n like everywhere else.
"""

from __future__ import annotations

from services.i18n import html_lang, normalise_locale

TEXTS: dict[str, dict[str, str]] = {
    "pt-BR": {
        "title": "Pagamento",
        "badge": "MODO DE TESTE · sandbox local do Stripe",
        "summary": "Resumo do pedido",
        "item": "Item",
        "qty": "Qtd.",
        "amount": "Valor",
        "total": "Total",
        "email": "E-mail",
        "card_number": "Número do cartão",
        "card_expiry": "Validade (MM/AA)",
        "card_cvc": "CVC (código de segurança)",
        "card_name": "Nome impresso no cartão",
        "pay": "Pagar",
        "cancel": "Cancelar e voltar",
        "test_cards": "Cartões de teste",
        "approved": "aprovado",
        "declined": "recusado",
        "complete": "Este pagamento já foi concluído.",
        "continue": "Continuar",
        "expired": "Esta sessão de pagamento expirou.",
        "back": "Voltar à loja",
        "not_found": "Sessão de pagamento não encontrada.",
        "card": "Dados do cartão",
        "fix": "Corrija os campos destacados.",
    },
    "en": {
        "title": "Payment",
        "badge": "TEST MODE · local Stripe sandbox",
        "summary": "Order summary",
        "item": "Item",
        "qty": "Qty",
        "amount": "Amount",
        "total": "Total",
        "email": "Email",
        "card_number": "Card number",
        "card_expiry": "Expiry (MM/YY)",
        "card_cvc": "CVC (security code)",
        "card_name": "Name on card",
        "pay": "Pay",
        "cancel": "Cancel and go back",
        "test_cards": "Test cards",
        "approved": "approved",
        "declined": "declined",
        "complete": "This payment is already complete.",
        "continue": "Continue",
        "expired": "This checkout session has expired.",
        "back": "Back to the shop",
        "not_found": "Checkout session not found.",
        "card": "Card details",
        "fix": "Please fix the highlighted fields.",
    },
}

# Card errors by code / decline code; English comes from the API message itself.
ERRORS_PT: dict[str, str] = {
    "incomplete_number": "O número do cartão está incompleto.",
    "invalid_number": "O número do cartão é inválido.",
    "incorrect_number": "O número do cartão é inválido.",
    "incomplete_expiry": "A data de validade está incompleta (use MM/AA).",
    "invalid_expiry_month": "O mês de validade é inválido.",
    "invalid_expiry_year": "O ano de validade é inválido.",
    "invalid_expiry_year_past": "A data de validade do cartão já passou.",
    "incomplete_cvc": "O código de segurança está incompleto.",
    "generic_decline": "Seu cartão foi recusado.",
    "insufficient_funds": "Seu cartão não tem saldo suficiente.",
    "expired_card": "Seu cartão está vencido.",
    "incorrect_cvc": "O código de segurança do cartão está incorreto.",
    "processing_error": "Ocorreu um erro ao processar seu cartão. Tente novamente em instantes.",
    "test_mode_live_card": "Seu cartão foi recusado: no modo de teste use um cartão de teste "
    "(ex.: 4242 4242 4242 4242).",
    "email_invalid": "Informe um e-mail válido.",
    "parameter_missing": "Informe um e-mail válido.",
    "checkout_session_not_open": "Esta sessão de pagamento não está mais aberta.",
}


def language(session_locale: str | None, default: str) -> str:
    """ "pt-BR" or "en": the session's locale if we speak it (not "auto"), else the sandbox default."""
    return html_lang(normalise_locale(session_locale, default))


def error_text(lang: str, code: str | None, decline_code: str | None, message: str) -> str:
    if lang == "pt-BR":
        for key in (decline_code, code):
            if key and key in ERRORS_PT:
                return ERRORS_PT[key]
    return message
