"""Letters (函件): which documents of a kind there are, for whom, and the letterhead each one carries.

Each kind (perfcli.letters.kinds) gets one context (a dict of plain text, numbers already formatted) per
recipient; perfcli.letters.notices and perfcli.letters.reports say what each kind contains. The Word side
lives in perfcli.io.office.docx.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from perfcli.errors import UsageError
from perfcli.letters.data import LetterData
from perfcli.letters.kinds import ALL_LETTER_KINDS, LETTER_KIND_RECORDS, LETTER_KINDS, LetterKind
from perfcli.letters.letter import Letter, LetterSettings
from perfcli.model.config import Config
from perfcli.model.period import Period

if TYPE_CHECKING:
    from perfcli.letters.targets import TargetLetterData

__all__ = [
    "ALL_LETTER_KINDS",
    "LETTER_KINDS",
    "Letter",
    "build_letters",
    "build_target_letters",
    "letter_kind",
]


def letter_kind(key: str) -> LetterKind:
    """The declared kind (perfcli.letters.kinds), or a usage error listing them."""
    if key not in LETTER_KIND_RECORDS:
        raise UsageError(f"未知的函件种类“{key}”：可选 {'、'.join(LETTER_KIND_RECORDS)}")
    return LETTER_KIND_RECORDS[key]


def _letterhead(
    settings: LetterSettings, kind: LetterKind, issue: date, period: Period, addressee: str
) -> dict[str, Any]:
    period_name = f"{period.year}年度" if kind.yearly else period.name  # a 再评价 is of a budget year
    return {
        **settings.letterhead(issue, kind.title.format(period_name=period_name, year=period.year)),
        "addressee": addressee,
        "period_name": period_name,
        "period_label": f"（{period.year}年度）" if kind.yearly else period.label,
    }


def build_letters(key: str, data: LetterData, config: Config, issue: date) -> list[Letter]:
    """The letters of one kind, one per recipient (one in all for the report), as drafts: the 文号 is left
    blank here and given by the workspace ledger (perfcli.ledger.letters) when the letters are issued."""
    kind = letter_kind(key)
    if kind.build is None:
        raise UsageError(f"{kind.name}由回收的自评表生成：请给出自评表所在的文件或文件夹")
    settings = LetterSettings.from_config(config)
    letters = kind.build(data, config, settings, issue)
    for letter in letters:
        addressee = letter.context.pop("addressee")
        # what a builder set (a 报告's header and signatory) wins over the common letterhead
        letter.context = {**_letterhead(settings, kind, issue, data.period, addressee), **letter.context}
    return letters


def build_target_letters(key: str, data: TargetLetterData, config: Config, issue: date) -> list[Letter]:
    """The 绩效目标 letters of one kind (perfcli.letters.targets), one per department, as drafts (numbered by the
    workspace ledger when they are issued), as they stood on `issue`."""
    kind = letter_kind(key)
    if kind.source != "targets" or kind.build is None:
        raise UsageError(f"{kind.name}不是绩效目标函件")
    settings = LetterSettings.from_config(config)
    letters = kind.build(data, config, settings, issue)
    for letter in letters:
        addressee = letter.context.pop("addressee")
        head = settings.letterhead(issue, kind.title.format(year=data.year))
        letter.context = {**head, "addressee": addressee, "period_name": f"{data.year}年度", **letter.context}
    return letters
