"""The travellers of a booking: who flies, as on their travel documents, and how to reach the lead.

    slots(query) -> ["adult", "adult", "child", …]       one per passenger of the package's search
    trip_rules(package) -> TripRules                       dates and whether documents are needed
    validate(draft, rules) -> (Travellers | None, errors)  errors: field -> message key

A draft is what the form holds, field by field, as typed (strings): `p{i}_given_names`,
`p{i}_surname`, `p{i}_birth_date`, `p{i}_nationality`, `p{i}_passport`, `p{i}_passport_expiry`,
`contact_email`, `contact_phone`. It is kept with the quote on every blur, so a reload shows it;
`validate` turns a complete one into pydantic models (the authority: the form has no rules of its own).

Age categories as airlines count them: adult ≥ 12, child 2–11, infant < 2. The lower bound is met on
the departure day and the upper bound on the return day (an infant turning 2 during the trip needs
a seat home, so it is a child; a child turning 12 flies home as an adult).
International = origin and destination airports in different countries (airportsdata): then every
passenger needs nationality, passport number and a passport valid after the return day.
Passport numbers are stored (airlines need them) but only ever shown `masked`.
"""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache
from typing import Literal

import phonenumbers
from babel import Locale
from email_validator import EmailNotValidError, validate_email
from pydantic import BaseModel, ConfigDict, Field

from services.catalog.airports import get_airport
from services.packages.models import Package, SearchQuery

PassengerKind = Literal["adult", "child", "infant"]
PASSENGER_FIELDS = ("given_names", "surname", "birth_date", "nationality", "passport", "passport_expiry")
CONTACT_FIELDS = ("contact_email", "contact_phone")
MAX_PASSENGERS = 9
MAX_VALUE = 100  # characters kept per draft field (a draft is what was typed, bounded)
FIELD_NAME = re.compile(rf"^(p[0-{MAX_PASSENGERS - 1}]_({'|'.join(PASSENGER_FIELDS)})|{'|'.join(CONTACT_FIELDS)})$")
# Letters of any script (accents allowed), single spaces, hyphens and apostrophes between them.
NAME = re.compile(r"^[^\W\d_]+(?:[ '’\-][^\W\d_]+)*$")
PASSPORT = re.compile(r"^[A-Z0-9]{5,20}$")
PHONE_REGION = "BR"  # a number typed without +country code is Brazilian (the shop sells from Brazil)
# CLDR territories that issue no passport (regions, groupings, unknown).
_NOT_COUNTRIES = {"EU", "EZ", "UN", "QO", "ZZ", "XA", "XB"}


class Passenger(BaseModel):
    model_config = ConfigDict(frozen=True)

    kind: PassengerKind
    given_names: str = Field(min_length=1, max_length=50)
    surname: str = Field(min_length=1, max_length=50)
    birth_date: date
    nationality: str | None = Field(default=None, pattern=r"^[A-Z]{2}$")
    passport: str | None = Field(default=None, pattern=r"^[A-Z0-9]{5,20}$")
    passport_expiry: date | None = None

    @property
    def full_name(self) -> str:
        return f"{self.given_names} {self.surname}"

    @property
    def passport_masked(self) -> str:
        return masked(self.passport) if self.passport else ""


class LeadContact(BaseModel):
    model_config = ConfigDict(frozen=True)

    email: str = Field(max_length=254)
    phone_e164: str = Field(pattern=r"^\+[1-9]\d{6,14}$")


class Travellers(BaseModel):
    model_config = ConfigDict(frozen=True)

    passengers: list[Passenger] = Field(min_length=1, max_length=MAX_PASSENGERS)
    contact: LeadContact

    @property
    def lead(self) -> Passenger:
        return self.passengers[0]


class TripRules(BaseModel):
    """What a booking's passengers are checked against."""

    model_config = ConfigDict(frozen=True)

    slots: list[PassengerKind]
    departure: date  # at the origin
    return_day: date  # the last flight's day (arrival)
    international: bool


def masked(passport: str) -> str:
    """`•••••1234`: enough to recognise one's own document, useless to anyone else."""
    return "•" * 5 + passport[-4:]


def slots(query: SearchQuery) -> list[PassengerKind]:
    return ["adult"] * query.adults + ["child"] * query.children + ["infant"] * query.infants


def is_international(origin: str, destination: str) -> bool:
    a, b = get_airport(origin), get_airport(destination)
    return a is None or b is None or a.country != b.country  # unknown: ask for documents


def trip_rules(package: Package) -> TripRules:
    q = package.query
    return TripRules(
        slots=slots(q),
        departure=package.outbound.segments[0].departure_local.date(),
        return_day=package.inbound.segments[-1].arrival_local.date(),
        international=is_international(q.origin, q.destination),
    )


