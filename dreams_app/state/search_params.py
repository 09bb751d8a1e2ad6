"""The search as URL parameters (`?from=GRU&to=LIS&depart=…`), shared by the form and the results.

Form fields are named like services.packages' validation fields, so its errors land next to the
right field; URL parameters are short and readable, so a shared link says what it searches.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, timedelta

from services.catalog import get_airport, search_airports
from services.catalog.place_names import airport_label as localized_label
from services.packages import SearchQuery

# form field → URL parameter
FIELD_PARAMS: dict[str, str] = {
    "origin": "from",
    "destination": "to",
    "departure": "depart",
    "return_date": "return",
    "adults": "adults",
    "children": "children",
    "infants": "infants",
    "cabin": "cabin",
    "rooms": "rooms",
}
DEFAULTS: dict[str, str] = {"adults": "1", "children": "0", "infants": "0", "cabin": "ECONOMY", "rooms": "1"}
ERROR_FIELDS = (*FIELD_PARAMS, "travellers")
_CODE_IN_LABEL = re.compile(r"\(([A-Z]{3})\)")


def airport_label(code: str, locale: str) -> str:
    """What the airport field shows for a code: 'Lisboa (LIS) – Humberto Delgado Airport' in pt_BR."""
    return localized_label(code, locale)


def resolve_airport(text: str) -> str:
    """The IATA code the visitor meant: a picked suggestion, a typed code, or the best match.
    Text that matches nothing is returned as typed, so validation reports it as unknown."""
    text = (text or "").strip()
    picked = _CODE_IN_LABEL.search(text)
    if picked and get_airport(picked.group(1)):
        return picked.group(1)
    if len(text) == 3 and text.isalpha() and get_airport(text):
        return text.upper()
    best = search_airports(text, limit=1)
    return best[0].iata if best else text


def suggestions(text: str, locale: str, limit: int = 8) -> list[str]:
    return [localized_label(airport.iata, locale) for airport in search_airports(text, limit=limit)]


def form_to_params(form: Mapping[str, str]) -> dict[str, str]:
    """Submitted form values (airports already resolved to codes) → URL parameters."""
    return {param: str(form.get(field, DEFAULTS.get(field, "")) or "").strip() for field, param in FIELD_PARAMS.items()}


def params_to_args(params: Mapping[str, str]) -> dict[str, str]:
    """URL parameters → keyword arguments of services.packages' parse/validate functions."""
    return {field: (params.get(param) or DEFAULTS.get(field, "")) for field, param in FIELD_PARAMS.items()}


def query_to_params(query: SearchQuery) -> dict[str, str]:
    return form_to_params(
        {
            "origin": query.origin,
            "destination": query.destination,
            "departure": query.departure.isoformat(),
            "return_date": query.return_date.isoformat(),
            "adults": str(query.adults),
            "children": str(query.children),
            "infants": str(query.infants),
            "cabin": query.cabin.value,
            "rooms": str(query.rooms),
        }
    )


def default_dates(today: date | None = None) -> tuple[str, str]:
    """A month ahead, for a week: a sensible first search."""
    start = (today or date.today()) + timedelta(days=30)
    return start.isoformat(), (start + timedelta(days=7)).isoformat()
