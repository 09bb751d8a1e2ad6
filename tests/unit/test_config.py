"""Settings from the environment: what compose's empty `${VAR:-}` values mean."""

from __future__ import annotations

import pytest

from services.config import LOCAL_SENDGRID_KEY, LOCAL_STRIPE_KEY, Settings


@pytest.mark.parametrize("empty", ["", "  "])
def test_empty_keys_mean_the_local_sandboxes(monkeypatch, tmp_path, empty):
    for name in ("SENDGRID_API_KEY", "SENDGRID_HOST", "STRIPE_SECRET_KEY", "STRIPE_API_BASE", "STRIPE_WEBHOOK_SECRET"):
        monkeypatch.setenv(name, empty)
    settings = Settings(_env_file=None, state_dir=tmp_path)
    assert settings.sendgrid_api_key.get_secret_value() == LOCAL_SENDGRID_KEY
    assert settings.stripe_secret_key.get_secret_value() == LOCAL_STRIPE_KEY
    assert settings.stripe_webhook_secret.get_secret_value() == "whsec_devstack"
    # ... and so the sandbox defaults follow, as with no variables at all.
    assert settings.sendgrid_host == "http://127.0.0.1:8025"
    assert settings.stripe_api_base == "http://127.0.0.1:12111"


def test_a_real_key_is_kept_and_uses_the_real_service(monkeypatch, tmp_path):
    for name in ("SENDGRID_HOST", "STRIPE_API_BASE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("SENDGRID_API_KEY", "SG.real")
    monkeypatch.setenv("STRIPE_SECRET_KEY", "sk_test_real")
    settings = Settings(_env_file=None, state_dir=tmp_path)
    assert settings.sendgrid_api_key.get_secret_value() == "SG.real" and settings.sendgrid_host is None
    assert settings.stripe_secret_key.get_secret_value() == "sk_test_real" and settings.stripe_api_base is None