@lru_cache(maxsize=4)
def countries(locale: str) -> tuple[tuple[str, str], ...]:
    """(code, name) of every passport-issuing country, sorted by name in `locale` (CLDR via Babel)."""
    names = Locale.parse(locale).territories
    return tuple(
        sorted(
            ((c, n) for c, n in names.items() if len(c) == 2 and c.isalpha() and c not in _NOT_COUNTRIES),
            key=lambda item: item[1].casefold(),
        )
    )


def age_on(birth: date, day: date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def _kind_error(kind: PassengerKind, birth: date, rules: TripRules) -> str | None:
    at_departure, at_return = age_on(birth, rules.departure), age_on(birth, rules.return_day)
    if kind == "adult" and at_departure < 12:
        return "travellers.error.adult_age"
    if kind == "child" and not (at_departure >= 2 and at_return <= 11):
        return "travellers.error.child_age"
    if kind == "infant" and at_return >= 2:
        return "travellers.error.infant_age"
    return None


def _date(value: str) -> date | None:
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def _name(value: str) -> tuple[str | None, str | None]:
    value = " ".join(value.split())
    if not value:
        return None, "travellers.error.required"
    if len(value) > 50:
        return None, "travellers.error.name_long"
    if not NAME.match(value):
        return None, "travellers.error.name_chars"
    return value, None


def normalise_phone(value: str) -> str | None:
    """E.164 (`+5511987654321`) of a valid number, or None."""
    try:
        number = phonenumbers.parse(value, PHONE_REGION)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def clean_draft(draft: dict[str, object]) -> dict[str, str]:
    """Only known field names, string values, bounded: what may be stored as a draft."""
    return {k: str(v)[:MAX_VALUE] for k, v in draft.items() if isinstance(k, str) and FIELD_NAME.match(k)}


def _passenger(
    i: int, kind: PassengerKind, draft: dict[str, str], rules: TripRules, errors: dict[str, str]
) -> Passenger | None:
    get = lambda field: draft.get(f"p{i}_{field}", "").strip()  # noqa: E731
    key = lambda field: f"p{i}_{field}"  # noqa: E731
    given, error = _name(get("given_names"))
    if error:
        errors[key("given_names")] = error
    surname, error = _name(get("surname"))
    if error:
        errors[key("surname")] = error
    birth = _date(get("birth_date"))
    if birth is None:
        errors[key("birth_date")] = "travellers.error.required" if not get("birth_date") else "travellers.error.date"
    elif birth > rules.departure:
        errors[key("birth_date")] = "travellers.error.birth_future"
    elif age_on(birth, rules.departure) > 120:
        errors[key("birth_date")] = "travellers.error.date"
    elif why := _kind_error(kind, birth, rules):
        errors[key("birth_date")] = why
    nationality = passport = expiry = None
    if rules.international:
        nationality = get("nationality").upper()
        if not nationality:
            errors[key("nationality")] = "travellers.error.required"
        elif nationality not in dict(countries("en")):
            errors[key("nationality")] = "travellers.error.nationality"
        passport = re.sub(r"[\s-]", "", get("passport")).upper()
        if not passport:
            errors[key("passport")] = "travellers.error.required"
        elif not PASSPORT.match(passport):
            errors[key("passport")] = "travellers.error.passport"
        expiry = _date(get("passport_expiry"))
        if expiry is None:
            errors[key("passport_expiry")] = (
                "travellers.error.required" if not get("passport_expiry") else "travellers.error.date"
            )
        elif expiry <= rules.return_day:
            errors[key("passport_expiry")] = "travellers.error.passport_expiry"
    if any(k.startswith(f"p{i}_") for k in errors):
        return None
    return Passenger(
        kind=kind,
        given_names=given,
        surname=surname,
        birth_date=birth,
        nationality=nationality,
        passport=passport,
        passport_expiry=expiry,
    )


def validate(draft: dict[str, str], rules: TripRules) -> tuple[Travellers | None, dict[str, str]]:
    """Every passenger of the search and the lead's contact, or the errors (field -> message key)."""
    draft = clean_draft(draft)
    errors: dict[str, str] = {}
    passengers = [_passenger(i, kind, draft, rules, errors) for i, kind in enumerate(rules.slots)]
    email = draft.get("contact_email", "").strip()
    try:
        email = validate_email(email, check_deliverability=False, test_environment=True).normalized if email else ""
    except EmailNotValidError:
        errors["contact_email"] = "travellers.error.email"
    if not email:
        errors["contact_email"] = "travellers.error.required"
    phone_raw = draft.get("contact_phone", "").strip()
    phone = normalise_phone(phone_raw) if phone_raw else None
    if not phone:
        errors["contact_phone"] = "travellers.error.phone" if phone_raw else "travellers.error.required"
    if errors:
        return None, errors
    return Travellers(passengers=passengers, contact=LeadContact(email=email, phone_e164=phone)), {}
