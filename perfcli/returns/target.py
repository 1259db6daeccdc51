"""One sheet of a 绩效目标 form -> a FormRecord (stage `target`): the national 项目支出绩效目标申报表 (issued by
generate --stage targets), and the older 项目绩效目标申报表 / 项目绩效目标表 and 部门整体支出绩效目标表 (read only).

The forms of this family vary by locality, so a label the spec names may be missing: only a required one is
a finding. Besides the fields right of their labels, the reader follows the spec's `reading` hints
(perfcli.forms.reading_hints): money typed in words in one cell, a goal running down several rows, and an
indicator table printed twice (长期绩效指标, 年度绩效指标) with the same header, or its halves side by side
(perfcli.returns.target_grid); the lines of a goal under its heading (中长期目标 | 年度目标); a label printed
once per half (其中：财政拨款), read under its half's heading.
"""

from __future__ import annotations

import re
from typing import Any

from perfcli.forms.spec import FormSpec
from perfcli.model.names import split_code
from perfcli.model.records import FormRecord, Indicator
from perfcli.model.values import canonical_text, normalize_label
from perfcli.returns.index import a1
from perfcli.returns.rules import LABEL_NOT_FOUND, TABLE_NOT_FOUND
from perfcli.returns.sheet import SheetReader, _stop_labels
from perfcli.returns.target_grid import GridReader

__all__ = ["TargetReader"]

_YEAR = re.compile(r"(\d{4})\s*年度?")
_AMOUNT = r"\s*[:：]?\s*([0-9][0-9,]*(?:\.[0-9]+)?\s*(?:万元|元)?)"


