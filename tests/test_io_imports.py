"""io is the bottom of the stages: it may import model, forms, errors and io, never a stage (roster, issue,
returns, findings, rollups, letters) or api/cli — also not inside a function."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

IO = Path(__file__).resolve().parent.parent / "perfcli" / "io"
ABOVE_IO = ("roster", "issue", "returns", "findings", "rollups", "letters", "scoring", "ledger", "api", "cli")


def imported_modules(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


@pytest.mark.parametrize("path", sorted(IO.glob("*.py")), ids=lambda p: p.name)
def test_io_imports_no_stage(path: Path) -> None:
    wrong = sorted(
        name for name in imported_modules(path) if name.split(".")[:2] in (["perfcli", s] for s in ABOVE_IO)
    )
    assert wrong == [], f"{path.name} imports {wrong}"
