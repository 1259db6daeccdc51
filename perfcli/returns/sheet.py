"""One sheet -> one FormRecord: the form told apart by its labels, each value found right of its label.

DESIGN §4: labels match after removing white space, colons and a trailing unit; the value is the next
cell to the right outside the label's merged range; the indicator table is found by its header labels in
any column order and ends at the 注 line (or two blank rows); merged or blank 一级/二级 cells fill down.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache
from typing import Any

from perfcli.forms.spec import FieldSpec, FormSpec, all_specs
from perfcli.model.config import Config
from perfcli.model.period import parse_period_text
from perfcli.model.records import Finding, FormRecord, Indicator
from perfcli.model.values import (
    Parsed,
    canonical_text,
    is_empty,
    normalize_label,
    parse_date,
    parse_enum,
    parse_money,
    parse_rate,
    plain_number,
)
from perfcli.returns.rules import (
    DATE_UNREADABLE,
    ENUM_NEAR_MISS,
    LABEL_NOT_FOUND,
    MONEY_UNREADABLE,
    PERIOD_UNREADABLE,
    TABLE_NOT_FOUND,
    YUAN_CONVERTED,
)


@lru_cache(maxsize=65536)  # every value and indicator cell is named; the same few thousand names recur
def a1(row: int, col: int) -> str:
    """0-based (row, col) -> A1."""
    letters, n = "", col + 1
    while n:
        n, rem = divmod(n - 1, 26)
        letters = chr(65 + rem) + letters
    return f"{letters}{row + 1}"


# Which labels tell the forms apart (DESIGN §4): checked in this order, all labels must be present.
_DISTINCTIVE = (
    ("key_project", ("项目总金额", "主管部门")),
    ("department", ("部门名称", "监控内容")),
    ("project", ("项目名称", "资金来源", "已到位资金")),
)
# Signature lines under a table without a 注 line (the colon keeps 负责人培训次数 an indicator).
_STOP_WORDS = re.compile(r"^(填报人|填表人|审核人|负责人|单位负责人|联系人|联系电话|制表人|分管领导)\s*[:：]")
_NOTE = re.compile(r"^注\s*[:：]|^注$|^注\s*[0-9１-９一二三]")
_HEADER_TEXT = {normalize_label(x) for x in ("预算数", "执行数", "（预算数）", "（执行数）")}
_SEAL = re.compile(r"[（(]\s*(盖章|公章|签章)\s*[）)]|盖章$")
_AMOUNT_UNIT = re.compile(r"(金额)?单位\s*[:：]\s*(万元|元)\s*$")
_PERIOD_HINT = re.compile(r"季度|半年")
_COLON = re.compile(r"[:：]")


@cache
def _stop_labels() -> frozenset[str]:
    """Every field and funding label of every form: a value search to the right stops at any of them."""
    labels: set[str] = set()
    for spec in all_specs():
        labels |= {x for f in spec.fields for x in f.labels}
        labels |= {x for s in spec.funding for x in s.labels}
    return frozenset(labels)


@cache
def _spec(form: str) -> FormSpec:
    return next(s for s in all_specs() if s.form == form)


@cache
def _header_labels(form: str) -> dict[str, str]:
    spec = next(s for s in all_specs() if s.form == form)
    return {label: col.key for col in spec.table.columns for label in col.labels}


@lru_cache(maxsize=65536)
def _ends_table(text: str) -> bool:
    """A 注 line or a signature line (填报人：…), which ends the indicator table."""
    stripped = text.strip()
    return bool(_NOTE.match(stripped) or _STOP_WORDS.match(stripped))


@cache
def _column_label(form: str, key: str) -> str:
    return _spec(form).table.column(key).label


@lru_cache(maxsize=65536)
def _title_in(text: str) -> str | None:
    """The form whose title the (normalised) cell text carries: a short prefix such as 附表1 or the
    locality allowed. The longer titles are tried first: 部门重点项目预算绩效运行监控表 also ends like
    附表1's title."""
    for form in ("key_project", "department", "project"):
        title = normalize_label(_spec(form).title)
        if text.endswith(title) and len(text) - len(title) <= 24:
            return form
    return None


