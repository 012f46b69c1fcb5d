"""`python -m bench` (or `make bench`): run every bench/bench_*.py that defines main(), each in its
own process (so memory figures do not mix), and print their tables."""
from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def modules() -> list[Path]:
    """bench_*.py files with a top-level `def main()`."""
    found = []
    for path in sorted(HERE.glob("bench_*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        if any(isinstance(n, ast.FunctionDef) and n.name == "main" for n in tree.body):
            found.append(path)
    return found


def main() -> int:
    only = set(sys.argv[1:])
    failed = 0
    for path in modules():
        if only and path.stem not in only:
            continue
        print(f"\n## {path.stem}\n", flush=True)
        code = subprocess.call([sys.executable, str(path)], cwd=HERE.parent)
        if code:
            print(f"{path.stem}: exited with {code}", flush=True)
            failed += 1
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
