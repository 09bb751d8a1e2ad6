"""The session-load benchmark's protocol client against the real app (prod mode): if this fails,
bench/bench_session_load.py would measure nothing."""

from __future__ import annotations

import asyncio
from datetime import date, timedelta

import pytest

from bench.reflex_tab import ROOT_STATE, Frontend, Tab, var
from services.config import Settings


@pytest.fixture(scope="module")
def app_settings(stack) -> Settings:
    return stack.ensure("app")


def test_one_tab_hydrates_and_the_delta_answering_its_event_arrives(app_settings: Settings):
    from dreams_app.state.results import ResultsState

    results = ResultsState.get_full_name()
    depart = date.today() + timedelta(days=40)
    query = {"from": "GRU", "to": "LIS", "depart": str(depart), "return": str(depart + timedelta(days=5))}

    async def scenario():
        tab = Tab(
            f"http://127.0.0.1:{app_settings.frontend_port}", Frontend.from_web_dir(app_settings.state_dir / "web")
        )
        try:
            hydrated_ms = await tab.hydrate("/")
            ms, update = await tab.timed(
                lambda: tab.navigate("/search", query), lambda u: var(u, results, "status") == "ready", timeout=60
            )
            return hydrated_ms, ms, update
        finally:
            await tab.close()

    hydrated_ms, ms, update = asyncio.run(scenario())
    assert hydrated_ms > 0 and ms > 0
    cards = var(update, results, "cards")
    assert cards and all(card["url"].startswith("/package/") for card in cards)
    assert var(update, results, "total") > 0


def test_a_hydrate_the_server_cannot_place_times_out_instead_of_hanging(app_settings: Settings):
    async def scenario():
        tab = Tab(
            f"http://127.0.0.1:{app_settings.frontend_port}", Frontend.from_web_dir(app_settings.state_dir / "web")
        )
        await tab.hydrate("/")
        try:
            with pytest.raises(TimeoutError):  # an event nobody answers with that value
                await tab.timed(lambda: tab.emit(f"{ROOT_STATE}.no_such_handler", {}), lambda u: False, timeout=2)
        finally:
            await tab.close()

    asyncio.run(scenario())
