"""The house's contracts (pyproject.toml [tool.importlinter], docs/architecture.md) hold."""
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_import_contracts_are_kept():
    exe = Path(sys.executable).with_name("lint-imports")
    res = subprocess.run([str(exe), "--no-cache"], cwd=ROOT, capture_output=True, text=True)
    assert res.returncode == 0, res.stdout[-4000:] + res.stderr[-2000:]
    assert "0 broken" in res.stdout


def test_every_app_is_on_a_floor():
    """A new app must be placed in the layers contract, or its arrows go unchecked."""
    import tomllib

    conf = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]
    floors = next(c for c in conf["contracts"] if c["id"] == "floors")["layers"]
    placed = {m.strip() for layer in floors for m in layer.split("|")}
    apps = {f"cakupan.{p.name}" for p in (ROOT / "cakupan").iterdir() if (p / "__init__.py").exists()}
    modules = {f"cakupan.{p.stem}" for p in (ROOT / "cakupan").glob("*.py") if p.stem != "__init__"}
    assert apps | modules <= placed, sorted((apps | modules) - placed)
