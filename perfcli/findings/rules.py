"""The rule catalogue: every finding type as a declared Rule record, and the checks built from the form specs.

Rules come from DESIGN §5 (常州新北 暂行办法 and its 附表, 巴中 事中绩效监控). Field types, required-ness and
vocabularies come from the specs and the locality config, so a new form or locality needs no new code.
docs/rules.md is generated from RULES by scripts/gen_rule_docs.py.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from perfcli.forms.spec import FormSpec, load_spec
from perfcli.model.config import Config
from perfcli.model.period import Period, time_progress
from perfcli.model.records import Finding, FormRecord, Severity

# 常州新北 第十五条: the two kinds of handling the regulation prescribes.
SUGGEST_ADJUST = "按程序调减预算并同步调整绩效目标（绩效目标调整申请随三季度监控信息报财政部门审定）"
SUGGEST_SERIOUS = "暂停项目实施、按程序调减预算、停止拨付资金，及时纠偏止损"

_HUNDRED = Decimal(100)
_CENT = Decimal("0.01")


@dataclass(frozen=True)
class Rule:
    """One finding type: a stable code, its severity and a Chinese message template."""

    code: str
    severity: Severity
    title: str  # 名称
    description: str  # 说明: what the rule checks and where it comes from
    message: str  # 提示模板, str.format placeholders

    def finding(
        self,
        *,
        file: str | None = None,
        sheet: str | None = None,
        cell: str | None = None,
        field: str | None = None,
        suggestion: str | None = None,
        **params: Any,
    ) -> Finding:
        return Finding(
            severity=self.severity,
            code=self.code,
            message=self.message.format(**params),
            file=file,
            sheet=sheet,
            cell=cell,
            field=field,
            suggestion=suggestion,
        )


RULES: dict[str, Rule] = {}


def _rule(code: str, severity: Severity, title: str, description: str, message: str) -> Rule:
    if code in RULES:
        raise ValueError(f"duplicate rule code {code}")
    rule = Rule(code, severity, title, description, message)
    RULES[code] = rule
    return rule


# --- record rules (one form) ---------------------------------------------------------------------
REQUIRED = _rule(
    "V101",
    "error",
    "必填项为空",
    "表样中标为必填的项目（如项目名称、已到位资金、已支出资金、项目实施情况）不能为空。",
    "“{label}”未填写：请填写后重新报送。",
)
MONEY_NEGATIVE = _rule(
    "V102",
    "error",
    "金额为负数",
    "金额（万元）不能小于 0。",
    "“{label}”为 {value} 万元，金额不能为负数：请核对后改正。",
)
SPENT_OVER_RECEIVED = _rule(
    "V103",
    "error",
    "已支出资金大于已到位资金",
    "已支出资金不能超过已到位资金（已支出 ≤ 已到位 ≤ 预算总额）。",
    "已支出资金 {spent} 万元大于已到位资金 {received} 万元：请核对两项金额，已支出不应超过已到位。",
)
RECEIVED_OVER_BUDGET = _rule(
    "V104",
    "error",
    "已到位资金大于预算总额",
    "已到位资金不能超过预算总额（已支出 ≤ 已到位 ≤ 预算总额）。",
    "已到位资金 {received} 万元大于预算总额 {budget} 万元：请核对；如预算已调整，请先按程序办理预算调整。",
)
FUNDING_SUM = _rule(
    "V105",
    "error",
    "资金来源合计不符",
    "附表3 项目总金额应等于中央省级、市级、区级、其他四项资金之和，预算数与执行数分别核对（精确到分）。",
    "{column}：项目总金额 {total} 万元，而四项资金来源合计 {parts} 万元（{detail}），相差 {diff} 万元：请核对后使两者一致。",
)
FUND_SOURCE_VOCAB = _rule(
    "V106",
    "error",
    "资金来源不在规定范围",
    "资金来源只能填写配置中规定的取值（常州新北：中央、省级、市级、区级、其他），多个来源用顿号分隔。",
    "资金来源“{value}”不在规定范围内：请填写 {allowed} 之一（多个来源用“、”分隔）。",
)
LIKELIHOOD_VOCAB = _rule(
    "V107",
    "error",
    "完成目标可能性不在规定范围",
    "完成目标可能性只能填写配置中规定的取值（常州新北：确定能、可能性大、可能性小、不可能）。",
    "{where}的完成目标可能性“{value}”不在规定范围内：请从 {allowed} 中选择。",
)
RATE_RANGE = _rule(
    "V108",
    "error",
    "比率超出 0–100%",
    "资金到位率、预算执行率、年度计划完成率等比率应在 0% 到 100% 之间（预算调整率可为负）。",
    "{where}为 {value}%，超出 0%–100% 的范围：请核对计算（{formula}）。",
)
RATE_NOT_NUMBER = _rule(
    "V109",
    "warning",
    "比率无法识别",
    "比率类指标的已完成情况应填写百分数（如 85% 或 85），否则无法核对和汇总。",
    "{where}填写为“{value}”，无法识别为百分数：请填写如 85% 的数值。",
)
AT_RISK_DEVIATION = _rule(
    "V110",
    "error",
    "未说明偏离原因",
    "有指标完成目标可能性为“可能性小”或“不可能”时，必须填写目标偏离情况及原因分析（常州新北 第十二条）。",
    "{where}的完成目标可能性为“{likelihood}”，但“{label}”为空：请说明偏离情况及原因。",
)
AT_RISK_PLAN = _rule(
    "V111",
    "error",
    "未填写改进计划",
    "有指标完成目标可能性为“可能性小”或“不可能”时，必须填写改进计划（常州新北 第十二条）。",
    "{where}的完成目标可能性为“{likelihood}”，但“{label}”为空：请填写拟采取的改进措施。",
)
EXECUTION_LAG = _rule(
    "V112",
    "warning",
    "执行进度滞后",
    "预算执行率（已支出资金 ÷ 预算总额）落后序时进度（期末已过天数 ÷ 全年天数）超过配置的百分点"
    "（thresholds.execution_lag_margin）；落后超过 serious_lag_margin 视为严重偏离（巴中 事中绩效监控；常州新北 第十五条）。",
    "执行进度滞后：预算执行率 {rate}%（{formula}）低于序时进度 {progress}%（截至 {end}），"
    "落后 {lag} 个百分点，超过允许的 {margin} 个百分点：请分析原因，加快执行或按程序调整预算。",
)
INDICATOR_ACTUAL = _rule(
    "V113",
    "error",
    "指标未填完成情况",
    "每个填有三级指标（或监控指标）的指标行都要填写已完成情况。",
    "{where}的“已完成情况”未填写：请填写截至期末的完成情况。",
)
INDICATOR_LIKELIHOOD = _rule(
    "V114",
    "error",
    "指标未填完成目标可能性",
    "每个填有三级指标（或监控指标）的指标行都要选择完成目标可能性。",
    "{where}的“完成目标可能性”未填写：请从 {allowed} 中选择。",
)
PERIOD_MISMATCH = _rule(
    "V115",
    "error",
    "监控期间不符",
    "表头的监控期间必须是本次要求报送的期间。",
    "表上填写的期间为 {found}，与本次报送期间 {wanted} 不符：请使用本期表格重新填报。",
)
PERIOD_MISSING = _rule(
    "V116",
    "warning",
    "未标明监控期间",
    "表头应写明监控期间，如（2026年度 三季度）。",
    "表上找不到监控期间（如“{example}”）：已按本次报送期间 {wanted} 处理，请补上表头期间。",
)
LATE = _rule(
    "V117",
    "warning",
    "逾期报送",
    "预算责任单位在期末后 10 日内、预算部门在期末后 20 日内报送（常州新北 第十二、十三条；以配置为准）。"
    "报送日期取工作簿内记录的保存时间，没有时取文件修改时间。",
    "逾期报送：{basis} {received} 晚于报送期限 {due}（{who}，期末 {end} 后 {days} 日内）。",
)

# --- batch rules (a file against the roster and the other files) -------------------------------------
UNREADABLE = _rule(
    "V201",
    "error",
    "文件无法读取",
    "文件不是可识别的工作簿，或已损坏、加密、超出安全限制。",
    "无法读取该文件：{reason}。请另存为 .xlsx 后重新报送。",
)
NO_FORM = _rule(
    "V202",
    "error",
    "未找到监控表",
    "工作簿中找不到附表1、附表2 或附表3（按表中的标签识别，与文件名无关）。",
    "工作簿中没有找到任何监控表（附表1/2/3）：请使用下发的表格填报。",
)
UNKNOWN_UNIT = _rule(
    "V203",
    "error",
    "名册中无此单位",
    "工作簿的单位（或部门）须与名册一致：先按表格身份信息中的编码，否则按编报单位、部门名称、项目名称匹配。",
    "名册中找不到{what}“{name}”：请核对单位名称，或使用下发给本单位的表格。",
)
UNKNOWN_PROJECT = _rule(
    "V204",
    "error",
    "名册中无此项目",
    "附表1 的项目须是该单位在名册中的项目；附表3 的项目须是该部门在名册中的重点项目。",
    "名册中{owner}没有项目“{name}”：请核对项目名称是否与预算批复一致。",
)
PREFILLED_CHANGED = _rule(
    "V205",
    "error",
    "预填内容被修改",
    "下发表格中预填的内容（项目名称、预算总额、资金来源、绩效目标等）不得修改；依据表格内隐藏的身份信息核对。",
    "预填内容被修改：{label}原为“{old}”，现为“{new}”：请恢复原值；如确需调整，请按程序申请。",
)
MISSING_FORM = _rule(
    "V206",
    "error",
    "缺少应报的表",
    "单位须为名册中的每个项目报送附表1；部门须报送附表2 并为每个重点项目报送附表3。",
    "{owner}缺少{form}“{name}”：请补充填报。",
)
NOT_REPORTED = _rule(
    "V207",
    "warning",
    "未报送",
    "名册中的单位或部门在本批文件中没有有效报送。",
    "{what}“{name}”（{code}）尚未报送{forms}。",
)


def all_rules() -> list[Rule]:
    """Every rule of the catalogue, the reader's R… codes included, ordered by code."""
    rules = dict(RULES)
    try:
        from perfcli.returns import read
    except ImportError:  # the reader is optional for the catalogue
        read = None  # type: ignore[assignment]
    for item in getattr(read, "READ_RULES", ()) or ():
        rule = _as_rule(item)
        rules.setdefault(rule.code, rule)
    return sorted(rules.values(), key=lambda r: (r.code[0] != "R", r.code))


