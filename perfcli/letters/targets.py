"""The 绩效目标 letters: 绩效目标退回修改通知 (per department: each project returned, its reasons by category —
完整性、相关性、适当性、可行性 — and the reviewer's 审核意见, and the date to declare again by) and 绩效目标批复
(per department: the projects approved with their 年度 indicators, the 项目支出绩效目标批复表 that goes with the
budget 批复).

Built from the versions the ledger keeps (perfcli.model.targets.TargetVersion), as they stood on the letter's
date: a decision taken after it, or a 申报表 received after it, does not count (黑龙江 规程, seed 004: 初审 by the
业务股室, 复审 by 综合股, 批复 with the budget).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal
from itertools import groupby
from typing import Any

from perfcli.forms.operators import indicator_value
from perfcli.letters.dates import add_working_days, chinese_number
from perfcli.letters.letter import Letter, LetterSettings, deadline_fields
from perfcli.model.config import Config
from perfcli.model.findings import Finding
from perfcli.model.targets import (
    ANNUAL,
    CATEGORIES,
    MID_TERM,
    TargetDecision,
    TargetStatus,
    TargetVersion,
    in_force,
)
from perfcli.model.values import money_text

APPROVABLE = (TargetStatus.SECOND_PASSED, TargetStatus.APPROVED)  # what a 批复 lists
OTHER_CATEGORY = "其他"  # a finding without a category (none of the review rules leaves one out)


@dataclass
class TargetLetterData:
    """What the 绩效目标 letters of one budget year are built from: every version the ledger keeps of the
    year's 申报表 — a list, or the ledger's stream, a project's versions together (perfcli.ledger.targets
    iter_versions), read once — and the departments' names (roster) by code."""

    year: int
    versions: Iterable[TargetVersion]
    # (step, decision) -> the status it leaves a version in: the ledger's review steps (perfcli.ledger.targets
    # STEPS), to tell how a version stood on the letter's date
    status_after: dict[tuple[str, str], str] = field(default_factory=dict)
    department_names: dict[str, str] = field(default_factory=dict)


def _day(stamp: str) -> str:
    return stamp[:10]


def as_of(version: TargetVersion, day: date, status_after: dict[tuple[str, str], str]) -> TargetVersion:
    """The version as it stood on `day`: only the decisions taken on or before it, and the status they left
    (the ledger's own status when no later decision was taken)."""
    taken = [d for d in version.decisions if _day(d.at) <= day.isoformat()]
    if len(taken) == len(version.decisions):
        return version
    status = TargetStatus.PENDING
    for decision in taken:
        status = status_after.get((decision.step, decision.decision), status)
    return replace(version, status=status, decisions=taken)


def _projects(versions: Iterable[TargetVersion]) -> Iterator[list[TargetVersion]]:
    """Each project's versions together, in the order projects are first met: a list is grouped whole; the
    ledger's stream already gives a project's versions together, so only one project is held at a time."""
    if isinstance(versions, list):
        grouped: dict[str, list[TargetVersion]] = {}
        for version in versions:
            grouped.setdefault(version.project_key, []).append(version)
        yield from grouped.values()
        return
    for _key, own in groupby(versions, key=lambda v: v.project_key):
        yield list(own)


def standing(data: TargetLetterData, day: date) -> Iterator[list[TargetVersion]]:
    """Per project (in the order first met), its versions received by `day`, oldest first, as of `day`."""
    for own in _projects(data.versions):
        found = [
            as_of(v, day, data.status_after)
            for v in own
            if not (v.received and _day(v.received) > day.isoformat())
        ]
        if found:
            yield sorted(found, key=lambda v: v.version)


def returned(data: TargetLetterData, day: date) -> list[TargetVersion]:
    """The projects whose latest version stood 退回 on `day`."""
    return [own[-1] for own in standing(data, day) if own[-1].status == TargetStatus.RETURNED]


