"""`perfcli render`: the letters of one kind from whatever the clerk has — returned workbooks (validated
and rolled up on the way), `validate --json` reports, an `aggregate city --json` roll-up, a 再评价 CSV —
each read once into the library's objects; and `render --check` for a letter template."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from perfcli.api.common import ConfigArg, PeriodArg, RosterArg, config_of, paths_of, period_of, roster_of
from perfcli.errors import InputDataError, UsageError
from perfcli.findings.batch import validate_paths
from perfcli.findings.report import ValidationReport
from perfcli.io.docx import TemplateCheck
from perfcli.letters.build import LETTER_KINDS
from perfcli.letters.data import LetterData, ReevaluationLine, add_report_findings
from perfcli.letters.reevaluation import read_reevaluation_csv
from perfcli.letters.render import RenderResult, check_letter_template, render_letters
from perfcli.model.config import Config
from perfcli.model.period import Period
from perfcli.model.roster import Roster
from perfcli.rollups.city import aggregate_city
from perfcli.rollups.load import city_from_json
from perfcli.rollups.model import CityRollup


@dataclass
class _Inputs:
    reports: list[ValidationReport] = field(default_factory=list)
    cities: list[CityRollup] = field(default_factory=list)
    reevaluations: list[ReevaluationLine] = field(default_factory=list)
    workbooks: list[Path] = field(default_factory=list)


def _load_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text("utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputDataError(f"无法读取 JSON 文件 {path}：{exc}") from exc


def _sort(paths: list[Path], config: Config) -> _Inputs:
    found = _Inputs()
    for path in paths:
        if not path.exists():
            raise UsageError(f"找不到输入：{path}")
        suffix = path.suffix.lower()
        if suffix == ".json":
            loaded = _load_json(path)
            if isinstance(loaded, dict) and "projects" in loaded and "departments" in loaded:
                found.cities.append(city_from_json(loaded))
            elif isinstance(loaded, dict) and "files" in loaded:
                found.reports.append(ValidationReport.from_json(loaded))
            else:
                raise InputDataError(
                    f"{path} 既不是 validate --json 的校验报告，也不是 aggregate city --json 的汇总结果。"
                )
        elif suffix == ".csv":
            found.reevaluations.extend(read_reevaluation_csv(path, config.vocabulary("reevaluation_grades")))
        else:
            found.workbooks.append(path)
    return found


def letter_data(
    inputs: Iterable[Path | str] | Path | str,
    *,
    roster: Roster | None,
    period: Period | None,
    config: Config,
    jobs: int = 1,
) -> LetterData:
    """Everything the letters of a period need, each input read once. A roll-up given as JSON is taken
    as it is; otherwise the reports' files are rolled up here (with the roster, when given)."""
    found = _sort(paths_of(inputs), config)
    if not (found.reports or found.cities or found.workbooks or found.reevaluations) and roster is None:
        raise UsageError("请给出回收的工作簿、校验报告或汇总结果（PATH），或用 --roster 指定名册。")
    if found.workbooks:
        found.reports.append(validate_paths(found.workbooks, config, period=period, roster=roster, jobs=jobs))
    known = [c.period for c in found.cities] + [r.period for r in found.reports if r.period]
    period = period or (known[0] if known else None)
    if period is None:
        raise UsageError("无法从输入中确定监控期间，请用 --period 指定，如 --period 2026Q3。")
    files = [f for report in found.reports for f in report.files]
    city = found.cities[-1] if found.cities else aggregate_city(files, config, period=period, roster=roster)
    data = LetterData(period, city, reevaluations=found.reevaluations, roster=roster)
    for report in found.reports:
        add_report_findings(data, report)
    data.sources = ["校验报告"] * len(found.reports) + ["汇总结果"] * len(found.cities)
    return data


def render(
    kind: str,
    inputs: Iterable[Path | str] | Path | str = (),
    *,
    out: Path | str,
    roster: RosterArg = None,
    period: PeriodArg = None,
    config: ConfigArg = None,
    issue_date: date | None = None,
    pdf: bool = False,
    jobs: int = 1,
    force: bool = False,
    force_period: bool = False,
) -> RenderResult:
    """Every letter of `kind` (reminder, rectification, feedback, report, reevaluation), one .docx per
    recipient in `out` (and a .pdf beside each with `pdf`), dated `issue_date` (today by default)."""
    if kind not in LETTER_KINDS:
        raise UsageError(f"未知的函件种类“{kind}”：可选 {'、'.join(LETTER_KINDS)}")
    settings = config_of(config)
    data = letter_data(
        inputs,
        roster=roster_of(roster, settings),
        period=period_of(period, settings, force=force_period),
        config=settings,
        jobs=jobs,
    )
    return render_letters(
        kind,
        data,
        settings,
        out_dir=Path(out),
        issue=issue_date or date.today(),
        pdf=pdf,
        jobs=jobs,
        force=force,
    )


def check_template(
    template: Path | str, kind: str | None = None, *, config: ConfigArg = None
) -> tuple[TemplateCheck, str | None]:
    """`render --check`: the template's variables, those the data of `kind` lacks, tags Word split apart.
    Returns (the check, the kind it was checked as)."""
    if kind is not None and kind not in LETTER_KINDS:
        raise UsageError(f"未知的函件种类“{kind}”：可选 {'、'.join(LETTER_KINDS)}")
    return check_letter_template(Path(template), kind, config_of(config))
