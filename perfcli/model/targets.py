"""绩效目标: a project's targets as declared on a 项目支出绩效目标申报表, and the review states they go through.

Typed records only. Reading the form is perfcli.returns.target; the review rules (完整性、相关性、适当性、可行性,
seed 004 黑龙江 规程 一) are perfcli.findings.targets; the versions and decisions kept in the ledger are
perfcli.ledger.targets. Every 申报表 of the family (the national layout with its two halves side by side, the older
forms printing 长期 and 年度 one under the other) comes to the same TargetDeclaration through `from_record`.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any

from perfcli.model import codec
from perfcli.model.findings import Finding
from perfcli.model.records import FormRecord

__all__ = [
    "ANNUAL",
    "CATEGORIES",
    "FAMILIES",
    "HALVES",
    "MID_TERM",
    "PROJECT_ATTRIBUTES",
    "STATUSES",
    "TargetDeclaration",
    "TargetDecision",
    "TargetFunds",
    "TargetIndicator",
    "TargetStatus",
    "TargetVersion",
    "in_force",
]

MID_TERM = "中长期"
ANNUAL = "年度"
HALVES = (MID_TERM, ANNUAL)  # the two halves of the indicator grid, and of 资金 and 总体目标
FAMILIES = ("产出指标", "效益指标", "满意度指标")  # 一级指标 (南通, seed 003)
CATEGORIES = ("完整性", "相关性", "适当性", "可行性")  # what 初审 looks at (黑龙江 规程, seed 004)
PROJECT_ATTRIBUTES = ("新增项目", "延续项目")  # 项目属性, as the 申报表's dropdown offers it

# how the older forms caption their halves (perfcli/forms/specs/target_declaration.yaml `reading.sections`)
_SECTION_HALVES = {"长期绩效指标": MID_TERM, "中长期绩效指标": MID_TERM, "年度绩效指标": ANNUAL}
# a record's field -> (half, part of TargetFunds); the national layout, then the older forms' 资金总额 rows
_FUND_FIELDS = {
    "mid_total": (MID_TERM, "total"),
    "mid_fiscal": (MID_TERM, "fiscal"),
    "mid_other": (MID_TERM, "other"),
    "annual_total": (ANNUAL, "total"),
    "annual_fiscal": (ANNUAL, "fiscal"),
    "annual_other": (ANNUAL, "other"),
    "budget_total": (ANNUAL, "total"),
    "fiscal": (ANNUAL, "fiscal"),
}
# the older forms' money other than 财政拨款, together its 其他资金
_OTHER_PARTS = ("own_funds", "business_income", "operating_income", "other_funds")
_GOAL_FIELDS = {"mid_goal": MID_TERM, "long_term_goal": MID_TERM, "annual_goal": ANNUAL}


class TargetStatus:
    """Where a declared version stands: 待审 → 退回 | 初审通过 → 复审通过 → 已批复 (黑龙江 规程: 业务股室 初审,
    综合股 复审, 批复 with the budget)."""

    PENDING = "待审"
    RETURNED = "退回"
    FIRST_PASSED = "初审通过"
    SECOND_PASSED = "复审通过"
    APPROVED = "已批复"


STATUSES = (
    TargetStatus.PENDING,
    TargetStatus.RETURNED,
    TargetStatus.FIRST_PASSED,
    TargetStatus.SECOND_PASSED,
    TargetStatus.APPROVED,
)


@dataclass(frozen=True)
class TargetIndicator:
    """One row of the 绩效指标 grid, in one half (中长期 or 年度)."""

    half: str  # 中长期 | 年度
    level1: str  # 产出指标 / 效益指标 / 满意度指标
    level2: str  # 数量指标, 质量指标, 时效指标, 成本指标, 社会效益指标, 服务对象满意度指标 …
    level3: str  # the indicator's own name
    target: str  # 指标值 as declared: "≥12个", "100%", "明显提高"
    nature: str = ""  # 指标性质 (≥ / ≤ / ＝ / 定性) where the form has its own column
    unit: str = ""  # 度量单位 where the form has its own column
    row: int | None = None  # 1-based sheet row
    cells: dict[str, str] = field(default_factory=dict, compare=False, hash=False)  # column key -> A1

    @property
    def name(self) -> str:
        """What a reader calls it: the 三级指标, else the 二级."""
        return self.level3 or self.level2


@dataclass(frozen=True)
class TargetFunds:
    """项目资金（万元） of one half: the total, 其中 财政拨款, 其他资金."""

    total: Decimal | None = None
    fiscal: Decimal | None = None
    other: Decimal | None = None


@dataclass
class TargetDeclaration:
    """One project's 绩效目标 as a 申报表 declares them."""

    project_name: str
    year: int | None = None  # the budget year (（2027年度）)
    project_code: str = ""  # from the workbook's identity when perfcli issued it; else found by name later
    department: str = ""  # 主管部门
    department_code: str = ""
    implementer: str = ""  # 实施单位
    project_attribute: str = ""  # 项目属性: 新增项目 / 延续项目
    project_period: str = ""  # 项目期: "2026年-2028年", "3年"
    funds: dict[str, TargetFunds] = field(default_factory=dict)  # half -> 项目资金
    goals: dict[str, str] = field(default_factory=dict)  # half -> 总体目标 (目标1… one per line)
    indicators: list[TargetIndicator] = field(default_factory=list)
    adjustment_note: str = ""  # 调整说明: why targets already approved are declared again (调整)
    file: str = ""
    sheet: str = ""
    cells: dict[str, str] = field(default_factory=dict)  # record field key -> A1

    def of_half(self, half: str) -> list[TargetIndicator]:
        return [i for i in self.indicators if i.half == half]

    def fund(self, half: str) -> TargetFunds:
        return self.funds.get(half) or TargetFunds()

    def without_cells(self) -> TargetDeclaration:
        """The declaration without the cell each value sat in: what the ledger keeps (a version's findings carry
        their own cells), a third of its size."""
        return replace(self, cells={}, indicators=[replace(i, cells={}) for i in self.indicators])

    def content_digest(self) -> str:
        """sha256 of what the declaration says, not of where it was read: the same targets re-sent (a unit's
        whole workbook again, one project corrected) are the same version of the others."""
        bare = self.without_cells()
        bare = replace(bare, file="", sheet="", indicators=[replace(i, row=None) for i in bare.indicators])
        text = json.dumps(codec.encode(bare), ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(text.encode("utf-8")).hexdigest()

    @classmethod
    def from_record(cls, record: FormRecord) -> TargetDeclaration:
        """The declaration a 绩效目标 form's record holds, whichever layout it was read from."""
        fields = record.fields
        parts: dict[str, dict[str, Decimal | None]] = {}
        for key, (half, part) in _FUND_FIELDS.items():
            value = fields.get(key)
            if isinstance(value, Decimal) and parts.get(half, {}).get(part) is None:
                parts.setdefault(half, {})[part] = value
        others = [fields[k] for k in _OTHER_PARTS if isinstance(fields.get(k), Decimal)]
        if others and parts.get(ANNUAL, {}).get("other") is None:
            parts.setdefault(ANNUAL, {})["other"] = sum(others, Decimal(0))
        goals = {half: str(fields[k]).strip() for k, half in _GOAL_FIELDS.items() if _text(fields.get(k))}
        identity = record.identity or {}
        return cls(
            project_name=_text(fields.get("project_name")),
            year=fields.get("year") if isinstance(fields.get("year"), int) else None,
            project_code=_project_code(identity, record.sheet),
            department=_text(fields.get("department")),
            department_code=_text(fields.get("department_code")),
            implementer=_text(fields.get("implementer")) or _text(record.unit),
            project_attribute=_text(fields.get("project_attribute")),
            project_period=_text(fields.get("project_period")),
            funds={half: TargetFunds(**values) for half, values in parts.items()},
            goals=goals,
            indicators=[_indicator(row.values, row.cells, row.row) for row in record.table],
            adjustment_note=_text(fields.get("adjustment_note")),
            file=record.file,
            sheet=record.sheet,
            cells=dict(record.cells),
        )


@dataclass(frozen=True)
class TargetDecision:
    """One step taken on a version: 初审 or 复审 (通过 / 退回), or 批复."""

    step: str  # 初审 | 复审 | 批复
    decision: str  # 通过 | 退回 | 批复
    at: str  # ISO date-time it was recorded
    comment: str = ""  # the reviewer's 审核意见, as typed in 审核意见表


@dataclass
class TargetVersion:
    """One declared version of a project's targets, as the ledger keeps it: every 申报表 received is a version;
    one received after 批复 is a 调整 and needs its 调整说明."""

    project_key: str  # the roster's project code, else 实施单位/项目名称 (name keys) when the form has none
    year: int
    version: int  # 1, 2, … per project and year
    status: str  # one of STATUSES
    declaration: TargetDeclaration
    findings: list[Finding] = field(default_factory=list)  # the review rules' findings on this version
    file: str = ""  # the returned workbook, relative to the workspace
    sha256: str = ""  # of the declaration's content (TargetDeclaration.content_digest), not of the file
    received: str = ""  # ISO date the 申报表 was received (mail date or file time)
    department_code: str = ""
    unit_code: str = ""
    adjustment: bool = False  # declared again after 批复 (调整)
    decisions: list[TargetDecision] = field(default_factory=list)


def in_force(version: TargetVersion) -> TargetVersion:
    """What an approved version puts in force for the year — its 年度 indicators, money and names — without its
    findings, goals or 中长期 half: what a 批复 states and the roster takes (a city holds 10,000 of them)."""
    declared = version.declaration
    annual = replace(declared, indicators=declared.of_half(ANNUAL), goals={}, cells={})
    return replace(version, declaration=annual, findings=[])


def _text(value: Any) -> str:
    return str(value).strip() if value is not None else ""


def _indicator(values: dict[str, Any], cells: dict[str, str], row: int | None) -> TargetIndicator:
    half = _text(values.get("half")) or _SECTION_HALVES.get(_text(values.get("section")), ANNUAL)
    level3 = _text(values.get("level3")) or _text(values.get("indicator"))
    cells = dict(cells)
    if "indicator" in cells and "level3" not in cells:
        cells["level3"] = cells["indicator"]
    return TargetIndicator(
        half=half,
        level1=_text(values.get("level1")),
        level2=_text(values.get("level2")),
        level3=level3,
        target=_text(values.get("target")),
        nature=_text(values.get("nature")),
        unit=_text(values.get("unit")),
        row=row,
        cells=cells,
    )


def _project_code(identity: dict[str, Any], sheet: str) -> str:
    """The project code perfcli wrote into the identity of this sheet (perfcli.returns.read puts the sheet's
    SheetIdentity fields beside the workbook's)."""
    code = identity.get("project_code") if identity.get("sheet") == sheet else None
    return str(code) if code else ""
