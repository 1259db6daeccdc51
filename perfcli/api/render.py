"""`perfcli render`: the letters of one kind from whatever the clerk has — returned workbooks (validated
and rolled up on the way), `validate --json` reports, an `aggregate city --json` roll-up, a 再评价 CSV —
each read once into the library's objects; and `render --check` for a letter template."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any

from perfcli.api.bundle import bundle_folders, write_bundles
from perfcli.api.common import ConfigArg, PeriodArg, RosterArg, config_of, paths_of, period_of, roster_of
from perfcli.api.issuing import Issue, issue_letters
from perfcli.api.ledger import checked_returns
from perfcli.api.locking import output_locks
from perfcli.api.rectify import add_ledger_memory, raise_items
from perfcli.api.review import apply_review_file, write_drafts
from perfcli.errors import InputDataError, UsageError
from perfcli.findings.report import ValidationReport
from perfcli.forms.registry import forms_of
from perfcli.io.office.docx import TemplateCheck
from perfcli.letters.build import letter_kind
from perfcli.letters.data import LetterData, ReevaluationLine, add_report_findings, received_by
from perfcli.letters.kinds import LetterKind
from perfcli.letters.letter import LetterSettings
from perfcli.letters.reevaluation import read_reevaluation_csv
from perfcli.letters.render import (
    RenderResult,
    check_letter_template,
    font_warnings,
    plan_letters,
    template_path,
)
from perfcli.model.config import Config
from perfcli.model.period import Period
from perfcli.model.roster import Roster
from perfcli.rollups.city import aggregate_city
from perfcli.rollups.load import city_from_json
from perfcli.rollups.model import CityRollup

ATTACHMENT_NAMES = {"annotated": "问题标注副本", "findings": "问题清单", "blank_form": "空表"}


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
                found.cities.append(city_from_json(loaded, forms_of(config)))
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
    use_cache: bool = True,
    as_of: date | None = None,
) -> LetterData:
    """Everything the letters of a period need, each input read once. A roll-up given as JSON is taken
    as it is; otherwise the reports' files are rolled up here (with the roster, when given). With `as_of`
    (the letters' 成文日期) only the returns received on or before it count, and only the 整改 items open
    on it: a letter states what was true the day it is dated."""
    found = _sort(paths_of(inputs), config)
    if not (found.reports or found.cities or found.workbooks or found.reevaluations) and roster is None:
        raise UsageError("请给出回收的工作簿、校验报告或汇总结果（PATH），或用 --roster 指定名册。")
    if found.workbooks:
        found.reports.append(
            checked_returns(
                found.workbooks, config, period=period, roster=roster, jobs=jobs, use_cache=use_cache
            )
        )
    known = [c.period for c in found.cities] + [r.period for r in found.reports if r.period]
    period = period or (known[0] if known else None)
    if period is None:
        raise UsageError("无法从输入中确定监控期间，请用 --period 指定，如 --period 2026Q3。")
    if as_of is not None:
        for report in found.reports:
            report.files = received_by(report.files, as_of)
    files = [f for report in found.reports for f in report.files]
    city = found.cities[-1] if found.cities else aggregate_city(files, config, period=period, roster=roster)
    data = LetterData(period, city, reevaluations=found.reevaluations, roster=roster)
    for report in found.reports:
        add_report_findings(data, report)
    add_ledger_memory(data, config, as_of=as_of)
    data.sources = ["校验报告"] * len(found.reports) + ["汇总结果"] * len(found.cities)
    data.notes = [note for report in found.reports for note in report.notes]
    return data


def yearly_period(period: PeriodArg, issue: date) -> Period | None:
    """The year a 再评价 is of: `--period 2026` (or 2026年度, or any period of that year); without one, the
    year of the inputs' period."""
    if isinstance(period, Period):
        return Period(period.year, 4)
    text = str(period or "").strip()
    if not text:  # the inputs' period decides (a 校验报告 or 汇总 of that year), else --period is asked for
        return None
    found = re.fullmatch(r"(\d{4})\s*(?:年度?)?", text)
    return Period(int(found[1]), 4) if found else Period(Period.parse(text).year, 4)


def require_reevaluation_results(paths: list[Path]) -> None:
    """A 再评价告知书 states the results of a 再评价: without the results file there is nothing to state
    (perfcli never grades a department from its monitoring data), so the command stops before reading."""
    if not any(p.suffix.lower() == ".csv" for p in paths):
        raise UsageError(
            "出具绩效再评价结果反馈告知书需要再评价结果文件（CSV，表头：部门,项目,得分,等级,评价结论,整改要求），"
            "请把它作为输入给出，如 perfcli render reevaluation 再评价结果.csv --out 函件/。"
            "perfcli 不会根据监控数据推定再评价等级。"
        )


def _refuse_what_it_does_not_take(
    declared: LetterKind, inputs: Any, *, draft: bool, from_review: Any, bundle: Any
) -> None:
    """An option or input the kind does not use is refused, never silently ignored."""
    unused = [name for name, given in (("--draft", draft), ("--from-review", from_review is not None),
                                       ("--bundle", bundle is not None)) if given]  # fmt: skip
    if unused and not declared.reviewed_as_drafts:
        raise UsageError(f"{declared.name}不支持 {'、'.join(unused)}：请去掉这些选项后重新出具。")
    if not declared.reads_inputs and paths_of(inputs):
        raise UsageError(
            f"{declared.name}按工作区台账中登记的申报和审核结果出具，不读取输入文件：请去掉输入的路径"
            "（申报表先用 perfcli validate 登记，审核结论用 perfcli review targets --from 登记）。"
        )


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
    reissue: bool = False,
    backdate: bool = False,
    bundle: Path | str | None = None,
    draft: bool = False,
    from_review: Path | str | None = None,
    use_cache: bool = True,
    rate: str = "10%",
    seed: int = 0,
    force_period: bool = False,
) -> RenderResult:
    """Every letter of `kind` (reminder, rectification, feedback, report, reevaluation; the year-end
    self-evaluation-feedback and spot-check-notice from 自评表, the latter picked by `rate` and `seed`), one
    .docx per recipient in `out` (and a .pdf beside each with `pdf`), dated `issue_date` (today by default).

    In a workspace each letter gets its 文号 from the ledger (kept when the same letter is rendered again,
    a new one with `reissue`), and letters already written and unchanged are not written again (a new
    `issue_date` writes them again, and says so); a date out of order with the 文号 already issued is
    refused unless `backdate`. Only returns received by `issue_date` count. Outside a workspace the letters
    are drafts with the number left blank (`RenderResult.draft`)."""
    declared = letter_kind(kind)
    _refuse_what_it_does_not_take(declared, inputs, draft=draft, from_review=from_review, bundle=bundle)
    if declared.source == "self_evaluation":
        from perfcli.api.self_evaluation import render_self_evaluation

        return render_self_evaluation(
            kind, inputs, out=out, roster=roster, config=config, issue_date=issue_date,
            rate=rate, seed=seed, pdf=pdf, jobs=jobs, force=force, reissue=reissue, backdate=backdate,
        )  # fmt: skip
    if declared.source == "targets":
        from perfcli.api.target_letters import render_targets

        return render_targets(
            kind, out=out, period=period, roster=roster, config=config, issue_date=issue_date, pdf=pdf,
            jobs=jobs, force=force, reissue=reissue, backdate=backdate,
        )  # fmt: skip
    paths = paths_of(inputs)
    settings = config_of(config)
    issue = issue_date or settings.today()
    if declared.source == "reevaluation":
        require_reevaluation_results(paths)
    if declared.yearly:  # --period 2026 (a quarter of it is taken as its year)
        period, force_period = yearly_period(period, issue), True
    data = letter_data(
        paths,
        roster=roster_of(roster, settings),
        period=period_of(period, settings, force=force_period),
        config=settings,
        jobs=jobs,
        use_cache=use_cache,
        as_of=issue,
    )
    template = template_path(kind, settings)
    if pdf:
        from perfcli.io.office.pdf import require_soffice

        require_soffice()  # say so before rendering anything
    out_dir = Path(out)
    planned = plan_letters(kind, data, settings, out_dir=out_dir, issue=issue)
    warnings = (
        data.notes
        + (font_warnings(settings) if pdf else [])
        + LetterSettings.from_config(settings).placeholder_warnings()
    )
    if from_review is not None:
        changed = apply_review_file(planned, from_review)
        warnings.append(
            f"已按审阅清单 {from_review} 修改 {len(changed)} 处"
            + (f"：{'、'.join(changed)}" if changed else "")
        )
    if draft:  # for review: no 文号, nothing recorded; the 审阅清单 beside the letters
        drafts, review = write_drafts(planned, template, out_dir, kind=kind, pdf=pdf, jobs=jobs, force=force)
        warnings.append(
            f"审阅清单已写入 {review}：在“采用/修改为”列改写后，用 --from-review {review} 正式出具。"
        )
        return RenderResult(
            kind, template, out_dir, data.period, issue, drafts, data.sources, draft=True, warnings=warnings
        )
    # a letter lists an attachment only when it goes with it: in its --bundle folder
    for item in planned:
        item.letter.context["attachments"] = [a.name for a in item.letter.attachments] if bundle else []
    if not bundle and any(item.letter.attachments for item in planned):
        names = "、".join(
            dict.fromkeys(ATTACHMENT_NAMES[a.kind] for p in planned for a in p.letter.attachments)
        )
        warnings.append(
            f"函件未列附件（{names}）：需要随函附送时请加 --bundle 目录，按收文单位打包函件和附件。"
        )
    key = f"{data.period.year}年度" if declared.yearly else data.period.code
    how = Issue(kind, key, template, issue, pdf, jobs, force, reissue, backdate)
    how.rewrite = bundle is not None  # the letters must list the attachments of this run
    how.drafts = Path(from_review).parent if from_review is not None else None
    if declared.raises_items:
        how.then = partial(raise_items, data, issue=issue)
    locks = [(out_dir, f"render-{kind}")] + ([(Path(bundle), f"bundle-{kind}")] if bundle else [])
    with output_locks(locks, settings):
        folders = bundle_folders(planned, Path(bundle), force=force) if bundle else []
        letters, draft = issue_letters(planned, how, settings)
        if bundle:
            write_bundles(planned, letters, folders, data, settings)
    return RenderResult(
        kind, template, out_dir, data.period, issue, letters, data.sources, draft=draft, warnings=warnings,
        bundle=Path(bundle) if bundle else None,
    )  # fmt: skip


def check_template(
    template: Path | str, kind: str | None = None, *, config: ConfigArg = None
) -> tuple[TemplateCheck, str | None]:
    """`render --check`: the template's variables, those the data of `kind` lacks, tags Word split apart.
    Returns (the check, the kind it was checked as)."""
    if kind is not None:
        letter_kind(kind)
    return check_letter_template(Path(template), kind, config_of(config))