def approvable(data: TargetLetterData, day: date) -> list[TargetVersion]:
    """Per project, its latest version that stood 复审通过 or 已批复 on `day` (an 调整 under review leaves the
    targets approved before in force), with only what a 批复 states: its 年度 indicators, no findings (a city's
    10,000 projects are all in the year's 批复 letters)."""
    found = []
    for own in standing(data, day):
        passed = [v for v in own if v.status in APPROVABLE]
        if passed:
            found.append(in_force(passed[-1]))
    return found


def _department(version: TargetVersion, names: dict[str, str]) -> tuple[str, str]:
    code = version.department_code or version.declaration.department_code
    name = names.get(code) or version.declaration.department or code or "（未填主管部门）"
    return code or name, name


def _by_department(versions: list[TargetVersion], names: dict[str, str]) -> dict[str, list[TargetVersion]]:
    grouped: dict[str, list[TargetVersion]] = {}
    for version in versions:
        grouped.setdefault(_department(version, names)[1], []).append(version)
    return grouped


def _finding_line(finding: Finding, cells: list[str], text: str | None = None) -> str:
    text = (text or finding.message).strip().rstrip("。")
    shown = [c for c in cells if c and c not in text]
    where = f"（见申报表{'、'.join(shown)}单元格）" if shown else ""
    check = "，请核实" if finding.severity == "warning" else ""
    return f"{text}{where}{check}。"


def _by_defect(findings: list[Finding]) -> list[tuple[Finding, list[str], str | None]]:
    """The findings, a defect found in both halves said once: the same rule in the same words but for 中长期 /
    年度 (“中长期指标“服务质量”…未量化” and “年度指标“服务质量”…未量化”) becomes “中长期和年度指标…”, with both
    cells. (finding, cells, the merged text or None)."""
    said: dict[tuple[str, str], int] = {}
    out: list[tuple[Finding, list[str], str | None]] = []
    for finding in findings:
        message = finding.message
        half = MID_TERM if message.startswith(MID_TERM) else ANNUAL if message.startswith(ANNUAL) else ""
        key = (finding.code, ANNUAL + message[len(half) :] if half else message)
        if half and key in said:
            first, cells, _ = out[said[key]]
            out[said[key]] = (first, [*cells, finding.cell or ""], f"{MID_TERM}和{key[1]}")
            continue
        said[key] = len(out)
        out.append((finding, [finding.cell or ""], None))
    return out


def _returning(version: TargetVersion) -> TargetDecision | None:
    """The decision that returned the version (the last 退回 taken)."""
    found = [d for d in version.decisions if d.decision == "退回"]
    return found[-1] if found else None


def reasons(version: TargetVersion) -> list[dict[str, Any]]:
    """Why a version was returned, as the letter states it: its findings grouped by category (完整性、相关性、
    适当性、可行性, in that order), then the reviewer's 审核意见. Only what the review recorded."""
    groups: dict[str, list[str]] = {c: [] for c in (*CATEGORIES, OTHER_CATEGORY)}
    for finding, cells, merged in _by_defect(version.findings):
        category = finding.category if finding.category in CATEGORIES else OTHER_CATEGORY
        line = _finding_line(finding, cells, merged)
        if line not in groups[category]:
            groups[category].append(line)
    shown = [{"title": f"{c}方面", "lines": lines} for c, lines in groups.items() if lines]
    decision = _returning(version)
    if decision is not None and decision.comment.strip():
        comment = decision.comment.strip()
        shown.append(
            {
                "title": f"{decision.step}意见",
                "lines": [comment if comment[-1] in "。！？" else comment + "。"],
            }
        )
    return [{"no": i, **group} for i, group in enumerate(shown, 1)]


def _project_head(i: int, version: TargetVersion) -> dict[str, Any]:
    declared = version.declaration
    return {
        "no": i,
        "ordinal": f"（{chinese_number(i)}）",
        "name": declared.project_name or version.project_key,
        "unit": declared.implementer or "—",
        "project_key": version.project_key,
        "version": version.version,
    }


