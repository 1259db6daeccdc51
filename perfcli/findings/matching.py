"""Whose a returned workbook is, and which roster project each of its forms reports — decided once.

By the workbook's identity (the codes generate wrote into it) when it has one, else by names compared
with `name_key` (white space, full width, colons and （盖章） ignored): the 编报单位 / 部门名称 first, then
the projects' names. Validation settles this; reporting and the roll-ups read the result from the
FileResult and the records instead of matching again.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from perfcli.findings import batch_rules as B
from perfcli.forms.registry import FormRegistry
from perfcli.model.findings import Finding
from perfcli.model.identity import Identity
from perfcli.model.records import FileResult, FormRecord
from perfcli.model.roster import Department, Project, Roster, Unit
from perfcli.model.values import is_blank, money_value, name_key, plain_number


@dataclass
class Match:
    """What matching found out about one file, and the findings it raised."""

    code: str | None = None
    name: str | None = None
    department_code: str | None = None
    project_codes: dict[str, str] = field(default_factory=dict)  # sheet -> roster project code
    findings: list[Finding] = field(default_factory=list)

    def project_of(self, record: FormRecord) -> str | None:
        """The roster project a form reports: as matched, else the code in its identity."""
        return self.project_codes.get(record.sheet) or (record.identity or {}).get("project_code")


def owner_name(records: list[FormRecord], forms: FormRegistry) -> str | None:
    """The unit or department a workbook names: 编报单位 (附表1), 部门名称 (附表2), 主管部门 (附表3)."""
    unit_forms = forms.project_forms
    names: list[object] = [r.unit for r in records if r.form in unit_forms and r.unit]
    names += [r.fields.get("department_name") for r in records if r.form == "department"]
    names += [r.fields.get("department") for r in records if r.form == "key_project"]
    named = [n for n in names if not is_blank(n)]
    return str(named[0]).strip() if named else None


def match_file(
    result: FileResult,
    records: list[FormRecord],
    roster: Roster | None,
    forms: FormRegistry,
    identity: Identity | None = None,
) -> Match:
    """The owner of a read file (its code, name and department) and the roster project of each form.

    `identity` is the workbook's (else the one its records carry). Without a roster only the identity and
    the names written in the forms are known. The same file and roster always give the same answer, so
    a roll-up may ask again for a batch that was validated without the roster."""
    if identity is None:
        identity = next((Identity.of_record(r.identity) for r in records if r.identity), None)
    found = Match()
    if identity is not None and identity.code:
        found.code, found.name, found.department_code = identity.code, identity.name, identity.department_code
    else:
        found.name = owner_name(records, forms)
    if roster is None or result.status != "read" or not records:
        return found
    if result.workbook_kind == "unit":
        known = _unit(found, records, identity, roster, forms.project_forms) is not None
    else:
        known = _department(found, records, identity, roster) is not None
    if known:
        _match_projects(found, result, records, identity, roster, forms.project_forms)
    return found


def _unit(
    found: Match,
    records: list[FormRecord],
    identity: Identity | None,
    roster: Roster,
    unit_forms: frozenset[str],
) -> Unit | None:
    if identity is not None and identity.code:
        unit = roster.unit_or_none(identity.code)
        if unit is None:
            _unknown(found, records, "单位", f"{found.name}（编码 {found.code}）", "unit")
            return None
    else:
        by_name = roster.unit_by_name
        unit = next(
            (by_name[name_key(r.unit)] for r in records if r.unit and name_key(r.unit) in by_name), None
        )
        if unit is None:  # else by its projects' names
            owners = Counter(p.unit_code for r in records if r.form in unit_forms for p in _named(r, roster))
            unit = roster.unit(owners.most_common(1)[0][0]) if owners else None
        if unit is None:
            _unknown(found, records, "单位", found.name or "（未填编报单位）", "unit")
            return None
    found.code, found.name, found.department_code = unit.code, unit.name, unit.department_code
    return unit


def _department(
    found: Match, records: list[FormRecord], identity: Identity | None, roster: Roster
) -> Department | None:
    if identity is not None and identity.code:
        dept = roster.department_or_none(identity.code)
        if dept is None:
            _unknown(found, records, "部门", f"{found.name}（编码 {found.code}）", "department_name")
            return None
    else:
        dept = roster.department_by_name.get(name_key(found.name)) if found.name else None
        if dept is None:  # else by its key projects' names
            owners = Counter(
                roster.unit(p.unit_code).department_code
                for r in records
                if r.form == "key_project"
                for p in _named(r, roster)
            )
            dept = roster.department(owners.most_common(1)[0][0]) if owners else None
        if dept is None:
            _unknown(found, records, "部门", found.name or "（未填部门名称）", "department_name")
            return None
    found.code, found.name, found.department_code = dept.code, dept.name, dept.code
    return dept


def _named(record: FormRecord, roster: Roster) -> list[Project]:
    return roster.projects_named(name_key(record.fields.get("project_name")))


def _unknown(found: Match, records: list[FormRecord], what: str, name: str, field_key: str) -> None:
    """V203: the workbook's owner is not in the roster (its code is forgotten)."""
    record = records[0]
    found.findings.append(
        B.UNKNOWN_UNIT.finding(
            file=record.file,
            sheet=record.sheet,
            cell=record.cells.get(field_key),
            field=field_key,
            what=what,
            name=name,
        )
    )
    found.code = None


