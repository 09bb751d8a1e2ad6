"""The web process's /metrics route (next to the webhook route) serves this process's registry."""

from starlette.testclient import TestClient

from dreams_app.api import build_api
from services.payments.metrics import WEBHOOKS_RECEIVED


def test_the_route_serves_the_text_format_with_the_process_counters():
    WEBHOOKS_RECEIVED.labels(type="unit.route", status="200").inc()
    response = TestClient(build_api()).get("/metrics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain; version=")
    assert 'dreams_webhooks_received_total{status="200",type="unit.route"} 1.0' in response.text