def _as_rule(item: Any) -> Rule:
    if isinstance(item, Rule):
        return item
    get = item.get if isinstance(item, dict) else lambda k, d="": getattr(item, k, d)
    return Rule(
        str(get("code")),
        get("severity", "error"),
        str(get("title", "")),
        str(get("description", "")),
        str(get("message", "")),
    )


# --- helpers ----------------------------------------------------------------------------------------
def _is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _money(value: Any) -> Decimal | None:
    """A money value the reader parsed; anything else (unparsed text) was reported by the reader."""
    if isinstance(value, Decimal):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return Decimal(str(value))
    return None


def _fmt(value: Decimal) -> str:
    """An amount as typed, without trailing zeros: 1250.50 -> 1250.5."""
    return format(value.normalize(), "f")


def _fmt_or_blank(value: Decimal | None) -> str:
    return "空" if value is None else _fmt(value)


def _pct(value: Decimal) -> str:
    """A percentage with two decimals: 60 -> 60.00."""
    return format(value.quantize(_CENT, ROUND_HALF_UP), "f")


_PERCENT_TEXT = re.compile(r"^[+\-]?\d+(?:\.\d+)?$")


def as_percent(value: Any) -> Decimal | None:
    """The percentage in an 已完成情况 cell: 85, "85%", "８５．５％", Decimal("85.5") -> Decimal; else None."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (int, float, Decimal)):
        return Decimal(str(value))
    text = "".join(chr(ord(c) - 0xFEE0) if 0xFF01 <= ord(c) <= 0xFF5E else c for c in str(value))
    text = re.sub(r"\s+", "", text).rstrip("%").replace("－", "-")
    if not _PERCENT_TEXT.match(text):
        return None
    try:
        return Decimal(text)
    except InvalidOperation:
        return None


def rate(part: Decimal, whole: Decimal) -> Decimal:
    """part / whole as a percentage, rounded half-up to 2 decimals (DESIGN §5)."""
    return (part * _HUNDRED / whole).quantize(_CENT, ROUND_HALF_UP)


def _row_name(record: FormRecord, index: int) -> str:
    row = record.table[index]
    name = row.get("level3") if record.form != "department" else row.get("indicator")
    label = "指标" if record.form != "department" else "监控指标"
    return f"{label}“{name}”" if not _is_blank(name) else f"第 {index + 1} 个指标行"


NEAR_MISS_CODE = "R003"  # the reader's 近似的规定取值 warning, which already proposes the canonical value


def _near_miss_reported(record: FormRecord, cell: str | None) -> bool:
    """The reader warned about this cell as a near-miss (DESIGN §4: a warning, not an error twice over)."""
    return cell is not None and any(i.code == NEAR_MISS_CODE and i.cell == cell for i in record.issues)


def _split_sources(text: str) -> list[str]:
    return [p for p in re.split(r"[、，,/；;\s]+", text.strip()) if p]


class _Checker:
    """Collects the findings of one record, with its file, sheet and cells filled in."""

    def __init__(self, record: FormRecord, config: Config, spec: FormSpec) -> None:
        self.record, self.config, self.spec = record, config, spec
        self.findings: list[Finding] = []

    def add(
        self,
        rule: Rule,
        *,
        field: str | None,
        cell: str | None = None,
        suggestion: str | None = None,
        **params: Any,
    ) -> None:
        if cell is None and field is not None:
            cell = self.record.cells.get(field)
        self.findings.append(
            rule.finding(
                file=self.record.file,
                sheet=self.record.sheet,
                cell=cell,
                field=field,
                suggestion=suggestion,
                **params,
            )
        )

    def label(self, key: str) -> str:
        try:
            spec_field = self.spec.field(key)
        except KeyError:
            return key
        if spec_field.column:
            return f"{spec_field.label}（{'预算数' if spec_field.column == 'budget' else '执行数'}）"
        return spec_field.label


def validate_record(record: FormRecord, config: Config, *, period: Period | None = None) -> list[Finding]:
    """Every record rule of DESIGN §5 applied to one form; the reader's own issues are not repeated."""
    spec = load_spec(record.form)  # type: ignore[arg-type]
    check = _Checker(record, config, spec)
    _check_fields(check)
    if record.form == "project":
        _check_money_order(check)
    if record.form == "key_project":
        _check_funding(check)
    _check_table(check)
    _check_at_risk(check)
    _check_execution_lag(check, period or record.period)
    _check_period(check, period)
    return check.findings


