"""Several consumer runners in one worker process: one thread each, one stop for all.

`stop()` (wired to SIGTERM/SIGINT in the main thread) stops every runner; each finishes its current
message or batch, commits and closes. If one runner dies, the others are stopped too and `run()`
re-raises its error, so the process exits non-zero instead of running half a worker.

A BacklogGate gives one runner priority over another in the same process: while the first works
through a backlog, the second waits (a bounded time) before each of its batches.
"""

from __future__ import annotations

import logging
import signal
import threading
from collections.abc import Callable, Sequence

from services.messaging.consumer import ConsumerRunner

log = logging.getLogger(__name__)


class BacklogGate:
    """`report` (or one `reporter()` per priority runner, when several consumers share the priority)
    is the priority runners' `after_batch`, `wait` the other's `before_batch`.

    A batch of at least `backlog_at` messages means that runner has a backlog; a smaller one (or an
    empty poll) means it is caught up. While any has a backlog, `wait` holds the other runner up to
    `max_wait_s` before each of its batches: it is slowed, never starved.
    """

    def __init__(self, backlog_at: int, max_wait_s: float):
        self.backlog_at, self.max_wait_s = backlog_at, max_wait_s
        self._caught_up = threading.Event()
        self._caught_up.set()
        self._lock = threading.Lock()
        self._behind: set[object] = set()  # the reporters with a backlog
        self.report = self.reporter()

    def reporter(self) -> Callable[[int], None]:
        """An `after_batch` for one more priority runner."""
        me = object()

        def report(batch: int) -> None:
            with self._lock:
                if batch >= self.backlog_at:
                    self._behind.add(me)
                else:
                    self._behind.discard(me)
                if self._behind:
                    self._caught_up.clear()
                else:
                    self._caught_up.set()

        return report

    def wait(self) -> None:
        self._caught_up.wait(self.max_wait_s)


class RunnerGroup:
    def __init__(self, runners: Sequence[tuple[str, ConsumerRunner]]):
        self.runners = list(runners)  # (name, runner): the name labels its thread and logs
        self._failure: BaseException | None = None

    def stop(self, *_: object) -> None:
        for _, runner in self.runners:
            runner.stop()

    def install_signal_handlers(self) -> None:
        signal.signal(signal.SIGTERM, self.stop)
        signal.signal(signal.SIGINT, self.stop)

    def run(self) -> None:
        threads = [
            threading.Thread(target=self._run_one, args=(name, runner), name=f"consumer-{name}")
            for name, runner in self.runners
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            while thread.is_alive():  # joined in slices: the main thread keeps handling signals
                thread.join(0.5)
        if self._failure is not None:
            raise self._failure

    def _run_one(self, name: str, runner: ConsumerRunner) -> None:
        try:
            runner.run()
        except BaseException as exc:
            log.exception("consumer %s failed; stopping the others", name)
            self._failure = self._failure or exc
            self.stop()
