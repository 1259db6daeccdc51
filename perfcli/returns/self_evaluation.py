"""One sheet of a year-end 自评表 -> a FormRecord, found by its labels: the national 项目支出绩效自评表, a
province's variant (四川 部门预算项目支出绩效自评表) or a 部门整体绩效自评表, each as its spec describes it.

Besides the fields right of their labels (项目名称, 主管部门, 实施单位) or under them (the 年度总体目标 texts, spec
`below`) the form has a funds block (rows 年度资金总额, 其中：本年财政拨款 … under the header 年初预算数 … 得分, the
spec's `funding` and `paired_columns`), an indicator grid closed by a 总分 or 合计 row whose 得分 is the unit's
own total, and sometimes lines under the grid (评价结论, 存在问题, 改进措施: spec `after_table`).
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from perfcli.forms.spec import FieldSpec, FormSpec
from perfcli.model.names import split_code
from perfcli.model.records import FormRecord
from perfcli.model.values import canonical_text, normalize_label, plain_number
from perfcli.returns.index import a1
from perfcli.returns.rules import GUIDE_TEXT, LABEL_NOT_FOUND, TABLE_NOT_FOUND, YUAN_CONVERTED
from perfcli.returns.sheet import SheetReader, _stop_labels

_YEAR = re.compile(r"(\d{4})\s*年度?")
_YUAN_LABEL = re.compile(r"[（(]\s*元\s*[)）]")
_TOTAL_ROW = {normalize_label(x) for x in ("总分", "合计", "总计")}
_MONEY_COLUMNS = ("initial_budget", "annual_budget", "executed")
_YEAR_TEXT = 40  # a title with its year, (2023年度) or 2020年度…自评表, is no longer than this


class SelfEvaluationReader(SheetReader):
    """Reads the 自评表 on one sheet (SheetReader finds the form; this reads its parts)."""

    def read(self, spec: FormSpec) -> FormRecord:
        record = FormRecord(file=self.file, form=spec.form, sheet=self.sheet.name)
        self.record = record
        header_row, columns = self._find_header(spec)
        top = self.header_first if header_row is not None and self.header_first is not None else header_row
        limit = top if top is not None else len(self.sheet.rows)
        end = self._table_end(header_row + 1, spec) if header_row is not None else None
        record.fields["year"] = self._year(limit)
        stop = _stop_labels(self.forms)
        for spec_field in spec.fields:
            self._read_one(record, spec, spec_field, limit, end, stop)
        unit = record.fields.get(spec.unit_field or "implementer")
        record.unit = unit if isinstance(unit, str) else None
        self._read_funds(record, spec, limit)
        if header_row is None:
            self.issues.append(
                TABLE_NOT_FOUND.finding(
                    file=self.file,
                    sheet=self.sheet.name,
                    labels="、".join(c.label for c in spec.table.columns),
                )
            )
        else:
            self.table_top = top
            self._read_grid(record, spec, header_row, columns)
        self._guide_text(record, spec)
        record.issues = self.issues
        return record

    def _read_one(
        self,
        record: FormRecord,
        spec: FormSpec,
        spec_field: FieldSpec,
        limit: int,
        end: int | None,
        stop: frozenset[str],
    ) -> None:
        """One field: under its label, right of it, or on a line under the table; absent optional fields
        are None without a finding."""
        if spec_field.after_table:
            self._read_after_table(record, spec_field, end, stop)
            return
        if spec_field.optional and self._find(spec_field.labels, limit) is None:
            record.fields[spec_field.key] = None
            return
        if spec_field.below:
            self._read_below(record, spec_field, limit)
        else:
            self._read_field(record, spec, spec_field, limit, stop)
        if spec_field.code_key:
            self._split_code(record, spec_field)

    def _split_code(self, record: FormRecord, spec_field: FieldSpec) -> None:
        """51000021R000000019951-工资性支出: the name stays in the field, the code goes to `code_key`."""
        value = record.fields.get(spec_field.key)
        name, code = split_code(value) if isinstance(value, str) else (value, None)
        record.fields[spec_field.key] = name
        record.fields[spec_field.code_key or ""] = code
        if spec_field.key in record.cells:
            record.cells[spec_field.code_key or ""] = record.cells[spec_field.key]

    def _read_after_table(
        self, record: FormRecord, spec_field: FieldSpec, end: int | None, stop: frozenset[str]
    ) -> None:
        """A line under the table (评价结论：its text to the right)."""
        hits = [
            p for x in spec_field.labels for p in self.labels.get(x, ()) if end is not None and p[0] >= end
        ]
        if not hits:
            record.fields[spec_field.key] = None
            if not spec_field.optional:
                self.issues.append(
                    LABEL_NOT_FOUND.finding(file=self.file, sheet=self.sheet.name, label=spec_field.label)
                )
            return
        (r, c), raw = self._value_right(*min(hits), stop)
        record.cells[spec_field.key] = a1(r, c)
        record.fields[spec_field.key] = self._typed(
            spec_field.key, spec_field.label, spec_field.type, raw, r, c, spec_field.vocabulary
        )

    def _year(self, limit: int) -> int | None:
        for (r, _c), text in self.texts.items():
            if r >= limit:
                break
            m = _YEAR.search(text)
            if m and len(text.strip()) <= _YEAR_TEXT:
                return int(m[1])
        return None

    def _read_below(self, record: FormRecord, spec_field: FieldSpec, limit: int) -> None:
        key, label = spec_field.key, spec_field.label
        pos = self._find(spec_field.labels, limit)
        if pos is None:
            record.fields[key] = None
            self.issues.append(LABEL_NOT_FOUND.finding(file=self.file, sheet=self.sheet.name, label=label))
            return
        r, c = pos
        merge = self._merge_at(r, c)
        below = (merge[2] if merge else r) + 1
        record.cells[key] = a1(below, c)
        value = self.sheet.value(below, c) if below < len(self.sheet.rows) else None
        record.fields[key] = self._typed(key, label, spec_field.type, value, below, c)

    def _read_grid(
        self, record: FormRecord, spec: FormSpec, header_row: int, columns: dict[str, int]
    ) -> None:
        """The indicator rows; a 总分 / 合计 row gives the unit's own total (unless a field holds it)."""
        rows = self._read_table(spec, header_row, columns)
        first = spec.table.columns[0].key
        name = spec.table.name_column

        def is_total(row: Any) -> bool:
            return normalize_label(str(row.get(first) or "")) in _TOTAL_ROW and not row.get(name)

        for row in rows:
            if is_total(row) and record.fields.get("self_total") is None:
                record.fields["self_total"] = row.get("score")
                record.cells["self_total"] = row.cells.get("score", "")
                record.cells["self_total.label"] = row.cells.get(first, "")  # read, as coverage sees it
        record.table = [r for r in rows if not is_total(r)]

    def _guide_text(self, record: FormRecord, spec: FormSpec) -> None:
        """R019 for each field (or funds cell) still holding the template's guide text (…（200字以内）)."""
        patterns = spec.guide_patterns
        if not patterns:
            return
        texts: list[tuple[str, str, Any]] = [
            (key, spec.label_of(key), value) for key, value in record.fields.items()
        ]
        for source, values in record.funding.items():
            texts += [
                (f"funding.{source}.{k}", spec.label_of(f"funding.{source}.{k}"), v)
                for k, v in values.items()
            ]
        for key, label, value in texts:
            if isinstance(value, str) and any(p.search(value) for p in patterns):
                cell = record.cells.get(key)
                self.issues.append(
                    GUIDE_TEXT.finding(
                        file=self.file,
                        sheet=self.sheet.name,
                        cell=cell,
                        field=key,
                        label=label,
                        where=cell or "",
                        text=_short(value),
                    )
                )

    def _block_in_yuan(self, header_row: int) -> bool:
        """项目资金（元）: the funds block's own label (on or above its header row) says its amounts are in 元."""
        for (r, _c), text in self.texts.items():
            if r > header_row:
                break
            if r >= header_row - 1 and "资金" in text and _YUAN_LABEL.search(text):
                return True
        return False

    def _from_yuan(self, key: str, label: str, value: Decimal, r: int, c: int) -> Decimal:
        """An amount of a block headed （元）, in 万元 (R002 names the cell and both numbers)."""
        converted = value / 10000
        shown = plain_number(value)
        self.issues.append(
            YUAN_CONVERTED.finding(
                file=self.file,
                sheet=self.sheet.name,
                cell=a1(r, c),
                field=key,
                label=label,
                raw=shown,
                value=plain_number(converted),
            )
        )
        return converted

    def _read_funds(self, record: FormRecord, spec: FormSpec, limit: int) -> None:
        """The funds block: each row found by its label, each value under its column header. A row label
        merged down over the header row (部门预算执行情况 over 年初预算数 … and its amounts) has its values
        on the last row of the merge."""
        if not spec.paired_columns:
            return
        heads = {key: self._find(spec.paired_labels(key), limit) for key in spec.paired_columns}
        anchor = heads.get("annual_budget") or heads.get("executed")
        if anchor is None:
            label = spec.paired_columns.get("annual_budget") or spec.paired_columns.get("executed") or ""
            self.issues.append(LABEL_NOT_FOUND.finding(file=self.file, sheet=self.sheet.name, label=label))
        # the columns on the header row of the block (分值 and 得分 recur in the indicator header)
        where = {k: p[1] for k, p in heads.items() if p is not None and anchor and p[0] == anchor[0]}
        in_yuan = anchor is not None and self._block_in_yuan(anchor[0])
        for source in spec.funding:
            pos = self._find(source.labels, limit)
            record.funding[source.key] = dict.fromkeys(spec.paired_columns)
            if pos is None:
                if not source.optional:
                    self.issues.append(
                        LABEL_NOT_FOUND.finding(file=self.file, sheet=self.sheet.name, label=source.label)
                    )
                continue
            r = pos[0]
            merge = self._merge_at(*pos)
            if anchor is not None and r == anchor[0] and merge is not None and merge[2] > r:
                r = merge[2]
            for column, c in where.items():
                key = f"funding.{source.key}.{column}"
                record.cells[key] = a1(r, c)
                raw = self._paired_value(r, c)
                kind = "money" if column in _MONEY_COLUMNS else "rate" if column == "rate" else "text"
                label = f"{source.short_label}（{spec.paired_columns[column]}）"
                value = self._typed(key, label, kind, raw, r, c)
                if in_yuan and kind == "money" and isinstance(value, Decimal):
                    value = self._from_yuan(key, label, value, r, c)
                record.funding[source.key][column] = value


def _short(text: str) -> str:
    text = canonical_text(text) or ""
    text = " ".join(text.split())
    return text if len(text) <= 40 else text[:39] + "…"
