"""`perfcli render target-return | target-approval`: the 绩效目标 letters of a budget year, from the versions the
workspace ledger keeps; issuing a 批复 records the 批复 step of the projects it lists."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import partial
from pathlib import Path

from perfcli.api.common import ConfigArg, PeriodArg, RosterArg, config_of, roster_of
from perfcli.api.issuing import Then, issue_yearly_letters
from perfcli.api.target_review import target_year
from perfcli.errors import UsageError
from perfcli.ledger import targets as ledger_targets
from perfcli.ledger.connection import Database
from perfcli.ledger.letters import LetterNumber
from perfcli.ledger.store import Ledger, open_ledger
from perfcli.ledger.targets import take_decisions_in
from perfcli.letters.build import build_target_letters, letter_kind
from perfcli.letters.letter import Letter
from perfcli.letters.render import PlannedLetter, RenderResult
from perfcli.letters.targets import TargetLetterData
from perfcli.model.targets import TargetDecision, TargetVersion


def status_after() -> dict[tuple[str, str], str]:
    """(step, decision) -> the status it leaves a version in, from the ledger's review steps."""
    return {(s.name, d): status for s in ledger_targets.STEPS.values() for d, status in s.outcomes.items()}


def _decisions(
    letters: list[tuple[Letter, str]], step: str, issue: date
) -> list[tuple[str, int, TargetDecision]]:
    """The step (批复) each letter (with its 文号) takes on the projects it lists that still await it."""
    return [
        (p["project_key"], p["version"], TargetDecision(step, step, issue.isoformat(), number))
        for letter, number in letters
        for p in letter.context["projects"]
        if p.get("to_approve")
    ]


def _taking(year: int, step: str, issue: date) -> Then:
    """The ledger effect of the kind, recorded in the transaction that records the letters (Issue.then): each
    letter written takes `step` on the projects it lists, so a 批复 is never issued without its record."""

    def then(written: list[tuple[PlannedLetter, LetterNumber]]) -> Callable[[Database], object]:
        decisions = _decisions([(p.letter, n.doc_number) for p, n in written], step, issue)
        return partial(take_decisions_in, year=year, decisions=decisions)

    return then


def render_targets(
    kind: str,
    *,
    out: Path | str,
    period: PeriodArg = None,
    roster: RosterArg = None,
    config: ConfigArg = None,
    issue_date: date | None = None,
    versions: list[TargetVersion] | None = None,
    pdf: bool = False,
    jobs: int = 1,
    force: bool = False,
    reissue: bool = False,
    backdate: bool = False,
) -> RenderResult:
    """绩效目标退回修改通知 (per department, each project returned: its reasons by category and the date to
    declare again by) or 绩效目标批复 (per department, the projects approved with their 年度 indicators), as
    the workspace ledger's versions stood on `issue_date`. `versions` (the Python API) stands in for the
    ledger's; outside a workspace the letters are drafts (no 文号) and nothing is recorded. Issuing a 批复 in a
    workspace records the 批复 of the projects it lists (复审通过 → 已批复), dated as the letter."""
    declared = letter_kind(kind)
    settings = config_of(config)
    issue = issue_date or settings.today()
    year = target_year(period)
    roster_data = roster_of(roster, settings)
    names = {d.code: d.name for d in roster_data.departments} if roster_data else {}
    step = declared.records_target_step
    ledger = open_ledger(settings)
    if ledger is None:
        if versions is None:
            raise UsageError(
                f"{declared.name}依据工作区台账中的绩效目标申报表及审核记录出具：请在工作区（perfcli init）内运行，"
                "并先用 validate 读入申报表、review targets 登记审核结论。"
            )
        letters = build_target_letters(
            kind, TargetLetterData(year, versions, status_after(), names), settings, issue
        )
    else:
        with ledger:
            stream = (
                ledger_targets.iter_versions(ledger, year, history=True) if versions is None else versions
            )
            data = TargetLetterData(year, stream, status_after(), names)
            letters = build_target_letters(kind, data, settings, issue)
            if step:  # before anything is written
                _refuse_blocked(ledger, year, _decisions([(x, "") for x in letters], step, issue))
    return issue_yearly_letters(
        kind, letters, settings, year=year, issue=issue, out=out, source="台账", pdf=pdf, jobs=jobs,
        force=force, reissue=reissue, backdate=backdate, then=_taking(year, step, issue) if step else None,
    )  # fmt: skip


def _refuse_blocked(ledger: Ledger, year: int, decisions: list[tuple[str, int, TargetDecision]]) -> None:
    """A project the letter would approve that the ledger does not let take the step (a newer version came
    in, a row was edited) stops the run."""
    refused = ledger_targets.decision_refusals(ledger, year, decisions)
    if refused:
        raise UsageError(
            f"有 {len(refused)} 个项目不能按本函批复，未出具函件：",
            details=[refused[i] for i in sorted(refused)],
        )
