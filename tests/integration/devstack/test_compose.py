"""docker-compose.yml, validated by a real compose implementation and checked against devstack.

`docker-compose config` (Debian's docker-compose 1.29, installed by `make install-compose`; it needs
no Docker engine) validates the file and prints it normalised, with the environment interpolated —
here an environment without any key, the case `docker compose up` must handle. The normalised
YAML is read with the validator's own interpreter (docker-compose depends on PyYAML), so this test
needs nothing the venv lacks. Never skipped: without the validator it fails.
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import shutil
import subprocess
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from devstack import components
from services.config import LOCAL_SENDGRID_KEY, LOCAL_STRIPE_KEY, ROOT, Settings

COMPOSE = "docker-compose"
HEALTHY = {"condition": "service_healthy"}
APP_SERVICES = ("app", "users-worker", "projector-worker", "payments-worker")
NOT_SETTINGS = re.compile(r"REFLEX_")  # read by Reflex itself, not by services.config


def compose_config(environ: dict[str, str]) -> dict:
    validator = shutil.which(COMPOSE)
    assert validator, f"{COMPOSE} is not installed: run `make install-compose` (apt-get install docker-compose)"
    done = subprocess.run(
        [validator, "-f", str(ROOT / "docker-compose.yml"), "config"],
        env=environ,
        capture_output=True,
        text=True,
        timeout=60,
        cwd=ROOT,
    )
    assert done.returncode == 0, done.stderr
    interpreter = Path(validator).read_text().splitlines()[0].removeprefix("#!").split()
    as_json = subprocess.run(
        [*interpreter, "-c", "import json, sys, yaml; json.dump(yaml.safe_load(sys.stdin), sys.stdout)"],
        input=done.stdout,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert as_json.returncode == 0, as_json.stderr
    return json.loads(as_json.stdout)


@pytest.fixture(scope="module")
def config() -> dict:
    # No keys, hosts or secrets in the environment: compose must work without any of them.
    bare = {k: v for k, v in os.environ.items() if not k.startswith(("SENDGRID_", "STRIPE_", "PACKAGE_ID_"))}
    return compose_config(bare)


def settings_of(service: dict, monkeypatch: pytest.MonkeyPatch) -> Settings:
    """What services.config makes of a service's environment, and nothing else (no .env, no test
    exports such as this stack's ports)."""
    for name in Settings.model_fields:
        monkeypatch.delenv(name.upper(), raising=False)
    for key, value in service["environment"].items():
        monkeypatch.setenv(key, "" if value is None else str(value))
    return Settings(_env_file=None)


def command_option(service: dict, option: str) -> str:
    command = service["command"]
    return command[command.index(option) + 1]


def target_ports(service: dict) -> set[int]:
    return {int(p["target"]) for p in service.get("ports", [])}


def test_validates_and_every_devstack_component_is_a_service(config):
    assert set(config["services"]) == (set(components.REGISTRY) - set(components.TEST_ONLY)) | {"redis"}


def test_without_keys_the_app_uses_the_sandbox_services(config, monkeypatch):
    for name in APP_SERVICES + ("mail", "stripe"):
        settings = settings_of(config["services"][name], monkeypatch)
        assert settings.sendgrid_api_key.get_secret_value() == LOCAL_SENDGRID_KEY, name
        assert settings.stripe_secret_key.get_secret_value() == LOCAL_STRIPE_KEY, name
        assert urlsplit(settings.sendgrid_host).hostname == "mail", name
        assert urlsplit(settings.stripe_api_base).hostname == "stripe", name


def test_the_sandboxes_run_devstack_from_the_image(config, monkeypatch):
    for name, module in (("mail", "devstack.mailserver"), ("stripe", "devstack.stripe_sandbox")):
        service = config["services"][name]
        assert service["command"][:3] == ["python", "-m", module]
        assert importlib.util.find_spec(f"{module}.__main__") is not None
        assert command_option(service, "--host") == "0.0.0.0"  # reachable from the other containers
        assert service["build"] == config["services"]["app"]["build"]
    app = settings_of(config["services"]["app"], monkeypatch)
    assert int(command_option(config["services"]["mail"], "--port")) == app.mail_port
    assert target_ports(config["services"]["mail"]) == {app.mail_port}
    assert int(command_option(config["services"]["stripe"], "--port")) == app.stripe_port
    assert target_ports(config["services"]["stripe"]) == {app.stripe_port}
    assert urlsplit(app.stripe_webhook_url).hostname == "app"
    assert urlsplit(app.stripe_webhook_url).port == app.frontend_port