def _check_fields(check: _Checker) -> None:
    record = check.record
    for spec_field in check.spec.fields:
        value = record.fields.get(spec_field.key)
        label = check.label(spec_field.key)
        if _is_blank(value):
            if spec_field.required:
                check.add(REQUIRED, field=spec_field.key, label=label)
            continue
        if spec_field.type == "money":
            amount = _money(value)
            if amount is not None and amount < 0:
                check.add(MONEY_NEGATIVE, field=spec_field.key, label=label, value=_fmt(amount))
        elif spec_field.type == "enum" and spec_field.vocabulary == "fund_sources":
            allowed = check.config.fund_sources
            parts = _split_sources(str(value))
            if (not parts or any(p not in allowed for p in parts)) and not _near_miss_reported(
                record, record.cells.get(spec_field.key)
            ):
                check.add(FUND_SOURCE_VOCAB, field=spec_field.key, value=value, allowed="、".join(allowed))
    for source in check.spec.funding:
        for column in ("budget", "executed"):
            amount = _money(record.funding.get(source.key, {}).get(column))
            if amount is not None and amount < 0:
                key = f"funding.{source.key}.{column}"
                label = f"{source.label}（{'预算数' if column == 'budget' else '执行数'}）"
                check.add(MONEY_NEGATIVE, field=key, label=label, value=_fmt(amount))


