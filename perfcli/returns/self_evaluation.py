"""One sheet of a 项目支出绩效自评表 -> a FormRecord (form self_evaluation), found by its labels.

Besides the fields right of their labels (项目名称, 主管部门, 实施单位) the form has a funds block (rows 年度资金总额,
其中：本年财政拨款, 上年结转资金, 其他资金 under the header 年初预算数 … 得分), the 年度总体目标 texts under
预期目标 and 实际完成情况, and an indicator grid closed by a 总分 row whose 得分 is the unit's own total.
"""

from __future__ import annotations

import re
from decimal import Decimal

from perfcli.forms.spec import FormSpec
from perfcli.model.records import FormRecord
from perfcli.model.values import normalize_label, plain_number
from perfcli.returns.index import a1
from perfcli.returns.rules import LABEL_NOT_FOUND, TABLE_NOT_FOUND, YUAN_CONVERTED
from perfcli.returns.sheet import SheetReader, _stop_labels

_YEAR = re.compile(r"(\d{4})\s*年度?")
_YUAN_LABEL = re.compile(r"[（(]\s*元\s*[)）]")
_TOTAL_ROW = {normalize_label(x) for x in ("总分", "合计", "总计")}
_MONEY_COLUMNS = ("initial_budget", "annual_budget", "executed")
_BELOW = ("goal_expected", "goal_actual")  # the 年度总体目标 texts stand under their labels


class SelfEvaluationReader(SheetReader):
    """Reads the 自评表 on one sheet (SheetReader finds the form; this reads its parts)."""

    def read(self, spec: FormSpec) -> FormRecord:
        record = FormRecord(file=self.file, form=spec.form, sheet=self.sheet.name)
        self.record = record
        header_row, columns = self._find_header(spec)
        limit = header_row if header_row is not None else len(self.sheet.rows)
        record.fields["year"] = self._year(limit)
        stop = _stop_labels(self.forms)
        for spec_field in spec.fields:
            labels = spec_field.labels
            if spec_field.key in _BELOW:
                self._read_below(record, spec_field.key, labels, spec_field.label, limit)
            elif spec_field.key == "execution_note" and self._find(labels, limit) is None:
                record.fields["execution_note"] = None  # optional line, not on the national form
            else:
                self._read_field(record, spec, spec_field, limit, stop)
        record.unit = record.fields.get("implementer")
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
            self.table_top = self.header_first if self.header_first is not None else header_row
            rows = self._read_table(spec, header_row, columns)
            for row in rows:
                if normalize_label(str(row.get("level1") or "")) in _TOTAL_ROW and not row.get("level3"):
                    record.fields["self_total"] = row.get("score")
                    record.cells["self_total"] = row.cells.get("score", "")
            record.table = [r for r in rows if normalize_label(str(r.get("level1") or "")) not in _TOTAL_ROW]
        record.issues = self.issues
        return record

    def _year(self, limit: int) -> int | None:
        for (r, _c), text in self.texts.items():
            if r >= limit:
                break
            m = _YEAR.search(text)
            if m and len(text.strip()) <= 20:
                return int(m[1])
        return None

    def _read_below(
        self, record: FormRecord, key: str, labels: tuple[str, ...], label: str, limit: int
    ) -> None:
        pos = self._find(labels, limit)
        if pos is None:
            record.fields[key] = None
            self.issues.append(LABEL_NOT_FOUND.finding(file=self.file, sheet=self.sheet.name, label=label))
            return
        r, c = pos
        merge = self._merge_at(r, c)
        below = (merge[2] if merge else r) + 1
        record.cells[key] = a1(below, c)
        value = self.sheet.value(below, c) if below < len(self.sheet.rows) else None
        record.fields[key] = self._typed(key, label, "longtext", value, below, c)

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
        """The funds block: each row found by its label, each value under its column header."""
        heads = {
            key: self._find((normalize_label(text),), limit) for key, text in spec.paired_columns.items()
        }
        anchor = heads.get("annual_budget") or heads.get("executed")
        if anchor is None:
            self.issues.append(
                LABEL_NOT_FOUND.finding(file=self.file, sheet=self.sheet.name, label="全年预算数")
            )
        # the columns on the header row of the block (分值 and 得分 recur in the indicator header)
        where = {k: p[1] for k, p in heads.items() if p is not None and anchor and p[0] == anchor[0]}
        in_yuan = anchor is not None and self._block_in_yuan(anchor[0])
        for source in spec.funding:
            pos = self._find(source.labels, limit)
            record.funding[source.key] = dict.fromkeys(spec.paired_columns)
            if pos is None:
                self.issues.append(
                    LABEL_NOT_FOUND.finding(file=self.file, sheet=self.sheet.name, label=source.label)
                )
                continue
            for column, c in where.items():
                key = f"funding.{source.key}.{column}"
                record.cells[key] = a1(pos[0], c)
                raw = self._paired_value(pos[0], c)
                kind = "money" if column in _MONEY_COLUMNS else "rate" if column == "rate" else "text"
                label = f"{source.label.removeprefix('其中：')}（{spec.paired_columns[column]}）"
                value = self._typed(key, label, kind, raw, pos[0], c)
                if in_yuan and kind == "money" and isinstance(value, Decimal):
                    value = self._from_yuan(key, label, value, pos[0], c)
                record.funding[source.key][column] = value