@cache
def _field_labels(form: str, key: str) -> tuple[str, ...]:
    spec = next(s for s in all_specs() if s.form == form)
    for f in spec.fields:
        if f.key == key:
            return f.labels
    return next(s.labels for s in spec.funding if s.key == key)


class SheetReader:
    """Reads the monitoring form on one sheet of a Grid (see perfcli.io.xlsx_grid.Sheet)."""

    def __init__(self, sheet: Any, file: str, config: Config) -> None:
        self.sheet, self.file, self.config = sheet, file, config
        self.width = sheet.width
        # every text cell, in reading order (row by row, left to right): the searches below rely on it;
        # and where each label (normalised text) stands
        self.texts: dict[tuple[int, int], str] = {}
        self.labels: dict[str, list[tuple[int, int]]] = {}
        texts, labels = self.texts, self.labels
        for r, line in enumerate(sheet.rows):
            for c, value in enumerate(line):
                # most cells are empty ("", falsy): that test first; isspace() is strip() without a copy
                if value and isinstance(value, str) and not value.isspace():
                    pos = (r, c)
                    texts[pos] = value
                    label = normalize_label(value)
                    if label in labels:
                        labels[label].append(pos)
                    else:
                        labels[label] = [pos]
        # the merged ranges crossing each row (clipped to the sheet): a form has a few per row, so a
        # lookup scans a short list instead of every merged cell being indexed up front
        self.merges_in_row: dict[int, list[tuple[int, int, int, int]]] = {}
        height = len(sheet.rows)
        for r0, c0, r1, c1 in sheet.merged:
            merge = (r0, c0, min(r1, height - 1), min(c1, self.width - 1))
            for r in range(r0, merge[2] + 1):
                self.merges_in_row.setdefault(r, []).append(merge)
        self.issues: list[Finding] = []

    # form detection ---------------------------------------------------------------------------------
    def detect(self) -> FormSpec | None:
        """The form on this sheet: its distinctive labels, backed by its title or its table header (so a
        list that merely mentions 项目名称/资金来源/已到位资金 is not taken for a form); else its title."""
        titled = self._titled()
        for form, labels in _DISTINCTIVE:
            if all(normalize_label(x) in self.labels for x in labels):
                spec = _spec(form)
                if titled is not None or self._find_header(spec)[0] is not None:
                    return spec
        return titled

    def _titled(self) -> FormSpec | None:
        """The form whose title a cell carries (see _title_in); the longer titles win."""
        found = {_title_in(text) for text in self.labels}
        for form in ("key_project", "department", "project"):
            if form in found:
                return _spec(form)
        return None

    # reading ------------------------------------------------------------------------------------------
    def read(self, spec: FormSpec) -> FormRecord:
        record = FormRecord(file=self.file, form=spec.form, sheet=self.sheet.name)
        self.record = record
        header_row, columns = self._find_header(spec)
        limit = header_row if header_row is not None else len(self.sheet.rows)
        self._read_period(record, limit)
        if spec.header_label:
            self._read_unit(record, spec.header_label, limit)
        all_labels = _stop_labels()
        for spec_field in spec.fields:
            if spec_field.column == "executed":
                continue  # read with its budget twin
            self._read_field(record, spec, spec_field, limit, all_labels)
        for source in spec.funding:
            pos = self._find(_field_labels(spec.form, source.key), limit)
            cells = self._pair(pos) if pos else None
            record.funding[source.key] = {"budget": None, "executed": None}
            if cells is None:
                self.issues.append(
                    LABEL_NOT_FOUND.finding(
                        file=self.file, sheet=self.sheet.name, label=source.label.removeprefix("其中：")
                    )
                )
                continue
            for column, (r, c) in zip(("budget", "executed"), cells, strict=True):
                key = f"funding.{source.key}.{column}"
                record.cells[key] = a1(r, c)
                label = (
                    f"{source.label.removeprefix('其中：')}（{'预算数' if column == 'budget' else '执行数'}）"
                )
                record.funding[source.key][column] = self._typed(
                    key, label, "money", self._paired_value(r, c), r, c
                )
        if header_row is None:
            self.issues.append(
                TABLE_NOT_FOUND.finding(
                    file=self.file,
                    sheet=self.sheet.name,
                    labels="、".join(c.label for c in spec.table.columns),
                )
            )
        else:
            record.table = self._read_table(spec, header_row, columns)
        record.issues = self.issues
        return record

    def _find(self, labels: tuple[str, ...], limit: int) -> tuple[int, int] | None:
        best = None
        for label in labels:
            for pos in self.labels.get(label, ()):
                if pos[0] < limit and (best is None or pos < best):
                    best = pos
                    break
        return best

    def _merge_at(self, r: int, c: int) -> tuple[int, int, int, int] | None:
        """The merged range holding (r, c); of overlapping ranges the one listed last."""
        for merge in reversed(self.merges_in_row.get(r, ())):
            if merge[1] <= c <= merge[3]:
                return merge
        return None

    def _after(self, r: int, c: int) -> int:
        """The first column right of the merged range holding (r, c)."""
        merge = self._merge_at(r, c)
        return (merge[3] if merge else c) + 1

    def _value_right(self, r: int, c: int, stop_labels: frozenset[str]) -> tuple[tuple[int, int], Any]:
        """The value of the label at (r, c): the next non-empty cell to its right, outside its merged
        range, stopping at the next label. Returns the value cell (the first cell when empty) and value."""
        first = (r, self._after(r, c))
        k = first[1]
        while k < self.width:
            value = self.sheet.value(r, k)
            if value is None or (isinstance(value, str) and not value.strip()):
                k = self._after(r, k)
                continue
            # the cell right beside the label is its value whatever it says; further right, a label
            # means this field was left empty
            if k != first[1] and isinstance(value, str) and normalize_label(value) in stop_labels:
                break
            return (r, k), value
        return first, None

    def _pair(self, pos: tuple[int, int]) -> tuple[tuple[int, int], tuple[int, int]]:
        """附表3: the 预算数 and 执行数 cells right of a label."""
        r, c = pos
        budget = (r, self._after(r, c))
        return budget, (r, self._after(*budget))

    def _paired_value(self, r: int, c: int) -> Any:
        value = self.sheet.value(r, c)
        if isinstance(value, str) and normalize_label(value) in _HEADER_TEXT:
            return None
        return value

    def _read_field(
        self,
        record: FormRecord,
        spec: FormSpec,
        spec_field: FieldSpec,
        limit: int,
        stop_labels: frozenset[str],
    ) -> None:
        pos = self._find(_field_labels(spec.form, spec_field.key), limit)
        twin = None
        if spec_field.column == "budget":  # 附表3 项目总金额: 预算数 and 执行数 share one label
            twin = next(f for f in spec.fields if f.column == "executed" and f.label == spec_field.label)
        if pos is None:
            record.fields[spec_field.key] = None
            if twin is not None:
                record.fields[twin.key] = None
            self.issues.append(
                LABEL_NOT_FOUND.finding(file=self.file, sheet=self.sheet.name, label=spec_field.label)
            )
            return
        if twin is not None:
            for f, (r, c) in zip((spec_field, twin), self._pair(pos), strict=True):
                record.cells[f.key] = a1(r, c)
                label = f"{f.label}（{'预算数' if f.column == 'budget' else '执行数'}）"
                record.fields[f.key] = self._typed(
                    f.key, label, f.type, self._paired_value(r, c), r, c, f.vocabulary
                )
            return
        if spec_field.vocabulary:  # "其他" is a 资金来源 value here, not 附表3's 其他 label
            stop_labels = stop_labels - {
                normalize_label(v) for v in self.config.vocabulary(spec_field.vocabulary)
            }
        (r, c), raw = self._value_right(*pos, stop_labels)
        record.cells[spec_field.key] = a1(r, c)
        record.fields[spec_field.key] = self._typed(
            spec_field.key, spec_field.label, spec_field.type, raw, r, c, spec_field.vocabulary
        )

    def _typed(
        self, key: str, label: str, kind: str, raw: Any, r: int, c: int, vocabulary: str | None = None
    ) -> Any:
        """The typed value of a cell; interpretation problems become findings (raw text kept on failure)."""
        where = {"file": self.file, "sheet": self.sheet.name, "cell": a1(r, c), "field": key}
        raw_text = canonical_text(raw)
        if kind == "money":
            parsed = parse_money(raw)
            if parsed.problem == "R001":
                self.issues.append(MONEY_UNREADABLE.finding(**where, label=label, raw=raw_text))
                return raw_text
            if parsed.problem == "R002":
                self.issues.append(
                    YUAN_CONVERTED.finding(**where, label=label, raw=raw_text, value=_plain(parsed.value))
                )
            return parsed.value
        if kind == "rate":
            parsed = parse_rate(raw)
            return raw_text if parsed.problem else parsed.value
        if kind == "enum" and vocabulary:
            return self._enum(parse_enum(raw, self.config.vocabulary(vocabulary)), where, f"“{label}”")
        if kind == "date":
            parsed = parse_date(raw)
            if parsed.problem:
                self.issues.append(DATE_UNREADABLE.finding(**where, label=label, raw=raw_text))
            return parsed.value
        if kind == "period":
            return parse_period_text(raw_text) if raw_text else None
        return raw_text

    def _enum(self, parsed: Parsed, where: dict[str, Any], what: str) -> Any:
        if parsed.problem == "R003":
            self.issues.append(
                ENUM_NEAR_MISS.finding(**where, where=what, raw=parsed.value, proposal=parsed.proposal)
            )
        return parsed.value

    # header lines -----------------------------------------------------------------------------------
    def _read_period(self, record: FormRecord, limit: int) -> None:
        suspect = None
        for (r, c), text in self.texts.items():
            if r >= limit:
                break
            period = parse_period_text(text)
            if period is not None:
                record.period = period
                record.cells["period"] = a1(r, c)
                return
            if suspect is None and _PERIOD_HINT.search(text) and len(text) <= 40:
                suspect = (r, c, text)
        if suspect:
            r, c, text = suspect
            record.cells["period"] = a1(r, c)
            self.issues.append(
                PERIOD_UNREADABLE.finding(
                    file=self.file, sheet=self.sheet.name, cell=a1(r, c), field="period", raw=text.strip()
                )
            )

    def _read_unit(self, record: FormRecord, header_label: str, limit: int) -> None:
        """编报单位：xxx（盖章） in one cell, or the name in the next cell to the right."""
        wanted = normalize_label(header_label)
        for (r, c), text in self.texts.items():
            if r >= limit:
                break
            if not normalize_label(text).startswith(wanted):
                continue
            rest = (
                _COLON.split(text, maxsplit=1)[1] if _COLON.search(text) else _after_label(text, header_label)
            )
            name = _clean_unit(rest)
            if name:
                record.unit, record.cells["unit"] = name, a1(r, c)
                return
            k = self._after(r, c)
            while k < self.width:
                value = self.sheet.value(r, k)
                if isinstance(value, str) and value.strip() and not _AMOUNT_UNIT.search(value.strip()):
                    name = _clean_unit(value)
                    if name:
                        record.unit, record.cells["unit"] = name, a1(r, k)
                        return
                k = self._after(r, k)
            record.cells["unit"] = a1(r, self._after(r, c))
            return

    # the indicator table ------------------------------------------------------------------------------
    def _find_header(self, spec: FormSpec) -> tuple[int | None, dict[str, int]]:
        wanted = _header_labels(spec.form)
        need = max(3, len(spec.table.columns) - 2)
        # the header labels' cells, in reading order (from the label index, not a scan of every text)
        hits = sorted((r, c, key) for label, key in wanted.items() for r, c in self.labels.get(label, ()))
        rows: dict[int, dict[str, int]] = {}
        for r, c, key in hits:
            rows.setdefault(r, {}).setdefault(key, c)
        for r in sorted(rows):
            if len(rows[r]) >= need:
                return r, rows[r]
        return None, {}

    def _table_end(self, start: int) -> int | None:
        """The row of the 注 line below the table, when there is one (before any other form)."""
        for (r, _c), text in self.texts.items():
            if r >= start and _ends_table(text):
                return r
        return None

    def _read_table(self, spec: FormSpec, header: int, columns: dict[str, int]) -> list[Indicator]:
        table = spec.table
        end = self._table_end(header + 1)
        last = end if end is not None else len(self.sheet.rows)
        name_key = "indicator" if spec.form == "department" else "level3"
        vocabularies = {c.key: self.config.vocabulary(c.vocabulary) for c in table.columns if c.vocabulary}
        fill_down = table.fill_down
        found = list(columns.items())
        # each spec column: its key, its sheet column (None when the header lacks it), whether it fills down
        plan = [(col.key, columns.get(col.key), col.key in fill_down) for col in table.columns]
        carry: dict[str, tuple[Any, str]] = {}
        blank_run = 0
        out: list[Indicator] = []
        for r in range(header + 1, last):
            own: dict[str, Any] = {}  # key -> the value typed in this row (at column columns[key])
            inherited: dict[str, tuple[Any, str]] = {}
            line = self.sheet.rows[r]  # r < last <= the number of rows
            for key, c in found:
                value = line[c] if c < len(line) else None
                # numbers need no call; text may be an empty marker such as "—" or "无"
                if value is not None and (not isinstance(value, str) or not is_empty(value)):
                    own[key] = value
                    continue
                merge = self._merge_at(r, c) if key in fill_down else None
                if merge and (merge[0], merge[1]) != (r, c):
                    top = self.sheet.value(merge[0], merge[1])
                    if top is not None:
                        inherited[key] = (top, a1(merge[0], merge[1]))
            if not own:
                blank_run += 1
                if end is None and blank_run >= 2:
                    break
                continue
            blank_run = 0
            values: dict[str, Any] = {}
            cells: dict[str, str] = {}
            reset = False
            for key, column, fills_down in plan:
                if column is None:
                    values[key] = None
                elif fills_down:
                    if key in own:
                        text = canonical_text(own[key])
                        if carry.get(key, (None,))[0] != text:
                            reset = True
                        carry[key] = (text, a1(r, column))
                    elif key in inherited:
                        carry[key] = (canonical_text(inherited[key][0]), inherited[key][1])
                    elif reset:
                        carry.pop(key, None)
                    values[key], cells[key] = carry.get(key, (None, a1(r, column)))
                else:
                    cells[key] = a1(r, column)
                    values[key] = own.get(key)
            row = Indicator(values=values, cells=cells, row=r + 1)
            self._type_row(spec, row, len(out), r, vocabularies, name_key)
            out.append(row)
        return out

    def _type_row(
        self,
        spec: FormSpec,
        row: Indicator,
        index: int,
        r: int,
        vocabularies: dict[str, tuple[str, ...]],
        name_key: str,
    ) -> None:
        name = canonical_text(row.values.get(name_key))
        values = row.values
        for key, raw in values.items():  # values replaced in place, no key added or removed
            if raw is None or key in spec.table.fill_down:
                continue  # an empty cell types to None whatever its column
            vocabulary = vocabularies.get(key)
            if vocabulary is not None:
                parsed = parse_enum(raw, vocabulary)
                if not parsed.problem:
                    values[key] = parsed.value
                    continue
                where = {
                    "file": self.file,
                    "sheet": self.sheet.name,
                    "cell": row.cells.get(key),
                    "field": f"{self.record.table_key}[{index}].{key}",
                }
                label = (
                    f"指标“{name}”的{_column_label(spec.form, key)}"
                    if name
                    else f"第 {r + 1} 行的{_column_label(spec.form, key)}"
                )
                values[key] = self._enum(parsed, where, label)
            elif key == "actual" and name in spec.table.rate_rows:
                parsed = parse_rate(raw)
                values[key] = canonical_text(raw) if parsed.problem else parsed.value
            else:
                values[key] = canonical_text(raw)


def _after_label(text: str, label: str) -> str:
    """The text after `label` at its start, white space inside the label ignored (编 报 单 位 xxx -> xxx)."""
    i = 0
    for ch in label:
        while i < len(text) and text[i].isspace():
            i += 1
        if i < len(text) and text[i] == ch:
            i += 1
    return text[i:]


def _clean_unit(text: str) -> str | None:
    text = _AMOUNT_UNIT.sub("", text.strip())
    text = _SEAL.sub("", text).strip(" \u3000：:")
    return text or None


def _plain(value: Any) -> str:
    return plain_number(value) if value is not None else ""
