"""The pins are reproducible: every requirement is pinned, and constraints.txt (the full frozen set
that `make` installs with) agrees with each pin and leaves nothing out."""

from __future__ import annotations

import re

from services.config import ROOT

PIN = re.compile(r"^([A-Za-z0-9_.\-]+)(\[[^\]]*\])?==([^\s;#]+)")


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def pins(name: str) -> dict[str, str]:
    found = {}
    for line in (ROOT / name).read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if not line or line.startswith("-r "):
            continue
        match = PIN.match(line)
        assert match, f"{name}: not pinned with ==: {line!r}"
        found[canonical(match.group(1))] = match.group(3)
    return found


def test_every_requirement_is_pinned_and_constraints_agree():
    constraints = pins("constraints.txt")
    for name in ("requirements.txt", "requirements-devstack.txt", "requirements-dev.txt"):
        for package, version in pins(name).items():
            assert constraints.get(package) == version, (
                f"{name} pins {package}=={version}, constraints.txt has {constraints.get(package)}"
            )


def test_the_makefile_installs_with_the_constraints_and_reinstalls_when_they_change():
    makefile = (ROOT / "Makefile").read_text()
    assert "pip install -q -r requirements-dev.txt -c constraints.txt" in makefile
    assert re.search(r"^REQUIREMENTS := .*constraints\.txt", makefile, re.M)
    assert "$(STAMP): $(REQUIREMENTS)" in makefile
    assert (ROOT / "requirements.txt").read_text().count("constraints.txt")