def _check_money_order(check: _Checker) -> None:
    """已支出 ≤ 已到位 ≤ 预算总额 (附表1)."""
    fields = check.record.fields
    budget, received, spent = (
        _money(fields.get(k)) for k in ("budget_total", "funds_received", "funds_spent")
    )
    if spent is not None and received is not None and spent > received:
        check.add(SPENT_OVER_RECEIVED, field="funds_spent", spent=_fmt(spent), received=_fmt(received))
    if received is not None and budget is not None and received > budget:
        check.add(RECEIVED_OVER_BUDGET, field="funds_received", received=_fmt(received), budget=_fmt(budget))


def _check_funding(check: _Checker) -> None:
    """附表3: 项目总金额 = sum of the four sources, for 预算数 and for 执行数 (exact Decimal)."""
    record = check.record
    for column, total_key, title in (
        ("budget", "total_budget", "预算数"),
        ("executed", "total_executed", "执行数"),
    ):
        total = _money(record.fields.get(total_key))
        amounts = {s.key: _money(record.funding.get(s.key, {}).get(column)) for s in check.spec.funding}
        if total is None or all(a is None for a in amounts.values()):
            continue
        parts = sum((a for a in amounts.values() if a is not None), Decimal(0))
        if parts != total:
            detail = "，".join(
                f"{s.label.removeprefix('其中：')} {_fmt_or_blank(amounts[s.key])}"
                for s in check.spec.funding
            )
            check.add(
                FUNDING_SUM,
                field=total_key,
                column=title,
                total=_fmt(total),
                parts=_fmt(parts),
                detail=detail,
                diff=_fmt(total - parts),
            )


