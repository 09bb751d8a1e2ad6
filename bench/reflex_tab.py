"""One simulated browser tab speaking Reflex 0.10's socket.io protocol, as the compiled frontend does.

What the frontend (`.web/utils/state.js`, `context.jsx`) does, and so this does:
- a socket.io connection to `/_event` (path and namespace) over websocket, `?token=<tab token>` in the
  URL, the page's cookies in the handshake (the server reads the session cookie from them);
- the hydrate event `<root>.hydrate_and_load` rides in the CONNECT packet's auth, with the compiled
  `initialStateHashes` so the server sends only what differs from the baked-in defaults, and the
  frontend's state schema hash;
- a client-side navigation sends `<root>.<on_load_internal state>.on_load_internal` with the new
  pathname and query in `router_data`; any other event is `{name, payload, router_data}`;
- every page mount (a load or a navigation) sends that page's `on_mount` events (the header's
  session check, which pages whose own on_load checks the session leave out), read from the
  compiled page each route file imports.
The server answers with "event" messages `{delta: {state: {var_rx_state_: value}}, events: [...]}`;
an interaction is timed from the emit until the update that answers it (a predicate over the
updates) arrives.
"""

from __future__ import annotations

import asyncio
import json
import re
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import socketio

ROOT_STATE = "reflex___state____state"
ON_LOAD_INTERNAL = f"{ROOT_STATE}.reflex___state____on_load_internal_state.on_load_internal"
HYDRATE = f"{ROOT_STATE}.hydrate_and_load"
EVENT_PATH = "/_event"
VAR_SUFFIX = "_rx_state_"

Update = dict[str, Any]
Predicate = Callable[[Update], bool]


_MOUNT = re.compile(r'useEffect\(\(\) => \{\s*\(\(\.\.\.args\) => \(addEvents\(\[\(ReflexEvent\("([^"]+)"')
_PAGE_MODULE = re.compile(r'from "\$/(app_components/[^"]+)"')


def _route_pattern(route_file: str) -> tuple[str, ...]:
    """A compiled route file's path segments: "[package].$[package_id]._index.jsx" → ("package", "*")."""
    name = route_file.removesuffix(".jsx").removesuffix("_index").rstrip(".")
    return tuple("*" if part.startswith("$") else part.strip("[]") for part in name.split(".") if part)


@dataclass(frozen=True)
class Frontend:
    """What the compiled frontend sends that a tab must send too (read from the build)."""

    state_schema: str
    initial_state_hashes: list[str]
    # (route's path segments, "*" for a parameter; the on_mount events of its page), static first
    mount_events: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...] = ()

    @classmethod
    def from_web_dir(cls, web_dir: Path) -> Frontend:
        text = (web_dir / "utils" / "context.jsx").read_text()
        schema = re.search(r'export const stateSchema = "([0-9a-f]+)"', text)
        hashes = re.search(r"export const initialStateHashes = (\[[^\]]*\])", text)
        if not schema or not hashes:
            raise RuntimeError(f"no stateSchema/initialStateHashes in {web_dir}/utils/context.jsx: not built yet?")
        routes = []
        for route_file in (web_dir / "app" / "routes").glob("*.jsx"):
            module = _PAGE_MODULE.search(route_file.read_text())
            if module is not None:
                page = (web_dir / f"{module.group(1)}.jsx").read_text()
                routes.append((_route_pattern(route_file.name), tuple(_MOUNT.findall(page))))
        if not any(events for _, events in routes):
            raise RuntimeError(f"no on_mount event found in {web_dir}'s pages: has the header changed?")
        routes.sort(key=lambda route: (route[0].count("*"), route[0]))
        return cls(schema.group(1), json.loads(hashes.group(1)), tuple(routes))

    def mounted_on(self, pathname: str) -> tuple[str, ...]:
        """The on_mount events of the page at `pathname`."""
        parts = tuple(part for part in pathname.split("/") if part)
        for pattern, events in self.mount_events:
            if len(pattern) == len(parts) and all(p in ("*", part) for p, part in zip(pattern, parts, strict=True)):
                return events
        raise KeyError(f"no compiled page for {pathname}")


def var(update: Update, state: str, name: str, default: Any = None) -> Any:
    """A var's value in an update's delta (`default` when the update does not carry it)."""
    return update.get("delta", {}).get(state, {}).get(name + VAR_SUFFIX, default)


