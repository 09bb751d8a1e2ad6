"""The session-load benchmark's bookkeeping: only the measured window counts, and a run with
errors or without interactions is a failure (non-zero exit)."""

from __future__ import annotations

import json
import time

import pytest

from bench import bench_session_load
from bench.reflex_tab import Frontend, client_events, has_var, var
from bench.session_scenario import Record


def test_only_interactions_begun_in_the_window_count():
    now = time.monotonic()
    record = Record(window=(now - 10, now + 10))
    record.add("search", now - 10.1, 50)
    record.add("search", now - 10, 60)
    record.fail("book", now + 15, RuntimeError("late"))
    record.fail("book", now - 5, RuntimeError("sold out"))
    record.fail("hydrate", now - 40, TimeoutError("hung since the warm-up"))  # ends in the window
    assert record.samples == {"search": [60]}
    assert dict(record.errors) == {"book": 1, "hydrate": 1}
    assert record.error_examples == ["book: RuntimeError: sold out", "hydrate: TimeoutError: hung since the warm-up"]


def test_a_failure_before_the_window_does_not_count():
    record = Record(window=(time.monotonic() + 60, time.monotonic() + 80))
    record.fail("hydrate", time.monotonic(), TimeoutError())
    assert not record.errors


def test_delta_helpers_read_reflex_updates():
    update = {
        "delta": {"s": {"status_rx_state_": "ready"}},
        "events": [{"name": "_redirect", "payload": {"path": "/x"}}],
    }
    assert var(update, "s", "status") == "ready" and has_var(update, "s", "status")
    assert var(update, "s", "total", 0) == 0 and not has_var(update, "t", "status")
    assert client_events(update, "_redirect")[0]["payload"]["path"] == "/x"


def test_the_frontend_build_is_read_or_refused(tmp_path):
    (tmp_path / "utils").mkdir()
    context = tmp_path / "utils" / "context.jsx"
    context.write_text('export const initialStateHashes = ["a1", "b2"]\nexport const stateSchema = "5f4b"\n')
    pages, route_files = tmp_path / "app_components" / "dreams_app" / "pages", tmp_path / "app" / "routes"
    pages.mkdir(parents=True)
    route_files.mkdir(parents=True)
    # As Reflex compiles a component's on_mount (the header's session check) into a page module,
    # and a route file imports its page's module.
    mount = 'useEffect(() => {\n    ((...args) => (addEvents([(ReflexEvent("root.auth.check", ({  }), ({  })))], args)))()\n'
    (pages / "home.jsx").write_text(mount)
    (pages / "package.jsx").write_text(mount)
    (pages / "users.jsx").write_text("export default function Users() {}\n")  # its on_load checks instead
    for route_file, module in (
        ("_index.jsx", "home"),
        ("[package].$[package_id]._index.jsx", "package"),
        ("[users]._index.jsx", "users"),
    ):
        (route_files / route_file).write_text(f'import {{Comp}} from "$/app_components/dreams_app/pages/{module}"\n')
    frontend = Frontend.from_web_dir(tmp_path)
    assert (frontend.state_schema, frontend.initial_state_hashes) == ("5f4b", ["a1", "b2"])
    assert frontend.mounted_on("/") == frontend.mounted_on("/package/p-1") == ("root.auth.check",)
    assert frontend.mounted_on("/users") == ()
    with pytest.raises(KeyError):
        frontend.mounted_on("/package/p-1/more")
    (pages / "home.jsx").write_text("export default function Home() {}\n")
    (pages / "package.jsx").write_text("export default function Package() {}\n")
    with pytest.raises(RuntimeError, match="on_mount"):
        Frontend.from_web_dir(tmp_path)
    context.write_text("export const nothing = 1\n")
    with pytest.raises(RuntimeError, match="not built"):
        Frontend.from_web_dir(tmp_path)


@pytest.mark.parametrize(
    ("interactions", "errors", "code"),
    [(120, 0, 0), (120, 3, 1), (0, 0, 1)],
)
def test_exit_status_fails_on_errors_or_no_interactions(monkeypatch, capsys, interactions, errors, code):
    level = {"tabs": 50, "interactions": interactions, "errors": errors}

    async def fake_run(tab_counts, args):
        return {"runs": [{"web_backends": 1, "levels": [level]}]}

    monkeypatch.setattr(bench_session_load, "run", fake_run)
    monkeypatch.setattr("sys.argv", ["bench_session_load", "--tabs", "50"])
    if code:
        with pytest.raises(SystemExit) as exited:
            bench_session_load.main()
        assert exited.value.code == code
    else:
        bench_session_load.main()
    assert json.loads(capsys.readouterr().out)["runs"][0]["levels"][0] == level
