"""What of a recognised form's sheet was not read: filled cells outside every field and column the reader
took, and error values (#REF!, #DIV/0!…) that would otherwise pass for blanks (DESIGN §4: nothing filled is
dropped in silence).

One finding per unrecognised block, not per cell: a column of the indicator table whose header the form
does not know, or the unread cells of one line above the table, with the range and how many are filled.
A lone text cell above the table (a title, 单位：万元, a caption) is not data and is not reported.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING

from perfcli.forms.spec import MONTH_PLACEHOLDER, FormSpec
from perfcli.model.findings import Finding
from perfcli.model.records import FormRecord
from perfcli.model.values import canonical_text, is_empty, normalize_label
from perfcli.returns.index import a1
from perfcli.returns.rules import ERROR_IN_FIELD, ERROR_VALUE, UNREAD_CELLS
from perfcli.returns.ticked import MONTH_CELL, generic_label

if TYPE_CHECKING:
    from perfcli.returns.sheet import SheetReader

__all__ = ["coverage_findings"]

_A1 = re.compile(r"([A-Z]{1,3})(\d+)")
_NO_NAME = "（无栏目名）"


@lru_cache(maxsize=65536)
def _position(cell: str) -> tuple[int, int] | None:
    m = _A1.fullmatch(cell)
    if m is None:
        return None
    col = 0
    for ch in m[1]:
        col = col * 26 + ord(ch) - 64
    return int(m[2]) - 1, col - 1


_KNOWN: dict[int, tuple[FormSpec, frozenset[str], bool]] = {}


def _known_labels(spec: FormSpec) -> tuple[frozenset[str], bool]:
    """Every label the form's spec names (fields, funding rows, paired and table columns, funds grid,
    tick options), normalised and with 1-X月 made generic: such a cell is a label the reader knows; and
    whether one of them has 1-X月 in it (worked out once per spec, as the labels are)."""
    held = _KNOWN.get(id(spec))
    if held is not None and held[0] is spec:
        return held[1], held[2]
    texts: list[str] = [spec.title, *spec.paired_columns.values(), *spec.captions]
    texts.extend(f"（{x}）" for x in spec.paired_columns.values())  # 附表3's hint row: （预算数） （执行数）
    for variants in spec.paired_variants.values():
        texts.extend(variants)
    if spec.header_label:
        texts.append(spec.header_label)
    for group in (spec.fields, spec.funding, spec.table.columns, spec.table.extra_columns):
        for item in group:
            texts.extend(item.labels)
    if spec.funds is not None:
        texts.append(spec.funds.label)
        for column in spec.funds.columns:
            texts.extend(column.labels)
        for row in spec.funds.rows:
            texts.extend(row.labels)
    for tick in spec.table.ticks:
        texts.extend((tick.label, *tick.options))
    if spec.table.side_label:
        texts.append(spec.table.side_label)
    texts.extend(spec.reading.sections)  # 长期绩效指标 / 年度绩效指标 beside a table printed twice
    known = frozenset(generic_label(normalize_label(x)) for x in texts)
    months = any(MONTH_PLACEHOLDER in x for x in known)
    _KNOWN[id(spec)] = (spec, known, months)
    return known, months


def _read_cells(record: FormRecord) -> dict[tuple[int, int], str]:
    """The cells read into the record -> the record key each was read into."""
    out: dict[tuple[int, int], str] = {}
    for key, cell in record.cells.items():
        if key.startswith(MONTH_CELL):
            pos = _position(key[len(MONTH_CELL) :])
        else:
            pos = _position(cell) if isinstance(cell, str) else None
        if pos is not None:
            out.setdefault(pos, key)
    return out


def coverage_findings(reader: SheetReader, record: FormRecord, spec: FormSpec) -> list[Finding]:
    """Error-value cells and unread filled blocks of the form on the reader's sheet, in sheet order."""
    sheet = reader.sheet
    read = _read_cells(record)
    table = reader.table_data
    table_top = reader.table_top
    columns = reader.table_columns
    out: list[Finding] = []
    if sheet.errors:
        out.extend(_error_findings(reader, record, spec, read))
    rows = sheet.rows
    above = table_top if table_top is not None else len(rows)
    taken = _label_cells(reader, *_known_labels(spec)).union(read)  # read into the record, or a label
    for r in range(min(above, len(rows))):
        line = rows[r]
        block = [
            c
            for c, value in enumerate(line)
            if value != ""
            and value is not None
            and (r, c) not in taken
            and not (value.__class__ is str and is_empty(value))
        ]
        if block:
            finding = _row_block(reader, r, block)
            if finding is not None:
                out.append(finding)
    if table is not None and table_top is not None:
        out.extend(_unknown_columns(reader, table_top, table, columns, _table_cells(record) | read.keys()))
    return out


