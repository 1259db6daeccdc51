"""A form spec's YAML (perfcli/forms/specs/*.yaml, a pack's files) read into the typed objects of
perfcli.forms.spec: variants as tuples, `paired_columns` as labels with their variants, `operators: standard`
as the shared list (perfcli/forms/specs/operators.yaml). Optional keys take their defaults: a form perfcli only
reads has no template, layout or print settings."""

from __future__ import annotations

from functools import cache
from typing import Any

from perfcli.forms.reading_hints import ReadingHints
from perfcli.forms.row_checks import RowChecks
from perfcli.forms.spec import (
    ColumnSpec,
    Execution,
    FieldSpec,
    FormSpec,
    FundingSource,
    FundsBlock,
    LayoutCell,
    RateRow,
    TableSpec,
    TickGroup,
)

__all__ = ["parse", "standard_operators"]


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
        operators=_operators(raw.get("operators")),
        placeholder_patterns=_tuple(raw.get("placeholder_patterns")),
    )


def _operators(raw: Any) -> dict[str, str]:
    """A table's operator words: its own mapping, or `standard` (perfcli/forms/specs/operators.yaml)."""
    if raw == "standard":
        return dict(standard_operators())
    return {str(k): str(v) for k, v in (raw or {}).items()}


@cache
def standard_operators() -> tuple[tuple[str, str], ...]:
    """The operator words every 自评表 shares (≥ 大于等于 正向 …), as (word, sign) pairs."""
    from importlib import resources

    import yaml

    text = resources.files("perfcli.forms").joinpath("specs", "operators.yaml").read_text("utf-8")
    return tuple((str(k), str(v)) for k, v in yaml.safe_load(text).items())


def _funds(raw: dict[str, Any] | None) -> FundsBlock | None:
    if not raw:
        return None
    return FundsBlock(
        key=raw["key"],
        label=raw["label"],
        columns=tuple(_with_variants(ColumnSpec, c) for c in raw["columns"]),
        rows=tuple(_with_variants(FundingSource, r) for r in raw["rows"]),
    )


def _paired(raw: dict[str, Any] | None) -> tuple[dict[str, str], dict[str, tuple[str, ...]]]:
    """`paired_columns`: key -> header, or key -> {label, variants} (全年预算数 also printed 全年预算数(A))."""
    labels: dict[str, str] = {}
    variants: dict[str, tuple[str, ...]] = {}
    for key, value in (raw or {}).items():
        if isinstance(value, dict):
            labels[key] = str(value["label"])
            variants[key] = _tuple(value.get("variants"))
        else:
            labels[key] = str(value)
    return labels, variants


def parse(raw: dict[str, Any]) -> FormSpec:
    """A spec from its YAML."""
    # a form perfcli only reads (a province's 自评表) has no template, layout or print settings
    paired, paired_variants = _paired(raw.get("paired_columns"))
    return FormSpec(
        form=raw["form"],
        code=raw["code"],
        title=raw["title"],
        template=raw.get("template"),
        filled_by=raw["filled_by"],
        detect=_tuple(raw["detect"]),
        columns=tuple(raw.get("columns") or ()),
        column_widths=tuple(float(w) for w in raw.get("column_widths") or ()),
        header_label=raw.get("header_label"),
        note=str(raw.get("note") or ""),
        fields=tuple(_with_variants(FieldSpec, f) for f in raw["fields"]),
        layout=tuple(tuple(LayoutCell(**cell) for cell in row) for row in raw.get("layout") or ()),
        table=_table(raw["table"]),
        funding=tuple(_with_variants(FundingSource, f) for f in raw.get("funding", ())),
        execution=Execution(**(raw.get("execution") or {})),
        paired_columns=paired,
        paired_variants=paired_variants,
        captions=_tuple(raw.get("captions")),
        guide_text=_tuple(raw.get("guide_text")),
        scoring=raw.get("scoring"),
        funds=_funds(raw.get("funds")),
        unit_field=raw.get("unit_field"),
        period_line=str(raw.get("period_line") or "{label}"),
        stage=raw.get("stage", "monitoring"),
        checks=RowChecks.parse(raw.get("checks")),
        reading=ReadingHints.parse(raw.get("reading")),
        **({"money": tuple(raw["money"])} if raw.get("money") else {}),
    )