class TargetReader(GridReader, SheetReader):
    """Reads the 绩效目标 form on one sheet (SheetReader found the form; this reads its parts)."""

    def read(self, spec: FormSpec) -> FormRecord:
        record = FormRecord(file=self.file, form=spec.form, sheet=self.sheet.name)
        self.record = record
        self.value_at: dict[str, tuple[int, int]] = {}  # field -> its value cell
        self.label_at: dict[str, tuple[int, int]] = {}  # field -> its label cell
        under = dict(spec.reading.under)
        self.own_labels = frozenset(x for f in spec.fields for x in f.labels)
        cells = self._header_cells(spec)
        headers = self._header_rows(spec, cells)
        if not spec.reading.sections:
            headers = headers[:1]
        limit = headers[0] if headers else len(self.sheet.rows)
        record.fields["year"] = self._year(record, limit)
        if spec.header_label:
            self._read_unit(record, spec.header_label, limit)
        stop = _stop_labels(self.forms)
        for spec_field in spec.fields:
            if spec_field.key in spec.reading.stacked:
                self._read_stacked(record, spec_field.key, spec_field.labels, limit)
            elif spec_field.below:
                self._read_lines_below(record, spec, spec_field, limit)
            elif spec_field.key in under:
                self._read_under(record, spec, spec_field, under[spec_field.key], limit, stop)
            else:
                self._read_own_field(record, spec, spec_field, limit, stop)
            if spec_field.code_key:
                self._split_code(record, spec_field.key, spec_field.code_key)
        if spec.reading.amounts_from:
            self._amounts_in_text(record, spec, spec.reading.amounts_from)
        if spec.unit_field and record.unit is None and isinstance(record.fields.get(spec.unit_field), str):
            record.unit = record.fields[spec.unit_field]
            record.cells["unit"] = record.cells[spec.unit_field]
        if not headers:
            labels = "、".join(c.label for c in spec.table.columns)
            self.issues.append(TABLE_NOT_FOUND.finding(file=self.file, sheet=self.sheet.name, labels=labels))
        elif spec.reading.halves:
            record.table = self._read_grid(spec, headers[0])
        else:
            record.table = self._read_halves(spec, headers, cells)
        record.issues = self.issues
        return record

    def _year(self, record: FormRecord, limit: int) -> int | None:
        """（2021年度） above the table; a blank year (（ 年度）) is no year."""
        for (r, c), text in self.texts.items():
            if r >= limit:
                break
            m = _YEAR.search(text)
            if m and len(text.strip()) <= 20:
                record.cells["year"] = a1(r, c)
                return int(m[1])
        return None

    def _read_own_field(
        self, record: FormRecord, spec: FormSpec, spec_field: Any, limit: int, stop: Any
    ) -> None:
        """A field right of its label, above the table or (其他说明的问题) below it; absent is a finding only
        when the field is required."""
        pos = self._find(spec_field.labels, limit) or self._find(spec_field.labels, len(self.sheet.rows))
        if pos is None:
            record.fields[spec_field.key] = None
            if spec_field.required:
                self.issues.append(
                    LABEL_NOT_FOUND.finding(file=self.file, sheet=self.sheet.name, label=spec_field.label)
                )
            return
        self.label_at[spec_field.key] = pos
        self._read_value(record, spec_field, pos, stop)

    def _read_value(self, record: FormRecord, spec_field: Any, pos: tuple[int, int], stop: Any) -> None:
        (r, c), raw = self._value_right(*pos, stop)
        if isinstance(raw, str) and normalize_label(raw) in self.own_labels:
            raw = None  # 财政拨款: | 自有资金: — the next label of a blank form, not a value
        record.cells[spec_field.key] = a1(r, c)
        self.value_at[spec_field.key] = (r, c)
        record.fields[spec_field.key] = self._typed(
            spec_field.key, spec_field.label, spec_field.type, raw, r, c
        )

    def _read_under(
        self, record: FormRecord, spec: FormSpec, spec_field: Any, heading: str, limit: int, stop: Any
    ) -> None:
        """A label printed once per half (其中：财政拨款): the one under its half's heading (中期资金总额), in the
        heading's columns, else the next on the heading's line; none when the form has no such heading (a form
        with only the 年度 half)."""
        record.fields[spec_field.key] = None
        top = self.label_at.get(heading)
        if top is None:
            return
        merge = self._merge_at(*top)
        first, last = (merge[1], merge[3]) if merge else (top[1], top[1])
        places = [pos for label in spec_field.labels for pos in self.labels.get(label, ()) if pos[0] < limit]
        hits = [pos for pos in places if top[0] < pos[0] and first <= pos[1] <= last]
        # or on the heading's own line, right of it (年度资金总额 80 | 其中：财政拨款 80)
        hits = hits or [pos for pos in places if pos[0] == top[0] and pos[1] > last]
        if hits:
            pos = min(hits)
            self.label_at[spec_field.key] = pos
            self._read_value(record, spec_field, pos, stop)
        elif spec_field.required:
            self.issues.append(
                LABEL_NOT_FOUND.finding(file=self.file, sheet=self.sheet.name, label=spec_field.label)
            )

    def _read_lines_below(self, record: FormRecord, spec: FormSpec, spec_field: Any, limit: int) -> None:
        """A goal under its heading (中长期目标 | 年度目标): the texts in the heading's columns down to the table
        or the next label, one line each (目标1：… 目标2：…, in cells of their own or in one); else the text
        right of the label."""
        key = spec_field.key
        record.fields[key] = None
        pos = self._find(spec_field.labels, limit)
        if pos is None:
            if spec_field.required:
                self.issues.append(
                    LABEL_NOT_FOUND.finding(file=self.file, sheet=self.sheet.name, label=spec_field.label)
                )
            return
        merge = self._merge_at(*pos)
        first, last = (merge[1], merge[3]) if merge else (pos[1], pos[1])
        below = (merge[2] if merge else pos[0]) + 1
        record.cells[key] = a1(below, first)  # where the goal goes when it was left empty
        known = _known_labels(spec)
        lines: list[str] = []
        read = 0
        for r in range(below, limit):
            texts = [(c, canonical_text(self.sheet.value(r, c))) for c in range(first, last + 1)]
            filled = [(c, t.strip()) for c, t in texts if t and t.strip()]
            if not filled:
                continue
            c, text = filled[0]
            if normalize_label(text) in known:
                break  # the next part of the form (绩效指标, 中长期指标)
            for line in text.splitlines():
                if line.strip():
                    lines.append(line.strip())
            read += 1
            record.cells[key if read == 1 else f"{key}@{read}"] = a1(r, c)
        if not lines:  # a local print: the goal right of its label (年度目标 | 目标1：… 目标2：…)
            (r, c), raw = self._value_right(*pos, _stop_labels(self.forms))
            text = canonical_text(raw) or ""
            if normalize_label(text) in known:
                text = ""  # the next heading (年度目标 right of 中长期目标): this goal was left empty
            lines = [line.strip() for line in text.splitlines() if line.strip()]
            if lines:
                record.cells[key] = a1(r, c)
        record.fields[key] = "\n".join(lines) or None

    def _split_code(self, record: FormRecord, key: str, code_key: str) -> None:
        """区教育局（101） or [101]区教育局: the name stays in the field, the code goes to `code_key`; the text
        as typed is kept as `<key>_text`."""
        value = record.fields.get(key)
        if not isinstance(value, str):
            record.fields[code_key] = None
            return
        name, code = split_code(value)
        record.fields[f"{key}_text"] = value
        record.fields[key], record.fields[code_key] = name, code
        if key in record.cells:
            record.cells[code_key] = record.cells[key]

    def _read_stacked(self, record: FormRecord, key: str, labels: tuple[str, ...], limit: int) -> None:
        """A value running down the rows of its label's merged cell (年度总体目标: 目标1 … 目标4), one line each."""
        pos = self._find(labels, limit)
        record.fields[key] = None
        if pos is None:
            return
        r0, c = pos
        merge = self._merge_at(r0, c)
        lines = []
        for r in range(r0, (merge[2] if merge else r0) + 1):
            k = self._after(r, c)
            text = canonical_text(self.sheet.value(r, k)) if k < self.width else None
            if text and text.strip():
                lines.append(text.strip())
                record.cells[key if len(lines) == 1 else f"{key}@{len(lines)}"] = a1(r, k)
        record.fields[key] = "\n".join(lines) or None

    def _amounts_in_text(self, record: FormRecord, spec: FormSpec, source: str) -> None:
        """Money fields no label gave, read from the text field (总额10606.7522万元 / 财政拨款:6923.3552万元 …)."""
        text = record.fields.get(source)
        if not isinstance(text, str) or source not in self.value_at:
            return
        r, c = self.value_at[source]
        cell = a1(r, c)
        for spec_field in spec.fields:
            if spec_field.type != "money" or record.fields.get(spec_field.key) is not None:
                continue
            for label in (spec_field.label, *spec_field.variants):
                m = re.search(re.escape(label) + _AMOUNT, text)
                if m:
                    record.cells[spec_field.key] = cell
                    record.fields[spec_field.key] = self._typed(
                        spec_field.key, spec_field.label, "money", m[1], r, c
                    )
                    break

    def _read_halves(
        self, spec: FormSpec, headers: list[int], cells: dict[int, dict[str, int]]
    ) -> list[Indicator]:
        """Each header's rows, to the next header; each row keeps the caption of its half (长期绩效指标)."""
        self.table_top = headers[0]
        rows: list[Indicator] = []
        captions = {normalize_label(x): x for x in spec.reading.sections}
        first_data = headers[0] + 1
        for i, header in enumerate(headers):
            until = headers[i + 1] if i + 1 < len(headers) else None
            half = self._read_table(spec, header, cells[header], until)
            caption = self._caption(captions, header, until)
            for row in half:
                if caption is not None:
                    row.values["section"] = caption
            rows.extend(half)
        # the whole of both halves is the table's place (perfcli.returns.coverage)
        self.table_columns = {c for h in headers for c in cells[h].values()}
        self.table_data = (first_data, self.table_data[1] if self.table_data else first_data)
        return rows

    def _caption(self, captions: dict[str, str], header: int, until: int | None) -> str | None:
        for label, text in captions.items():
            for r, _c in self.labels.get(label, ()):
                if header <= r and (until is None or r < until):
                    return text
        return None


def _known_labels(spec: FormSpec) -> frozenset[str]:
    """Every label the form prints (fields, captions, table header): where a goal's lines stop."""
    texts = [*spec.captions, *(x for c in (*spec.table.columns, *spec.table.extra_columns) for x in c.labels)]
    return frozenset({*(x for f in spec.fields for x in f.labels), *(normalize_label(x) for x in texts)})
