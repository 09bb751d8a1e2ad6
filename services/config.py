"""The one settings object. The only module that reads the environment (and `.env`).

Defaults point at the local devstack (see devstack/), so a fresh clone runs with no configuration.
Ports for the local servers are derived from the URLs below: change a URL and devstack follows.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from services.throttle.policy import Rule

ROOT = Path(__file__).resolve().parent.parent
# The keys the local mail server and Stripe sandbox accept. With a real key and no host/base
# override the real SendGrid / Stripe is used.
LOCAL_SENDGRID_KEY = "SG.local-devstack-key"
LOCAL_STRIPE_KEY = "sk_test_devstack"
MAX_WEB_BACKENDS = 10  # backend_port .. backend_port+9
MIN_SECRET_CHARS = 32  # a typed-in secret shorter than this is too easy to guess
MAX_WORKER_PROCESSES = 10  # per worker kind; the metrics ports step by METRICS_PORT_STRIDE
METRICS_PORT_STRIDE = 10


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=ROOT / ".env", extra="ignore")

    # Where local state and logs live (ignored by git). The test suite uses its own state dir.
    state_dir: Path = ROOT / ".devstack"
    # Downloaded tools (Kafka jars, bun, caches), shared by every state dir.
    tools_dir: Path = ROOT / ".devstack" / "tools"

    # Kafka
    kafka_bootstrap_servers: str = "127.0.0.1:9092"
    kafka_controller_port: int = 9093
    kafka_request_timeout_s: float = 5.0  # request/reply: answer within this or "service unavailable"
    kafka_fetch_wait_ms: int = 100  # worker consumers (see services/messaging/kafka_config.py)
    kafka_reply_fetch_wait_ms: int = 100  # the gateway's reply consumer
    kafka_replication_factor: int = 1  # topics created at start-up; 3 on a real cluster
    consumer_max_attempts: int = 3  # handler tries before a message goes to the dead-letter topic
    inventory_small_units: bool = True  # a few 1–3-seat flights / 1–3-room nights (services/inventory)
    receipt_lease_s: float = 120.0  # a receipt claim of a process that died mid-send is retaken after this

    # MongoDB (the gateway's store). directConnection: the local wire server is a one-member set.
    # retryWrites=false for the local server only: SecantusDB files every retryable write in one
    # registry and scans it (sorts it, past 10,000 entries in 30 min) on every write, which slowed
    # each write as a run went on (payments bench: receipts 162 → 85/s over four runs). A failed write
    # is retried by its caller instead: a worker retries the whole batch, whose writes are
    # idempotent (docs/DESIGN.md §3); a page says "try again". The compose file's replica set keeps
    # the driver's default (true).
    mongo_url: str = "mongodb://127.0.0.1:27017/?directConnection=true&retryWrites=false"
    mongo_db: str = "dreams"
    mongo_timeout_ms: int = 3000  # the web app's bound on one Mongo operation (< the 5 s a page may wait)

    # Users database (owned by the users worker only). SQLite file by default.
    database_url: str = ""  # empty -> sqlite file under state_dir
    postgres_port: int = 5432  # the local PostgreSQL devstack starts when database_url says postgresql

    # Throttles (services/throttle/policy.py): `free` attempts, then waits of base_s doubling up to
    # cap_s; the count restarts window_s after its first attempt. In the environment as JSON, e.g.
    # THROTTLE_LOGIN_PAIR='{"free": 3, "window_s": 3600}'. Log-in counts failures (per account and
    # client, and per client); sign-up and resend count requests.
    throttle_login_pair: Rule = Rule(free=3, window_s=3600)
    throttle_login_client: Rule = Rule(free=20, window_s=900)
    throttle_signup_client: Rule = Rule(free=10, window_s=3600)
    throttle_resend_client: Rule = Rule(free=10, window_s=3600)
    throttle_resend_email: Rule = Rule(free=3, window_s=3600, base_s=60)  # no mail-bombing one address
    throttle_reset_client: Rule = Rule(free=10, window_s=3600)  # "forgot password" requests
    throttle_reset_email: Rule = Rule(free=3, window_s=3600, base_s=60)

    # The Reflex app
    app_host: str = "127.0.0.1"
    frontend_port: int = 3000
    backend_port: int = 8000
    public_url: str = ""  # empty -> http://127.0.0.1:<frontend_port>; links in e-mails use it
    default_locale: str = "pt_BR"
    # Reverse proxies in front of the app that append to X-Forwarded-For. 0: the header is ignored
    # (anyone can send it) and the client address is the connection's peer. Behind N proxies of
    # your own, the N-th address from the right is the client's (rxconfig hands this to Reflex).
    trusted_proxy_hops: int = Field(0, ge=0, le=10)
    # Reflex backend processes (issue 13). 1: one process serving page and websocket on
    # frontend_port (no load balancer). N > 1: N processes on backend_port .. backend_port+N-1
    # behind haproxy on frontend_port, sharing their state through Redis (docs/DESIGN.md §1b).
    web_backends: int = Field(default_factory=lambda: os.cpu_count() or 1, ge=1, le=MAX_WEB_BACKENDS)
    # How long a backend keeps the tabs it just served in memory, holding their Redis locks, so the
    # next events of the same interaction skip the lock and the reads (every change is still
    # written at once: dreams_app/state_manager.py). 0: lock, read and write for every event.
    # Below Reflex's lock expiry (10 s): a SIGKILLed backend's lease blocks its tabs until then.
    # Off by default until the one browser-test failure seen with it on is understood (DESIGN §1b);
    # 200 is the measured value (docs/DEPLOY.md).
    web_state_lease_ms: int = Field(0, ge=0, le=5_000)

    # Redis: Reflex's state manager (every tab's state, shared by the backends; survives a backend's
    # death). Empty redis_url -> the devstack redis-server on 127.0.0.1:<redis_port>. Not 6379:
    # Debian's redis-server package may run a system redis there.
    redis_port: int = Field(6380, ge=1, le=65535)
    redis_url: str = ""

    # SendGrid: a real key and no host -> real SendGrid. Default: the local mail server.
    sendgrid_api_key: SecretStr = SecretStr(LOCAL_SENDGRID_KEY)
    sendgrid_host: str | None = None  # unset + the local key -> the devstack mail server on :8025
    sendgrid_timeout_s: float = 5.0  # a down mail server fails a send within this, never hangs
    mail_from: str = "no-reply@dreams.test"
    mail_from_name: str = "Dreams"

    # Stripe: a real key and no api base -> real Stripe. Default: the local sandbox.
    stripe_secret_key: SecretStr = SecretStr(LOCAL_STRIPE_KEY)
    stripe_api_base: str | None = None  # unset + the local key -> the devstack Stripe sandbox on :12111
    stripe_webhook_secret: SecretStr = SecretStr("whsec_devstack")
    # Where the local sandbox delivers webhook events; empty -> {public_url}/api/stripe/webhook.
    stripe_webhook_url: str = ""
    # Sandbox webhook retries: delay doubles from the base (1 s, 2 s, 4 s ...) for at most N attempts.
    stripe_sandbox_retry_base_s: float = 1.0
    stripe_sandbox_max_attempts: int = 6
    # Stripe's own stripe-mock (the contract tests' oracle; devstack component "stripe-mock").
    stripe_mock_port: int = 12199

    # Amadeus (optional): when both are set the catalogue uses Amadeus instead of the built-in one.
    amadeus_client_id: str | None = None
    amadeus_client_secret: SecretStr | None = None
    amadeus_hostname: str = "test"

    # Signs package ids (HMAC-SHA256), so a shared link cannot be edited into another package.
    # Unset -> a random per-installation key in <state_dir>/secrets/package_id.key (created once).
    # Every process that serves or checks package links (app, workers) must see the same value.
    package_id_secret: SecretStr | None = None

    log_level: str = "INFO"
    # Prometheus: each worker serves /metrics on its own port (0 disables it: the test suite, where
    # several stacks share a machine); the web process serves /metrics on its own port instead.
    metrics_host: str = "127.0.0.1"  # 0.0.0.0 in compose, where Prometheus scrapes from another container
    users_worker_metrics_port: int = Field(9101, ge=0, le=65535)
    projector_worker_metrics_port: int = Field(9102, ge=0, le=65535)
    payments_worker_metrics_port: int = Field(9103, ge=0, le=65535)

    # Worker groups: devstack (`make run`, `devstack up`) starts this many processes of each worker
    # kind, all in the kind's consumer groups (a topic's partitions are shared and rebalanced when
    # one dies or joins); USERS_WORKERS / PROJECTOR_WORKERS / PAYMENTS_WORKERS override per kind.
    # More processes than a topic's partitions leaves the extra ones idle (topics.py: 6).
    # Process i (1-based, WORKER_INDEX, set by devstack) serves /metrics on the kind's port
    # + 10·(i−1): 9101, 9111, 9121 … for users, 9102, 9112 … for the projector, so kinds never clash.
    worker_processes: int = Field(1, ge=1, le=MAX_WORKER_PROCESSES)
    users_workers: int | None = Field(None, ge=1, le=MAX_WORKER_PROCESSES)
    projector_workers: int | None = Field(None, ge=1, le=MAX_WORKER_PROCESSES)
    payments_workers: int | None = Field(None, ge=1, le=MAX_WORKER_PROCESSES)
    worker_index: int = Field(1, ge=1, le=MAX_WORKER_PROCESSES)
    # Consumers of `payments` in each payments worker process (a thread each, all in the worker's
    # group, so they share the partitions like processes would): while one waits on Mongo or on
    # Kafka's acknowledgements, another's batch keeps the server busy (issue 15, bench_payments.py:
    # 0.58-0.82× of a raw bulk upsert with one in 15 runs, median 0.73; 0.73-0.92× with two in 11,
    # median 0.82).
    purchases_consumers: int = Field(2, ge=1, le=MAX_WORKER_PROCESSES)

    @field_validator("sendgrid_host", "stripe_api_base", "package_id_secret", mode="before")
    @classmethod
    def _empty_is_unset(cls, value):
        if isinstance(value, str):
            value = value.strip()
        return value or None  # compose passes "" for "not set"

    @field_validator("sendgrid_api_key", "stripe_secret_key", "stripe_webhook_secret", mode="before")
    @classmethod
    def _empty_key_is_the_local_one(cls, value, info):
        # Compose passes `${STRIPE_SECRET_KEY:-}`, i.e. "", when no key is set: that means "use the
        # local sandbox", never an empty real key that would fail at the first call.
        if value is None or (isinstance(value, str | SecretStr) and not _text(value).strip()):
            return cls.model_fields[info.field_name].default
        return value

    @field_validator("package_id_secret")
    @classmethod
    def _long_enough(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and len(value.get_secret_value()) < MIN_SECRET_CHARS:
            raise ValueError(
                f"PACKAGE_ID_SECRET must be at least {MIN_SECRET_CHARS} characters "
                f"(e.g. `python -c 'import secrets; print(secrets.token_urlsafe(32))'`)"
            )
        return value

    @model_validator(mode="after")
    def _derive(self) -> "Settings":
        if self.sendgrid_host is None and self.sendgrid_api_key.get_secret_value() == LOCAL_SENDGRID_KEY:
            self.sendgrid_host = "http://127.0.0.1:8025"
        if self.stripe_api_base is None and self.stripe_secret_key.get_secret_value() == LOCAL_STRIPE_KEY:
            self.stripe_api_base = "http://127.0.0.1:12111"
        if not self.database_url:
            self.database_url = f"sqlite:///{self.state_dir / 'data' / 'users.sqlite'}"
        if not self.redis_url:
            self.redis_url = f"redis://127.0.0.1:{self.redis_port}/0"
        if not self.public_url:
            self.public_url = f"http://127.0.0.1:{self.frontend_port}"
        self.public_url = self.public_url.rstrip("/")
        if not self.stripe_webhook_url:
            self.stripe_webhook_url = f"{self.public_url}/api/stripe/webhook"
        key = self.stripe_secret_key.get_secret_value()
        if key.startswith("sk_live_") and self.stripe_api_base:
            raise ValueError("refusing to start: a live Stripe key is pointed at a non-Stripe API base")
        return self

    # Derived ports, so devstack and the app agree on one source of truth.
    @property
    def kafka_port(self) -> int:
        return int(self.kafka_bootstrap_servers.split(",")[0].rsplit(":", 1)[1])

    @property
    def mongo_port(self) -> int:
        return urlsplit(self.mongo_url).port or 27017

    @property
    def mail_port(self) -> int | None:
        return urlsplit(self.sendgrid_host).port if self.sendgrid_host else None

    @property
    def stripe_port(self) -> int | None:
        return urlsplit(self.stripe_api_base).port if self.stripe_api_base else None

    @field_validator("redis_url")
    @classmethod
    def _redis_scheme(cls, value: str) -> str:
        value = value.strip()
        if value and not value.startswith(("redis://", "rediss://", "unix://")):
            raise ValueError(f"REDIS_URL must start with redis://, rediss:// or unix:// (got {value!r})")
        return value

    @property
    def backend_ports(self) -> list[int]:
        """The web backends' own ports when several run behind the load balancer."""
        return [self.backend_port + i for i in range(self.web_backends)]

    @property
    def uses_postgres(self) -> bool:
        return self.database_url.startswith("postgresql")

    @property
    def package_id_key_file(self) -> Path:
        return self.state_dir / "secrets" / "package_id.key"

    def worker_metrics_port(self, kind: str, index: int | None = None) -> int:
        """The metrics port of process `index` (default: this one's WORKER_INDEX) of worker `kind`
        (users | projector | payments); 0 = no endpoint."""
        base = getattr(self, f"{kind}_worker_metrics_port")
        return base and base + METRICS_PORT_STRIDE * ((index or self.worker_index) - 1)

    def worker_count(self, kind: str) -> int:
        """How many processes of worker `kind` devstack runs."""
        return getattr(self, f"{kind}_workers") or self.worker_processes

    @property
    def log_dir(self) -> Path:
        return self.state_dir / "logs"


def _text(value: str | SecretStr) -> str:
    return value.get_secret_value() if isinstance(value, SecretStr) else value


@lru_cache
def get_settings() -> Settings:
    return Settings()
