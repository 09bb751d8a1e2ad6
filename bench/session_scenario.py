"""What one simulated tab does, in a loop, about one interaction per second (issue 13's session load).

    hydrate (a page load of /) → /users page 1 → page 2 → search GRU→LIS → open a package →
    "Reservar" → the travellers step → its form submitted → the Stripe Checkout URL is issued

Each interaction is timed from the event's emit until the update that answers it. "Reservar" for a
package the account already has an open payment for answers "open_payment"; the tab then takes
"Continue payment" (also a Stripe URL), as the page offers.
"""

from __future__ import annotations

import asyncio
import random
import time
from collections import defaultdict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import date, timedelta

from bench.reflex_tab import Tab, client_events, has_var, var

# The states' full names, as the server sends them in deltas (computed once, from the app's classes).
_NAMES: dict[str, str] = {}


def state_names() -> dict[str, str]:
    if not _NAMES:
        from dreams_app.state.checkout import BookingState
        from dreams_app.state.package import PackageState
        from dreams_app.state.results import ResultsState
        from dreams_app.state.travellers import TravellersState
        from dreams_app.state.users import UsersState

        for key, cls in {
            "users": UsersState,
            "results": ResultsState,
            "package": PackageState,
            "booking": BookingState,
            "travellers": TravellersState,
        }.items():
            _NAMES[key] = cls.get_full_name()
    return _NAMES


INTERACTIONS = ("hydrate", "users_p1", "users_p2", "search", "package", "book", "travellers", "checkout")
THINK_S = 1.0  # one interaction per second per tab, as in the issue
TIMEOUT_S = 30.0
ROUTES = [("GRU", "LIS"), ("GRU", "MIA"), ("GIG", "LIS"), ("GRU", "CDG"), ("GRU", "MAD")]


@dataclass
class Record:
    """Samples and errors of the measured window (interactions that began inside it)."""

    window: tuple[float, float] = (0.0, 0.0)
    samples: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    error_examples: list[str] = field(default_factory=list)

    def measured(self, began: float) -> bool:
        return self.window[0] <= began < self.window[1]

    def add(self, name: str, began: float, ms: float) -> None:
        if self.measured(began):
            self.samples[name].append(ms)

    def fail(self, name: str, began: float, exc: BaseException) -> None:
        # A failure that ends in the window counts even if it began in the warm-up (a hang as long
        # as the window would otherwise leave a level with no samples and no errors).
        if began < self.window[1] and time.monotonic() >= self.window[0]:
            self.errors[name] += 1
            if len(self.error_examples) < 10:
                self.error_examples.append(f"{name}: {type(exc).__name__}: {exc}"[:300])


class Failed(Exception):
    """The page answered, but not with what the interaction should reach (e.g. an error status)."""


def _search_query(i: int, days_ahead: int = 30) -> dict[str, str]:
    origin, destination = ROUTES[i % len(ROUTES)]
    depart = date.today() + timedelta(days=days_ahead + i % 20)
    return {
        "from": origin,
        "to": destination,
        "depart": depart.isoformat(),
        "return": (depart + timedelta(days=5)).isoformat(),
        "adults": "1",
    }


def _travellers_form(tab_no: int, email: str) -> dict[str, str]:
    return {
        "p0_given_names": "Ana",
        "p0_surname": "Souza",
        "p0_birth_date": "1990-05-17",
        "p0_nationality": "BR",
        "p0_passport": f"BR{100000 + tab_no}",
        "p0_passport_expiry": (date.today() + timedelta(days=3 * 365)).isoformat(),
        "contact_email": email,
        "contact_phone": "+55 11 98765-4321",
    }


def _status_is(state: str, name: str, done: tuple[str, ...], failed: tuple[str, ...] = ("error",)):
    def answered(update: dict) -> bool:
        value = var(update, state, name)
        if value in failed:
            raise Failed(f"{name} = {value}")
        return value in done

    return answered


def _external_redirect(update: dict) -> bool:
    return any(
        not str(e.get("payload", {}).get("path", "/")).startswith("/") for e in client_events(update, "_redirect")
    )


