"""Form specs: the meaning of each monitoring form (fields, labels, types, tables), loaded from YAML.

The Excel template holds the look; the spec holds the meaning. Readers find fields by the labels named
here, generate and the template builder lay the form out from `layout`, and checks are built from the
field types, vocabularies and rate rows. Codes, titles, template file names and the rows a form is
recognised by are data too: no table of them is typed in code.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from perfcli.forms.reading_hints import ReadingHints
from perfcli.forms.row_checks import RowChecks
from perfcli.model.records import FormKind
from perfcli.model.values import is_blank, normalize_label

__all__ = [
    "TEMPLATE_VERSION",
    "FormKind",
    "FormSpec",
    "month_label",
    "parse_spec",
]

TEMPLATE_VERSION = "2026.1"  # the layout of the forms generate writes: bump when it changes

FieldType = Literal["text", "longtext", "money", "rate", "enum", "date", "period"]


MONTH_PLACEHOLDER = "1-X月"  # in a spec label: the cut-off month of the period (national 监控表: 1-7月)


def month_label(label: str, month: int | None) -> str:
    """A spec label as the form prints it: 1-X月执行数 -> 1-7月执行数 (unchanged without a month)."""
    return label.replace(MONTH_PLACEHOLDER, f"1-{month}月") if month else label


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
    code_key: str | None = (
        None  # "名称（代码）" typed in one cell: the code goes to this key (主管部门及代码)
    )

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
class TickGroup:
    """Sub-columns under one merged header where the filler ticks (√) options: 偏差原因分析 (any number),
    完成目标可能性 (exactly one). The record holds the ticked option (single) or the list of them."""

    key: str
    label: str
    options: tuple[str, ...]
    single: bool = False
    remark_for: tuple[str, ...] = ()  # options whose tick needs the row's 备注 (remark) filled in


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
    ticks: tuple[TickGroup, ...] = ()
    tick_marks: tuple[str, ...] = ()  # what counts as ticked: √ ✓ ✔ 是 1 x X
    side_label: str | None = None  # a vertical label left of the table (监控表: 绩效指标)
    # columns read when a form has them, never written (a province's 指标性质 / 度量单位 beside 年度指标值)
    extra_columns: tuple[ColumnSpec, ...] = ()
    # what an operator column (指标性质 / 指标方向) may say -> ≥ ≤ = or 定性 (how the indicator is scored)
    operators: dict[str, str] = field(default_factory=dict)

    def column(self, key: str) -> ColumnSpec:
        return next(c for c in (*self.columns, *self.extra_columns) if c.key == key)

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
class FundsBlock:
    """A money grid (the national 项目资金（万元）): rows (年度资金总额, 财政拨款, 其他资金) × columns (年初预算数,
    1-X月执行数, 1-X月执行率, 全年预计执行数, …); the record's fields[key][row][column]."""

    key: str
    label: str
    columns: tuple[ColumnSpec, ...]
    rows: tuple[FundingSource, ...]


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
    block: str | None = None  # "funds": the FundsBlock goes here (national 监控表)


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
    funds: FundsBlock | None = None
    unit_field: str | None = (
        None  # the field naming the filling unit when there is no 编报单位 line (实施单位)
    )
    period_line: str = "{label}"  # the line under the title: （2026年度 三季度）; national （{year}年度）
    stage: Literal["monitoring", "self_evaluation", "target"] = "monitoring"  # 监控表, 自评表, 绩效目标表
    # the money figures of a project the form collects (YAML `money`): a roll-up never shows one it lacks
    money: tuple[str, ...] = ("budget_total", "funds_received", "funds_spent")
    checks: RowChecks = RowChecks()  # what the form's note asks of each row (perfcli.forms.row_checks)
    reading: ReadingHints = ReadingHints()  # where a 绩效目标 form keeps its parts (forms.reading_hints)

    def field(self, key: str) -> FieldSpec:
        for f in self.fields:
            if f.key == key:
                return f
        raise KeyError(key)

    def label_of(self, key: str) -> str:
        """How a message names a record key: 已支出资金, 项目总金额（执行数）, 市级财政（预算数）, 编报单位."""
        if key == "unit" and self.header_label:
            return self.header_label
        if self.funds is not None and key.startswith(self.funds.key + "."):
            _, row_key, column_key = key.split(".")
            row = next((r.short_label for r in self.funds.rows if r.key == row_key), row_key)
            title = next((c.label for c in self.funds.columns if c.key == column_key), column_key)
            return f"{row}（{title}）"
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
        ticks=tuple(
            TickGroup(
                key=t["key"],
                label=t["label"],
                options=_tuple(t["options"]),
                single=bool(t.get("single", False)),
                remark_for=_tuple(t.get("remark_for")),
            )
            for t in raw.get("ticks") or ()
        ),
        tick_marks=tuple(str(m) for m in raw.get("tick_marks") or ()),
        side_label=raw.get("side_label"),
        extra_columns=tuple(_with_variants(ColumnSpec, c) for c in raw.get("extra_columns") or ()),
        operators={str(k): str(v) for k, v in (raw.get("operators") or {}).items()},
    )


def _funds(raw: dict[str, Any] | None) -> FundsBlock | None:
    if not raw:
        return None
    return FundsBlock(
        key=raw["key"],
        label=raw["label"],
        columns=tuple(_with_variants(ColumnSpec, c) for c in raw["columns"]),
        rows=tuple(_with_variants(FundingSource, r) for r in raw["rows"]),
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
        funds=_funds(raw.get("funds")),
        unit_field=raw.get("unit_field"),
        period_line=str(raw.get("period_line") or "{label}"),
        stage=raw.get("stage", "monitoring"),
        checks=RowChecks.parse(raw.get("checks")),
        reading=ReadingHints.parse(raw.get("reading")),
        **({"money": tuple(raw["money"])} if raw.get("money") else {}),
    )


def parse_spec(raw: dict[str, Any]) -> FormSpec:
    """A spec from its YAML (a form pack's file; perfcli.forms.pack loads them)."""
    return _parse(raw)
