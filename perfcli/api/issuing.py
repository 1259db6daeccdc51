"""Issuing letters: number them in the ledger (文号 in the order of their dates), write those not done yet,
record what was written; shared by every letter kind (api.render, api.self_evaluation)."""

from __future__ import annotations

import warnings
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from perfcli.api.outputs import Known, settle_outputs
from perfcli.errors import Notice
from perfcli.io.files.digest import sha256_of, sha256_or_none
from perfcli.ledger.connection import Database
from perfcli.ledger.letters import (
    LetterKey,
    LetterNumber,
    letter_properties,
    mark_rewriting,
    number_letters,
    record_issued,
)
from perfcli.ledger.store import Ledger, open_ledger
from perfcli.letters.letter import Letter, LetterSettings
from perfcli.letters.render import (
    PlannedLetter,
    RenderedLetter,
    RenderResult,
    font_warnings,
    plan_built,
    template_path,
    write_letters,
)
from perfcli.model.config import Config

ATTACHMENT_NAMES = {"annotated": "问题标注副本", "findings": "问题清单", "blank_form": "空表"}


def _number(
    ledger: Ledger,
    kind: str,
    planned: list[PlannedLetter],
    period_key: str,
    config: Config,
    issue: date,
    reissue: bool,
    backdate: bool = False,
) -> list[LetterNumber]:
    """Each planned letter's 文号 from the ledger, put into its context."""
    settings = LetterSettings.from_config(config)
    keys = [(LetterKey(kind, p.letter.recipient, period_key), p.target) for p in planned]
    numbers = number_letters(
        ledger,
        keys,
        prefix=settings.doc_number_prefix,
        year=issue.year,
        start=max(1, settings.doc_number_start),
        formatter=lambda n: settings.doc_number(issue.year, n),
        reissue=reissue,
        issue_date=issue.isoformat(),
        backdate=backdate,
    )
    for (key, _), item, number in zip(keys, planned, numbers, strict=True):
        item.letter.context["doc_number"] = number.doc_number
        item.properties = letter_properties(key, number, settings.doc_number_prefix, issue)
    return numbers


def _redated(planned: PlannedLetter, number: LetterNumber, how: Issue) -> bool:
    """The letter was issued before under another 成文日期 (or `how.rewrite`): it is written again with the
    new date (same 文号) and says so — unless its file was changed by hand since, which the output check
    then refuses."""
    issue = how.issue
    if number.out_of_order:
        planned.letter.notes.append(f"倒签：成文日期 {issue.isoformat()} 早于已编号的 {number.out_of_order}")
    redated = bool(number.issue_date) and number.issue_date != issue.isoformat()
    if not (redated or how.rewrite) or not number.sha256:
        return False
    found = sha256_or_none(planned.target)
    if found is not None and found[0] != number.sha256:
        return False
    if not redated:
        return True
    planned.letter.notes.append(
        f"{number.doc_number} 原成文日期 {number.issue_date}，已按新的成文日期 {issue.isoformat()} 重写（文号不变）"
    )
    return True


# what issuing letters also records, given the letters written with their numbers: a step in their transaction
Then = Callable[[list[tuple[PlannedLetter, LetterNumber]]], Callable[[Database], object]]


@dataclass
class Issue:
    """How the planned letters of one render are issued (what every kind shares)."""

    kind: str
    period_key: str  # the period the letters are about (2026Q3, or 2026年度 for the year-end letters)
    template: Path
    issue: date
    pdf: bool = False
    jobs: int = 1
    force: bool = False
    reissue: bool = False
    backdate: bool = False  # a 成文日期 out of order with the 文号 already issued is allowed, and said
    rewrite: bool = False  # write again letters already issued and untouched (their content changed)
    drafts: Path | None = None  # the folder of the reviewed drafts (--from-review): they are replaced
    # what issuing the written letters also records, in their transaction (the 整改 items of 整改通知)
    then: Then | None = None


