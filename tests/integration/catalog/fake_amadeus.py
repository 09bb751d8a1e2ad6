"""A local HTTP server that answers like Amadeus from the JSON fixtures, for the real SDK to call."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "amadeus"
TOKEN = json.loads((FIXTURES / "oauth_token.json").read_text())["access_token"]


class FakeAmadeus(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self):
        super().__init__(("127.0.0.1", 0), _Handler)
        self.requests: list[dict] = []
        self._thread = threading.Thread(target=self.serve_forever, daemon=True)

    @property
    def port(self) -> int:
        return self.server_address[1]

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self.shutdown()
        self.server_close()
        self._thread.join(timeout=5)


class _Handler(BaseHTTPRequestHandler):
    server: FakeAmadeus

    def log_message(self, *args):  # keep test output quiet
        pass

    def _send(self, status: int, body: dict) -> None:
        raw = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/vnd.amadeus+json")  # the SDK wants exactly this or json
        self.send_header("Content-Length", str(len(raw)))
        self.end_headers()
        self.wfile.write(raw)

    def _fixture(self, name: str, status: int = 200) -> None:
        self._send(status, json.loads((FIXTURES / f"{name}.json").read_text()))

    def _record(self, body) -> tuple[str, dict]:
        url = urlsplit(self.path)
        query = {k: v[0] for k, v in parse_qs(url.query).items()}
        self.server.requests.append(
            {
                "method": self.command,
                "path": url.path,
                "query": query,
                "body": body,
                "auth": self.headers.get("Authorization"),
            }
        )
        return url.path, query

    def _authorised(self) -> bool:
        if self.headers.get("Authorization") != f"Bearer {TOKEN}":
            self._send(401, {"errors": [{"status": 401, "code": 38192, "title": "Invalid access token"}]})
            return False
        return True

    def do_GET(self):
        path, q = self._record(None)
        if not self._authorised():
            return
        if path == "/v2/shopping/flight-offers":
            self._fixture(f"flight_offers_{q['originLocationCode']}_{q['destinationLocationCode']}")
        elif path == "/v1/reference-data/locations/hotels/by-city":
            self._fixture(f"hotel_list_{q['cityCode']}")
        elif path == "/v3/shopping/hotel-offers":
            self._fixture("hotel_offers_LIS")
        else:
            self._send(404, {"errors": [{"status": 404, "title": "NOT FOUND"}]})

    def do_POST(self):
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length).decode()
        if self.path == "/v1/security/oauth2/token":
            self._record(parse_qs(raw))
            return self._fixture("oauth_token")
        body = json.loads(raw or "{}")
        path, _ = self._record(body)
        if not self._authorised():
            return
        if path == "/v1/shopping/transfer-offers":
            if body.get("transferType") == "SHARED":
                return self._fixture("transfer_offers_SHARED_error", status=400)
            return self._fixture("transfer_offers_PRIVATE")
        self._send(404, {"errors": [{"status": 404, "title": "NOT FOUND"}]})
