"""Plain HTTP routes next to the Reflex app (webhooks, health), mounted via `api_transformer`.

Add routes to `ROUTES`; they are served on the app's port in front of Reflex's own routes.
"""
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import BaseRoute, Route

from dreams_app.session_routes import SESSION_ROUTES
from services.payments.webhook import handle_stripe_webhook


async def health(_: Request) -> JSONResponse:
    return JSONResponse({"status": "ok"})


async def stripe_webhook(request: Request) -> JSONResponse:
    """Stripe → verified → topic payments; 2xx only once Kafka has it (services/payments/webhook.py)."""
    status, body = await handle_stripe_webhook(await request.body(), request.headers.get("stripe-signature"))
    return JSONResponse(body, status_code=status)


ROUTES: list[BaseRoute] = [
    Route("/api/health", health, methods=["GET"]),
    Route("/api/stripe/webhook", stripe_webhook, methods=["POST"]),
    *SESSION_ROUTES,
]


def build_api() -> Starlette:
    return Starlette(routes=ROUTES)
