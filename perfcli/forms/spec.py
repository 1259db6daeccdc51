"""Form specs: the meaning of each monitoring form (fields, labels, types, tables), loaded from YAML.

The Excel template holds the look; the spec holds the meaning. Readers find fields by the labels named
here, generate and the template builder lay the form out from `layout`, and checks are built from the
field types, vocabularies and rate rows. Codes, titles, template file names and the rows a form is
recognised by are data too: no table of them is typed in code.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any, Literal

import yaml

from perfcli.model.records import FORM_KINDS, FormKind
from perfcli.model.values import is_blank, normalize_label

__all__ = [
    "FORM_KINDS",
    "TEMPLATE_VERSION",
    "FormKind",
    "FormSpec",
    "all_specs",
    "forms_owed",
    "load_spec",
    "spec_by_code",
]

TEMPLATE_VERSION = "2026.1"  # the layout of the forms generate writes: bump when it changes

FieldType = Literal["text", "longtext", "money", "rate", "enum", "date", "period"]


def _labels(label: str, variants: tuple[str, ...]) -> tuple[str, ...]:
    """The label and its accepted variants, normalised for matching."""
    return tuple(dict.fromkeys(normalize_label(x) for x in (label, *variants)))


@dataclass(frozen=True)
class FieldSpec:
    key: str
    label: str
    type: FieldType = "text"
    required: bool = False
    prefilled: bool = False
    variants: tuple[str, ...] = ()
    vocabulary: str | None = None  # name of a config vocabulary, for enum fields
    column: str | None = None  # for paired value cells under one label (附表3 预算数/执行数)

    @property
    def labels(self) -> tuple[str, ...]:
        return _labels(self.label, self.variants)


@dataclass(frozen=True)
class ColumnSpec:
    key: str
    label: str
    type: FieldType = "text"
    prefilled: bool = False
    variants: tuple[str, ...] = ()
    vocabulary: str | None = None

    @property
    def labels(self) -> tuple[str, ...]:
        return _labels(self.label, self.variants)


@dataclass(frozen=True)
class RateRow:
    """A table row whose 已完成情况 is a percentage: its allowed range and how it is computed."""

    range: Literal["unit", "signed"]  # unit: 0–100%; signed: any sign (预算调整率)
    formula: str
    rollup: str | None = None  # the roll-up rate that pre-fills it (department 附表2)


@dataclass(frozen=True)
class TableSpec:
    key: str  # "indicators" or "rows"
    name_column: str  # the column naming a row: level3 (附表1/3) or indicator (附表2)
    columns: tuple[ColumnSpec, ...]
    fill_down: tuple[str, ...]
    skeleton: tuple[tuple[str, ...], ...]
    spare_rows: int
    rate_rows: dict[str, RateRow] = field(default_factory=dict)  # row name -> its rate rule
    placeholders: tuple[str, ...] = ()  # skeleton names the filler replaces with its own (重点工作1…)
    # groups (first column) where at least one row of the filler's own must be filled, with what such a
    # row is called: {重点工作推进情况: 重点工作}
    required_groups: dict[str, str] = field(default_factory=dict)
    level1_values: tuple[str, ...] = ()
    level2_values: tuple[str, ...] = ()

    def column(self, key: str) -> ColumnSpec:
        return next(c for c in self.columns if c.key == key)

    def unused_placeholder(self, row: Any) -> bool:
        """A placeholder row (重点工作3) left as it came: its name unchanged, nothing typed after it.

        The filler replaces the placeholders it needs and may leave the others; those are not indicators."""
        name = row.get(self.name_column)
        if is_blank(name) or str(name).strip() not in self.placeholders:
            return False
        return all(is_blank(row.get(c.key)) for c in self.columns if not c.prefilled)

    def group_placeholder(self, group: str) -> str | None:
        """The first placeholder the skeleton puts in a group (重点工作推进情况 → 重点工作1)."""
        name_at = [c.key for c in self.columns].index(self.name_column)
        return next(
            (r[name_at] for r in self.skeleton if r[0] == group and r[name_at] in self.placeholders), None
        )


@dataclass(frozen=True)
class FundingSource:
    key: str
    label: str
    variants: tuple[str, ...] = ()
    fund_sources: tuple[str, ...] = ()  # 资金来源 values whose money goes in this row

    @property
    def labels(self) -> tuple[str, ...]:
        return _labels(self.label, self.variants)

    @property
    def short_label(self) -> str:
        """中央、省级财政 (the label without its 其中：)."""
        return self.label.removeprefix("其中：")


@dataclass(frozen=True)
class Execution:
    """Where a form's 预算执行率 comes from: spent ÷ budget fields, or a rate row of its table."""

    spent: str | None = None
    budget: str | None = None
    row: str | None = None
    spent_label: str | None = None  # how the formula in V112 names them (else the fields' labels)
    budget_label: str | None = None


@dataclass(frozen=True)
class LayoutCell:
    """One cell of the canonical layout: a printed label, a field's value cell, or a funding cell."""

    label: str | None = None
    field: str | None = None
    funding: str | None = None  # "central_provincial.budget"
    span: int = 1
    height: float | None = None
    hint: str | None = None
    indent: int = 0


