"""The 初审 of a 项目支出绩效目标申报表: its review rules (T0xx, perfcli.findings.target_rules) applied to a
TargetDeclaration, each finding with its category (完整性、相关性、适当性、可行性, 黑龙江 规程 seed 004).

The words the rules go by (fields by name, indicator families and kinds) are data in
perfcli/forms/target_review.yaml; what is required and the thresholds are the config's [targets]. The money
and number rules (适当性、可行性) are perfcli.findings.target_amounts."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from perfcli.findings import target_rules as T
from perfcli.findings.form_rules import REQUIRED
from perfcli.findings.target_amounts import (
    check_cost,
    check_funds,
    check_mid_term,
    check_period,
    check_satisfaction,
    compare_last_year,
)
from perfcli.findings.target_context import TargetReview, TargetReviewSettings
from perfcli.forms.spec import FormSpec
from perfcli.model.config import Config
from perfcli.model.findings import Finding
from perfcli.model.quantities import has_number
from perfcli.model.records import FormRecord
from perfcli.model.targets import ANNUAL, HALVES, TargetDeclaration, TargetIndicator
from perfcli.model.values import name_key, normalize_label, number_value

__all__ = ["last_year_findings", "review_declaration", "review_record", "reviewed"]


def review_declaration(declaration: TargetDeclaration, config: Config) -> list[Finding]:
    """Every review rule on one declaration (the last-year rule needs the ledger: last_year_findings)."""
    review = TargetReview(declaration, TargetReviewSettings.from_config(config))
    _check_fields(review)
    for half in HALVES:
        _check_families(review, half)
    _check_indicators(review)
    check_funds(review)
    check_cost(review)
    check_satisfaction(review)
    check_mid_term(review)
    check_period(review)
    return review.findings


def last_year_findings(
    declaration: TargetDeclaration, actuals: Mapping[str, str], config: Config
) -> list[Finding]:
    """年度 targets below last year's actual of the same indicator (T024). `actuals`: name_key of the 三级指标 ->
    last year's actual as written (perfcli.api.last_year_actuals.last_year_actuals gives them from the ledger)."""
    review = TargetReview(declaration, TargetReviewSettings.from_config(config))
    compare_last_year(review, actuals)
    return review.findings


def review_record(record: FormRecord, spec: FormSpec, config: Config, found: list[Finding]) -> list[Finding]:
    """The review of a 申报表 `validate` read (none for other forms), leaving out a field the form's own
    required-ness already reported (`found`: the record's findings so far)."""
    if not reviewed(spec):
        return []
    told = {f.cell or f.field for f in found if f.code == REQUIRED.code}
    review = review_declaration(TargetDeclaration.from_record(record), config)
    return [f for f in review if not (f.code == T.FIELD_MISSING.code and (f.cell or f.field) in told)]


def reviewed(spec: FormSpec) -> bool:
    """Whether a form's records are 申报表 the review rules apply to: a 绩效目标 form a unit fills for one
    project (the 部门整体 目标表 is the department's, not a project's)."""
    return spec.stage == "target" and spec.filled_by == "unit"


def _value(declaration: TargetDeclaration, key: str) -> Any:
    """A field of the declaration by its record key: text, a half's money, a half's 总体目标."""
    prefix, _, part = key.partition("_")
    half = {"mid": HALVES[0], "annual": ANNUAL}.get(prefix)
    if half is not None and part in ("total", "fiscal", "other"):
        return getattr(declaration.fund(half), part)
    if half is not None and part == "goal":
        return declaration.goals.get(half)
    return getattr(declaration, key, None)


def _check_fields(review: TargetReview) -> None:
    labels = {f.key: f.label for f in review.settings.vocabulary.fields}
    for key in review.settings.required_fields:
        value = _value(review.declaration, key)
        if value is None or (isinstance(value, str) and not value.strip()):
            review.add(T.FIELD_MISSING, cell=review.field_cell(key), field=key, label=labels[key])


def _check_families(review: TargetReview, half: str) -> None:
    """产出, 效益, 满意度 each in the half (the 年度 half always, the 中长期 one when the form fills it), and the
    产出 kinds the config asks for."""
    rows = review.of_half(half)
    if half != ANNUAL and not rows:
        return
    # a row with a value but no name still shows the family is there (T005 names what it lacks)
    anchor = rows[0][1].cells.get("level1") if rows else None
    present = {id(review.family_of(ind)) for _, ind in rows}
    for family in review.settings.required_families:
        if id(family) not in present:
            field = f"indicators.{half}.{family.name}"
            review.add(T.FAMILY_MISSING, cell=anchor, field=field, half=half, family=family.name)
    output = review.settings.vocabulary.family("产出指标")
    outputs = [ind for _, ind in rows if output is not None and review.family_of(ind) is output]
    if not outputs or output is None:
        return
    kinds = {k.name for ind in outputs if (k := output.kind_of(ind.level2)) is not None}
    missing = [k for k in review.settings.required_output_kinds if k not in kinds]
    if missing:
        cell = outputs[0].cells.get("level2")
        review.add(
            T.OUTPUT_KIND_MISSING,
            cell=cell,
            field=f"indicators.{half}.产出指标",
            half=half,
            kinds="、".join(missing),
        )


def _bare(text: str) -> str:
    return normalize_label(text).removesuffix("指标")


def _check_indicators(review: TargetReview) -> None:
    """Each indicator: a name that is a name, a 指标值, a number where its kind needs one; no name twice in a
    half; no 三级 that only repeats its 二级."""
    seen: dict[tuple[str, str], TargetIndicator] = {}
    for i, ind in review.rows:
        name, target = ind.level3.strip(), ind.target.strip()
        if not name:
            review.at(T.NAME_MISSING, i, "level3", half=ind.half, row=ind.row or "?", target=target)
            continue
        if number_value(name) is not None:
            review.at(
                T.NAME_IS_NUMBER, i, "level3", name=name, half=ind.half, row=ind.row or "?", level2=ind.level2
            )
            continue
        if not target:
            review.at(T.TARGET_MISSING, i, "target")
        family = review.family_of(ind)
        kind = family.kind_of(ind.level2) if family is not None else None
        if target and kind is not None and kind.quantified and not has_number(target):
            review.at(T.NOT_QUANTIFIED, i, "target", target=target, kind=kind.name)
        repeated = {_bare(ind.level2), *(_bare(w) for w in (kind.words if kind else ()))}
        if kind is not None:
            repeated.add(_bare(kind.name))
        if _bare(name) in repeated - {""}:
            review.at(T.NAME_REPEATS_KIND, i, "level3", level2=ind.level2 or name)
        key = (ind.half, name_key(name))
        first = seen.setdefault(key, ind)
        if first is not ind:
            review.at(T.NAME_REPEATED, i, "level3", first=first.cells.get("level3") or f"第 {first.row} 行")
