"""绩效目标 versions as the ledger keeps them, built directly (TargetVersion): the tests of the 绩效目标 letters
and of `roster from-targets` share them."""

from __future__ import annotations

from decimal import Decimal

from perfcli.model.findings import Finding
from perfcli.model.targets import (
    ANNUAL,
    MID_TERM,
    TargetDecision,
    TargetDeclaration,
    TargetFunds,
    TargetIndicator,
    TargetVersion,
)

YEAR = 2027


def indicators(rows: list[tuple[str, str, str, str, str]]) -> list[TargetIndicator]:
    """(half, 一级, 二级, 三级, 指标值) rows."""
    return [TargetIndicator(h, l1, l2, l3, t) for h, l1, l2, l3, t in rows]


ELDERLY = indicators(
    [
        (MID_TERM, "产出指标", "数量指标", "助餐服务人次", "≥30000人次"),
        (ANNUAL, "产出指标", "数量指标", "助餐服务人次", "≥12000人次"),
        (ANNUAL, "产出指标", "质量指标", "餐食抽检合格率", "100%"),
        (ANNUAL, "产出指标", "时效指标", "服务点建成时间", "2027年6月底前"),
        (ANNUAL, "效益指标", "社会效益指标", "老年人就餐便利程度", "明显提高"),
        (ANNUAL, "满意度指标", "服务对象满意度指标", "老年人满意度", "≥90%"),
    ]
)
ROADS = indicators(
    [
        (ANNUAL, "产出指标", "数量指标", "养护里程", "≥120公里"),
        (ANNUAL, "产出指标", "成本指标", "每公里养护成本", "≤2.5万元"),
        (ANNUAL, "效益指标", "社会效益指标", "道路优良率", "≥85%"),
        (ANNUAL, "满意度指标", "服务对象满意度指标", "群众满意度", "≥85%"),
    ]
)


def declaration(name: str, department: str, code: str, unit: str, total: str, rows: list[TargetIndicator]):
    return TargetDeclaration(
        project_name=name,
        year=YEAR,
        department=department,
        department_code=code,
        implementer=unit,
        funds={ANNUAL: TargetFunds(Decimal(total), Decimal(total), Decimal(0))},
        indicators=rows,
    )


def finding(category: str, message: str, cell: str, severity: str = "error") -> Finding:
    return Finding(severity, "T000", message, sheet="申报表", cell=cell, category=category)  # type: ignore[arg-type]


def decided(*steps: tuple[str, str, str, str]) -> list[TargetDecision]:
    """(step, decision, date, comment)."""
    return [TargetDecision(s, d, at, c) for s, d, at, c in steps]


def sample_versions() -> list[TargetVersion]:
    """区民政局: 老年助餐 returned at 初审 (findings in two categories and the reviewer's comment), 社区养老
    approved through 复审; 区交通局: 道路养护 复审通过, 桥梁检测 returned only after the letter date."""
    elderly = declaration("老年助餐服务", "区民政局", "D01", "区养老服务中心", "320", ELDERLY)
    homes = declaration("社区居家养老服务", "区民政局", "D01", "区民政局本级", "150.5", ELDERLY[1:3])
    roads = declaration("农村公路养护", "区交通局", "D02", "区公路站", "300", ROADS)
    bridge = declaration("桥梁定期检测", "区交通局", "D02", "区公路站", "80", ROADS[:2])
    return [
        TargetVersion(
            "P001", YEAR, 1, "退回", elderly,
            findings=[
                finding("相关性", "“老年人就餐便利程度”的指标值“明显提高”未量化，请改为可衡量的数值", "F14"),
                finding("完整性", "产出指标缺少成本指标", "B10"),
                finding("适当性", "满意度指标值低于 80%", "F16", "warning"),
            ],
            department_code="D01", received="2026-11-02",
            decisions=decided(("初审", "退回", "2026-11-10T09:00:00", "请补充助餐补贴标准及测算依据")),
        ),
        TargetVersion(
            "P002", YEAR, 1, "复审通过", homes, department_code="D01", received="2026-11-02",
            decisions=decided(("初审", "通过", "2026-11-10", ""), ("复审", "通过", "2026-11-12", "")),
        ),
        TargetVersion(
            "P003", YEAR, 1, "复审通过", roads, department_code="D02", received="2026-11-03",
            decisions=decided(("初审", "通过", "2026-11-10", ""), ("复审", "通过", "2026-11-13", "")),
        ),
        TargetVersion(
            "P004", YEAR, 1, "退回", bridge, department_code="D02", received="2026-11-03",
            findings=[finding("完整性", "缺少满意度指标", "B12")],
            decisions=decided(("初审", "退回", "2026-11-25", "")),
        ),
    ]  # fmt: skip
