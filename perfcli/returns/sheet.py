"""One sheet -> one FormRecord: the form told apart by its labels, each value found right of its label.

DESIGN §4: labels match after removing white space, colons and a trailing unit; the value is the next
cell to the right outside the label's merged range. The table is read by perfcli.returns.table.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache
from typing import Any, Self

from perfcli.forms.registry import FormRegistry
from perfcli.forms.spec import FieldSpec, FormSpec
from perfcli.model.period import parse_period_text
from perfcli.model.records import FormRecord
from perfcli.model.values import (
    canonical_text,
    normalize_label,
    parse_date,
    parse_enum,
    parse_money,
    parse_rate,
    plain_number,
)
from perfcli.returns.index import a1
from perfcli.returns.rules import (
    DATE_UNREADABLE,
    LABEL_NOT_FOUND,
    MONEY_UNREADABLE,
    PERIOD_UNREADABLE,
    TABLE_NOT_FOUND,
    YUAN_CONVERTED,
)
from perfcli.returns.table import TableReader
from perfcli.returns.ticked import read_ticked

_HEADER_TEXT = {normalize_label(x) for x in ("预算数", "执行数", "（预算数）", "（执行数）")}
_SEAL = re.compile(r"[（(]\s*(盖章|公章|签章)\s*[）)]|盖章$")
_AMOUNT_UNIT = re.compile(r"(金额)?单位\s*[:：]\s*(万元|元)\s*$")
_PERIOD_HINT = re.compile(r"季度|半年")
_COLON = re.compile(r"[:：]")
# a bracket after a title: the project (申遗) or the year (部门预算项目支出绩效自评表(2023年度))
_TITLE_SUFFIX = re.compile(r"[(（][^()（）]{1,12}[)）]$")


@cache
def _stop_labels(forms: FormRegistry) -> frozenset[str]:
    """Every field and funding label of every form: a value search to the right stops at any of them."""
    labels: set[str] = set()
    for spec in forms.recognised:
        labels |= {x for f in spec.fields for x in f.labels}
        labels |= {x for s in spec.funding for x in s.labels}
    return frozenset(labels)


@cache
def _by_specificity(forms: FormRegistry) -> tuple[FormSpec, ...]:
    """The forms, longest title first: 部门重点项目预算绩效运行监控表 also ends like 附表1's title. Of a title
    two forms share (the national 监控表 and the 项目库's export of it), the form with more detect labels is
    tried first, so the plainer one is not taken for it."""
    return tuple(sorted(forms.recognised, key=lambda s: (-len(normalize_label(s.title)), -len(s.detect))))


@cache
def _title_lengths(forms: FormRegistry) -> tuple[int, int]:
    """The length of a label that can carry a title (see _title_in): no shorter than a title, no longer
    than the longest title with its prefix."""
    lengths = [len(normalize_label(spec.title)) for spec in forms.recognised]
    return min(lengths), max(lengths) + 24


@lru_cache(maxsize=65536)
def _title_in(text: str, forms: FormRegistry) -> FormSpec | None:
    """The form whose title the (normalised) cell text carries, a short prefix (附表1, the locality) allowed."""
    bare = _TITLE_SUFFIX.sub("", text)  # 黄石市项目支出绩效监控表(申遗), …自评表(2023年度)
    for spec in _by_specificity(forms):
        title = normalize_label(spec.title)
        for candidate in (text, bare):
            if candidate.endswith(title) and len(candidate) - len(title) <= 24:
                return spec
    return None


@cache
def _field_labels(form: str, key: str, forms: FormRegistry) -> tuple[str, ...]:
    spec = forms.spec(form)
    for f in spec.fields:
        if f.key == key:
            return f.labels
    return next(s.labels for s in spec.funding if s.key == key)


class SheetReader(TableReader):
    """Reads the monitoring form on one sheet of a Grid (see perfcli.io.xlsx.read.grid.Sheet)."""

    @classmethod
    def of(cls, reader: SheetReader) -> Self:
        """The sheet `reader` has indexed, read by this kind of reader (the 自评表's, a 绩效目标 form's): the
        index is not built twice."""
        found = cls.__new__(cls)
        found.__dict__.update(reader.__dict__)
        return found

    def detect(self) -> FormSpec | None:
        """The form on this sheet: all its `detect` labels, backed by its title or its table header (so a
        list that merely mentions 项目名称/资金来源/已到位资金 is not taken for a form); else its title."""
        titled = self._titled()
        labels = self.labels
        for spec in _by_specificity(self.forms):
            # each detect label or a variant the spec accepts for it (专项资金名称 for 项目名称)
            if all(any(x in labels for x in variants) for variants in spec.detect_labels):
                if titled is not None and titled.title != spec.title:
                    continue  # the title names another form (the 自评表 shares the 监控表's labels)
                if titled is not None or self._find_header(spec)[0] is not None:
                    return spec
        return titled

    def _titled(self) -> FormSpec | None:
        """The form whose title a cell carries (see _title_in); the longer titles win."""
        forms = self.forms
        shortest, longest = _title_lengths(forms)
        found = {
            spec.form
            for spec in (_title_in(x, forms) for x in self.labels if shortest <= len(x) <= longest)
            if spec is not None
        }
        titled = [spec for spec in _by_specificity(forms) if spec.form in found]
        if not titled:
            return None
        # of the forms sharing that title, the plainest (fewest detect labels): detect() finds the others
        return min((s for s in titled if s.title == titled[0].title), key=lambda s: len(s.detect))

    # reading ------------------------------------------------------------------------------------------
    def read(self, spec: FormSpec) -> FormRecord:
        if spec.table.ticks or spec.funds is not None:
            return read_ticked(self, spec)
        record = FormRecord(file=self.file, form=spec.form, sheet=self.sheet.name)
        self.record = record
        header_row, columns = self._find_header(spec)
        limit = header_row if header_row is not None else len(self.sheet.rows)
        self._read_period(record, limit)
        if spec.header_label:
            self._read_unit(record, spec.header_label, limit)
        all_labels = _stop_labels(self.forms)
        paired = list(spec.paired_columns)
        for spec_field in spec.fields:
            if spec_field.column and spec_field.column != paired[0]:
                continue  # read with the first of its paired cells
            self._read_field(record, spec, spec_field, limit, all_labels)
        for source in spec.funding:
            pos = self._find(_field_labels(spec.form, source.key, self.forms), limit)
            cells = self._pair(pos) if pos else None
            record.funding[source.key] = dict.fromkeys(spec.paired_columns)
            if cells is None:
                self.issues.append(
                    LABEL_NOT_FOUND.finding(file=self.file, sheet=self.sheet.name, label=source.short_label)
                )
                continue
            for column, (r, c) in zip(spec.paired_columns, cells, strict=True):
                key = f"funding.{source.key}.{column}"
                record.cells[key] = a1(r, c)
                value = self._paired_value(r, c)
                record.funding[source.key][column] = self._typed(
                    key, spec.label_of(key), "money", value, r, c
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
            self.table_top = self.header_first if self.header_first is not None else header_row
            record.table = self._read_table(spec, header_row, columns)
        record.issues = self.issues
        return record

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
            if isinstance(value, str) and _AMOUNT_UNIT.search(value.strip()):
                break  # 单位：万元 beside an empty 项目单位（盖章）: a caption, never a field's value
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
        pos = self._find(_field_labels(spec.form, spec_field.key, self.forms), limit)
        twin = None
        if spec_field.column:  # 附表3 项目总金额: 预算数 and 执行数 share one label
            twin = next(
                f for f in spec.fields if f.column and f is not spec_field and f.label == spec_field.label
            )
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
                value = self._paired_value(r, c)
                record.fields[f.key] = self._typed(
                    f.key, spec.label_of(f.key), f.type, value, r, c, f.vocabulary
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
