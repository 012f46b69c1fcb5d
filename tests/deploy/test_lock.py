"""Supply chain (docs/deploy.md, "Supply chain"): the lock files pin, with hashes, every dependency
pyproject.toml names; the suite runs with exactly the locked versions; scripts/audit.py fails on an
undocumented vulnerability, passes a documented one, and only warns when PyPI cannot be reached."""

import os
import re
import subprocess
import sys
import tomllib
from importlib import metadata
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[2]
LOCK = ROOT / "requirements" / "lock.txt"
LOCK_RUNTIME = ROOT / "requirements" / "lock-runtime.txt"


def pins(path: Path) -> dict[str, str]:
    """name -> version of each requirement in a pip-compile lock file, checking each has a hash."""
    found, current = {}, None
    for line in path.read_text().splitlines():
        m = re.match(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==(\S+)", line)
        if m:
            current = canonicalize_name(m.group(1))
            found[current] = m.group(2)
        elif "--hash=sha256:" in line and current:
            found.setdefault(f"{current}#hashed", "yes")
    unhashed = [n for n in found if "#" not in n and f"{n}#hashed" not in found]
    assert not unhashed, f"{path.name}: pins without a hash: {unhashed}"
    return {n: v for n, v in found.items() if "#" not in n}


def declared(*extras: str) -> set[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    reqs = list(project["dependencies"])
    for extra in extras:
        reqs += project["optional-dependencies"][extra]
    return {canonicalize_name(Requirement(r).name) for r in reqs}


def test_lock_pins_every_declared_dependency_with_hashes():
    locked, runtime = pins(LOCK), pins(LOCK_RUNTIME)
    assert declared("test") - locked.keys() == set(), "run `make lock` after editing pyproject.toml"
    assert declared() - runtime.keys() == set(), "run `make lock` after editing pyproject.toml"
    # the runtime lock is the same versions as the full one, a subset of it
    assert {n: v for n, v in runtime.items() if locked.get(n) != v} == {}


def test_suite_runs_with_the_locked_versions():
    mismatched = {}
    for name, version in pins(LOCK).items():
        try:
            installed = metadata.version(name)
        except metadata.PackageNotFoundError:
            installed = None
        if installed != version:
            mismatched[name] = (version, installed)
    assert mismatched == {}, "(locked, installed): run scripts/setup.sh test"


FAKE_PIP_AUDIT = '''
import json, os, sys
a = sys.argv
mode = os.environ["FAKE_AUDIT"]
if mode == "offline":
    print("requests.exceptions.ConnectionError: Max retries exceeded", file=sys.stderr)
    print("Tip: your network may be blocking this service. Try another service", file=sys.stderr)
    sys.exit(1)
ignored = [a[i + 1] for i, x in enumerate(a) if x == "--ignore-vuln"]
vulns = [v for v in [{"id": "PYSEC-0000-1", "aliases": ["CVE-0000-1"], "fix_versions": ["9.9"],
                      "description": "a made-up hole"}] if v["id"] not in ignored]
json.dump({"dependencies": [{"name": "django", "version": "5.2", "vulns": vulns}], "fixes": []},
          open(a[a.index("-o") + 1], "w"))
sys.exit(1 if vulns else 0)
'''


@pytest.mark.parametrize(
    ("mode", "ignore", "code", "says"),
    [
        ("found", "", 1, "VULNERABLE django"),
        ("found", "PYSEC-0000-1  django  does not apply: a test\n", 0, "no known vulnerability"),
        ("offline", "", 0, "WARNING: pip-audit: could not reach"),
    ],
)
def test_audit_fails_only_on_an_undocumented_vulnerability(tmp_path, mode, ignore, code, says):
    fake = tmp_path / "fake" / "pip_audit"
    fake.mkdir(parents=True)
    (fake / "__init__.py").write_text("")
    (fake / "__main__.py").write_text(FAKE_PIP_AUDIT)
    ignore_file = tmp_path / "ignore.txt"
    ignore_file.write_text("# ID package reason\n" + ignore)
    env = {**os.environ, "PYTHONPATH": str(tmp_path / "fake"), "FAKE_AUDIT": mode}
    done = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "audit.py"), str(LOCK), str(ignore_file)],
        env=env, capture_output=True, text=True, timeout=60,
    )
    assert done.returncode == code, done.stdout + done.stderr
    assert says in done.stdout + done.stderr
