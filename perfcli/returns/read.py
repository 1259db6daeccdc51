"""Read any returned workbook into DESIGN §3 records: forms found by their labels, never by fixed cells.

read_workbook() never raises for a bad file: a file that cannot be read comes back `rejected` with a
Chinese reason, and every value that needed interpreting (元 converted, near-miss enumeration, unreadable
amount) comes back as a finding with its sheet and cell. The reading rules (R…) are declared in
perfcli.returns.rules and listed in READ_RULES so the rule catalogue includes them.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import datetime
from pathlib import Path
from typing import Any

from perfcli.model.config import Config
from perfcli.model.findings import Finding
from perfcli.model.identity import IDENTITY_MARK, IDENTITY_SHEET, Identity, SheetIdentity
from perfcli.model.records import FormRecord
from perfcli.model.values import canonical_text, drop_control_chars
from perfcli.returns.coverage import coverage_findings
from perfcli.returns.near_miss import near_miss
from perfcli.returns.rules import (
    CONTROL_CHARACTERS,
    FILE_UNREADABLE,
    FORMULA_IN_CELL,
    IDENTITY_UNREADABLE,
    NEAR_MISS,
    READ_RULES,
    SHEET_UNREADABLE,
)
from perfcli.returns.self_evaluation import SelfEvaluationReader
from perfcli.returns.sheet import SheetReader, a1
from perfcli.returns.target import TargetReader

__all__ = ["READ_RULES", "WorkbookContent", "a1", "read_workbook"]


@dataclass
class WorkbookContent:
    """Everything read from one file: its form records, identity, and reading findings (or why not)."""

    path: str
    records: list[FormRecord] = field(default_factory=list)
    identity: Identity | None = None
    findings: list[Finding] = field(default_factory=list)  # file-level findings (records' issues included)
    rejected: str | None = None  # why the file cannot be read at all
    saved_at: datetime | None = None  # docProps/core.xml dcterms:modified (when the clerk last saved it)
    file_format: str = ""  # xlsx | xlsm | xls | ods

    @property
    def resembles(self) -> str | None:
        """When no form was recognised: which known form the workbook looks like, and what it lacks (R018)."""
        return next((f.message for f in self.findings if f.code == NEAR_MISS.code), None)


def read_workbook(path: Path, config: Config) -> WorkbookContent:
    """Read every monitoring form in `path`. Never raises for a bad file (see `rejected`)."""
    from perfcli.io.xlsx.read.grid import load_grid
    from perfcli.io.xlsx.read.safety import Rejected, check_workbook, limits_from_settings

    name = str(path)
    limits = limits_from_settings(config.section("reading"))
    file_format = Path(path).suffix.lower().lstrip(".")
    try:
        checked = check_workbook(Path(path), limits)
        file_format = checked.file_format
        grid = load_grid(
            Path(path),
            file_format,
            max_rows=limits.max_rows,
            max_cells=limits.max_cells,
            properties=checked.properties,
            contents=checked.contents,
            max_part_bytes=limits.max_part_bytes,
        )
    except Rejected as exc:
        return WorkbookContent(
            name,
            findings=[FILE_UNREADABLE.finding(file=name, reason=exc.reason)],
            rejected=exc.reason,
            file_format=file_format,
        )
    content = WorkbookContent(name, saved_at=grid.saved_at, file_format=file_format)
    content.identity = _identity(grid, content)
    unrecognised: list[SheetReader] = []
    for sheet in grid.sheets:
        if sheet.name == IDENTITY_SHEET:
            continue
        reader = SheetReader(sheet, name, config)
        spec = reader.detect()
        if spec is None:
            unrecognised.append(reader)
            continue
        if spec.stage == "self_evaluation":  # every kind of 自评表, read as its spec says
            reader = SelfEvaluationReader.of(reader)
        elif spec.stage == "target":
            reader = TargetReader.of(reader)
        try:
            record = reader.read(spec)
        except (ValueError, TypeError, IndexError, KeyError, ArithmeticError) as exc:
            reason = f"{type(exc).__name__}: {exc}"
            content.findings.append(
                SHEET_UNREADABLE.finding(file=name, sheet=sheet.name, sheet_name=sheet.name, reason=reason)
            )
            continue
        record.identity = _record_identity(content.identity, sheet.name)
        record.issues.extend(cell_findings(sheet, name))
        record.issues.extend(coverage_findings(reader, record, spec))
        content.records.append(record)
        content.findings.extend(record.issues)
    if not content.records:
        resembles = near_miss(unrecognised, name)
        if resembles is not None:
            content.findings.append(resembles)
    return content


def cell_findings(sheet: Any, file: str) -> list[Finding]:
    """R013 for each formula and R014 for each cell control characters were dropped from, in cell order."""
    out = []
    for (r, c), formula in sorted(sheet.formulas.items()):
        value = sheet.value(r, c)
        cached = value is not None and not (isinstance(value, str) and value == "=" + formula)
        how = f"计算结果“{canonical_text(value)}”" if cached else "文本"
        cell = a1(r, c)
        shown = drop_control_chars(formula)  # a cached value hid it from the index's search
        out.append(
            FORMULA_IN_CELL.finding(
                file=file, sheet=sheet.name, cell=cell, where=cell, formula=shown, how=how
            )
        )
    for r, c in sorted(set(sheet.cleaned)):
        out.append(CONTROL_CHARACTERS.finding(file=file, sheet=sheet.name, cell=a1(r, c), where=a1(r, c)))
    return out


# identity ----------------------------------------------------------------------------------------------


def _identity(grid: Any, content: WorkbookContent) -> Identity | None:
    text = None
    for sheet in grid.sheets:
        if sheet.name == IDENTITY_SHEET and sheet.value(0, 0) == IDENTITY_MARK:
            parts = []
            for r in range(1, len(sheet.rows)):
                value = sheet.value(r, 0)
                if not isinstance(value, str):
                    break
                parts.append(value)
            text = "".join(parts)
            break
    if not text:
        text = grid.identity_property
    if not text:
        return None
    try:
        return Identity.from_json(text)
    except (ValueError, TypeError, KeyError, AttributeError):
        content.findings.append(IDENTITY_UNREADABLE.finding(file=content.path, sheet=IDENTITY_SHEET))
        return None


def _record_identity(identity: Identity | None, sheet_name: str) -> dict[str, Any] | None:
    """The workbook's identity fields plus the SheetIdentity of this sheet (matched by sheet name)."""
    if identity is None:
        return None
    out = {name: getattr(identity, name) for name in _IDENTITY_FIELDS}
    for sheet in identity.sheets:
        if sheet.sheet == sheet_name:
            out.update(
                {name: getattr(sheet, name) for name in _SHEET_IDENTITY_FIELDS},
                prefilled=dict(sheet.prefilled),
            )
            break
    return out


# named once: dataclasses.fields() is slow, and every form of every workbook needs them
_IDENTITY_FIELDS = tuple(f.name for f in fields(Identity) if f.name != "sheets")
_SHEET_IDENTITY_FIELDS = tuple(f.name for f in fields(SheetIdentity))
