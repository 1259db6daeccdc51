"""Finding cells by their printed labels, as a clerk finds them: never by fixed addresses."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from perfcli.forms.pack import DEFAULT_PACK, load_pack
from perfcli.forms.registry import registry_of
from perfcli.forms.spec import FormSpec
from perfcli.model.identity import IDENTITY_MARK, IDENTITY_SHEET
from perfcli.model.values import normalize_label


def _merged_end(ws: Any, row: int, col: int) -> int:
    """The last column of the merged range holding (row, col), or col itself."""
    for rng in ws.merged_cells.ranges:
        if rng.min_row <= row <= rng.max_row and rng.min_col <= col <= rng.max_col:
            return rng.max_col
    return col


def find_label(ws: Any, labels: tuple[str, ...] | list[str]) -> tuple[int, int] | None:
    wanted = {normalize_label(x) for x in labels}
    for row in ws.iter_rows():
        for cell in row:
            if isinstance(cell.value, str) and normalize_label(cell.value) in wanted:
                return cell.row, cell.column
    return None


def value_cell(ws: Any, labels: tuple[str, ...] | list[str], offset: int = 0) -> Any:
    """The value cell right of a label (beyond its merged range); `offset` more columns to the right."""
    found = find_label(ws, labels)
    if found is None:
        raise LookupError(f"{ws.title}: no label {labels[0]}")
    row, col = found
    return ws.cell(row=row, column=_merged_end(ws, row, col) + 1 + offset)


def spec_of(form: str) -> FormSpec:
    """The spec of a form kind the clerk fills: the default pack's (常州新北 附表1–3), as every pack reads it."""
    return registry_of(load_pack(DEFAULT_PACK)).spec(form)


def field_cell(ws: Any, form: str, key: str) -> Any:
    spec = spec_of(form)
    return value_cell(ws, spec.field(key).labels)


@dataclass
class Table:
    """Where a form's indicator table sits on a sheet."""

    header_row: int
    columns: dict[str, int]  # column key -> column index
    rows: list[int]  # rows of the table body (indicator rows and spare rows), before the 注 row
    end_row: int  # the 注 row (or one past the last body row)


def find_table(ws: Any, form: str) -> Table:
    spec = spec_of(form)
    first = spec.table.columns[0]
    found = find_label(ws, first.labels)
    if found is None:
        raise LookupError(f"{ws.title}: no table header {first.label}")
    header_row = found[0]
    columns = {}
    for col in spec.table.columns:
        wanted = set(col.labels)
        for cell in ws[header_row]:
            if isinstance(cell.value, str) and normalize_label(cell.value) in wanted:
                columns[col.key] = cell.column
    rows, r = [], header_row + 1
    while r <= ws.max_row:
        first_value = ws.cell(row=r, column=1).value
        if isinstance(first_value, str) and first_value.strip().startswith("注"):
            break
        rows.append(r)
        r += 1
    return Table(header_row, columns, rows, r)


def level1_of(ws: Any, table: Table, row: int) -> str:
    """一级指标 of an indicator row; the column is merged down, so look upwards for the filled-in value."""
    level1 = ws.cell(row=row, column=table.columns["level1"]).value
    r = row
    while level1 in (None, "") and r > table.header_row + 1:
        r -= 1
        level1 = ws.cell(row=r, column=table.columns["level1"]).value
    return str(level1 or "").strip()


def read_identity(wb: Any) -> dict[str, Any] | None:
    """The identity perfcli generate hid in the workbook (period, sheets, project codes), if any."""
    if IDENTITY_SHEET not in wb.sheetnames:
        return None
    ws = wb[IDENTITY_SHEET]
    if ws["A1"].value != IDENTITY_MARK:
        return None
    text = "".join(str(ws.cell(row=r, column=1).value or "") for r in range(2, ws.max_row + 1))
    return json.loads(text)


def form_sheets(wb: Any) -> list[Any]:
    """The sheets a clerk sees and fills (not the hidden identity sheet)."""
    return [ws for ws in wb.worksheets if ws.title != IDENTITY_SHEET and ws.sheet_state == "visible"]