def has_var(update: Update, state: str, name: str) -> bool:
    return name + VAR_SUFFIX in update.get("delta", {}).get(state, {})


def client_events(update: Update, name: str) -> list[dict]:
    """The frontend events (`_redirect`, `_call_script` …) an update asks the browser to run."""
    return [event for event in update.get("events", []) if event.get("name") == name]


def router_data(pathname: str, query: dict[str, str] | None = None) -> dict[str, Any]:
    from urllib.parse import urlencode

    data: dict[str, Any] = {"pathname": pathname, "asPath": pathname + (f"?{urlencode(query)}" if query else "")}
    if query:
        data["query"] = query
    return data


@dataclass
class Tab:
    """One tab: its own token (as sessionStorage keeps it), cookies, and the updates it received."""

    base_url: str
    frontend: Frontend
    cookie: str = ""
    token: str = field(default_factory=lambda: str(uuid.uuid4()))
    pathname: str = "/"
    query: dict[str, str] = field(default_factory=dict)
    _sio: socketio.AsyncClient | None = None
    _updates: asyncio.Queue | None = None

    async def hydrate(self, pathname: str, query: dict[str, str] | None = None, timeout: float = 30) -> float:
        """A page load: a new socket whose CONNECT carries the hydrate; ms until the page is hydrated
        (the on_load handlers' `is_hydrated` = true delta)."""
        await self.close()
        self.pathname, self.query = pathname, dict(query or {})
        self._updates = asyncio.Queue()
        sio = socketio.AsyncClient(reconnection=False)
        sio.on("event", self._updates.put_nowait, namespace=EVENT_PATH)
        boot = {
            "name": HYDRATE,
            "payload": {"hashes": self.frontend.initial_state_hashes},
            "router_data": router_data(pathname, query),
        }
        began = time.perf_counter()
        await sio.connect(
            f"{self.base_url}?token={self.token}",
            headers={"Cookie": self.cookie} if self.cookie else {},
            auth={"event": boot, "state_schema": self.frontend.state_schema},
            transports=["websocket"],
            namespaces=[EVENT_PATH],
            socketio_path=EVENT_PATH,
            wait_timeout=timeout,
        )
        self._sio = sio
        await self._mounted()
        await self.wait_for(lambda u: var(u, ROOT_STATE, "is_hydrated") is True, timeout)
        return (time.perf_counter() - began) * 1000

    async def navigate(self, pathname: str, query: dict[str, str] | None = None) -> None:
        """A client-side route change (a link click): the page's on_load handlers run."""
        self.pathname, self.query = pathname, dict(query or {})
        await self.emit(ON_LOAD_INTERNAL, {})
        await self._mounted()

    async def _mounted(self) -> None:
        """The new page's components mount: their on_mount events."""
        for name in self.frontend.mounted_on(self.pathname):
            await self.emit(name, {})

    async def emit(self, name: str, payload: dict[str, Any]) -> None:
        if self._sio is None:
            raise RuntimeError("the tab is not connected: hydrate first")
        event = {"name": name, "payload": payload, "router_data": router_data(self.pathname, self.query)}
        await self._sio.emit("event", event, namespace=EVENT_PATH)

    async def wait_for(self, answered: Predicate, timeout: float = 30) -> Update:
        """The first update (from now on) that `answered` accepts; TimeoutError if none comes."""
        assert self._updates is not None
        deadline = time.monotonic() + timeout
        while True:
            update = await asyncio.wait_for(self._updates.get(), max(0.0, deadline - time.monotonic()))
            if answered(update):
                return update

    async def timed(self, send: Callable[[], Any], answered: Predicate, timeout: float = 30) -> tuple[float, Update]:
        """ms from sending an event until the update that answers it."""
        self.drain()
        began = time.perf_counter()
        await send()
        update = await self.wait_for(answered, timeout)
        return (time.perf_counter() - began) * 1000, update

    def drain(self) -> None:
        """Forget updates already received (answers to earlier events)."""
        while self._updates is not None and not self._updates.empty():
            self._updates.get_nowait()

    async def close(self) -> None:
        if self._sio is not None:
            sio, self._sio = self._sio, None
            await sio.disconnect()