@dataclass(frozen=True)
class FormSpec:
    form: FormKind
    code: str  # 附表1
    title: str
    template: str  # file name of the blank form in templates/
    filled_by: Literal["unit", "department"]
    detect: tuple[str, ...]  # labels that, all present, tell this form from the others
    columns: tuple[str, ...]
    column_widths: tuple[float, ...]
    header_label: str | None
    note: str
    fields: tuple[FieldSpec, ...]
    layout: tuple[tuple[LayoutCell, ...], ...]
    table: TableSpec
    funding: tuple[FundingSource, ...] = ()
    execution: Execution = Execution()
    paired_columns: dict[str, str] = field(
        default_factory=dict
    )  # 附表3: budget -> 预算数, executed -> 执行数

    def field(self, key: str) -> FieldSpec:
        for f in self.fields:
            if f.key == key:
                return f
        raise KeyError(key)

    def label_of(self, key: str) -> str:
        """How a message names a record key: 已支出资金, 项目总金额（执行数）, 市级财政（预算数）, 编报单位."""
        if key == "unit" and self.header_label:
            return self.header_label
        if key.startswith("funding."):
            _, source_key, column = key.split(".")
            source = next((s for s in self.funding if s.key == source_key), None)
            name = source.short_label if source else source_key
            return f"{name}（{self.paired_columns.get(column, column)}）"
        try:
            spec_field = self.field(key)
        except KeyError:
            return key
        if spec_field.column:
            return f"{spec_field.label}（{self.paired_columns.get(spec_field.column, spec_field.column)}）"
        return spec_field.label

    @property
    def full_name(self) -> str:
        """附表1 项目预算绩效运行监控表"""
        return f"{self.code} {self.title}"

    @property
    def width(self) -> int:
        return len(self.columns)


def _tuple(value: object) -> tuple[str, ...]:
    return tuple(value) if isinstance(value, list) else ()


def _with_variants(cls: Any, raw: dict[str, Any]) -> Any:
    extra: dict[str, tuple[str, ...]] = {
        k: _tuple(raw.get(k)) for k in ("variants", "fund_sources") if k in raw
    }
    return cls(**{**raw, **extra})


def _table(raw: dict[str, Any]) -> TableSpec:
    return TableSpec(
        key=raw["key"],
        name_column=raw["name_column"],
        columns=tuple(_with_variants(ColumnSpec, c) for c in raw["columns"]),
        fill_down=tuple(raw.get("fill_down", ())),
        skeleton=tuple(tuple(r) for r in raw.get("skeleton", ())),
        spare_rows=int(raw.get("spare_rows", 0)),
        rate_rows={name: RateRow(**rule) for name, rule in (raw.get("rate_rows") or {}).items()},
        placeholders=_tuple(raw.get("placeholders")),
        required_groups=dict(raw.get("required_groups") or {}),
        level1_values=_tuple(raw.get("level1_values")),
        level2_values=_tuple(raw.get("level2_values")),
    )


def _parse(raw: dict[str, Any]) -> FormSpec:
    return FormSpec(
        form=raw["form"],
        code=raw["code"],
        title=raw["title"],
        template=raw["template"],
        filled_by=raw["filled_by"],
        detect=_tuple(raw["detect"]),
        columns=tuple(raw["columns"]),
        column_widths=tuple(float(w) for w in raw["column_widths"]),
        header_label=raw.get("header_label"),
        note=raw["note"],
        fields=tuple(_with_variants(FieldSpec, f) for f in raw["fields"]),
        layout=tuple(tuple(LayoutCell(**cell) for cell in row) for row in raw["layout"]),
        table=_table(raw["table"]),
        funding=tuple(_with_variants(FundingSource, f) for f in raw.get("funding", ())),
        execution=Execution(**(raw.get("execution") or {})),
        paired_columns=dict(raw.get("paired_columns") or {}),
    )


@cache
def load_spec(form: FormKind) -> FormSpec:
    """The spec of one form kind, from the YAML shipped in perfcli/forms/specs/."""
    text = resources.files("perfcli.forms").joinpath("specs", f"{form}.yaml").read_text("utf-8")
    return _parse(yaml.safe_load(text))


def all_specs() -> tuple[FormSpec, ...]:
    return tuple(load_spec(kind) for kind in FORM_KINDS)


def spec_by_code(code: str) -> FormSpec:
    """附表1 / 附表2 / 附表3 (also 1, 2, 3, or the form kind) -> spec."""
    wanted = code.strip().removeprefix("附表")
    for spec in all_specs():
        if spec.code.removeprefix("附表") == wanted or spec.form == code:
            return spec
    raise KeyError(code)


def forms_owed(filled_by: str, has_key_projects: bool) -> list[FormSpec]:
    """The forms a unit (附表1) or a department (附表2, and 附表3 only when it has key projects) returns:
    the specs filled by it, 附表3 — whose sheets are one per key project — only when there is one."""
    specs = [s for s in all_specs() if s.filled_by == filled_by]
    return [s for s in specs if s.form != "key_project" or has_key_projects]