def test_ports_and_hosts_agree_with_the_settings(config, monkeypatch):
    services = config["services"]
    for name in APP_SERVICES:
        settings = settings_of(services[name], monkeypatch)
        host, port = settings.kafka_bootstrap_servers.rsplit(":", 1)
        kafka = services["kafka"]["environment"]
        assert f"PLAINTEXT://{host}:{port}" in kafka["KAFKA_ADVERTISED_LISTENERS"].split(",")
        assert f"PLAINTEXT://:{settings.kafka_port}" in kafka["KAFKA_LISTENERS"].split(",")
        mongo = urlsplit(settings.mongo_url)
        assert mongo.hostname == "mongo" and settings.mongo_port == 27017  # mongod's default port
        assert (
            f"replicaSet={services['mongo']['command'][services['mongo']['command'].index('--replSet') + 1]}"
            in mongo.query
        )
        db = urlsplit(settings.database_url)
        pg = services["postgres"]["environment"]
        assert settings.uses_postgres and db.hostname == "postgres" and db.port == 5432
        assert (db.username, db.password, db.path.lstrip("/")) == (
            pg["POSTGRES_USER"],
            pg["POSTGRES_PASSWORD"],
            pg["POSTGRES_DB"],
        )
    app = settings_of(services["app"], monkeypatch)
    assert app.app_host == "0.0.0.0"  # the issue: 127.0.0.1 in a container is unreachable from the host
    assert target_ports(services["app"]) == {app.frontend_port}
    published = {int(p["published"]) for p in services["app"]["ports"]}
    assert urlsplit(app.public_url).port in published
    for name in APP_SERVICES:
        unknown = [
            k
            for k in services[name]["environment"]
            if k.lower() not in Settings.model_fields and not NOT_SETTINGS.match(k)
        ]
        assert unknown == [], f"{name}: not a setting (typo?): {unknown}"


def test_depends_on_the_healthy_infrastructure_devstack_starts_first(config, monkeypatch):
    services = config["services"]
    for name in APP_SERVICES:
        settings = settings_of(services[name], monkeypatch)
        hosts = {
            urlsplit(u).hostname
            for u in (settings.mongo_url, settings.database_url, settings.sendgrid_host, settings.stripe_api_base)
        }
        hosts.add(settings.kafka_bootstrap_servers.rsplit(":", 1)[0])
        servers = set(components.INFRASTRUCTURE) - set(components.TEST_ONLY)
        needed = {n for n in servers if n in hosts}
        assert needed == servers, name  # every server devstack starts first
        depends = services[name]["depends_on"]
        assert {n: depends.get(n) for n in needed} == {n: HEALTHY for n in needed}, name
    assert services["app"]["depends_on"]["redis"] == HEALTHY
    assert urlsplit(settings_of(services["app"], monkeypatch).redis_url).hostname == "redis"
    for name in {d for s in services.values() for d in s.get("depends_on", {})}:
        assert services[name].get("healthcheck", {}).get("test"), f"{name} is waited for but has no health check"


def test_health_checks_wait_for_a_primary_and_a_ready_broker(config):
    mongo = " ".join(config["services"]["mongo"]["healthcheck"]["test"])
    assert "isWritablePrimary" in mongo and "rs.initiate" in mongo
    kafka = " ".join(config["services"]["kafka"]["healthcheck"]["test"])
    assert "kafka-broker-api-versions.sh" in kafka and "--bootstrap-server localhost:9092" in kafka


def test_kafka_writes_its_log_to_the_volume(config):
    kafka = config["services"]["kafka"]
    log_dirs = kafka["environment"]["KAFKA_LOG_DIRS"].split(",")
    mounts = {v.split(":")[1]: v.split(":")[0] for v in kafka["volumes"]}
    assert all(d in mounts and mounts[d] in config["volumes"] for d in log_dirs)


def test_the_image_has_the_node_reflex_needs_and_ignores_local_state():
    from reflex_base.constants.installer import Node

    dockerfile = (ROOT / "Dockerfile").read_text()
    node = re.search(r"^ARG NODE_VERSION=([\d.]+)$", dockerfile, re.M).group(1)
    assert "FROM node:${NODE_VERSION}" in dockerfile

    def version(text: str) -> tuple[int, ...]:
        return tuple(int(p) for p in text.split("."))

    # "22.22" is the newest 22.22.x: at least 22.22.0.
    assert version(node) + (0,) * (3 - len(version(node))) >= version(Node.MIN_VERSION)
    assert "-c constraints.txt" in dockerfile
    ignored = set((ROOT / ".dockerignore").read_text().split())
    assert {".git", ".venv", ".devstack", ".env", ".web"} <= ignored
