"""Plain HTTP routes next to the Reflex app (webhooks, health, metrics), mounted via `api_transformer`.

Add routes to `ROUTES`; they are served on the app's port in front of Reflex's own routes.
"""

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

from dreams_app import backend
from dreams_app.messages.common import UNAVAILABLE
from dreams_app.session_routes import SESSION_ROUTES
from services.config import get_settings
from services.errors import NotFound, ServiceUnavailable
from services.observability.metrics_server import exposition
from services.sessions.policy import cookie_name


async def health(_: Request) -> JSONResponse:
    return JSONResponse({"status": "ok"})


async def metrics(_: Request) -> Response:
    """This process's Prometheus metrics (one backend process: see docs/DESIGN.md on several)."""
    body, content_type = exposition()
    return Response(body, media_type=content_type, headers={"Cache-Control": "no-store"})


async def stripe_webhook(request: Request) -> JSONResponse:
    """Stripe → verified → topic payments; 2xx only once Kafka has it (services/payments/webhook.py)."""
    status, body = await backend.services().webhook.handle(
        await request.body(), request.headers.get("stripe-signature")
    )
    return JSONResponse(body, status_code=status)


async def itinerary_ics(request: Request) -> Response:
    """The purchase's itinerary as an .ics file, for the logged-in owner only (session cookie).

    Another user's purchase answers 404 like an unknown id; no session answers 401; Mongo down 503.
    """
    private = {"Cache-Control": "private, no-store"}
    token = request.cookies.get(cookie_name(get_settings().public_url))
    purchase_id = request.path_params["purchase_id"][:100]
    try:
        session = await backend.services().sessions.lookup(token) if token else None
        if session is None:
            return Response(
                "Log in to download the itinerary.", status_code=401, media_type="text/plain", headers=private
            )
        body = await backend.services().payments.itinerary_ics(purchase_id, session.user.user_id)
    except NotFound:
        return Response("Not found.", status_code=404, media_type="text/plain", headers=private)
    except ServiceUnavailable:
        return Response(
            UNAVAILABLE["en"], status_code=503, media_type="text/plain", headers={**private, "Retry-After": "5"}
        )
    filename = "dreams-" + "".join(ch for ch in purchase_id if ch.isalnum() or ch in "-_") + ".ics"
    return Response(
        body,
        media_type="text/calendar; charset=utf-8",
        headers={**private, "Content-Disposition": f'attachment; filename="{filename}"'},
    )


ROUTES: list[BaseRoute] = [
    Route("/api/health", health, methods=["GET"]),
    Route("/metrics", metrics, methods=["GET"]),
    Route("/api/stripe/webhook", stripe_webhook, methods=["POST"]),
    Route("/api/purchases/{purchase_id}/itinerary.ics", itinerary_ics, methods=["GET"]),
    *SESSION_ROUTES,
]


def build_api() -> Starlette:
    return Starlette(routes=ROUTES)