def _match_projects(
    found: Match,
    result: FileResult,
    records: list[FormRecord],
    identity: Identity | None,
    roster: Roster,
    unit_forms: frozenset[str],
) -> None:
    """Each form of the owner's kind against the owner's roster projects (附表1) or key projects (附表3)."""
    code = found.code or ""
    if result.workbook_kind == "unit":
        known, owner, wanted = roster.projects_of(code), f"单位“{found.name}”", unit_forms
    else:
        known, owner = roster.key_projects_of(code), f"部门“{found.name}”的重点项目中"
        wanted = frozenset({"key_project"})
    for record in records:
        if record.form not in wanted:
            continue
        project = find_project(record, known)
        if project is not None:
            found.project_codes[record.sheet] = project.code
            found.findings += over_roster_budget(record, project)
            continue
        found.findings.append(
            B.UNKNOWN_PROJECT.finding(
                file=record.file,
                sheet=record.sheet,
                cell=record.cells.get("project_name"),
                field="project_name",
                owner=owner,
                name=record.fields.get("project_name") or "（未填项目名称）",
            )
        )


def over_roster_budget(record: FormRecord, project: Project) -> list[Finding]:
    """V208: 已到位 and 已支出 of a 附表1 whose 预算总额 was changed, against the roster's (the 预算批复).

    When the form keeps the roster's budget, V103/V104 of the form's own checks already say it all."""
    fields = record.fields
    form_budget = money_value(fields.get("budget_total"))
    if record.form != "project" or form_budget is None or form_budget == project.budget_total:
        return []
    found = []
    for key, label in (("funds_received", "已到位资金"), ("funds_spent", "已支出资金")):
        amount = money_value(fields.get(key))
        if amount is not None and amount > project.budget_total:
            found.append(
                B.OVER_ROSTER_BUDGET.finding(
                    file=record.file,
                    sheet=record.sheet,
                    cell=record.cells.get(key),
                    field=key,
                    label=label,
                    amount=plain_number(amount),
                    budget=plain_number(project.budget_total),
                    form_budget=plain_number(form_budget),
                )
            )
    return found


def find_project(record: FormRecord, known: list[Project]) -> Project | None:
    """The project a form reports: the code in its identity, else its 项目名称 among `known`."""
    code = (record.identity or {}).get("project_code")
    if code:
        match = next((p for p in known if p.code == code), None)
        if match is not None:
            return match
    name = name_key(record.fields.get("project_name"))
    return next((p for p in known if name_key(p.name) == name), None) if name else None
