"""Integration fixtures: the real Kafka broker and Mongo server from devstack, and worker processes."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pymongo
import pytest
from tenacity import Retrying, retry_if_exception_type, stop_after_delay, wait_fixed

from services.config import ROOT, Settings
from services.messaging.admin import ensure_topics


@pytest.fixture(scope="session")
def kafka(stack) -> Settings:
    settings = stack.ensure("kafka")
    ensure_topics(settings)
    return settings


@pytest.fixture(scope="session")
def mongo_client(stack) -> Iterator[pymongo.MongoClient]:
    settings = stack.ensure("mongo")
    client = pymongo.MongoClient(settings.mongo_url, serverSelectionTimeoutMS=5000)
    yield client
    client.close()


@pytest.fixture(scope="module")
def exclusive_workers(stack) -> None:
    """For tests that run their own worker processes: a devstack worker in the same topic (left by
    an earlier test or a kept stack) would take messages meant for them, so those are stopped first.
    A later `stack.ensure(...)` starts them again."""
    stack.stop("users-worker", "projector-worker", "payments-worker")


@pytest.fixture
def mongo_db(mongo_client: pymongo.MongoClient):
    """A throwaway database per test."""
    name = f"test_{uuid.uuid4().hex[:10]}"
    yield mongo_client[name]
    mongo_client.drop_database(name)


def eventually(check, timeout: float = 15.0, interval: float = 0.1):
    """Retry `check` (which asserts) until it passes or `timeout` seconds are up; returns its result."""
    for attempt in Retrying(
        stop=stop_after_delay(timeout),
        wait=wait_fixed(interval),
        reraise=True,
        retry=retry_if_exception_type(AssertionError),
    ):
        with attempt:
            return check()


class WorkerProcess:
    """A worker started as a real OS process, its output in a log file under the test's tmp dir."""

    def __init__(self, args: list[str], env: dict[str, str], log: Path):
        self.args, self.env, self.log = args, env, log
        self.proc: subprocess.Popen | None = None

    def start(self) -> "WorkerProcess":
        out = open(self.log, "ab")
        self.proc = subprocess.Popen(
            [sys.executable, *self.args],
            cwd=ROOT,
            env=self.env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        out.close()
        return self

    def signal(self, sig: int) -> None:
        assert self.proc is not None
        os.killpg(self.proc.pid, sig)

    def wait(self, timeout: float) -> int:
        assert self.proc is not None
        return self.proc.wait(timeout)

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.signal(signal.SIGTERM)
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.signal(signal.SIGKILL)
                self.proc.wait(5)

    def output(self) -> str:
        return self.log.read_text(errors="replace")


@pytest.fixture
def start_worker(tmp_path: Path):
    """Start worker processes (`python -m module args…`) with extra env; all are stopped afterwards."""
    started: list[WorkerProcess] = []

    def start(module: str, *args: str, env: dict[str, str] | None = None) -> WorkerProcess:
        log = tmp_path / f"{module.rsplit('.', 1)[-1]}-{len(started)}.log"
        worker = WorkerProcess(["-m", module, *args], {**os.environ, **(env or {})}, log).start()
        started.append(worker)
        return worker

    yield start
    for worker in started:
        worker.stop()
