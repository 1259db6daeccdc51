"""Forms shaped like the national 监控表 (财预〔2019〕136号) and the packs copied from it: header fields found
right of their labels, a funds grid (项目资金: rows × columns), labels that carry the cut-off month (1-7月,
any 1-X月), and an indicator table whose two-row header has ticked sub-columns (偏差原因分析 any number,
完成目标可能性 exactly one). Everything is found by the labels the spec names (DESIGN §4).
"""

from __future__ import annotations

import re
from collections import Counter
from typing import TYPE_CHECKING, Any

from perfcli.forms.spec import MONTH_PLACEHOLDER, FormSpec, TickGroup, month_label
from perfcli.model.names import split_code
from perfcli.model.period import Period
from perfcli.model.records import FormRecord, Indicator
from perfcli.model.values import canonical_text, fold, is_empty, normalize_label
from perfcli.returns.index import a1
from perfcli.returns.rules import LABEL_NOT_FOUND, TABLE_NOT_FOUND

if TYPE_CHECKING:
    from perfcli.returns.sheet import SheetReader

__all__ = ["MONTH_CELL", "generic_label", "read_ticked"]

_MONTH = re.compile(r"1[-－—–~～至到](\d{1,2})月")
_YEAR = re.compile(r"(\d{4})\s*年")
MONTH_CELL = "month@"  # record.cells["month@E7"] = "7": a label carrying a cut-off month, and that month


def generic_label(label: str) -> str:
    """A normalised label with its cut-off month made generic: 1-7月执行数 -> 1-X月执行数."""
    return _MONTH.sub(MONTH_PLACEHOLDER, label)


def _generic_labels(labels: tuple[str, ...]) -> set[str]:
    return {generic_label(x) for x in labels}


class _Labels:
    """The sheet's labels with months made generic, and where each month was written."""

    def __init__(self, reader: SheetReader) -> None:
        self.at: dict[str, list[tuple[int, int]]] = {}
        self.months: dict[tuple[int, int], int] = {}
        for pos, text in reader.texts.items():
            label = normalize_label(text)
            month = _MONTH.search(label)
            if month:
                self.months[pos] = int(month[1])
            self.at.setdefault(generic_label(label), []).append(pos)

    def find(self, labels: set[str], below: int = 0, above: int | None = None) -> tuple[int, int] | None:
        hits = [
            p for x in labels for p in self.at.get(x, ()) if p[0] >= below and (above is None or p[0] < above)
        ]
        return min(hits) if hits else None


def read_ticked(reader: SheetReader, spec: FormSpec) -> FormRecord:
    """The record of a national-style form on the reader's sheet (see the module docstring)."""
    record = FormRecord(file=reader.file, form=spec.form, sheet=reader.sheet.name)
    reader.record = record
    labels = _Labels(reader)
    header = labels.find(_generic_labels(spec.table.column(spec.table.name_column).labels))
    limit = header[0] if header else len(reader.sheet.rows)
    _read_period(reader, record, labels, limit)
    stop = frozenset(x for f in spec.fields for x in f.labels)
    for spec_field in spec.fields:
        wanted = _generic_labels(spec_field.labels)
        # a form-level row may follow the table (湖北: 偏差或不能完成目标原因分析 under the indicators)
        pos = labels.find(wanted, above=limit) or labels.find(wanted, below=limit)
        if pos is None:
            record.fields[spec_field.key] = None
            reader.issues.append(
                LABEL_NOT_FOUND.finding(file=reader.file, sheet=reader.sheet.name, label=spec_field.label)
            )
            continue
        (r, c), raw = reader._value_right(*pos, stop)
        record.cells[spec_field.key] = a1(r, c)
        value = reader._typed(spec_field.key, spec_field.label, spec_field.type, raw, r, c)
        if spec_field.code_key:
            value, code = split_code(value) if isinstance(value, str) else (value, None)
            record.fields[spec_field.code_key] = code
            record.cells[spec_field.code_key] = a1(r, c)
        record.fields[spec_field.key] = value
    if spec.unit_field and isinstance(record.fields.get(spec.unit_field), str):
        record.unit = record.fields[spec.unit_field]
        record.cells["unit"] = record.cells[spec.unit_field]
    if spec.funds is not None:
        record.fields[spec.funds.key] = _read_funds(reader, spec, record, labels, limit)
    if header is None:
        reader.issues.append(
            TABLE_NOT_FOUND.finding(
                file=reader.file,
                sheet=reader.sheet.name,
                labels="、".join(c.label for c in spec.table.columns),
            )
        )
    else:
        reader.table_top = header[0]
        record.table = _read_indicators(reader, spec, labels, header[0])
    for pos, month in labels.months.items():
        record.cells[MONTH_CELL + a1(*pos)] = str(month)
    record.issues = reader.issues
    return record


