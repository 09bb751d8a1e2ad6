"""Search form validation, as pure functions: field → message key (or translated text).

Fields: origin, destination, departure, return_date, adults, children, infants, travellers, cabin, rooms.
"Today" is the calendar date at the origin airport (a flight leaves on the origin's local date).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

from services.catalog.airports import get_airport
from services.catalog.models import Cabin, local
from services.errors import ValidationFailed
from services.i18n import DEFAULT_LOCALE
from services.packages.messages import message
from services.packages.models import SearchQuery

MAX_TRAVELLERS = 9
MAX_NIGHTS = 30
MAX_DAYS_AHEAD = 330


def _as_date(value: date | str | None) -> date | None | str:
    """A date, None when empty, or "invalid"."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError:
        return "invalid"


def _as_int(value: int | str | None, default: int) -> int | None:
    if value is None or value == "":
        return default
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def search_error_keys(
    origin: str | None,
    destination: str | None,
    departure: date | str | None,
    return_date: date | str | None,
    adults: int | str = 1,
    children: int | str = 0,
    infants: int | str = 0,
    cabin: str = Cabin.ECONOMY.value,
    rooms: int | str = 1,
    *,
    today: date | None = None,
) -> dict[str, str]:
    """Field → message key for every problem found (empty when the search is valid)."""
    errors: dict[str, str] = {}
    src, dst = get_airport(origin or ""), get_airport(destination or "")
    if not (origin or "").strip():
        errors["origin"] = "search.origin.required"
    elif src is None:
        errors["origin"] = "search.origin.unknown"
    if not (destination or "").strip():
        errors["destination"] = "search.destination.required"
    elif dst is None:
        errors["destination"] = "search.destination.unknown"
    elif src is not None and (src.iata == dst.iata or (src.city == dst.city and src.country == dst.country)):
        errors["destination"] = "search.destination.same_as_origin"

    if today is None:
        now = datetime.now(timezone.utc)
        today = local(now, src.tz).date() if src else now.date()
    dep, ret = _as_date(departure), _as_date(return_date)
    if dep is None:
        errors["departure"] = "search.departure.required"
    elif dep == "invalid":
        errors["departure"] = "search.departure.invalid"
    elif dep < today:
        errors["departure"] = "search.departure.past"
    elif dep > today + timedelta(days=MAX_DAYS_AHEAD):
        errors["departure"] = "search.departure.too_far"
    if ret is None:
        errors["return_date"] = "search.return.required"
    elif ret == "invalid":
        errors["return_date"] = "search.return.invalid"
    elif isinstance(dep, date) and ret <= dep:
        errors["return_date"] = "search.return.before_departure"
    elif isinstance(dep, date) and (ret - dep).days > MAX_NIGHTS:
        errors["return_date"] = "search.return.too_long"

    n_adults, n_children, n_infants = _as_int(adults, 1), _as_int(children, 0), _as_int(infants, 0)
    counts = {"adults": n_adults, "children": n_children, "infants": n_infants}
    for field, count in counts.items():
        if count is None or count < 0:
            errors[field] = "search.travellers.invalid"
    if n_adults is not None and 0 <= n_adults < 1:
        errors["adults"] = "search.adults.min"
    if not any(field in errors for field in counts):
        if n_adults + n_children + n_infants > MAX_TRAVELLERS:
            errors["travellers"] = "search.travellers.too_many"
        if n_infants > n_adults:
            errors["infants"] = "search.infants.more_than_adults"
    if cabin not in {c.value for c in Cabin}:
        errors["cabin"] = "search.cabin.invalid"
    n_rooms = _as_int(rooms, 1)
    if n_rooms is None or n_rooms < 1 or (n_adults is not None and n_adults >= 1 and n_rooms > n_adults):
        errors["rooms"] = "search.rooms.invalid"
    return errors


def validate_search(
    origin: str | None,
    destination: str | None,
    departure: date | str | None,
    return_date: date | str | None,
    adults: int | str = 1,
    children: int | str = 0,
    infants: int | str = 0,
    cabin: str = Cabin.ECONOMY.value,
    rooms: int | str = 1,
    *,
    today: date | None = None,
    locale: str | None = DEFAULT_LOCALE,
) -> dict[str, str]:
    """Field → message text in `locale` (pt_BR by default). Empty dict: the search is valid."""
    keys = search_error_keys(
        origin, destination, departure, return_date, adults, children, infants, cabin, rooms, today=today
    )
    return {field: message(key, locale) for field, key in keys.items()}


def parse_search(
    origin: str | None,
    destination: str | None,
    departure: date | str | None,
    return_date: date | str | None,
    adults: int | str = 1,
    children: int | str = 0,
    infants: int | str = 0,
    cabin: str = Cabin.ECONOMY.value,
    rooms: int | str = 1,
    *,
    today: date | None = None,
    locale: str | None = DEFAULT_LOCALE,
) -> SearchQuery:
    """A SearchQuery from form values, or ValidationFailed whose `fields` hold the translated messages."""
    errors = validate_search(
        origin, destination, departure, return_date, adults, children, infants, cabin, rooms, today=today, locale=locale
    )
    if errors:
        raise ValidationFailed(errors)
    return SearchQuery(
        origin=get_airport(origin).iata,
        destination=get_airport(destination).iata,
        departure=_as_date(departure),
        return_date=_as_date(return_date),
        adults=int(adults),
        children=int(children or 0),
        infants=int(infants or 0),
        cabin=Cabin(cabin),
        rooms=int(rooms or 1),
    )