def issue_letters(
    planned: list[PlannedLetter], how: Issue, config: Config
) -> tuple[list[RenderedLetter], bool]:
    """Number the planned letters (ledger), write those not done yet, record what was written. Returns
    every letter (those left as they were marked unchanged) and whether they are drafts (no ledger)."""
    ledger = open_ledger(config)
    try:
        numbers = (
            _number(ledger, how.kind, planned, how.period_key, config, how.issue, how.reissue, how.backdate)
            if ledger is not None
            else []
        )
        known = {
            p.target: Known(None if _redated(p, n, how) else n.sha256)
            for p, n in zip(planned, numbers, strict=False)
            if not n.after_edited  # the file there may be the edited row's letter: refused unless --force
        }
        for p in planned:  # a draft of --draft beside the 审阅清单 is replaced by the letter issued from it
            if how.drafts is not None and p.target.parent.resolve() == how.drafts.resolve():
                known.setdefault(p.target, Known(None))
        plan = settle_outputs([p.target for p in planned], known, force=how.force)
        if ledger is not None:
            mark_rewriting(
                ledger, [(numbers[i].id, ledger.root.store(planned[i].target)) for i in plan.write]
            )
        rendered = write_letters([planned[i] for i in plan.write], how.template, pdf=how.pdf, jobs=how.jobs)
        pdfs = _missing_pdfs(planned, plan.done) if how.pdf else {}
        if ledger is not None:
            issued = [
                (numbers[i].id, item.docx, sha256_of(item.docx)[0])
                for i, item in zip(plan.write, rendered, strict=True)
            ]
            then = how.then(
                [(planned[i], numbers[i]) for i in plan.write]
            ) if how.then is not None else None  # fmt: skip
            lost = set(record_issued(ledger, issued, how.issue.isoformat(), then))
            if lost:
                shown = "、".join(n.doc_number for n in numbers if n.id in lost)
                warnings.warn(
                    Notice(
                        f"同时运行的另一次重新发文已作废 {shown}：本次写出的这些函件不是有效文号，请勿发出。"
                    ),
                    stacklevel=2,
                )
    finally:
        if ledger is not None:
            ledger.close()
    by_index = dict(zip(plan.write, rendered, strict=True))
    for index, copy in plan.backups.items():
        by_index[index].backup = copy
    letters = []
    for i, item in enumerate(planned):
        letter = by_index.get(i) or RenderedLetter(
            item.letter.recipient,
            item.target,
            pdf=pdfs.get(i),
            notes=item.letter.notes,
            summary=item.letter.summary,
            unchanged=True,
        )
        letter.doc_number = item.letter.context.get("doc_number", "")
        letter.attachments = list(item.letter.context.get("attachments") or [])
        letters.append(letter)
    return letters, ledger is None


def issue_yearly_letters(
    kind: str,
    letters: list[Letter],
    config: Config,
    *,
    year: int,
    issue: date,
    out: Path | str,
    source: str,
    pdf: bool = False,
    jobs: int = 1,
    force: bool = False,
    reissue: bool = False,
    backdate: bool = False,
    then: Then | None = None,
) -> RenderResult:
    """The letters of a budget year (自评, 绩效目标) built by the caller, issued like every letter: LibreOffice
    asked for before anything is rendered when `pdf`, numbered per 年度, written under the output lock, with
    what issuing them also records (`then`); `source` is what they were built from, as the summary says it."""
    from perfcli.api.locking import output_locks

    template, out_dir = template_path(kind, config), Path(out)
    if pdf:
        from perfcli.io.office.pdf import require_soffice

        require_soffice()  # say so before rendering anything
    planned = plan_built(letters, out_dir)
    how = Issue(kind, f"{year}年度", template, issue, pdf, jobs, force, reissue, backdate, then=then)
    with output_locks([(out_dir, f"render-{kind}")], config):
        rendered, draft = issue_letters(planned, how, config)
    warnings = (font_warnings(config) if pdf else []) + LetterSettings.from_config(
        config
    ).placeholder_warnings()
    return RenderResult(
        kind, template, out_dir, None, issue, rendered, [source], year=year, draft=draft, warnings=warnings
    )


def _missing_pdfs(planned: list[PlannedLetter], done: list[int]) -> dict[int, Path]:
    """--pdf: the PDFs of letters written before (unchanged, not written again) that have none yet."""
    from perfcli.io.office.pdf import convert_to_pdf

    missing = [i for i in done if not planned[i].target.with_suffix(".pdf").exists()]
    made = convert_to_pdf([planned[i].target for i in missing], force=True)
    return dict(zip(missing, made, strict=True))
