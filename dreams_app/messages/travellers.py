"""Texts of the travellers step (/booking/<id>) and of rebooking (the package page's "open payment"
notice). Every key in pt_BR and en; error keys are services/payments/travellers.py's."""

from dreams_app.messages.common import UNAVAILABLE


def _m(pt_br: str, en: str) -> dict[str, str]:
    return {"pt_BR": pt_br, "en": en}


def _n(pt_br: tuple[str, str], en: tuple[str, str]) -> dict[str, dict[str, str]]:
    return {"pt_BR": {"one": pt_br[0], "other": pt_br[1]}, "en": {"one": en[0], "other": en[1]}}


MESSAGES: dict[str, dict[str, str | dict[str, str]]] = {
    "travellers.title": _m("Viajantes · Dreams", "Travellers · Dreams"),
    "travellers.heading": _m("Quem vai viajar", "Who is travelling"),
    "travellers.intro": _m(
        "Escreva os nomes exatamente como no documento de viagem. As companhias aéreas e o hotel recebem estes dados.",
        "Type the names exactly as on the travel document. The airlines and the hotel receive these details.",
    ),
    "travellers.loading": _m("Carregando a reserva", "Loading the booking"),
    "travellers.not_found_title": _m("Reserva não encontrada", "Booking not found"),
    "travellers.not_found_text": _m(
        "Não há nenhuma reserva com este endereço na sua conta.", "There is no booking at this address in your account."
    ),
    "travellers.failed": _m("Não conseguimos carregar esta reserva.", "We could not load this booking."),
    "travellers.adult_n": _m("Adulto {n}", "Adult {n}"),
    "travellers.child_n": _m("Criança {n} (2 a 11 anos)", "Child {n} (2 to 11 years)"),
    "travellers.infant_n": _m("Bebê {n} (menos de 2 anos)", "Infant {n} (under 2)"),
    "travellers.lead_note": _m("Titular da reserva", "Lead traveller"),
    "travellers.given_names": _m("Nomes (como no documento)", "Given names"),
    "travellers.surname": _m("Sobrenomes", "Surname"),
    "travellers.birth_date": _m("Data de nascimento", "Date of birth"),
    "travellers.nationality": _m("Nacionalidade", "Nationality"),
    "travellers.choose_country": _m("Escolha o país", "Choose the country"),
    "travellers.passport": _m("Número do passaporte", "Passport number"),
    "travellers.passport_expiry": _m("Validade do passaporte", "Passport expiry date"),
    "travellers.contact": _m("Contato do titular", "Lead traveller's contact"),
    "travellers.contact_email": _m("E-mail", "E-mail"),
    "travellers.contact_phone": _m("Telefone (com DDD)", "Phone (with area code)"),
    "travellers.phone_hint": _m(
        "Ex.: (11) 98765-4321 ou +351 912 345 678", "E.g. +55 11 98765-4321 or +1 212 555 0100"
    ),
    "travellers.international": _m(
        "Viagem internacional: passaporte válido até depois da volta.",
        "International trip: a passport valid until after the return.",
    ),
    "travellers.total": _m("Total", "Total"),
    "travellers.submit": _m("Continuar para o pagamento", "Continue to payment"),
    "travellers.submitting": _m("Abrindo o pagamento seguro…", "Opening the secure payment…"),
    "travellers.saved": _m("Rascunho salvo", "Draft saved"),
    "travellers.back": _m("Voltar ao pacote", "Back to the package"),
    "travellers.paid_title": _m("Esta reserva já foi paga", "This booking is already paid"),
    "travellers.paid_text": _m(
        "Para viajar de novo, abra o pacote e reserve outra vez.",
        "To travel again, open the package and book it again.",
    ),
    "travellers.see_payment": _m("Ver o pagamento", "See the payment"),
    "travellers.fix_errors": _m("Corrija os campos destacados.", "Please correct the highlighted fields."),
    "travellers.error.required": _m("Preencha este campo.", "Please fill in this field."),
    "travellers.error.name_chars": _m(
        "Use só letras, espaços, hífen e apóstrofo.", "Use only letters, spaces, hyphens and apostrophes."
    ),
    "travellers.error.name_long": _m("No máximo 50 caracteres.", "At most 50 characters."),
    "travellers.error.date": _m("Data inválida.", "Invalid date."),
    "travellers.error.birth_future": _m(
        "A data de nascimento não pode ser depois da viagem.", "The date of birth cannot be after the trip."
    ),
    "travellers.error.adult_age": _m(
        "Um adulto tem 12 anos ou mais na data da viagem.", "An adult is 12 or older on the day of travel."
    ),
    "travellers.error.child_age": _m(
        "A busca foi para uma criança de 2 a 11 anos durante a viagem.",
        "The search was for a child aged 2 to 11 during the trip.",
    ),
    "travellers.error.infant_age": _m(
        "A busca foi para um bebê com menos de 2 anos até a volta.",
        "The search was for an infant under 2 until the return.",
    ),
    "travellers.error.nationality": _m("Escolha um país da lista.", "Choose a country from the list."),
    "travellers.error.passport": _m("De 5 a 20 letras e números.", "5 to 20 letters and digits."),
    "travellers.error.passport_expiry": _m(
        "O passaporte precisa valer até depois da volta.", "The passport must be valid until after the return."
    ),
    "travellers.error.email": _m("Informe um e-mail válido.", "Please enter a valid e-mail."),
    "travellers.error.phone": _m(
        "Telefone inválido. Inclua o DDD (ou +código do país).",
        "Invalid phone number. Include the area code (or +country code).",
    ),
    "travellers.error.temporarily_unavailable": UNAVAILABLE,
    "travellers.error.unavailable": _m(
        "O pagamento está indisponível no momento. Tente de novo em instantes.",
        "Payments are unavailable right now. Please try again in a moment.",
    ),
    "travellers.error.not_found": _m(
        "Esta reserva não existe mais. Volte ao pacote e reserve de novo.",
        "This booking no longer exists. Go back to the package and book again.",
    ),
    "travellers.error.quote_expired": _m(
        "Este preço não está mais garantido. Volte ao pacote e reserve de novo.",
        "This price is no longer guaranteed. Go back to the package and book again.",
    ),
    "travellers.error.sold_out": _m(
        "Esgotado — alguém acabou de reservar os últimos lugares deste pacote. Volte ao pacote e escolha outro.",
        "Sold out — someone has just booked the last seats of this package. Go back and choose another.",
    ),
    "travellers.error.unexpected": _m(
        "Não conseguimos iniciar o pagamento. Tente de novo.", "We could not start the payment. Please try again."
    ),
    # Rebooking: the package page's notice
    "booking.open_payment": _m(
        "Você tem um pagamento em aberto para este pacote.", "You have an open payment for this package."
    ),
    "booking.open_payment_text": _m(
        "Continue de onde parou, ou comece uma nova reserva (o pagamento em aberto é cancelado).",
        "Continue where you left off, or start a new booking (the open payment is cancelled).",
    ),
    "booking.continue_payment": _m("Continuar pagamento", "Continue payment"),
    "booking.start_over": _m("Começar de novo", "Start over"),
    "travellers.passport_masked": _m("passaporte {number}", "passport {number}"),
    # Dashboard card: the lead and how many more
    "dashboard.lead_and_more": _n(
        ("{lead} e mais {n} viajante", "{lead} e mais {n} viajantes"),
        ("{lead} and {n} other traveller", "{lead} and {n} other travellers"),
    ),
}
