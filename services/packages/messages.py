"""A tiny message catalogue for the search form: key → text per locale (pt_BR default, en).

Validation returns keys; `message()` turns a key into text for the visitor's locale, so the UI can
show it inline next to the field. Any locale spelling works (services.i18n.normalise_locale).
"""

from __future__ import annotations

from services.i18n import DEFAULT_LOCALE, normalise_locale

MESSAGES: dict[str, dict[str, str]] = {
    "search.origin.required": {
        "pt_BR": "Informe a cidade ou o aeroporto de origem.",
        "en": "Enter the city or airport you are leaving from.",
    },
    "search.origin.unknown": {
        "pt_BR": "Não encontramos esse aeroporto de origem.",
        "en": "We could not find that departure airport.",
    },
    "search.destination.required": {
        "pt_BR": "Informe a cidade ou o aeroporto de destino.",
        "en": "Enter the city or airport you are going to.",
    },
    "search.destination.unknown": {
        "pt_BR": "Não encontramos esse aeroporto de destino.",
        "en": "We could not find that destination airport.",
    },
    "search.destination.same_as_origin": {
        "pt_BR": "O destino precisa ser uma cidade diferente da origem.",
        "en": "The destination must be a different city from the origin.",
    },
    "search.departure.required": {"pt_BR": "Escolha a data de ida.", "en": "Choose a departure date."},
    "search.departure.invalid": {"pt_BR": "Data de ida inválida.", "en": "That departure date is not valid."},
    "search.departure.past": {"pt_BR": "A data de ida já passou.", "en": "The departure date is in the past."},
    "search.departure.too_far": {
        "pt_BR": "Só vendemos viagens com ida em até 330 dias.",
        "en": "We only sell trips departing within 330 days.",
    },
    "search.return.required": {"pt_BR": "Escolha a data de volta.", "en": "Choose a return date."},
    "search.return.invalid": {"pt_BR": "Data de volta inválida.", "en": "That return date is not valid."},
    "search.return.before_departure": {
        "pt_BR": "A volta precisa ser depois da ida.",
        "en": "The return must be after the departure.",
    },
    "search.return.too_long": {
        "pt_BR": "A viagem pode ter no máximo 30 noites.",
        "en": "A trip can last at most 30 nights.",
    },
    "search.adults.min": {"pt_BR": "É preciso pelo menos 1 adulto.", "en": "At least one adult must travel."},
    "search.travellers.invalid": {"pt_BR": "Número de viajantes inválido.", "en": "Invalid number of travellers."},
    "search.travellers.too_many": {
        "pt_BR": "No máximo 9 viajantes por reserva (incluindo bebês).",
        "en": "At most 9 travellers per booking (infants included).",
    },
    "search.infants.more_than_adults": {
        "pt_BR": "Cada bebê viaja no colo de um adulto: não pode haver mais bebês que adultos.",
        "en": "Each infant travels on an adult's lap: no more infants than adults.",
    },
    "search.cabin.invalid": {"pt_BR": "Classe inválida.", "en": "Unknown cabin class."},
    "search.rooms.invalid": {
        "pt_BR": "Escolha de 1 quarto até um quarto por adulto.",
        "en": "Choose between 1 room and one room per adult.",
    },
}


def message(key: str, locale: str | None = DEFAULT_LOCALE) -> str:
    texts = MESSAGES[key]
    return texts.get(normalise_locale(locale)) or texts[DEFAULT_LOCALE]
