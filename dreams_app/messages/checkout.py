"""Texts of booking (the package page's panel), the checkout success page, the dashboard ("Minhas
viagens") and a purchase's page (itinerary, receipt, cancellation). Every key in pt_BR and en."""

from dreams_app.messages.common import UNAVAILABLE


def _m(pt_br: str, en: str) -> dict[str, str]:
    return {"pt_BR": pt_br, "en": en}


def _n(pt_br: tuple[str, str], en: tuple[str, str]) -> dict[str, dict[str, str]]:
    """A counted text: (one, other) per language; dreams_app/i18n.py picks the form by CLDR's rule."""
    return {"pt_BR": {"one": pt_br[0], "other": pt_br[1]}, "en": {"one": en[0], "other": en[1]}}


MESSAGES: dict[str, dict[str, str | dict[str, str]]] = {
    "nav.trips": _m("Minhas viagens", "My trips"),
    # Booking panel (package page)
    "booking.book_busy": _m("Preparando o pagamento…", "Preparing the payment…"),
    "booking.redirecting": _m("Abrindo o pagamento seguro…", "Opening the secure payment…"),
    "booking.logged_in_note": _m(
        "O preço é recalculado e travado por 30 minutos; você paga na página segura do Stripe.",
        "The price is recalculated and locked for 30 minutes; you pay on Stripe's secure page.",
    ),
    "booking.terms": _m("Condições de cancelamento", "Cancellation terms"),
    "booking.expired": _m(
        "Este preço não está mais garantido. Atualize o preço para continuar.",
        "This price is no longer guaranteed. Refresh the price to continue.",
    ),
    "booking.refresh": _m("Atualizar preço", "Refresh price"),
    "booking.refreshing": _m("Atualizando…", "Refreshing…"),
    "booking.refreshed": _m(
        "Preço atualizado: {total}, garantido até {until}.", "Price refreshed: {total}, guaranteed until {until}."
    ),
    "booking.error.temporarily_unavailable": UNAVAILABLE,
    "booking.error.unavailable": _m(
        "O pagamento está indisponível no momento. Tente de novo em instantes.",
        "Payments are unavailable right now. Please try again in a moment.",
    ),
    "booking.error.sold_out": _m(
        "Esgotado — alguém acabou de reservar os últimos lugares deste pacote.",
        "Sold out — someone has just booked the last seats of this package.",
    ),
    "booking.error.not_found": _m(
        "Este pacote não está mais disponível. Faça uma nova busca.",
        "This package is no longer available. Please search again.",
    ),
    "booking.error.unexpected": _m(
        "Não conseguimos iniciar o pagamento. Tente de novo.", "We could not start the payment. Please try again."
    ),
    # Success page
    "success.title": _m("Pagamento · Dreams", "Payment · Dreams"),
    "success.heading": _m("Seu pagamento", "Your payment"),
    "success.confirming": _m("Confirmando seu pagamento…", "Confirming your payment…"),
    "success.confirming_text": _m(
        "Isso costuma levar poucos segundos. Não feche esta página.",
        "This usually takes a few seconds. Please keep this page open.",
    ),
    "success.done": _m("Pagamento confirmado!", "Payment confirmed!"),
    "success.done_text": _m(
        "Sua viagem está reservada. Enviamos o recibo para o seu e-mail.",
        "Your trip is booked. We sent the receipt to your e-mail.",
    ),
    "success.sold_out": _m("Viagem não confirmada", "Trip not confirmed"),
    "success.sold_out_text": _m(
        "Os últimos lugares ou quartos esgotaram antes de o pagamento chegar. Devolvemos o "
        "valor integral ao seu cartão e enviamos um e-mail explicando.",
        "The last seats or rooms sold out before the payment arrived. We refunded the full "
        "amount to your card and sent you an e-mail about it.",
    ),
    "success.slow": _m("Ainda confirmando", "Still confirming"),
    "success.slow_text": _m(
        "Seu pagamento está sendo confirmado. Assim que terminar, enviaremos um e-mail e a "
        "viagem aparecerá em Minhas viagens.",
        "Your payment is still being confirmed. We will e-mail you as soon as it is done, "
        "and the trip will appear in My trips.",
    ),
    "success.unpaid": _m("Pagamento não concluído", "Payment not completed"),
    "success.unpaid_text": _m(
        "Não recebemos a confirmação deste pagamento. Nada foi cobrado por esta reserva.",
        "We have no confirmation of this payment. Nothing was charged for this booking.",
    ),
    "success.not_found": _m("Pagamento não encontrado", "Payment not found"),
    "success.not_found_text": _m(
        "Este link de pagamento não pertence à sua conta ou não existe.",
        "This payment link does not belong to your account or does not exist.",
    ),
    "success.error": _m("Não conseguimos verificar o pagamento agora.", "We could not check the payment right now."),
    "success.see_purchase": _m("Ver detalhes da viagem", "See trip details"),
    "success.go_dashboard": _m("Ir para Minhas viagens", "Go to My trips"),
    # Dashboard
    "dashboard.title": _m("Minhas viagens · Dreams", "My trips · Dreams"),
    "dashboard.heading": _m("Minhas viagens", "My trips"),
    "dashboard.subtitle": _m(
        "Seus pacotes comprados, do mais recente ao mais antigo.", "Your purchased packages, newest first."
    ),
    "dashboard.loading": _m("Carregando suas viagens", "Loading your trips"),
    "dashboard.empty_title": _m("Nenhuma viagem ainda", "No trips yet"),
    "dashboard.empty_text": _m(
        "Busque um pacote e reserve sua próxima viagem.", "Search a package and book your next trip."
    ),
    "dashboard.search": _m("Buscar pacotes", "Search packages"),
    "dashboard.failed": _m("Não conseguimos carregar suas viagens.", "We could not load your trips."),
    "dashboard.bought_on": _m("Comprado em {when}", "Bought on {when}"),
    "dashboard.travellers": _n(("{n} viajante", "{n} viajantes"), ("{n} traveller", "{n} travellers")),
    "dashboard.open": _m("Ver viagem", "See trip"),
    # Status
    "status.paid": _m("Pago", "Paid"),
    "status.refund_pending": _m("Reembolso em andamento", "Refund pending"),
    "status.refunded": _m("Reembolsado", "Refunded"),
    "status.sold_out_refunded": _m("Não confirmada — reembolsada", "Not confirmed — refunded"),
    "purchase.sold_out_text": _m(
        "Esta viagem não foi confirmada: os últimos lugares ou quartos esgotaram antes de o "
        "pagamento chegar. Devolvemos {amount} integralmente ao cartão usado ({when}).",
        "This trip was not confirmed: the last seats or rooms sold out before the payment "
        "arrived. We refunded {amount} in full to the card used ({when}).",
    ),
    # Purchase page
    "purchase.title": _m("Sua viagem · Dreams", "Your trip · Dreams"),
    "purchase.heading": _m("Sua viagem", "Your trip"),
    "purchase.loading": _m("Carregando a viagem", "Loading the trip"),
    "purchase.not_found_title": _m("Viagem não encontrada", "Trip not found"),
    "purchase.not_found_text": _m(
        "Não há nenhuma viagem com este endereço na sua conta.", "There is no trip at this address in your account."
    ),
    "purchase.failed": _m("Não conseguimos carregar esta viagem.", "We could not load this trip."),
    "purchase.back": _m("Minhas viagens", "My trips"),
    "purchase.payment": _m("Pagamento", "Payment"),
    "purchase.status": _m("Situação", "Status"),
    "purchase.reference": _m("Referência do pagamento", "Payment reference"),
    "purchase.purchased_at": _m("Data da compra", "Purchase date"),
    "purchase.paid_total": _m("Total pago", "Total paid"),
    "purchase.travellers": _m("Viajantes", "Travellers"),
    "purchase.ics": _m("Baixar itinerário (.ics)", "Download itinerary (.ics)"),
    "purchase.resend": _m("Reenviar recibo", "Resend receipt"),
    "purchase.resending": _m("Enviando…", "Sending…"),
    "purchase.resent": _m("Recibo reenviado para {email}.", "Receipt sent again to {email}."),
    "purchase.too_soon": _m(
        "O recibo acabou de ser enviado. Confira sua caixa de entrada (e o spam).",
        "The receipt was sent a moment ago. Please check your inbox (and spam folder).",
    ),
    "purchase.cancellation": _m("Cancelamento", "Cancellation"),
    "purchase.cancel": _m("Cancelar e reembolsar", "Cancel and refund"),
    "purchase.cancel_preview": _m(
        "Se cancelar agora, você recebe {amount} ({percent}%) de volta no cartão.",
        "If you cancel now, {amount} ({percent}%) goes back to your card.",
    ),
    "purchase.free_until": _m("Cancelamento gratuito até {when}.", "Free cancellation until {when}."),
    "purchase.cancel_closed": _m("Esta viagem não pode mais ser cancelada.", "This trip can no longer be cancelled."),
    "purchase.confirm_title": _m("Cancelar esta viagem?", "Cancel this trip?"),
    "purchase.confirm_text": _m(
        "A reserva será cancelada e {amount} voltará para o cartão usado no pagamento. "
        "Esta ação não pode ser desfeita.",
        "The booking will be cancelled and {amount} will go back to the card used for payment. This cannot be undone.",
    ),
    "purchase.confirm_yes": _m("Sim, cancelar", "Yes, cancel"),
    "purchase.confirm_no": _m("Manter viagem", "Keep the trip"),
    "purchase.cancelling": _m("Cancelando…", "Cancelling…"),
    "purchase.refund_pending_text": _m(
        "Reembolso de {amount} solicitado. Esta página se atualiza sozinha quando o Stripe confirmar.",
        "A refund of {amount} was requested. This page updates by itself once Stripe confirms it.",
    ),
    "purchase.refunded_text": _m("{amount} reembolsado em {when}.", "{amount} refunded on {when}."),
    "purchase.error.refund_not_allowed": _m(
        "Esta viagem não pode mais ser cancelada.", "This trip can no longer be cancelled."
    ),
    "purchase.error.temporarily_unavailable": UNAVAILABLE,
    "purchase.error.unavailable": _m(
        "O serviço está indisponível no momento. Tente de novo em instantes.",
        "The service is unavailable right now. Please try again in a moment.",
    ),
    "purchase.error.unexpected": _m("Algo deu errado. Tente de novo.", "Something went wrong. Please try again."),
}
