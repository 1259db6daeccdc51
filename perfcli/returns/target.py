"""One sheet of a 绩效目标 form -> a FormRecord (stage `target`): 项目支出绩效目标申报表 / 项目绩效目标表 and
部门整体支出绩效目标表, read, never issued (their review rules are issue 23's).

The forms of this family vary by locality, so a label the spec names may be missing: only a required one is
a finding. Besides the fields right of their labels, the reader follows the spec's `reading` hints
(perfcli.forms.reading_hints): money typed in words in one cell, a goal running down several rows, and an
indicator table printed twice (长期绩效指标, 年度绩效指标) with the same header.
"""

from __future__ import annotations

import re
from typing import Any

from perfcli.forms.spec import FormSpec
from perfcli.model.records import FormRecord, Indicator
from perfcli.model.values import canonical_text, normalize_label
from perfcli.returns.index import a1
from perfcli.returns.rules import LABEL_NOT_FOUND, TABLE_NOT_FOUND
from perfcli.returns.sheet import SheetReader, _stop_labels

__all__ = ["TargetReader"]

_YEAR = re.compile(r"(\d{4})\s*年度?")
_AMOUNT = r"\s*[:：]?\s*([0-9][0-9,]*(?:\.[0-9]+)?\s*(?:万元|元)?)"


class TargetReader(SheetReader):
    """Reads the 绩效目标 form on one sheet (SheetReader found the form; this reads its parts)."""

    def read(self, spec: FormSpec) -> FormRecord:
        record = FormRecord(file=self.file, form=spec.form, sheet=self.sheet.name)
        self.record = record
        self.value_at: dict[str, tuple[int, int]] = {}  # field -> its value cell
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
            else:
                self._read_own_field(record, spec, spec_field, limit, stop)
        if spec.reading.amounts_from:
            self._amounts_in_text(record, spec, spec.reading.amounts_from)
        if spec.unit_field and record.unit is None and isinstance(record.fields.get(spec.unit_field), str):
            record.unit = record.fields[spec.unit_field]
            record.cells["unit"] = record.cells[spec.unit_field]
        if not headers:
            labels = "、".join(c.label for c in spec.table.columns)
            self.issues.append(TABLE_NOT_FOUND.finding(file=self.file, sheet=self.sheet.name, labels=labels))
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
        (r, c), raw = self._value_right(*pos, stop)
        if isinstance(raw, str) and normalize_label(raw) in self.own_labels:
            raw = None  # 财政拨款: | 自有资金: — the next label of a blank form, not a value
        record.cells[spec_field.key] = a1(r, c)
        self.value_at[spec_field.key] = (r, c)
        record.fields[spec_field.key] = self._typed(
            spec_field.key, spec_field.label, spec_field.type, raw, r, c
        )

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