def _context(department: str, year: int, projects: list[dict[str, Any]], **more: Any) -> dict[str, Any]:
    """What both letters tell: to which department, of which year, about which projects (no attachments)."""
    return {
        "addressee": department,
        "recipient": department,
        "year": year,
        "count": len(projects),
        "projects": projects,
        **more,
        "attachments": [],
    }


def return_letters(
    data: TargetLetterData, config: Config, settings: LetterSettings, issue: date
) -> list[Letter]:
    """绩效目标退回修改通知: one per department with a project whose latest version stood 退回 on `issue`."""
    deadline = add_working_days(issue, settings.target_return_working_days)
    letters = []
    for name, own in _by_department(returned(data, issue), data.department_names).items():
        projects = []
        for i, version in enumerate(own, 1):
            found = reasons(version)
            projects.append({**_project_head(i, version), "reasons": found, "no_reason": not found})
        context = _context(name, data.year, projects, **deadline_fields("deadline", deadline))
        notes = [n for n in [deadline.note] if n]
        unrecorded = [p["name"] for p in projects if p["no_reason"]]
        if unrecorded:
            notes.append(
                f"{'、'.join(unrecorded)} 已退回，但台账中没有审核发现的问题或审核意见：函件只请其联系我局。"
            )
        letters.append(Letter("target-return", name, f"绩效目标退回修改通知-{name}", context, notes))
    return letters


def _annual(version: TargetVersion) -> list[dict[str, str]]:
    return [
        {
            "level1": i.level1,
            "level2": i.level2,
            "level3": i.level3,
            "target": indicator_value(i.nature, i.target, i.unit),
        }
        for i in version.declaration.of_half(ANNUAL)
    ]


def approval_letters(
    data: TargetLetterData, config: Config, settings: LetterSettings, issue: date
) -> list[Letter]:
    """绩效目标批复: one per department with a project 复审通过 (or already 已批复) on `issue`: the projects with
    their 年度 indicators. Issuing it records the 批复 of those 复审通过 (perfcli.letters.kinds)."""
    letters = []
    for name, own in _by_department(approvable(data, issue), data.department_names).items():
        projects = []
        for i, version in enumerate(own, 1):
            total = version.declaration.fund(ANNUAL).total
            indicators = _annual(version)
            projects.append(
                {
                    **_project_head(i, version),
                    "total": money_text(total),
                    "amount": total,
                    "indicators": indicators,
                    "no_indicators": not indicators,
                    "to_approve": version.status == TargetStatus.SECOND_PASSED,
                }
            )
        amounts = [p.pop("amount") for p in projects]
        known = [a for a in amounts if a is not None]
        summed = money_text(sum(known, Decimal(0))) if len(known) == len(amounts) else ""
        context = _context(name, data.year, projects, total=summed)
        notes = [f"{p['name']} 的申报表未列年度绩效指标" for p in projects if p["no_indicators"]]
        letters.append(Letter("target-approval", name, f"绩效目标批复-{name}", context, notes))
    return letters


def sample_data() -> TargetLetterData:
    """A tiny year touching every part of both letters, to learn which variables they provide (render --check)."""
    from perfcli.model.targets import TargetDeclaration, TargetFunds, TargetIndicator

    declared = TargetDeclaration(
        "样例项目",
        department="样例部门",
        implementer="样例单位",
        funds={ANNUAL: TargetFunds(Decimal(1))},
        indicators=[TargetIndicator(ANNUAL, "产出指标", "数量指标", "样例指标", "≥1个")],
    )
    finding = Finding("error", "T000", "样例问题", cell="A1", category=CATEGORIES[0])
    returned = TargetDecision("初审", "退回", "2026-11-01", "样例意见")
    versions = [
        TargetVersion("P1", 2027, 1, TargetStatus.RETURNED, declared, [finding], decisions=[returned]),
        TargetVersion("P2", 2027, 1, TargetStatus.SECOND_PASSED, declared),
    ]
    return TargetLetterData(2027, versions)