def _check_table(check: _Checker) -> None:
    record, config = check.record, check.config
    name_key = "indicator" if record.form == "department" else "level3"
    table_key = record.table_key
    allowed = "、".join(config.likelihood)
    for i, row in enumerate(record.table):
        if _is_blank(row.get(name_key)):
            continue
        where = _row_name(record, i)
        base = f"{table_key}[{i}]"
        actual, likelihood = row.get("actual"), row.get("likelihood")
        if _is_blank(actual):
            check.add(INDICATOR_ACTUAL, field=f"{base}.actual", cell=row.cells.get("actual"), where=where)
        else:
            _check_rate_row(check, i, str(row.get(name_key)).strip(), actual)
        if _is_blank(likelihood):
            check.add(
                INDICATOR_LIKELIHOOD,
                field=f"{base}.likelihood",
                cell=row.cells.get("likelihood"),
                where=where,
                allowed=allowed,
            )
        elif str(likelihood).strip() not in config.likelihood and not _near_miss_reported(
            record, row.cells.get("likelihood")
        ):
            check.add(
                LIKELIHOOD_VOCAB,
                field=f"{base}.likelihood",
                cell=row.cells.get("likelihood"),
                where=where,
                value=likelihood,
                allowed=allowed,
            )


_RATE_FORMULAS = {
    "资金到位率": "资金到位率 = 已到位资金 ÷ 预算总额",
    "预算执行率": "预算执行率 = 已支出资金 ÷ 预算总额",
    "预算调整率": "预算调整率 = 预算调整数 ÷ 年初预算数",
}


def _check_rate_row(check: _Checker, index: int, name: str, actual: Any) -> None:
    kind = check.spec.table.rate_rows.get(name)
    if kind is None:
        return
    row = check.record.table[index]
    field, cell = f"{check.record.table_key}[{index}].actual", row.cells.get("actual")
    where = f"{_row_name(check.record, index)}的已完成情况"
    value = as_percent(actual)
    if value is None:
        check.add(RATE_NOT_NUMBER, field=field, cell=cell, where=where, value=actual)
    elif kind == "unit" and not (0 <= value <= _HUNDRED):
        formula = _RATE_FORMULAS.get(name, f"{name}应为 0%–100% 之间的百分数")
        check.add(RATE_RANGE, field=field, cell=cell, where=where, value=_fmt(value), formula=formula)


