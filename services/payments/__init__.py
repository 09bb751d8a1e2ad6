"""Checkout with Stripe: quotes, Checkout Sessions, the verified webhook, the payments worker's
handlers (purchases and refunds: handlers.py; receipts: receipt_handlers.py), cancellation terms
and the itinerary calendar file.

The web app calls `PaymentsService` (services.payments.api, see its docstring) and, for the webhook
route, `StripeWebhook.handle(body, signature) -> (status, json)` (services.payments.webhook).
"""
