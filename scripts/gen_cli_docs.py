"""Write docs/cli.md, the CLI reference, from the Typer app in cakupan/cli.py (style habit 9).

    .venv/bin/python scripts/gen_cli_docs.py           # (re)write docs/cli.md
    .venv/bin/python scripts/gen_cli_docs.py --check   # exit 1 if docs/cli.md is out of date

The output depends only on the command tree: no terminal width, no colours, no dates, no paths of
this machine. tests/test_cli_reference.py fails when docs/cli.md differs from what this writes.
"""
from __future__ import annotations

import argparse
import inspect
import sys
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "docs" / "cli.md"
PROG = "cakupan"
EXAMPLE_PREFIXES = ("Example:", "Contoh:")
REGENERATE = ".venv/bin/python scripts/gen_cli_docs.py"


@dataclass(frozen=True)
class Node:
    """One command or group of the tree, with the click context it would run in."""

    path: tuple[str, ...]  # ("import", "population"); () for the root
    command: Any
    ctx: Any

    @property
    def name(self) -> str:
        return " ".join((PROG, *self.path))

    @property
    def is_group(self) -> bool:
        return hasattr(self.command, "commands")

    @property
    def anchor(self) -> str:  # GitHub's heading slug for "cakupan user demo-accounts"
        return self.name.lower().replace(" ", "-")


def walk(app: Any = None) -> list[Node]:
    """Every visible command and group, depth first, in the order `--help` lists them."""
    import typer.main

    if app is None:
        if str(ROOT) not in sys.path:
            sys.path.insert(0, str(ROOT))
        from cakupan.cli import app
    nodes: list[Node] = []

    def visit(cmd: Any, path: tuple[str, ...], parent: Any) -> None:
        info_name = path[-1] if path else PROG
        ctx = cmd.context_class(cmd, parent=parent, info_name=info_name, **cmd.context_settings)
        nodes.append(Node(path, cmd, ctx))
        if hasattr(cmd, "commands"):
            for sub_name in cmd.list_commands(ctx):
                sub = cmd.commands[sub_name]
                if not getattr(sub, "hidden", False):
                    visit(sub, (*path, sub_name), ctx)

    visit(typer.main.get_command(app), (), None)
    return nodes


def leaf_commands(app: Any = None) -> list[Node]:
    return [node for node in walk(app) if not node.is_group]


def help_text(cmd: Any) -> str:
    """The help and epilog as `--help` shows them (text before \\f, rich markup removed)."""
    help_ = inspect.cleandoc(cmd.help or "").partition("\f")[0]
    parts = [help_, inspect.cleandoc(cmd.epilog or "")]
    text = "\n\n".join(part for part in parts if part.strip())
    if getattr(cmd, "rich_markup_mode", None) == "rich" and "[" in text:
        from rich.errors import MarkupError
        from rich.text import Text

        try:
            text = Text.from_markup(text, emoji=False).plain
        except MarkupError:
            pass  # not valid markup: show the text as written
    return "\n".join(line for line in text.splitlines() if line.strip() != "\b")


def examples(cmd: Any) -> list[str]:
    """The example command lines of a command's help (lines starting Example: or Contoh:)."""
    return [ex for line in help_text(cmd).splitlines() if (ex := example_of_line(line)) is not None]


def example_of_line(line: str) -> str | None:
    stripped = line.strip()
    for prefix in EXAMPLE_PREFIXES:
        if stripped.startswith(prefix):
            return stripped[len(prefix):].strip()
    return None


def source_file(cmd: Any) -> str:
    """The file defining a command's function, relative to the repository when inside it."""
    callback = getattr(cmd, "callback", None)
    if callback is None:
        return "?"
    try:
        path = Path(inspect.getsourcefile(inspect.unwrap(callback)) or "?").resolve()
    except TypeError:
        return "?"
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else path.name


# --- markdown -------------------------------------------------------------------------------


def _prose(text: str) -> str:
    """Escape `<` outside code spans so `daftar-<id>.xlsx` is not read as an HTML tag."""
    pieces = text.split("`")
    return "`".join(p if i % 2 else p.replace("<", "&lt;") for i, p in enumerate(pieces))


def _cell(text: str) -> str:
    return _prose(" ".join(str(text).split())).replace("|", "\\|")


def _help_markdown(cmd: Any) -> list[str]:
    out: list[str] = []
    for paragraph in help_text(cmd).split("\n\n"):
        prose: list[str] = []
        code: list[str] = []

        def flush() -> None:
            if prose:
                out.extend([_prose(" ".join(line.strip() for line in prose)), ""])
                prose.clear()
            if code:
                out.extend(["Example:", "", "```sh", *code, "```", ""])
                code.clear()

        for line in paragraph.strip().splitlines():
            example = example_of_line(line)
            if example is None:
                if code:
                    flush()
                prose.append(line)
            else:
                if prose:
                    flush()
                code.append(example)
        flush()
    return out


