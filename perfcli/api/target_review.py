"""`perfcli review targets`: the 审核意见表 of a review step (初审, 复审, 批复) for the projects whose latest
绩效目标 version awaits it, and the reviewer's decisions read back from it into the ledger."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from perfcli.api.common import ConfigArg, RosterArg, config_of, refuse_existing, roster_of
from perfcli.api.ledger import workspace_ledger
from perfcli.api.locking import output_locks
from perfcli.errors import UsageError
from perfcli.findings.target_review import (
    REVIEW_SHEET,
    review_rows,
    review_sheet,
    undeclared,
    undeclared_sheet,
)
from perfcli.io.xlsx.write.lists import read_numbered_rows, write_list_workbook
from perfcli.ledger.store import Ledger
from perfcli.ledger.targets import (
    STEPS,
    count_latest,
    decision_refusals,
    iter_versions,
    project_keys,
    take_decisions,
)
from perfcli.model.config import Config
from perfcli.model.period import Period
from perfcli.model.targets import TargetVersion

__all__ = ["TargetReviewResult", "review_targets", "target_year"]

_YEAR = re.compile(r"^\s*(\d{4})\s*(?:年度?)?\s*$")


def target_year(period: Period | str | int | None) -> int:
    """The budget year of --period: 2027, 2027年, 2027年度, or any period of that year (2027Q3); the one
    reading of it for every 绩效目标 command."""
    if isinstance(period, int):
        return period
    if isinstance(period, Period):
        return period.year
    if period is None or not str(period).strip():
        raise UsageError("请用 --period 指定绩效目标的预算年度，如 --period 2027")
    found = _YEAR.match(str(period))
    if found:
        return int(found[1])
    return Period.parse(str(period)).year  # says what it takes when it is neither


@dataclass
class ReviewedRow:
    """What became of one row of the 审核意见表 (moved, or refused with why)."""

    row: int
    project_key: str
    project_name: str
    version: int
    decision: str = ""
    status: str = ""  # the version's status now (moved rows)
    refused: str = ""

    def to_json(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass
class TargetReviewResult:
    year: int
    step: str
    awaiting: int = 0  # projects whose latest version awaits the step
    written: Path | None = None  # the 审核意见表 written (--out)
    moved: list[ReviewedRow] = field(default_factory=list)  # --from: decisions taken
    refused: list[ReviewedRow] = field(default_factory=list)  # --from: rows not taken, with why
    undeclared: list[dict[str, str]] | None = None  # --out at 初审 with a roster: its projects not declared

    @property
    def exit_code(self) -> int:
        """1 when a row of the 审核意见表 was refused."""
        return 1 if self.refused else 0

    def to_json(self) -> dict[str, Any]:
        return {
            "year": self.year,
            "step": self.step,
            "awaiting": self.awaiting,
            "written": str(self.written) if self.written else None,
            "moved": [r.to_json() for r in self.moved],
            "refused": [r.to_json() for r in self.refused],
            "undeclared": self.undeclared,
        }


def review_targets(
    period: str | int | None,
    *,
    step: str = "初审",
    out: Path | str | None = None,
    from_file: Path | str | None = None,
    force: bool = False,
    roster: RosterArg = None,
    config: ConfigArg = None,
) -> TargetReviewResult:
    """With `out`: write the 审核意见表 of `step` (初审 / 复审 / 批复) for the projects of the year whose
    latest version awaits it (refused when the file exists, unless `force`). With `from_file`: take the
    decisions the reviewer filled in (审核结论, 审核意见) — every row that can be taken is, in one transaction;
    the others are listed in `refused` with why (a version no longer the latest, a status not awaiting the
    step, a blank or unknown 审核结论). At 初审, with a `roster`, a second sheet lists the projects of the roster
    no 申报表 was received for (`undeclared`)."""
    year = target_year(period)
    if step not in STEPS:
        raise UsageError(f"未知的审核环节“{step}”：可选 {'、'.join(STEPS)}")
    if (out is None) == (from_file is None):
        raise UsageError("请给出 --out（写出审核意见表）或 --from（登记审核意见表中的结论）之一")
    settings = config_of(config)
    result = TargetReviewResult(year, step)
    if out is not None:
        target = Path(out)
        refuse_existing([target], force)
        outcomes = tuple(STEPS[step].outcomes)
        with workspace_ledger(settings) as ledger:  # a project at a time: a city's year is never held whole
            sheets = [review_sheet(_awaiting(ledger, year, step), step, outcomes)]
            declared = project_keys(ledger, year)
        result.awaiting = len(sheets[0].rows)
        the_roster = roster_of(roster, settings) if step == FIRST_REVIEW else None
        if the_roster is not None:  # 初审 also asks those who have not declared to (seed 004)
            missing = undeclared(the_roster, declared)
            result.undeclared = [{"project": p.code, "name": p.name, "unit": p.unit_code} for p in missing]
            sheets.append(undeclared_sheet(the_roster, missing))
        with output_locks([(target, None)], settings):
            result.written = write_list_workbook(target, sheets, force=force)
        return result
    assert from_file is not None
    _take(result, Path(from_file), settings)
    return result


FIRST_REVIEW = "初审"


def _awaiting(ledger: Ledger, year: int, step: str) -> Iterator[TargetVersion]:
    return (v for v in iter_versions(ledger, year) if v.status == STEPS[step].awaits)


def _take(result: TargetReviewResult, path: Path, settings: Config) -> None:
    step = STEPS[result.step]
    at = settings.stamp()  # in the bureau's zone, as received dates and 成文日期 are
    rows = review_rows(read_numbered_rows(path, REVIEW_SHEET), step.name, tuple(step.outcomes), at)
    for row in rows:
        if row.decision is None:
            result.refused.append(
                ReviewedRow(row.row, row.project_key, row.project_name, row.version, "", "", row.refused)
            )
    taken = [row for row in rows if row.decision is not None]
    ledger = workspace_ledger(settings)
    with ledger:
        result.awaiting = count_latest(ledger, result.year, step.awaits)
        decisions = [(row.project_key, row.version, row.decision) for row in taken if row.decision]
        refusals = decision_refusals(ledger, result.year, decisions)
        for index, row in enumerate(taken):
            if index in refusals:
                result.refused.append(
                    ReviewedRow(
                        row.row, row.project_key, row.project_name, row.version, "", "", refusals[index]
                    )
                )
        chosen = [d for index, d in enumerate(decisions) if index not in refusals]
        kept = [row for index, row in enumerate(taken) if index not in refusals]
        if chosen:
            take_decisions(ledger, result.year, chosen)  # all or none: each then stands as its step leaves it
    for row in kept:
        assert row.decision is not None
        result.moved.append(
            ReviewedRow(row.row, row.project_key, row.project_name, row.version, row.decision.decision,
                        step.outcomes[row.decision.decision])
        )  # fmt: skip
    result.refused.sort(key=lambda r: r.row)
