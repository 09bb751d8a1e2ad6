"""axe-core (npm) for the browser tests' accessibility scans, installed into `<tools_dir>/axe`.

Pinned by tools/axe/package.json and its lockfile; `npm ci` installs exactly that, so every machine
scans with the same rules (the version the issue was measured with).
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from services.config import ROOT, Settings

SOURCE = ROOT / "tools" / "axe"  # package.json + package-lock.json


def axe_dir(settings: Settings) -> Path:
    return settings.tools_dir / "axe"


def axe_script(settings: Settings) -> Path:
    return axe_dir(settings) / "node_modules" / "axe-core" / "axe.min.js"


def ensure_axe(settings: Settings) -> Path:
    """`npm ci` the pinned axe-core unless that exact lockfile is already installed. Returns axe.min.js."""
    target = axe_dir(settings)
    lock = SOURCE / "package-lock.json"
    installed = target / "package-lock.json"
    script = axe_script(settings)
    if script.exists() and installed.exists() and installed.read_bytes() == lock.read_bytes():
        return script
    target.mkdir(parents=True, exist_ok=True)
    for name in ("package.json", "package-lock.json"):
        shutil.copyfile(SOURCE / name, target / name)
    subprocess.run(
        ["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"],
        cwd=target,
        check=True,
        timeout=300,
        stdout=subprocess.DEVNULL,
        env={**os.environ, "NPM_CONFIG_REGISTRY": "https://registry.npmjs.org"},
    )
    return script