def _type(param: Any, ctx: Any) -> str:
    if getattr(param, "is_flag", False) and not getattr(param, "count", False):
        return "flag"
    if hasattr(param, "display_type"):
        label = param.display_type(ctx).strip("<>")
    else:
        label = getattr(param.type, "name", str(param.type))
    if getattr(param, "multiple", False) and not label.startswith("list["):
        label += ", repeatable"
    return label


def _default(param: Any) -> str:
    if param.required:
        return "*required*"
    show = getattr(param, "show_default", True)
    if isinstance(show, str):
        return show
    default = param.default
    if show is False or default is None or default == "" or default == () or default == []:
        return "—"
    if callable(default):
        return "(dynamic)"
    if getattr(param, "is_bool_flag", False):
        if param.secondary_opts:
            return f"`{(param.opts if default else param.secondary_opts)[0]}`"
        return "on" if default else "off"
    if isinstance(default, (list, tuple)):
        return ", ".join(f"`{d.value if isinstance(d, Enum) else d}`" for d in default)
    return f"`{default.value if isinstance(default, Enum) else default}`"


def _param_row(param: Any, ctx: Any) -> str:
    if param.param_type_name == "argument":
        name = f"`{param.name}` (argument)"
    else:
        name = ", ".join(f"`{opt}`" for opt in param.opts)
        if param.secondary_opts:
            name += " / " + ", ".join(f"`{opt}`" for opt in param.secondary_opts)
    notes = [param.help or ""]
    low, high = getattr(param, "min", None), getattr(param, "max", None)
    if low is not None or high is not None:
        notes.append(f"(range {'' if low is None else low}..{'' if high is None else high})")
    if getattr(param, "envvar", None) and getattr(param, "show_envvar", False):
        notes.append(f"(env: {param.envvar})")
    code_cells = [name, f"`{_type(param, ctx)}`", _default(param)]
    cells = [c.replace("|", "\\|") for c in code_cells] + [_cell(" ".join(n for n in notes if n))]
    return "| " + " | ".join(cells) + " |"


def _section(node: Node) -> list[str]:
    cmd, ctx = node.command, node.ctx
    level = "#" * min(2 + max(len(node.path) - 1, 0), 6)
    usage = " ".join([node.name, *cmd.collect_usage_pieces(ctx)])
    out = [f"{level} {node.name}", "", "```", usage, "```", "", *_help_markdown(cmd)]
    params = [p for p in cmd.params if not getattr(p, "hidden", False)]
    if params:
        out += ["| Argument / option | Type | Default | Help |", "|---|---|---|---|"]
        out += [_param_row(p, ctx) for p in params] + [""]
    if node.is_group:
        subs = [(name, cmd.commands[name]) for name in cmd.list_commands(ctx)]
        out += ["| Command | Summary |", "|---|---|"]
        for name, sub in subs:
            if not getattr(sub, "hidden", False):
                target = f"{node.name} {name}".lower().replace(" ", "-")
                summary = _cell(sub.get_short_help_str(limit=120))
                out.append(f"| [`{name}`](#{target}) | {summary} |")
        out.append("")
    return out


def render(app: Any = None) -> str:
    nodes = walk(app)
    out = [
        "# CLI reference",
        "",
        "<!-- Generated by scripts/gen_cli_docs.py from cakupan/cli.py."
        f" Do not edit: run {REGENERATE} -->",
        "",
        "Every command is a thin wrapper over a Python service and prints `--help` with an example."
        " Commands are listed in the order `cakupan --help` shows them. User errors print one line"
        " (`Galat: ...`) and exit non-zero.",
        "",
        "## Contents",
        "",
    ]
    for node in nodes[1:]:
        indent = "  " * (len(node.path) - 1)
        out.append(f"{indent}- [{node.name}](#{node.anchor})")
    out.append("")
    for node in nodes:
        out += _section(node)
    return "\n".join(out).rstrip("\n") + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Generate docs/cli.md from the cakupan CLI.")
    parser.add_argument("--check", action="store_true", help="exit 1 if docs/cli.md is out of date")
    args = parser.parse_args(argv)
    text = render()
    current = OUT.read_text(encoding="utf-8") if OUT.exists() else None
    if args.check:
        if current != text:
            print(f"docs/cli.md is out of date: run {REGENERATE}", file=sys.stderr)
            return 1
        return 0
    if current != text:
        OUT.write_text(text, encoding="utf-8")
    state = "written" if current != text else "unchanged"
    print(f"docs/cli.md {state}: {len(leaf_commands())} commands")
    return 0


if __name__ == "__main__":
    sys.exit(main())
