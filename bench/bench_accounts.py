"""Accounts: sign-up → confirmation e-mail, and log-in, through Kafka and a real users worker.

Starts Kafka and the local mail server (devstack components; stopped again if this started them) and
a users worker on a scratch SQLite database. Then, sequentially:
- 200 sign-ups: `register` request → reply latency, and time from sending the request until the mail
  server's JSON API lists the confirmation e-mail (the worker sends it before it replies, so the
  difference is the reply trip plus the mailbox poll);
- 200 log-ins of a confirmed user and 100 with an unknown e-mail (argon2 cost included: the unknown
  e-mail pays a dummy verify, so both should cost the same).
Prints JSON, with the argon2 parameters and an in-process verify time for reference.

Every request names a client address of its own (made-up documentation-range strings, RFC 3849; no
traffic goes there), so the worker's throttles never wait: this measures the product, not them.
The throttle's own cost (a row read and a conditional write per key) is inside every sample.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import date
from pathlib import Path

from bench.common import percentiles, stack_rss_mib
from devstack import kafka as kafka_component
from devstack import mailserver
from devstack.mailserver.client import Mailbox
from devstack.workers import users as users_component
from services.config import ROOT, get_settings
from services.errors import DreamsError
from services.messaging.admin import ensure_topics
from services.messaging.kafka_config import producer_config, reply_consumer_config
from services.messaging.publisher import Publisher
from services.messaging.request_reply import RequestClient
from services.messaging.topics import DREAMS_USERS, USERS_DREAMS
from services.users.db import make_engine, migrate
from services.users.messages import Authenticate, Confirm, ListUsers, Register
from services.users.passwords import Passwords

SIGNUPS, LOGINS, UNKNOWN_LOGINS, WARMUP = 200, 200, 100, 10
PASSWORD = "correct horse battery"


def client_address(kind: str, i: int) -> str:
    """A distinct made-up address per request (IPv6 documentation prefix 2001:db8::/32)."""
    return f"2001:db8:{ {'signup': 1, 'login': 2, 'unknown': 3}[kind]:x}::{i + 1000:x}"


def register(client: RequestClient, mailbox: Mailbox, run_id: str, i: int) -> tuple[float, float, str]:
    email = f"bench.{run_id}.{i}@dreams.test"
    began = time.perf_counter()
    client.request_sync(
        DREAMS_USERS.name,
        Register(
            first_name="Bench",
            last_name=f"User {i}",
            email=email,
            password=PASSWORD,
            password_confirmation=PASSWORD,
            birth_date=date(1990, 1, 1),
            locale="pt_BR",
            client=client_address("signup", i),
        ),
        key=email,
        timeout=30,
    )
    replied = time.perf_counter()
    deadline = replied + 15
    while not (messages := mailbox.messages(to=email)):
        if time.perf_counter() > deadline:
            raise TimeoutError(f"no confirmation e-mail for {email}")
        time.sleep(0.002)
    mailed = time.perf_counter()
    return (replied - began) * 1000, (mailed - began) * 1000, messages[0].links[0]


def login_samples(
    client: RequestClient, email: str, n: int, *, expect_ok: bool, kind: str = "login", first: int = 0
) -> list[float]:
    samples = []
    for i in range(first, first + n):
        began = time.perf_counter()
        try:
            client.request_sync(
                DREAMS_USERS.name,
                Authenticate(email=email, password=PASSWORD, client=client_address(kind, i)),
                key=email,
                timeout=30,
            )
            ok = True
        except DreamsError:
            ok = False
        samples.append((time.perf_counter() - began) * 1000)
        assert ok == expect_ok
    return samples


def local_verify_ms(passwords: Passwords, n: int = 20) -> float:
    password_hash = passwords.hash(PASSWORD)
    samples = []
    for _ in range(n):
        began = time.perf_counter()
        passwords.verify(password_hash, PASSWORD)
        samples.append((time.perf_counter() - began) * 1000)
    return round(statistics.median(samples), 1)


def main() -> None:
    settings = get_settings()
    started = [c for c in (kafka_component, mailserver) if c.ensure(settings) == "started"]
    ensure_topics(settings)
    if users_component.is_ready(settings):
        sys.exit("a devstack users worker is running on this stack; stop it (python -m devstack down) first")
    scratch = Path(tempfile.mkdtemp(prefix="bench-accounts-"))
    url = f"sqlite:///{scratch / 'users.sqlite'}"
    migrate(make_engine(url))
    worker = subprocess.Popen(
        [sys.executable, "-m", "kafka_workers.users"],
        cwd=ROOT,
        env={**os.environ, "DATABASE_URL": url, "LOG_LEVEL": "WARNING"},
        start_new_session=True,
    )
    publisher = Publisher(producer_config(settings))
    client = RequestClient(publisher, reply_consumer_config(settings), USERS_DREAMS.name, timeout_s=30)
    mailbox = Mailbox(settings.sendgrid_host)
    run_id = uuid.uuid4().hex[:8]
    try:
        client.request_sync(DREAMS_USERS.name, ListUsers(limit=1), timeout=60)  # worker joined its group
        for i in range(WARMUP):
            register(client, mailbox, run_id, -1 - i)
        reply_ms, mail_ms, links = [], [], []
        for i in range(SIGNUPS):
            r, m, link = register(client, mailbox, run_id, i)
            reply_ms.append(r)
            mail_ms.append(m)
            links.append(link)
        client.request_sync(DREAMS_USERS.name, Confirm(token=links[0].rsplit("/", 1)[1]), timeout=30)
        email = f"bench.{run_id}.0@dreams.test"
        login_samples(client, email, WARMUP, expect_ok=True, first=-WARMUP)
        ok_ms = login_samples(client, email, LOGINS, expect_ok=True)
        # Distinct unknown e-mails and clients: neither the pair nor the client throttle is reached.
        unknown_ms = [
            login_samples(client, f"ghost.{run_id}.{i}@dreams.test", 1, expect_ok=False, kind="unknown", first=i)[0]
            for i in range(UNKNOWN_LOGINS)
        ]
        passwords = Passwords()
        result = {
            "benchmark": "accounts",
            "argon2": {**passwords.parameters, "local_verify_median_ms": local_verify_ms(passwords)},
            "register_reply": percentiles(reply_ms),
            "register_to_mail_listed": percentiles(mail_ms),
            "login_ok": percentiles(ok_ms),
            "login_unknown_email": percentiles(unknown_ms),
            "rss_mib": stack_rss_mib(settings, {"users_worker": worker.pid, "bench_client": os.getpid()}),
        }
        print(json.dumps(result, indent=2))
    finally:
        mailbox.close()
        client.close()
        publisher.close()
        worker.terminate()
        worker.wait(10)
        for component in reversed(started):
            component.stop(settings)


if __name__ == "__main__":
    main()
