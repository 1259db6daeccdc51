"""The 审核意见表 of one review step (初审, 复审 or 批复, 黑龙江 规程 一): one row per project whose latest
version awaits the step, with what the review rules found, a suggested 通过/退回, and the two columns the
reviewer fills — 审核结论 (a dropdown) and 审核意见 (the reason a 退回 letter gives). And the rows read back as
the reviewer left them: each a decision, or why it cannot be one.

The suggestion is 退回 when the version has an error, 通过 when it has no finding at all. With warnings only
(未量化, a 满意度 target below the floor…) the rules cannot tell: the suggestion says 通过 with the count of
warnings to look at, and 审核结论 is left blank, so that the reviewer decides; where a suggestion is
pre-filled the dropdown's note says so."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from perfcli.io.xlsx.write.lists import ListSheet
from perfcli.model.findings import SEVERITY_LABELS, Finding
from perfcli.model.roster import Project, Roster
from perfcli.model.targets import TargetDecision, TargetVersion

__all__ = [
    "CONCLUSION",
    "OPINION",
    "REVIEW_SHEET",
    "ReviewRow",
    "review_rows",
    "review_sheet",
    "suggestion",
]

REVIEW_SHEET = "审核意见表"
CONCLUSION = "审核结论"
OPINION = "审核意见"
STEP_COLUMN = "审核环节"
COLUMNS: tuple[tuple[str, float], ...] = (
    ("部门", 14),
    ("单位", 16),
    ("项目编码", 14),
    ("项目名称", 22),
    ("版本", 6),
    ("状态", 9),
    (STEP_COLUMN, 9),
    ("审核发现", 60),
    ("建议", 16),
    (CONCLUSION, 10),
    (OPINION, 36),
)
MAX_LINES = 40  # findings listed in one cell; the rest are counted (validate --report lists them all)


def finding_line(finding: Finding) -> str:
    """One finding as the 审核发现 cell lists it: its category (完整性…), else its severity, then the message."""
    label = finding.category or SEVERITY_LABELS.get(finding.severity, finding.severity)
    where = f"（{finding.cell}）" if finding.cell else ""
    return f"{label}{where}：{finding.message}"


def suggestion(version: TargetVersion, outcomes: tuple[str, ...]) -> tuple[str, str]:
    """(the suggested decision, why) for a version at a step offering `outcomes`: 退回 on any error; 通过
    (or the step's one outcome) otherwise, with the warnings to look at."""
    errors = sum(1 for f in version.findings if f.severity == "error")
    warnings = sum(1 for f in version.findings if f.severity == "warning")
    passing = outcomes[0]
    if errors and "退回" in outcomes:
        return "退回", f"退回（错误 {errors} 条）"
    if warnings:
        return passing, f"{passing}（另有警告 {warnings} 条，请核看后决定）"
    if errors:
        return passing, f"{passing}（有错误 {errors} 条，本环节不能退回）"
    return passing, passing


def review_sheet(versions: Iterable[TargetVersion], step: str, outcomes: tuple[str, ...]) -> ListSheet:
    """The 审核意见表 of `step` for these versions (the latest of each project, awaiting the step)."""
    sheet = ListSheet(
        REVIEW_SHEET,
        COLUMNS,
        choices={
            CONCLUSION: (
                outcomes,
                "已按建议预填的，请核定后可改；留空的（有警告）请审核后选择。退回的请在审核意见中写明理由。",
            )
        },
    )
    for version in versions:
        declaration = version.declaration
        lines = [finding_line(f) for f in version.findings]
        if len(lines) > MAX_LINES:
            lines = [
                *lines[:MAX_LINES],
                f"……另有 {len(lines) - MAX_LINES} 条，见 validate --report 的问题清单",
            ]
        suggested, why = suggestion(version, outcomes)
        warnings = any(f.severity == "warning" for f in version.findings)
        sheet.add(
            [
                " ".join(x for x in (declaration.department_code, declaration.department) if x)
                or version.department_code,
                " ".join(x for x in (version.unit_code, declaration.implementer) if x),
                version.project_key,
                declaration.project_name,
                version.version,
                version.status,
                step,
                "\n".join(lines) or "未发现问题",
                why,
                "" if warnings and suggested != "退回" else suggested,
                "",
            ],
            "error" if suggested == "退回" else "warning" if warnings else "text",
        )
    return sheet


UNDECLARED_SHEET = "未申报项目"


def undeclared(roster: Roster, declared: set[str]) -> list[Project]:
    """The roster's projects no version was received for: 对必须申报绩效目标而未申报的，要求预算部门及时申报
    (黑龙江 规程 一（二）, seed 004)."""
    return [p for p in roster.projects if p.code not in declared]


def undeclared_sheet(roster: Roster, projects: list[Project]) -> ListSheet:
    """The 未申报项目 sheet beside the 审核意见表 of 初审: who is still to declare, to be asked to."""
    sheet = ListSheet(
        UNDECLARED_SHEET,
        (("部门", 18), ("单位", 22), ("项目编码", 14), ("项目名称", 36), ("预算总额（万元）", 14)),
    )
    for project in projects:
        unit = roster.unit_or_none(project.unit_code)
        department = roster.department_or_none(unit.department_code) if unit else None
        sheet.add(
            [
                f"{department.code} {department.name}" if department else "",
                f"{unit.code} {unit.name}" if unit else project.unit_code,
                project.code,
                project.name,
                project.budget_total,
            ]
        )
    return sheet


@dataclass
class ReviewRow:
    """One row of a 审核意见表 read back: its sheet row, the version it is about, and the decision — or why
    it is not one (`refused`)."""

    row: int
    project_key: str
    version: int
    project_name: str
    decision: TargetDecision | None
    refused: str = ""


def review_rows(
    rows: list[tuple[int, dict[str, str]]], step: str, outcomes: tuple[str, ...], at: str
) -> list[ReviewRow]:
    """The decisions of the rows of a 审核意见表 made for `step`; a blank or unknown 审核结论, a row made for
    another step, or one without its project and version is refused (named by its sheet row)."""
    read = []
    for number, values in rows:
        key = values.get("项目编码", "")
        name = values.get("项目名称", "")
        conclusion = values.get(CONCLUSION, "")
        version_text = values.get("版本", "").removesuffix(".0")
        refused = ""
        if not key or not version_text.isdigit():
            refused = "没有项目编码或版本，无法对应台账中的版本"
        elif values.get(STEP_COLUMN, step) != step:
            refused = f"本行是{values.get(STEP_COLUMN)}的审核意见，不是{step}的"
        elif not conclusion:
            refused = f"审核结论为空：请选择 {'、'.join(outcomes)}"
        elif conclusion not in outcomes:
            refused = f"审核结论“{conclusion}”不可用：{step}只能选择 {'、'.join(outcomes)}"
        decision = None
        if not refused:
            decision = TargetDecision(step, conclusion, at, values.get(OPINION, ""))
        read.append(
            ReviewRow(
                number, key, int(version_text) if version_text.isdigit() else 0, name, decision, refused
            )
        )
    return read
