"""The CLI reference (docs/cli.md) is generated and kept honest (style habit 9): it matches the
command tree, every command shows an example in its help, and every `--help` works."""
from __future__ import annotations

import difflib
import importlib.util
import sys
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from cakupan.cli import app

ROOT = Path(__file__).resolve().parents[1]


def _load_generator():
    path = ROOT / "scripts" / "gen_cli_docs.py"
    spec = importlib.util.spec_from_file_location("gen_cli_docs", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("gen_cli_docs", module)  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


gen = _load_generator()
LEAVES = gen.leaf_commands()


def test_cli_reference_is_up_to_date():
    generated = gen.render()
    on_disk = gen.OUT.read_text(encoding="utf-8") if gen.OUT.exists() else ""
    if on_disk != generated:
        diff = difflib.unified_diff(
            on_disk.splitlines(), generated.splitlines(), "docs/cli.md", "generated", lineterm=""
        )
        pytest.fail(
            "docs/cli.md is out of date: run `.venv/bin/python scripts/gen_cli_docs.py`"
            " and commit it.\n" + "\n".join(list(diff)[:40]),
            pytrace=False,
        )


def test_every_command_has_an_example_in_its_help():
    offenders = [
        f"{node.name}  ({gen.source_file(node.command)})"
        for node in LEAVES
        if not gen.examples(node.command)
    ]
    assert not offenders, (
        "these commands have no line starting 'Example:' (or 'Contoh:') in their help:\n  "
        + "\n  ".join(offenders)
    )


@pytest.mark.parametrize("node", LEAVES, ids=[" ".join(node.path) for node in LEAVES])
def test_every_command_help_exits_0(node):
    result = CliRunner().invoke(app, [*node.path, "--help"])
    assert result.exit_code == 0, f"`{node.name} --help` exited {result.exit_code}: {result.output}"
    assert node.path[-1] in result.output


def test_reference_is_deterministic_and_machine_free():
    first, second = gen.render(), gen.render()
    assert first == second
    assert str(ROOT) not in first, "docs/cli.md would hold this checkout's path (a local default?)"
    assert "\x1b[" not in first, "ANSI escape codes in docs/cli.md"


def test_generator_on_a_small_app():
    """The generator itself: examples found, commands without one reported, cells escaped."""
    tiny = typer.Typer()
    sub = typer.Typer(help="Sub group.")
    tiny.add_typer(sub, name="grp")

    @tiny.command("with-example")
    def with_example(
        kind: str = typer.Argument(..., help="a|b"),
        out: Path = typer.Option(Path("x.csv"), "--out", help="file <id>.csv"),
        loud: bool = typer.Option(False, "--loud"),
    ) -> None:
        """Do a thing.

        Contoh: tiny with-example a --out y.csv
        """

    @sub.command("bare")
    def bare() -> None:
        """No example here."""

    leaves = {" ".join(node.path): node for node in gen.leaf_commands(tiny)}
    assert sorted(leaves) == ["grp bare", "with-example"]
    assert gen.examples(leaves["with-example"].command) == ["tiny with-example a --out y.csv"]
    assert gen.examples(leaves["grp bare"].command) == []

    text = gen.render(tiny)
    assert "```sh\ntiny with-example a --out y.csv\n```" in text
    assert "| `kind` (argument) | `str` | *required* | a\\|b |" in text
    assert "| `--out` | `path` | `x.csv` | file &lt;id>.csv |" in text
    assert "| `--loud` | `flag` | off |" in text
    assert "  - [cakupan grp bare](#cakupan-grp-bare)" in text
