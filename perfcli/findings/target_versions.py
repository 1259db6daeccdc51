"""The 绩效目标申报表 of a validated batch as versions for the ledger: each form (of any pack's target stage)
becomes a TargetVersion waiting for 初审 (待审), with the findings validate reported on its sheet, under the
project it declares (the code in its identity, else the roster project of its 实施单位 and 项目名称, else
those two names themselves); and the rules that belong to versions, not to one form alone: a project the
roster does not know, and a 调整 (a version received after the targets were approved) without its 调整说明
(黑龙江 规程 一: changes go through the same steps, with their reasons)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from perfcli.forms.registry import forms_of
from perfcli.model.config import Config
from perfcli.model.findings import Finding, Rule
from perfcli.model.period import Period
from perfcli.model.records import FileResult, FormRecord
from perfcli.model.roster import Project, Roster
from perfcli.model.targets import TargetDeclaration, TargetStatus, TargetVersion
from perfcli.model.values import name_key

__all__ = ["ADJUSTMENT_WITHOUT_NOTE", "TARGET_VERSION_RULES", "UNKNOWN_PROJECT", "DeclaredTargets"]

ADJUSTMENT_WITHOUT_NOTE = Rule(
    "T101",
    "error",
    "调整缺少调整说明",
    "该项目的绩效目标已批复，再次报送的申报表是绩效目标调整，须在“调整说明”中写明调整的理由"
    "（黑龙江 绩效目标管理规程 一：绩效目标的调整按申报、审核、批复的程序办理）。",
    "项目“{project}”的绩效目标已批复（第 {approved} 版），本表是调整，但没有填写调整说明："
    "请在申报表的“调整说明”中写明调整的理由后重新报送。",
    category="完整性",
)
UNKNOWN_PROJECT = Rule(
    "T102",
    "warning",
    "申报项目不在名册中",
    "申报表的实施单位和项目名称在名册中找不到对应的项目：台账按实施单位和项目名称记录它的各个版本，"
    "名册中有了该项目或表中项目名称改对后，才能与名册的项目对应。",
    "名册中找不到实施单位“{implementer}”的项目“{project}”：请核对项目名称（或在名册中补充该项目）；"
    "台账暂按单位和项目名称记录此申报表。",
    category="完整性",
)
TARGET_VERSION_RULES = (ADJUSTMENT_WITHOUT_NOTE, UNKNOWN_PROJECT)


@dataclass
class DeclaredTargets:
    """A 申报表 read in a batch, as a version to record: the file it came from (for its findings), and the
    findings the version adds to it (T102: the roster does not know the project)."""

    file: FileResult
    version: TargetVersion
    added: list[Finding] = field(default_factory=list)


def declared_targets(
    files: list[FileResult], config: Config, roster: Roster | None, period: Period | None
) -> Iterator[DeclaredTargets]:
    """Each 绩效目标 form read (files superseded or rejected are not versions), as a version 待审 with the
    findings validate reported on its sheet (validate_record's, the review rules' among them), one file's
    records unpacked at a time (a city declares 10,000 projects); a project the roster does not know gets a
    T102 warning (in `added`, for the caller to give its file once). The year is the form's （2027年度）, else
    the period's; a form with neither is left out."""
    forms = forms_of(config)
    for result in files:
        if result.status != "read" or result.sha256 is None:
            continue
        if not any(f in forms.by_form and forms.spec(f).stage == "target" for f in result.forms):
            continue
        for record in result.records:
            if record.form not in forms.by_form or forms.spec(record.form).stage != "target":
                continue
            declared = _version(result, record, roster, period)
            if declared is not None:
                yield declared


def _version(
    result: FileResult, record: FormRecord, roster: Roster | None, period: Period | None
) -> DeclaredTargets | None:
    declaration = TargetDeclaration.from_record(record)
    year = declaration.year or (record.period.year if record.period else None)
    year = year or (period.year if period else None)
    if year is None:
        return None
    # the findings on its sheet: the file-level ones (报送情况: 附表1 owed by the unit) are not about it
    findings = [f for f in result.findings if f.sheet == record.sheet]
    added: list[Finding] = []
    project = _roster_project(declaration, result, roster)
    unit_code = result.code or ""
    department_code = result.department_code or declaration.department_code
    if project is not None:
        key = project.code
        unit = roster.unit_or_none(project.unit_code) if roster else None
        unit_code = project.unit_code
        department_code = unit.department_code if unit else department_code
    elif declaration.project_code:
        key = declaration.project_code
    else:
        key = f"{name_key(declaration.implementer) or '-'}/{name_key(declaration.project_name) or '-'}"
        unknown = UNKNOWN_PROJECT.finding(
            file=record.file,
            sheet=record.sheet,
            cell=record.cells.get("project_name"),
            field="project_name",
            implementer=declaration.implementer,
            project=declaration.project_name,
        )
        if unknown not in findings:  # given to the file by an earlier pass over the batch
            findings.append(unknown)
            added.append(unknown)
    version = TargetVersion(
        project_key=key,
        year=year,
        version=0,
        status=TargetStatus.PENDING,
        declaration=declaration,
        findings=findings,
        file=result.path,
        received=result.received or "",
        department_code=department_code or "",
        unit_code=unit_code,
    )
    return DeclaredTargets(result, version, added)


def _roster_project(
    declaration: TargetDeclaration, result: FileResult, roster: Roster | None
) -> Project | None:
    """The roster project the form declares: by the code in its identity, else by 项目名称 among the
    projects of its 实施单位 (by name, or the unit the file belongs to)."""
    if roster is None:
        return None
    if declaration.project_code:
        return roster.project_or_none(declaration.project_code)
    unit_key = name_key(declaration.implementer)
    found = []
    for project in roster.projects_named(name_key(declaration.project_name)):
        unit = roster.unit_or_none(project.unit_code)
        if project.unit_code == result.code or (
            unit is not None and unit_key and name_key(unit.name) == unit_key
        ):
            found.append(project)
    return found[0] if len(found) == 1 else None


def adjustment_finding(version: TargetVersion, approved: int) -> Finding | None:
    """T101 for a 调整 (a version received after version `approved` was approved) without 调整说明."""
    if not version.adjustment or version.declaration.adjustment_note:
        return None
    declaration = version.declaration
    return ADJUSTMENT_WITHOUT_NOTE.finding(
        file=declaration.file,
        sheet=declaration.sheet,
        cell=declaration.cells.get("adjustment_note"),
        field="adjustment_note",
        project=declaration.project_name,
        approved=approved,
    )
