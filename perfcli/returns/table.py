"""The indicator table of a form (附表1/附表3 indicators, 附表2 rows): found by its header labels in any
column order, ended by the 注 line (or two blank rows), merged or blank 一级/二级 cells filled down, and
each row's values typed."""

from __future__ import annotations

import re
from functools import cache, lru_cache
from typing import Any

from perfcli.forms.registry import FormRegistry
from perfcli.forms.spec import FormSpec
from perfcli.model.records import FormKind, Indicator
from perfcli.model.values import (
    Parsed,
    canonical_text,
    is_empty,
    normalize_label,
    parse_enum,
    parse_rate,
)
from perfcli.returns.index import SheetIndex, a1
from perfcli.returns.rules import ENUM_NEAR_MISS

# Signature lines under a table without a 注 line (the colon keeps 负责人培训次数 an indicator).
_STOP_WORDS = re.compile(r"^(填报人|填表人|审核人|负责人|单位负责人|联系人|联系电话|制表人|分管领导)\s*[:：]")
_NOTE = re.compile(r"^注\s*[:：]|^注$|^注\s*[0-9１-９一二三]")
# the columns whose words say how an indicator is scored (指标性质 ＝ ≥ ≤ 定性, 指标方向 正向 反向)
OPERATOR_KEYS = frozenset({"operator", "direction"})


@cache
def _header_labels(form: FormKind, forms: FormRegistry) -> dict[str, str]:
    spec = forms.spec(form)
    columns = (*spec.table.columns, *spec.table.extra_columns)
    return {label: col.key for col in columns for label in col.labels}


def _after_table_labels(spec: FormSpec) -> tuple[str, ...]:
    return tuple(x for f in spec.fields if f.after_table for x in f.labels)


@lru_cache(maxsize=65536)
def _ends_table(text: str) -> bool:
    """A 注 line or a signature line (填报人：…), which ends the indicator table."""
    stripped = text.strip()
    return bool(_NOTE.match(stripped) or _STOP_WORDS.match(stripped))


class TableReader(SheetIndex):
    """Reads the table of a form on an indexed sheet; its findings go to `issues`."""

    def _header_cells(self, spec: FormSpec) -> dict[int, dict[str, int]]:
        """Each row holding header labels of the form's table -> column key -> its (leftmost) column."""
        wanted = _header_labels(spec.form, self.forms)
        # the header labels' cells, in reading order (from the label index, not a scan of every text)
        hits = sorted((r, c, key) for label, key in wanted.items() for r, c in self.labels.get(label, ()))
        rows: dict[int, dict[str, int]] = {}
        for r, c, key in hits:
            rows.setdefault(r, {}).setdefault(key, c)
        return rows

    def _header_rows(self, spec: FormSpec, rows: dict[int, dict[str, int]]) -> list[int]:
        """The rows that are the table's header (enough of its main labels), top down."""
        main = {c.key for c in spec.table.columns}
        need = max(3, len(spec.table.columns) - 2)
        return [r for r in sorted(rows) if len(main & rows[r].keys()) >= need]

    def _find_header(self, spec: FormSpec) -> tuple[int | None, dict[str, int]]:
        rows = self._header_cells(spec)
        main = {c.key for c in spec.table.columns}
        need = max(3, len(spec.table.columns) - 2)
        for r in self._header_rows(spec, rows)[:1]:
            self.header_first = r
            return r, rows[r]
        # a two-row header: group cells (年度指标值, merged) over sub-columns (指标性质 | 指标值 | 度量单位); the
        # lower row's label wins, being the sub-column the values stand under
        for r in sorted(rows):
            below = rows.get(r + 1)
            if below and len(main & (rows[r].keys() | below.keys())) >= need:
                self.header_first = r
                return r + 1, {**rows[r], **below}
        return None, {}

    def _table_end(self, start: int, spec: FormSpec | None = None) -> int | None:
        """The row of the 注 line below the table, when there is one (before any other form), or of the
        first line the form prints under its table (评价结论, 说明: `after_table` fields of the spec)."""
        end = None
        for (r, _c), text in self.texts.items():
            if r >= start and _ends_table(text):
                end = r
                break
        for label in _after_table_labels(spec) if spec is not None else ():
            for r, _c in self.labels.get(label, ()):
                if r >= start and (end is None or r < end):
                    end = r
        return end

    def _read_table(
        self, spec: FormSpec, header: int, columns: dict[str, int], until: int | None = None
    ) -> list[Indicator]:
        """The rows under `header` to the 注 line, two blank rows, or row `until` (the next half's header)."""
        table = spec.table
        end = self._table_end(header + 1, spec)
        if until is not None and (end is None or until < end):
            end = until
        last = end if end is not None else len(self.sheet.rows)
        name_key = table.name_column
        vocabularies = {c.key: self.config.vocabulary(c.vocabulary) for c in table.columns if c.vocabulary}
        fill_down = table.fill_down
        found = list(columns.items())
        # the table's place, for perfcli.returns.coverage (what of the sheet was read)
        self.table_columns = set(columns.values())
        self.table_data = (header + 1, header)  # first data row, last row read (0-based)
        # each spec column: its key, its sheet column (None when the header lacks it), whether it fills down;
        # an extra column (指标性质, 度量单位) only when the form has it
        plan = [(col.key, columns.get(col.key), col.key in fill_down) for col in table.columns]
        plan += [(col.key, columns[col.key], False) for col in table.extra_columns if col.key in columns]
        carry: dict[str, tuple[Any, str]] = {}
        blank_run = 0
        out: list[Indicator] = []
        for r in range(header + 1, last):
            own: dict[str, Any] = {}  # key -> the value typed in this row (at column columns[key])
            inherited: dict[str, tuple[Any, str]] = {}
            line = self.sheet.rows[r]  # r < last <= the number of rows
            for key, c in found:
                value = line[c] if c < len(line) else None
                # empty cells ("" from the reader) and numbers need no call; other text may be an empty
                # marker such as "—" or "无"
                if value is not None and value != "" and (value.__class__ is not str or not is_empty(value)):
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
            self.table_data = (header + 1, r)
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
        operators = spec.table.operators
        for key, raw in values.items():  # values replaced in place, no key added or removed
            if raw is None:
                continue  # an empty cell types to None whatever its column
            if key in OPERATOR_KEYS and operators:  # 指标性质 may be merged down a run of rows
                text = canonical_text(raw) or ""
                values[key] = operators.get(normalize_label(text), text)
                continue
            if key in spec.table.fill_down:
                continue
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
                    "field": f"{spec.table.key}[{index}].{key}",
                }
                column = spec.table.column(key).label
                label = f"指标“{name}”的{column}" if name else f"第 {r + 1} 行的{column}"
                values[key] = self._enum(parsed, where, label)
            elif key == "actual" and name in spec.table.rate_rows:
                parsed = parse_rate(raw)
                values[key] = canonical_text(raw) if parsed.problem else parsed.value
            else:
                values[key] = canonical_text(raw)

    def _enum(self, parsed: Parsed, where: dict[str, Any], what: str) -> Any:
        if parsed.problem == "R003":
            self.issues.append(
                ENUM_NEAR_MISS.finding(**where, where=what, raw=parsed.value, proposal=parsed.proposal)
            )
        return parsed.value
