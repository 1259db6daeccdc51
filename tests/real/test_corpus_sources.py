"""The corpus of real forms keeps its books: every workbook has a source entry and an expected record read by
eye, and every rebuilt workbook is exactly what its builder lays out. Whether perfcli reads them is tested
elsewhere; this file only guards the corpus itself."""

from __future__ import annotations

import importlib.util
import json
import re
from pathlib import Path

import openpyxl
import pytest

HERE = Path(__file__).resolve().parent
SOURCES = HERE / "SOURCES.md"
WORKBOOK_SUFFIXES = {".xlsx", ".xlsm", ".xls", ".ods"}
REQUIRED_KEYS = {
    "file",
    "form",
    "title",
    "province",
    "origin",
    "source",
    "period",
    "unit",
    "money_unit",
    "fields",
    "funding",
    "indicators",
    "totals",
}
FORM_KINDS = {
    "project_self_evaluation",
    "department_self_evaluation",
    "project_monitoring",
    "target_declaration",
    "department_target",
}


def fixtures() -> list[Path]:
    return sorted(p for p in HERE.iterdir() if p.suffix in WORKBOOK_SUFFIXES and not p.name.startswith("~$"))


def expected_files() -> list[Path]:
    return sorted(HERE.glob("*.expected.json"))


def builders() -> list[Path]:
    return sorted(HERE.glob("build_*.py"))


def source_entries() -> dict[str, str]:
    """SOURCES.md entries by fixture file name: each entry starts with a heading `### <file>`."""
    text = SOURCES.read_text(encoding="utf-8")
    parts = re.split(r"^### `([^`]+)`\s*$", text, flags=re.MULTILINE)
    return {parts[i]: parts[i + 1] for i in range(1, len(parts) - 1, 2)}


def load_expected(fixture: Path) -> dict:
    return json.loads((HERE / f"{fixture.stem}.expected.json").read_text(encoding="utf-8"))


def test_corpus_is_not_empty() -> None:
    assert len(fixtures()) >= 12


@pytest.mark.parametrize("fixture", fixtures(), ids=lambda p: p.name)
def test_fixture_has_expected_record_and_source_entry(fixture: Path) -> None:
    assert (HERE / f"{fixture.stem}.expected.json").is_file(), f"{fixture.name}: no expected JSON"
    entries = source_entries()
    assert fixture.name in entries, f"{fixture.name}: no entry in SOURCES.md"
    entry = entries[fixture.name]
    assert "2026-12-07" in entry, f"{fixture.name}: SOURCES.md entry gives no date seen"
    origin = load_expected(fixture)["origin"]
    if origin == "rebuilt":
        assert "rebuilt from" in entry  # the page text, or (the 项目库 export) what the index holds of it
        assert (HERE / f"build_{fixture.stem}.py").is_file(), f"{fixture.name}: rebuilt, but no builder"
    else:
        assert "original" in entry


@pytest.mark.parametrize("path", expected_files(), ids=lambda p: p.name)
def test_expected_record_parses_and_has_the_required_keys(path: Path) -> None:
    record = json.loads(path.read_text(encoding="utf-8"))
    missing = REQUIRED_KEYS - record.keys()
    assert not missing, f"{path.name}: missing {sorted(missing)}"
    assert record["file"] == path.name.removesuffix(".expected.json") + Path(record["file"]).suffix
    assert (HERE / record["file"]).is_file(), f"{path.name}: names {record['file']}, which is not here"
    assert record["form"] in FORM_KINDS
    assert record["origin"] in {"rebuilt", "original"}
    assert record["source"].get("address") or record["source"].get("described")
    assert record["source"]["seen"] == "2026-12-07"
    assert isinstance(record["period"].get("year"), int)
    assert isinstance(record["fields"], dict) and isinstance(record["indicators"], list)
    for field in record["fields"].values():
        assert {"label", "value"} <= field.keys()


def _snapshot(path: Path) -> dict:
    workbook = openpyxl.load_workbook(path)
    sheets = {}
    for sheet in workbook.worksheets:
        cells = {
            cell.coordinate: (cell.value, cell.number_format)
            for row in sheet.iter_rows()
            for cell in row
            if cell.value is not None
        }
        merged = sorted(str(r) for r in sheet.merged_cells.ranges)
        sheets[sheet.title] = {"cells": cells, "merged": merged}
    return {"order": workbook.sheetnames, "sheets": sheets}


@pytest.mark.parametrize("builder", builders(), ids=lambda p: p.name)
def test_rebuilt_workbook_is_reproduced_by_its_builder(builder: Path, tmp_path: Path) -> None:
    name = builder.stem.removeprefix("build_")
    committed = HERE / f"{name}.xlsx"
    assert committed.is_file(), f"{builder.name} has no committed workbook {committed.name}"
    spec = importlib.util.spec_from_file_location(f"corpus_{name}", builder)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    rebuilt = tmp_path / committed.name
    module.build(rebuilt)
    assert _snapshot(rebuilt) == _snapshot(committed)
