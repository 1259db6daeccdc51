"""The year-end letters: 绩效自评结果反馈 (one per department: its projects' scores and grades, the problems
found, the requirements) and 自评抽查通知 (one per department with projects picked: which and why).

Built from the roll-up and the spot-check picks (perfcli.rollups.self_evaluation, perfcli.scoring), with the
letterhead, numbering and deadlines of the other letters (perfcli.letters.letter, .dates).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from perfcli.letters.dates import add_working_days
from perfcli.letters.kinds import LETTER_KIND_RECORDS
from perfcli.letters.letter import Letter, LetterSettings, deadline_fields
from perfcli.model.config import Config
from perfcli.model.values import plain_number
from perfcli.rollups.self_evaluation import DepartmentScores, SelfEvaluationRollup
from perfcli.scoring.spot_check import Pick


def _assessment(dep: DepartmentScores, grades: tuple[str, ...]) -> str:
    counts = "、".join(f"{g} {dep.count(g)} 个" for g in grades if dep.count(g))
    owed = f"（名册中应报 {dep.owed} 个）" if dep.owed else ""
    return (
        f"你部门报送自评表的项目 {len(dep.scores)} 个{owed}，复核平均分 {dep.average}，"
        f"其中{counts}。复核总分为预算执行率得分与各指标得分之和，定量指标按公式计算，定性指标采用自评得分。"
    )


def _problems(dep: DepartmentScores) -> list[dict[str, Any]]:
    rows = []
    for score in dep.scores:
        for finding in score.findings:
            place = "，".join(x for x in (finding.sheet, finding.cell) if x)
            rows.append(
                {"project": score.project_name or score.sheet, "place": place, "message": finding.message}
            )
    return [{"no": i, **row} for i, row in enumerate(rows, 1)]


def feedback_letters(rollup: SelfEvaluationRollup, settings: LetterSettings, issue: date) -> list[Letter]:
    deadline = add_working_days(issue, settings.rectification_working_days)
    letters = []
    for dep in (d for d in rollup.departments if d.scores):
        context = {
            "addressee": dep.name,
            "recipient": dep.name,
            "assessment": _assessment(dep, rollup.grades),
            "average": str(dep.average),
            "worst_grade": rollup.grades[-1],
            "projects": [
                {
                    "no": i,
                    "name": s.project_name or s.sheet,
                    "unit": s.unit or "",
                    "self_total": plain_number(s.self_total) if s.self_total is not None else "—",
                    "total": str(s.total) if s.total is not None else "—",
                    "grade": s.grade or "—",
                }
                for i, s in enumerate(dep.scores, 1)
            ],
            "problems": _problems(dep),
            **deadline_fields("deadline", deadline),
            "attachments": [],
        }
        notes = [n for n in [deadline.note] if n]
        letters.append(
            Letter("self-evaluation-feedback", dep.name, f"绩效自评结果反馈-{dep.name}", context, notes)
        )
    return letters


def notice_letters(
    picks: list[Pick], departments: dict[str, str], settings: LetterSettings, issue: date
) -> list[Letter]:
    """One notice per department with picks; `departments` maps "file\\0sheet" to the department."""
    deadline = add_working_days(issue, settings.rectification_working_days)
    grouped: dict[str, list[Pick]] = {}
    for pick in picks:
        key = f"{pick.project.file}\0{pick.project.sheet}"
        grouped.setdefault(departments.get(key) or pick.project.department or "（名册外）", []).append(pick)
    letters = []
    for name, own in grouped.items():
        context = {
            "addressee": name,
            "recipient": name,
            "projects": [
                {
                    "no": i,
                    "name": p.project.project_name or p.project.sheet,
                    "unit": p.project.unit or "",
                    "total": str(p.project.total) if p.project.total is not None else "—",
                    "reason": p.reason,
                }
                for i, p in enumerate(own, 1)
            ],
            **deadline_fields("deadline", deadline),
            "attachments": [],
        }
        notes = [n for n in [deadline.note] if n]
        letters.append(Letter("spot-check-notice", name, f"自评抽查通知-{name}", context, notes))
    return letters


def self_evaluation_letters(
    kind: str,
    rollup: SelfEvaluationRollup,
    picks: list[Pick],
    departments: dict[str, str],
    config: Config,
    issue: date,
) -> list[Letter]:
    """The letters of a year-end kind, as drafts (the workspace ledger numbers them when they are issued)."""
    settings = LetterSettings.from_config(config)
    if kind == "self-evaluation-feedback":
        letters = feedback_letters(rollup, settings, issue)
    else:
        letters = notice_letters(picks, departments, settings, issue)
    year = rollup.year or issue.year - 1
    title = LETTER_KIND_RECORDS[kind].title
    for letter in letters:
        addressee = letter.context.pop("addressee")
        head = settings.letterhead(issue, title.format(year=year))
        letter.context.update(head, addressee=addressee, year=year)
    return letters
