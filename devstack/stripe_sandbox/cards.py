"""Card input checks with Stripe's messages, and what each test card does.

Numbers that pass the Luhn check but are not Stripe test cards are declined, as Stripe does in
test mode ("used a non test card").
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from .errors import StripeError, card_declined


@dataclass(frozen=True)
class Card:
    number: str
    exp_month: int
    exp_year: int
    cvc: str

    @property
    def brand(self) -> str:
        if self.number.startswith("4"):
            return "visa"
        if self.number[:2] in {"51", "52", "53", "54", "55"} or self.number.startswith("2"):
            return "mastercard"
        if self.number[:2] in {"34", "37"}:
            return "amex"
        return "unknown"

    def details(self) -> dict[str, object]:
        """`payment_method_details.card` of the charge."""
        return {
            "brand": self.brand,
            "last4": self.number[-4:],
            "exp_month": self.exp_month,
            "exp_year": self.exp_year,
            "funding": "credit",
            "country": "US",
            "checks": {"cvc_check": "pass", "address_line1_check": None, "address_postal_code_check": None},
            # What Stripe reports for a plain one-off card payment.
            "extended_authorization": {"status": "disabled"},
            "incremental_authorization": {"status": "unavailable"},
            "multicapture": {"status": "unavailable"},
        }


# number -> (decline code, message); None means the payment succeeds.
TEST_CARDS: dict[str, tuple[str, str] | None] = {
    "4242424242424242": None,
    "4000056655665556": None,
    "5555555555554444": None,
    "2223003122003222": None,
    "378282246310005": None,
    "4000000000000002": ("generic_decline", "Your card was declined."),
    "4000000000009995": ("insufficient_funds", "Your card has insufficient funds."),
    "4000000000000069": ("expired_card", "Your card has expired."),
    "4000000000000127": ("incorrect_cvc", "Your card's security code is incorrect."),
    "4000000000000119": (
        "processing_error",
        "An error occurred while processing your card. Try again in a little bit.",
    ),
}


def _luhn_ok(number: str) -> bool:
    total = 0
    for i, digit in enumerate(reversed(number)):
        d = int(digit)
        if i % 2:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


def _input_error(message: str, code: str, param: str) -> StripeError:
    return StripeError(message, status=402, type="card_error", code=code, param=param)


def parse_expiry(text: str) -> tuple[int, int]:
    """ "12/34", "12 / 2034" -> (12, 2034). Raises on garbage."""
    match = re.fullmatch(r"\s*(\d{1,2})\s*/\s*(\d{2}|\d{4})\s*", text or "")
    if not match:
        raise _input_error("Your card's expiration date is incomplete.", "incomplete_expiry", "exp_month")
    month, year = int(match.group(1)), int(match.group(2))
    return month, year + 2000 if year < 100 else year


def validate(number: str, exp_month: int, exp_year: int, cvc: str, today: dt.date | None = None) -> Card:
    """A Card, or a 402 card_error naming the field (number, exp_month, exp_year, cvc)."""
    digits = re.sub(r"[\s-]", "", number or "")
    if not digits:
        raise _input_error("Your card number is incomplete.", "incomplete_number", "number")
    if not digits.isdigit() or not 12 <= len(digits) <= 19:
        raise _input_error("Your card number is invalid.", "invalid_number", "number")
    if not _luhn_ok(digits):
        raise _input_error("Your card number is invalid.", "incorrect_number", "number")
    if not 1 <= exp_month <= 12:
        raise _input_error("Your card's expiration month is invalid.", "invalid_expiry_month", "exp_month")
    today = today or dt.date.today()
    if exp_year < today.year or (exp_year == today.year and exp_month < today.month):
        raise _input_error("Your card's expiration date is in the past.", "invalid_expiry_year_past", "exp_year")
    if exp_year > today.year + 50:
        raise _input_error("Your card's expiration year is invalid.", "invalid_expiry_year", "exp_year")
    cvc = (cvc or "").strip()
    wanted = 4 if digits[:2] in {"34", "37"} else 3
    if not cvc.isdigit() or len(cvc) != wanted:
        raise _input_error("Your card's security code is incomplete.", "incomplete_cvc", "cvc")
    return Card(digits, exp_month, exp_year, cvc)


def charge_outcome(card: Card) -> None:
    """Raise the decline for this test card, or return if it pays."""
    if card.number not in TEST_CARDS:
        raise card_declined(
            "Your card was declined. Your request was in test mode, but used a non test card. "
            "For a list of valid test cards, visit: https://stripe.com/docs/testing.",
            "card_declined",
            "test_mode_live_card",
        )
    outcome = TEST_CARDS[card.number]
    if outcome is not None:
        decline_code, message = outcome
        code = (
            decline_code if decline_code in {"expired_card", "incorrect_cvc", "processing_error"} else "card_declined"
        )
        raise card_declined(message, code, decline_code)