def _table_cells(record: FormRecord) -> set[tuple[int, int]]:
    """The cells the table's rows were read from, besides their columns': a 总分 label merged over the
    一级 column from further left, a 一级 name merged down from its first row."""
    out: set[tuple[int, int]] = set()
    for row in record.table:
        for cell in row.cells.values():
            pos = _position(cell)
            if pos is not None:
                out.add(pos)
    return out


def _label_cells(reader: SheetReader, known: frozenset[str], months: bool) -> set[tuple[int, int]]:
    """The cells holding a label the form knows, from the sheet's label index (no text normalised again)."""
    out: set[tuple[int, int]] = set()
    labels = reader.labels
    for label in known.intersection(labels):  # in C: the few labels of the form this sheet has
        out.update(labels[label])
    if months:  # 1-7月执行数 is the form's 1-X月执行数
        for label, cells in labels.items():
            if "月" in label and generic_label(label) in known:
                out.update(cells)
    return out


def _row_block(reader: SheetReader, r: int, block: list[int]) -> Finding | None:
    """The unread cells of one line above the table: named by their first cell when it is text."""
    sheet = reader.sheet
    first = sheet.value(r, block[0])
    if len(block) == 1:
        if isinstance(first, str):
            return None  # a title, a caption, 单位：万元: text on its own is not a value left unread
        name, count = _NO_NAME, 1
    elif isinstance(first, str):
        name, count = first.strip(), len(block) - 1
    else:
        name, count = _NO_NAME, len(block)
    where = a1(r, block[0]) if len(block) == 1 else f"{a1(r, block[0])}:{a1(r, block[-1])}"
    return UNREAD_CELLS.finding(
        file=reader.file,
        sheet=sheet.name,
        cell=a1(r, block[0]),
        label=_one_line(name),
        where=where,
        count=count,
    )


def _unknown_columns(
    reader: SheetReader,
    top: int,
    table: tuple[int, int],
    columns: set[int],
    read: set[tuple[int, int]],
) -> list[Finding]:
    """One finding per sheet column of the table's rows that no table column was read from."""
    sheet = reader.sheet
    first, last = table
    filled: dict[int, list[int]] = {}
    for r in range(first, min(last + 1, len(sheet.rows))):
        for c, value in enumerate(sheet.rows[r]):
            if c not in columns and value != "" and value is not None and (r, c) not in read:
                if value.__class__ is str and is_empty(value):
                    continue  # white space, or —, / and 无 for "not applicable"
                filled.setdefault(c, []).append(r)
    out = []
    for c in sorted(filled):
        at = filled[c]
        if len(at) == 1 and _side_label(reader, at[0], c):
            continue
        name = _column_name(reader, top, first, c)
        where = a1(at[0], c) if len(at) == 1 else f"{a1(at[0], c)}:{a1(at[-1], c)}"
        out.append(
            UNREAD_CELLS.finding(
                file=reader.file,
                sheet=sheet.name,
                cell=a1(at[0], c),
                label=name,
                where=where,
                count=len(at),
            )
        )
    return out


def _side_label(reader: SheetReader, r: int, c: int) -> bool:
    """A text merged down over several rows beside the table (绩效指标): a caption, not a value."""
    merge = reader._merge_at(r, c)
    return merge is not None and merge[2] > merge[0] and isinstance(reader.sheet.value(r, c), str)


def _column_name(reader: SheetReader, top: int, first: int, c: int) -> str:
    """The header text over column c: the lowest header row's text there, else the merged group cell's."""
    for r in range(first - 1, top - 1, -1):
        value = reader.sheet.value(r, c)
        if value is None:
            merge = reader._merge_at(r, c)
            value = reader.sheet.value(merge[0], merge[1]) if merge else None
        text = canonical_text(value)
        if text:
            return _one_line(text)
    return _NO_NAME


def _one_line(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= 30 else text[:29] + "…"


def _error_findings(
    reader: SheetReader, record: FormRecord, spec: FormSpec, read: dict[tuple[int, int], str]
) -> list[Finding]:
    """An error value in a cell the reader took a field or indicator from is an error (the value is
    missing); elsewhere a warning. Both name the cell and the error."""
    table_cells: dict[tuple[int, int], str] = {}
    for index, row in enumerate(record.table):
        for column, cell in row.cells.items():
            pos = _position(cell)
            if pos is not None:
                table_cells.setdefault(pos, f"{spec.table.key}[{index}].{column.split('@')[0]}")
    data = reader.table_data
    out = []
    for (r, c), text in sorted(reader.sheet.errors.items()):
        cell = a1(r, c)
        key: str | None = read.get((r, c)) or table_cells.get((r, c))
        in_table = data is not None and data[0] <= r <= data[1] and c in reader.table_columns
        where = {"file": reader.file, "sheet": reader.sheet.name, "cell": cell}
        if key is not None or in_table:
            label = spec.label_of(key) if key is not None and "[" not in key else "指标表"
            out.append(ERROR_IN_FIELD.finding(**where, field=key, where=cell, error=text, label=label))
        else:
            out.append(ERROR_VALUE.finding(**where, where=cell, error=text))
    return out