def _check_at_risk(check: _Checker) -> None:
    """可能性小/不可能 ⇒ 目标偏离情况及原因分析 and 改进计划 say something (常州新北 第十二条)."""
    record, config = check.record, check.config
    at_risk = [
        (i, str(row.get("likelihood")).strip())
        for i, row in enumerate(record.table)
        if not _is_blank(row.get("likelihood"))
        and str(row.get("likelihood")).strip() in config.likelihood_at_risk
    ]
    if not at_risk:
        return
    index, likelihood = at_risk[0]
    where = _row_name(record, index) + (f"等 {len(at_risk)} 个指标" if len(at_risk) > 1 else "")
    worst = (
        SUGGEST_SERIOUS if any(lk == config.likelihood_at_risk[-1] for _, lk in at_risk) else SUGGEST_ADJUST
    )
    for rule, key in ((AT_RISK_DEVIATION, "deviation_analysis"), (AT_RISK_PLAN, "improvement_plan")):
        if _is_blank(record.fields.get(key)):
            check.add(
                rule, field=key, where=where, likelihood=likelihood, label=check.label(key), suggestion=worst
            )


def _execution(record: FormRecord) -> tuple[Decimal, str, str] | None:
    """(预算执行率 %, formula text, field key) of a record, when it can be computed."""
    if record.form in ("project", "key_project"):
        spent_key, budget_key = (
            ("funds_spent", "budget_total")
            if record.form == "project"
            else ("total_executed", "total_budget")
        )
        spent, budget = _money(record.fields.get(spent_key)), _money(record.fields.get(budget_key))
        if spent is None or budget is None or budget <= 0 or spent < 0:
            return None
        label = "已支出资金" if record.form == "project" else "执行数"
        budget_label = "预算总额" if record.form == "project" else "预算数"
        formula = f"{label} {_fmt(spent)} ÷ {budget_label} {_fmt(budget)}"
        return rate(spent, budget), formula, spent_key
    for i, row in enumerate(record.table):
        if str(row.get("indicator") or "").strip() == "预算执行率":
            value = as_percent(row.get("actual"))
            if value is not None:
                return value, "部门填报的预算执行率 = 已支出资金 ÷ 预算总额", f"rows[{i}].actual"
    return None


def _check_execution_lag(check: _Checker, period: Period | None) -> None:
    if period is None:
        return
    found = _execution(check.record)
    if found is None:
        return
    value, formula, key = found
    progress = time_progress(period.end)
    lag = progress - value
    margin = Decimal(str(check.config.threshold("execution_lag_margin")))
    if lag <= margin:
        return
    serious = lag > Decimal(str(check.config.threshold("serious_lag_margin")))
    cell = check.record.cells.get(key)
    if cell is None and key.startswith("rows["):
        cell = check.record.table[int(key[5 : key.index("]")])].cells.get("actual")
    check.add(
        EXECUTION_LAG,
        field=key,
        cell=cell,
        suggestion=SUGGEST_SERIOUS if serious else SUGGEST_ADJUST,
        rate=_pct(value),
        formula=formula,
        progress=_pct(progress),
        end=period.end.isoformat(),
        lag=_pct(lag),
        margin=_fmt(margin),
    )


def _check_period(check: _Checker, wanted: Period | None) -> None:
    if wanted is None:
        return
    found = check.record.period
    if found is None:
        check.add(PERIOD_MISSING, field="period", example=wanted.label, wanted=wanted.name)
    elif found != wanted:
        check.add(PERIOD_MISMATCH, field="period", found=found.name, wanted=wanted.name)


def check_timeliness(
    record: FormRecord, config: Config, period: Period, received: date, basis: str
) -> Finding | None:
    """A late-file warning, naming the date used (`basis`: 保存时间 / 文件修改时间) and the due date."""
    spec = load_spec(record.form)  # type: ignore[arg-type]
    due = config.due_date(period, spec.filled_by)
    if received <= due:
        return None
    who = "预算责任单位" if spec.filled_by == "unit" else "预算部门"
    return LATE.finding(
        file=record.file,
        sheet=record.sheet,
        basis=basis,
        received=received.isoformat(),
        due=due.isoformat(),
        who=who,
        end=period.end.isoformat(),
        days=(due - period.end).days,
    )
