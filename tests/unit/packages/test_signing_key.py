"""The server's package id key: from settings, else one random key file per state dir."""

import multiprocessing
import stat

import pytest
from pydantic import ValidationError

from services.config import Settings
from services.keyfile import KeyFileError, load_or_create
from services.packages.signing import package_id_key


def _race(path, barrier, results):
    barrier.wait()  # every process tries to create the key at the same moment
    results.put(load_or_create(path))


def test_processes_starting_together_share_one_key(tmp_path):
    path = tmp_path / "secrets" / "package_id.key"
    ctx = multiprocessing.get_context("fork")
    n = 6
    barrier, results = ctx.Barrier(n), ctx.Queue()
    procs = [ctx.Process(target=_race, args=(path, barrier, results)) for _ in range(n)]
    for proc in procs:
        proc.start()
    keys = {results.get(timeout=30) for _ in procs}
    for proc in procs:
        proc.join(timeout=30)
    assert len(keys) == 1 and len(keys.pop()) == 32
    assert [p.name for p in path.parent.iterdir()] == ["package_id.key"]  # no temporary files left
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_the_key_file_is_created_once_and_then_read(tmp_path):
    path = tmp_path / "package_id.key"
    first = load_or_create(path)
    assert load_or_create(path) == first
    assert load_or_create(tmp_path / "other.key") != first


def test_a_damaged_key_file_is_refused_not_replaced(tmp_path):
    path = tmp_path / "package_id.key"
    path.write_bytes(b"short")
    with pytest.raises(KeyFileError, match="delete it"):
        load_or_create(path)
    assert path.read_bytes() == b"short"


def test_settings_secret_wins_over_the_key_file(tmp_path):
    secret = "s" * 40
    assert package_id_key(Settings(state_dir=tmp_path, package_id_secret=secret)) == secret.encode()
    assert not (tmp_path / "secrets").exists()
    from_file = package_id_key(Settings(state_dir=tmp_path, package_id_secret=""))  # "" = unset (compose)
    assert from_file == (tmp_path / "secrets" / "package_id.key").read_bytes()


def test_a_short_secret_is_refused_where_it_is_set():
    with pytest.raises(ValidationError, match="PACKAGE_ID_SECRET must be at least 32"):
        Settings(package_id_secret="too-short")