async def run_tab(
    tab: Tab,
    tab_no: int,
    email: str,
    record: Record,
    stop_at: float,
    abandon: Callable[[str], Awaitable[None]],
    days_ahead: int = 30,
    book: bool = True,
) -> None:
    """The loop, until `stop_at` (monotonic); every failure is recorded and the cycle starts over.
    After each checkout the traveller walks away from Stripe's page: `abandon(url)` expires that
    Checkout Session (not timed), so its hold goes back to stock and a long run never sells out.
    Departures are `days_ahead` to `days_ahead` + 19 days away. Without `book` a tab only browses
    (hydrate → /users p1, p2 → search → package), which needs no Mongo write and no Stripe."""
    names = state_names()
    users, results, package, booking, travellers = (
        names["users"],
        names["results"],
        names["package"],
        names["booking"],
        names["travellers"],
    )
    cycle = 0
    while time.monotonic() < stop_at:
        step, began = "hydrate", time.monotonic()
        last = began

        async def pace() -> float:
            """Think time: the next interaction starts a second after the previous one did."""
            nonlocal last
            await asyncio.sleep(max(0.0, last + THINK_S * random.uniform(0.8, 1.2) - time.monotonic()))
            last = time.monotonic()
            return last

        try:
            record.add(step, began, await asyncio.wait_for(tab.hydrate("/", timeout=TIMEOUT_S), TIMEOUT_S))

            step, began = "users_p1", await pace()
            ms, _ = await tab.timed(lambda: tab.navigate("/users"), _status_is(users, "status", ("ready",)))
            record.add(step, began, ms)

            step, began = "users_p2", await pace()
            ms, _ = await tab.timed(lambda: tab.emit(f"{users}.next_page", {}), _status_is(users, "status", ("ready",)))
            record.add(step, began, ms)

            step, began = "search", await pace()
            query = _search_query(tab_no + cycle, days_ahead)
            ms, update = await tab.timed(
                lambda: tab.navigate("/search", query), _status_is(results, "status", ("ready",), ("error", "invalid"))
            )
            record.add(step, began, ms)
            cards = var(update, results, "cards") or []
            if not cards:
                raise Failed("no cards")
            package_id = cards[(tab_no + cycle) % len(cards)]["id"]

            step, began = "package", await pace()
            ms, _ = await tab.timed(
                lambda: tab.navigate(f"/package/{package_id}", {"package_id": package_id}),
                _status_is(package, "status", ("ready",), ("error", "not_found")),
            )
            record.add(step, began, ms)
            if not book:  # browsing only: the cycle starts over after the package page
                await pace()
                cycle += 1
                continue

            step, began = "book", await pace()

            def booked(update: dict) -> bool:
                if client_events(update, "_redirect"):
                    return True
                value = var(update, booking, "booking_status")
                if value in ("error", "expired"):
                    raise Failed(f"booking_status = {value} ({var(update, booking, 'booking_error')})")
                return value == "open_payment"

            ms, update = await tab.timed(lambda: tab.emit(f"{booking}.book", {"package_id": package_id}), booked)
            record.add(step, began, ms)
            redirects = client_events(update, "_redirect")

            if redirects:  # a new booking: the travellers step, then Stripe
                quote_path = redirects[0]["payload"]["path"]
                step, began = "travellers", await pace()
                quote_id = quote_path.rsplit("/", 1)[-1]
                ms, _ = await tab.timed(
                    lambda: tab.navigate(quote_path, {"quote_id": quote_id}),
                    _status_is(travellers, "travellers_status", ("ready",), ("error", "not_found", "unavailable")),
                )
                record.add(step, began, ms)
                step, began = "checkout", await pace()

                def checked_out(update: dict) -> bool:
                    if has_var(update, travellers, "form_error") and var(update, travellers, "form_error"):
                        raise Failed(f"travellers form: {var(update, travellers, 'form_error')}")
                    return _external_redirect(update)

                form = _travellers_form(tab_no, email)
                ms, update = await tab.timed(lambda: tab.emit(f"{travellers}.submit", {"form": form}), checked_out)
            else:  # "Continue payment" for the open one
                step, began = "checkout", await pace()
                ms, update = await tab.timed(
                    lambda: tab.emit(f"{booking}.continue_payment", {"package_id": package_id}), _external_redirect
                )
            record.add(step, began, ms)
            step = "abandon"
            await abandon(client_events(update, "_redirect")[0]["payload"]["path"])
            await pace()
        except asyncio.CancelledError:  # still waiting when the bench gave up: an error, not nothing
            record.fail(step, began, TimeoutError("unanswered when the level ended"))
            raise
        except Exception as exc:  # noqa: BLE001 - every failure is an error of the interaction it hit
            record.fail(step, began, exc)
            await asyncio.sleep(THINK_S)
        cycle += 1
    await tab.close()
