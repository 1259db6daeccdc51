"""The package keeps the layout docs/architecture.md describes: every folder listed there with its job, and
imports only along the arrows the document allows (one way: cli → api → stages → model; io imports no
stage), so the first-level parts have no import cycle. Modules stay small."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "perfcli"
DOC = ROOT / "docs" / "architecture.md"
MAX_LINES = 400


def documented_arrows() -> dict[str, set[str]]:
    """The table "| part | may import |" of docs/architecture.md."""
    arrows: dict[str, set[str]] = {}
    for line in DOC.read_text("utf-8").splitlines():
        m = re.fullmatch(r"\|\s*`(\w+)`\s*\|\s*(.*?)\s*\|", line.strip())
        if m:
            arrows[m[1]] = set(re.findall(r"`(\w+)`", m[2]))
    return arrows


def documented_folders() -> set[str]:
    """The folders of the tree block of docs/architecture.md (lines like `  model/  …`)."""
    text = DOC.read_text("utf-8")
    block = text.split("```")[1]
    return set(re.findall(r"^\s{2}(\w+)/", block, re.MULTILINE))


def part_of(module: str) -> str | None:
    """The first-level part of perfcli a module belongs to (None: perfcli itself — its __init__ and
    __main__ — or not perfcli)."""
    bits = module.split(".")
    return (
        bits[1]
        if len(bits) > 1 and bits[0] == "perfcli" and bits[1] not in ("__init__", "__main__")
        else None
    )


def imports_of(path: Path, root: Path = ROOT) -> list[tuple[str, int]]:
    """Every perfcli module `path` imports (at any depth of the code, lazy imports included), with its line."""
    rel = path.relative_to(root).with_suffix("")
    parts = list(rel.parts[:-1] if rel.name == "__init__" else rel.parts)
    found = []
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            found += [(alias.name, node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = parts[: len(parts) - node.level + (1 if path.name == "__init__.py" else 0)]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            found.append((module, node.lineno))
            found += [(f"{module}.{alias.name}", node.lineno) for alias in node.names]
    return [(m, line) for m, line in found if m.startswith("perfcli.")]


def modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def test_every_import_follows_a_documented_arrow():
    arrows = documented_arrows()
    assert arrows, "docs/architecture.md has no table of allowed imports"
    wrong = []
    for path in modules():
        here = part_of(".".join(path.relative_to(ROOT).with_suffix("").parts))
        if here is None:  # perfcli/__init__.py, the public facade over api; __main__.py, python -m perfcli
            continue
        assert here in arrows, f"{here}/ is not in the table of docs/architecture.md"
        for module, line in imports_of(path):
            there = part_of(module)
            if there and there != here and there not in arrows[here] and there in arrows:
                wrong.append(f"{path.relative_to(ROOT)}:{line} imports {module} ({here} → {there})")
    assert not wrong, "imports against the arrows of docs/architecture.md:\n" + "\n".join(wrong)


def test_the_documented_arrows_have_no_cycle():
    arrows = documented_arrows()
    seen: dict[str, str] = {}

    def visit(part: str, trail: list[str]) -> None:
        if seen.get(part) == "done":
            return
        assert seen.get(part) != "open", "cycle: " + " → ".join([*trail, part])
        seen[part] = "open"
        for other in arrows.get(part, ()):
            visit(other, [*trail, part])
        seen[part] = "done"

    for part in arrows:
        visit(part, [])


def test_the_documented_tree_is_the_package():
    packages = {d.name for d in PACKAGE.iterdir() if d.is_dir() and not d.name.startswith("__")}
    assert documented_folders() == packages
    assert set(documented_arrows()) == packages | {"errors"}


def test_io_imports_no_stage():
    stages = {"roster", "issue", "returns", "findings", "rollups", "letters", "api", "cli"}
    for path in (PACKAGE / "io").rglob("*.py"):
        assert not {part_of(m) for m, _ in imports_of(path)} & stages, path.name


def test_no_module_is_over_the_size_limit():
    big = [
        f"{p.relative_to(ROOT)} ({n})"
        for p in modules()
        if (n := len(p.read_text("utf-8").splitlines())) > MAX_LINES
    ]
    assert not big, f"modules over {MAX_LINES} lines: {big}"


def test_the_check_catches_a_wrong_arrow(tmp_path):
    """The import scan sees lazy and relative imports too: a later stage imported inside a function."""
    sample = tmp_path / "perfcli" / "model" / "probe.py"
    sample.parent.mkdir(parents=True)
    sample.write_text(
        "def f():\n    from perfcli.rollups.city import aggregate_city\n    from ..letters import data\n"
    )
    found = imports_of(sample, root=tmp_path)
    assert ("perfcli.rollups.city", 2) in found and ("perfcli.letters.data", 3) in found
    assert not {"rollups", "letters"} & documented_arrows()["model"]
