"""What one sandbox process needs, built from the project Settings (plus CLI overrides)."""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, SecretStr

from devstack import stripe_mock
from services.config import Settings

NAME = "stripe"
# The API version the SDK in requirements.txt pins; events carry it like Stripe's do.
try:
    import stripe as _stripe

    API_VERSION: str = _stripe.api_version
except ImportError:  # the sandbox itself does not need the SDK
    API_VERSION = "2026-10-28.endive"


class SandboxConfig(BaseModel):
    host: str = "127.0.0.1"
    port: int
    public_base: str  # where browsers reach the pay page
    db_path: Path
    spec_path: Path  # Stripe's OpenAPI spec, from stripe-mock's build in the tools dir
    api_key: SecretStr  # the one secret key accepted (Stripe's "account")
    webhook_urls: list[str]
    webhook_secret: SecretStr
    retry_base_s: float = 1.0
    max_attempts: int = 6
    webhook_timeout_s: float = 10.0
    sweep_interval_s: float = 1.0  # how often open sessions past expires_at are expired
    language: str = "pt-BR"  # pay page language when the session has no usable `locale`

    @classmethod
    def from_settings(
        cls,
        settings: Settings,
        *,
        port: int | None = None,
        host: str = "127.0.0.1",
        public_base: str | None = None,
        webhook_urls: list[str] | None = None,
    ) -> "SandboxConfig":
        port = port or settings.stripe_port or 12111
        key = settings.stripe_secret_key.get_secret_value()
        if not key.startswith(("sk_test_", "rk_test_")):
            raise SystemExit("stripe sandbox: STRIPE_SECRET_KEY must be a test key (sk_test_...)")
        return cls(
            host=host,
            port=port,
            public_base=(public_base or f"http://{host}:{port}").rstrip("/"),
            db_path=data_dir(settings) / "sandbox.sqlite",
            spec_path=stripe_mock.spec_path(settings),
            api_key=settings.stripe_secret_key,
            webhook_urls=webhook_urls
            if webhook_urls is not None
            else [u.strip() for u in settings.stripe_webhook_url.split(",") if u.strip()],
            webhook_secret=settings.stripe_webhook_secret,
            retry_base_s=settings.stripe_sandbox_retry_base_s,
            max_attempts=settings.stripe_sandbox_max_attempts,
            language=settings.default_locale.replace("_", "-"),
        )


def data_dir(settings: Settings) -> Path:
    return settings.state_dir / "data" / NAME
