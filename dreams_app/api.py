"""Plain HTTP routes next to the Reflex app (webhooks, health), mounted via `api_transformer`.

Add routes to `ROUTES`; they are served on the app's port in front of Reflex's own routes.
"""
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import BaseRoute, Route

from dreams_app.session_routes import SESSION_ROUTES


async def health(_: Request) -> JSONResponse:
    return JSONResponse({"status": "ok"})


ROUTES: list[BaseRoute] = [
    Route("/api/health", health, methods=["GET"]),
    *SESSION_ROUTES,
]


def build_api() -> Starlette:
    return Starlette(routes=ROUTES)
