"""Audit a hashed lock file for known vulnerabilities (pip-audit, PyPI's vulnerability data).

    .venv-tools/bin/python scripts/audit.py requirements/lock.txt requirements/audit-ignore.txt

Exit 1: a known vulnerability not listed in the ignore file. Exit 0 otherwise, but with a WARNING
when the audit could not be done, in whole (no network, the service refused) or in part (some
packages skipped). A package pip-audit skips (PyPI answered nothing for that exact version) is
checked once more against PyPI's project JSON, whose `vulnerabilities` are those of the latest
release: that is an exact answer when the pin is the latest release, and "not audited" otherwise.

The ignore file: one vulnerability a line, `ID  package  reason`; `#` starts a comment.
"""

import json
import re
import subprocess
import sys
import tempfile
import urllib.request
from pathlib import Path

OFFLINE_HINTS = ("Tip: your network may be blocking", "ConnectionError", "ServiceError",
                 "Max retries", "timed out", "Temporary failure in name resolution",
                 "Name or service not known", "Connection refused")


def warn(msg: str) -> None:
    print(f"WARNING: pip-audit: {msg}", file=sys.stderr)


def pins(lock: Path) -> dict[str, str]:
    found = {}
    for line in lock.read_text().splitlines():
        m = re.match(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)", line)
        if m:
            found[re.sub(r"[-_.]+", "-", m.group(1)).lower()] = m.group(2)
    return found


def ignored(path: Path) -> dict[str, str]:
    ids = {}
    if path.exists():
        for line in path.read_text().splitlines():
            line = line.split("#", 1)[0].strip()
            if line:
                vuln_id, *rest = line.split(None, 1)
                ids[vuln_id] = rest[0] if rest else ""
    return ids


def latest_release_vulns(name: str, version: str) -> list[dict] | None:
    """PyPI's vulnerabilities for name==version if that is the latest release, else None."""
    with urllib.request.urlopen(f"https://pypi.org/pypi/{name}/json", timeout=15) as resp:
        data = json.load(resp)
    if data["info"]["version"] != version:
        return None
    return [v for v in data.get("vulnerabilities") or [] if not v.get("withdrawn")]


def main() -> int:
    lock, ignore_file = Path(sys.argv[1]), Path(sys.argv[2])
    versions, ignore = pins(lock), ignored(ignore_file)
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "audit.json"
        cmd = [sys.executable, "-m", "pip_audit", "-r", str(lock), "--require-hashes",
               "--disable-pip",
               "--progress-spinner", "off", "-f", "json", "-o", str(out)]
        for vuln_id in ignore:
            cmd += ["--ignore-vuln", vuln_id]
        proc = subprocess.run(cmd, capture_output=True, text=True)
        report = json.loads(out.read_text()) if out.exists() and out.stat().st_size else None
    if report is None:
        text = (proc.stderr + proc.stdout).strip()
        if any(hint in text for hint in OFFLINE_HINTS):
            warn("could not reach PyPI's vulnerability service: the lock file was NOT audited.")
            print(text.splitlines()[-1] if text else "", file=sys.stderr)
            return 0
        print(text, file=sys.stderr)
        return proc.returncode or 1

    found, not_audited, fallback = [], [], 0
    for dep in report["dependencies"]:
        name = dep["name"]
        if "skip_reason" in dep:
            try:
                vulns = latest_release_vulns(name, versions.get(name, ""))
            except OSError as exc:
                not_audited.append(f"{name} ({exc})")
                continue
            if vulns is None:
                not_audited.append(f"{name}=={versions.get(name, '?')} (not the latest release)")
                continue
            fallback += 1
            vulns = [{"id": v["id"], "aliases": v.get("aliases") or [],
                      "fix_versions": v.get("fixed_in") or [],
                      "description": v.get("summary") or v.get("details") or ""}
                     for v in vulns if not ({v["id"], *(v.get("aliases") or [])} & ignore.keys())]
        else:
            vulns = dep.get("vulns") or []
        for v in vulns:
            found.append((name, versions.get(name, dep.get("version", "?")), v))

    audited = len(report["dependencies"]) - len(not_audited)
    print(f"pip-audit: {audited} of {len(report['dependencies'])} packages in {lock} audited"
          f" ({fallback} through PyPI's latest-release data); {len(ignore)} documented exceptions"
          f" in {ignore_file}.")
    if not_audited:
        warn(f"{len(not_audited)} packages NOT audited (PyPI gave no data for the pinned version): "
             + ", ".join(not_audited))
    for name, version, v in found:
        ids = ", ".join([v["id"], *v.get("aliases", [])])
        fixes = ", ".join(v.get("fix_versions") or []) or "none"
        print(f"VULNERABLE {name}=={version}: {ids}; fixed in: {fixes}\n"
              f"    {v.get('description', '')[:300]}",
              file=sys.stderr)
    if found:
        print(f"{len(found)} known vulnerabilities: upgrade (make lock UPGRADE='--upgrade-package"
              f" NAME') or list each in {ignore_file} with its reason (docs/deploy.md, Supply"
              " chain).", file=sys.stderr)
        return 1
    print("pip-audit: no known vulnerability"
          + (" in the audited packages." if not_audited else "."))
    return 0


if __name__ == "__main__":
    sys.exit(main())