def _read_period(reader: SheetReader, record: FormRecord, labels: _Labels, limit: int) -> None:
    """（2026年度） above the table, with the month its 1-X月 labels say (the most common one)."""
    for (r, c), text in reader.texts.items():
        if r >= limit:
            break
        year = _YEAR.search(text)
        if year and len(text.strip()) <= 40:
            months = Counter(labels.months.values()).most_common(1)
            if months:
                record.period = Period(int(year[1]), months[0][0], "month")
            record.cells["period"] = a1(r, c)
            return


def _read_funds(
    reader: SheetReader, spec: FormSpec, record: FormRecord, labels: _Labels, limit: int
) -> dict[str, dict[str, Any]]:
    """fields[funds][row][column]: each row label's line, read under each column's header cell."""
    block = spec.funds
    assert block is not None
    out: dict[str, dict[str, Any]] = {
        row.key: dict.fromkeys(c.key for c in block.columns) for row in block.rows
    }
    first = labels.find(_generic_labels(block.columns[0].labels), above=limit)
    if first is None:
        reader.issues.append(
            LABEL_NOT_FOUND.finding(file=reader.file, sheet=reader.sheet.name, label=block.columns[0].label)
        )
        return out
    header_row = first[0]
    where: dict[str, int] = {}
    for column in block.columns:
        pos = labels.find(_generic_labels(column.labels), below=header_row, above=header_row + 1)
        if pos is not None:
            where[column.key] = pos[1]
    for row in block.rows:
        pos = labels.find(_generic_labels(row.labels), below=header_row + 1, above=limit)
        if pos is None:
            reader.issues.append(
                LABEL_NOT_FOUND.finding(file=reader.file, sheet=reader.sheet.name, label=row.label)
            )
            continue
        r = pos[0]
        for column in block.columns:
            c = where.get(column.key)
            if c is None:
                continue
            key = f"{block.key}.{row.key}.{column.key}"
            record.cells[key] = a1(r, c)
            label = _shown(f"{row.short_label}的{column.label}", record)
            out[row.key][column.key] = reader._typed(key, label, column.type, reader.sheet.value(r, c), r, c)
    return out


def _shown(label: str, record: FormRecord) -> str:
    """A label as the form prints it: 1-X月 with the record's cut-off month."""
    return month_label(label, record.period.end_month if record.period is not None else None)


def _read_indicators(reader: SheetReader, spec: FormSpec, labels: _Labels, header: int) -> list[Indicator]:
    """The plain columns as any table is read (fill-down, 注 line), then each row's ticks."""
    table = spec.table
    groups = {g.key: _option_columns(reader, g, labels, header) for g in table.ticks}
    # the data starts under the sub-column labels (the second header row) when there are any
    last_header = max([header, *(r for options in groups.values() for r, _c in options.values())])
    columns: dict[str, int] = {}
    for column in table.columns:  # a text sub-column under a group's merged cell (原因说明) is a column too
        pos = labels.find(_generic_labels(column.labels), below=header, above=last_header + 1)
        if pos is not None:
            columns[column.key] = pos[1]
    rows = reader._read_table(spec, last_header, columns)
    reader.table_columns |= {c for options in groups.values() for _r, c in options.values()}
    marks = frozenset(fold(m).strip() for m in table.tick_marks)
    for row in rows:
        assert row.row is not None
        r = row.row - 1
        for group in table.ticks:
            ticked = []
            options = groups[group.key]
            for option in group.options:
                if option in options and _ticked(reader.sheet.value(r, options[option][1]), marks):
                    ticked.append(option)
                    row.cells[f"{group.key}@{option}"] = a1(r, options[option][1])
            first = next(iter(options.values()), None)
            if first is not None:
                row.cells[group.key] = a1(r, first[1])
            if group.single:
                row.values[group.key] = ticked[0] if len(ticked) == 1 else None
            else:
                row.values[group.key] = ticked
    return rows


def _option_columns(
    reader: SheetReader, group: TickGroup, labels: _Labels, header: int
) -> dict[str, tuple[int, int]]:
    """Where each option's sub-column label is: under the group's (merged) header cell when it is there."""
    top = labels.find(_generic_labels((normalize_label(group.label),)), below=header, above=header + 1)
    span = None
    if top is not None:
        merge = reader._merge_at(*top)
        span = (merge[1], merge[3]) if merge else None
    found: dict[str, tuple[int, int]] = {}
    for option in group.options:
        for r, c in labels.at.get(normalize_label(option), ()):
            if header <= r <= header + 1 and (span is None or span[0] <= c <= span[1]):
                found[option] = (r, c)
                break
    return found


def _ticked(value: Any, marks: frozenset[str]) -> bool:
    """√ ✓ ✔ 是 1 x X (the spec's tick_marks); a number 1 or TRUE too."""
    if value is None or isinstance(value, str) and is_empty(value):
        return False
    if isinstance(value, bool):
        return value
    text = canonical_text(value)
    return text is not None and fold(text).strip() in marks
