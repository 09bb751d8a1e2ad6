"""The devstack component API: start/ensure/stop, and state surviving a restart."""

from __future__ import annotations

from pathlib import Path

import stripe

from devstack import stripe_sandbox

from .helpers import API_KEY, session_params, sandbox_settings


def test_ensure_reuses_and_a_restart_keeps_sessions(tmp_path: Path) -> None:
    settings = sandbox_settings(tmp_path, "http://127.0.0.1:9/unused")
    try:
        assert not stripe_sandbox.is_ready(settings)
        assert stripe_sandbox.ensure(settings, timeout=20) == "started"
        assert stripe_sandbox.ensure(settings, timeout=20) == "reused"
        client = stripe.StripeClient(API_KEY, base_addresses={"api": settings.stripe_api_base})
        session = client.v1.checkout.sessions.create(params=session_params())

        assert stripe_sandbox.stop(settings) is True
        assert not stripe_sandbox.is_ready(settings)
        assert stripe_sandbox.ensure(settings, timeout=20) == "started"
        again = client.v1.checkout.sessions.retrieve(session.id)
        assert (again.id, again.amount_total, again.status) == (session.id, 274100, "open")
        assert (tmp_path / "data" / "stripe" / "sandbox.sqlite").exists()
    finally:
        stripe_sandbox.stop(settings)
    log = (tmp_path / "logs" / "stripe.log").read_text()
    assert "Uvicorn running" in log
    assert API_KEY not in log and "whsec_" not in log  # secrets never reach the log
