"""Letters (函件): which documents of a kind there are, for whom, and the letterhead each one carries.

The five kinds — 催报通知, 问题整改通知（纠偏意见）, 绩效监控结果反馈, 监控总报告, 绩效再评价结果反馈告知书 — get
one context (a dict of plain text, numbers already formatted) per recipient; perfcli.letters.notices and
perfcli.letters.reports say what each kind contains. The Word side lives in perfcli.io.docx.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from perfcli.errors import UsageError
from perfcli.letters import notices, reports
from perfcli.letters.data import LetterData
from perfcli.letters.letter import Letter, LetterSettings
from perfcli.letters.self_evaluation import SELF_EVALUATION_LETTERS
from perfcli.model.config import Config
from perfcli.model.period import Period

__all__ = ["ALL_LETTER_KINDS", "LETTER_KINDS", "Letter", "build_letters"]

# kind -> Chinese name (also the built-in template's file stem)
LETTER_KINDS: dict[str, str] = {
    "reminder": "催报通知",
    "rectification": "问题整改通知",
    "feedback": "绩效监控结果反馈",
    "report": "监控总报告",
    "reevaluation": "绩效再评价结果反馈告知书",
}
# with the year-end letters, built from scored 自评表 (perfcli.letters.self_evaluation)
ALL_LETTER_KINDS: dict[str, str] = {**LETTER_KINDS, **SELF_EVALUATION_LETTERS}
_TITLE_TAIL = {
    "reminder": "报表催报的通知",
    "rectification": "问题整改的通知",
    "feedback": "结果的反馈意见",
    "report": "情况的报告",
    "reevaluation": "绩效再评价结果反馈告知书",
}


def _letterhead(
    settings: LetterSettings, kind: str, issue: date, period: Period, addressee: str
) -> dict[str, Any]:
    title = f"关于{period.name}预算绩效运行监控{_TITLE_TAIL[kind]}"
    yearly = kind == "reevaluation"  # a 再评价 is of a budget year, not of a quarter
    if yearly:
        title = f"{period.year}年度绩效再评价结果反馈告知书"
    return {
        **settings.letterhead(issue, title),
        "addressee": addressee,
        "period_name": f"{period.year}年度" if yearly else period.name,
        "period_label": f"（{period.year}年度）" if yearly else period.label,
    }


def build_letters(kind: str, data: LetterData, config: Config, issue: date) -> list[Letter]:
    """The letters of one kind, one per recipient (one in all for the report), as drafts: the 文号 is left
    blank here and given by the workspace ledger (perfcli.ledger.letters) when the letters are issued."""
    builders = {
        "reminder": notices.reminders,
        "rectification": notices.rectifications,
        "feedback": reports.feedbacks,
        "report": reports.report,
        "reevaluation": reports.reevaluations,
    }
    if kind in SELF_EVALUATION_LETTERS:
        raise UsageError(f"{SELF_EVALUATION_LETTERS[kind]}由回收的自评表生成：请给出自评表所在的文件或文件夹")
    if kind not in builders:
        raise UsageError(f"未知的函件种类“{kind}”：可选 {'、'.join(LETTER_KINDS)}")
    settings = LetterSettings.from_config(config)
    letters = builders[kind](data, config, settings, issue)
    for letter in letters:
        addressee = letter.context.pop("addressee")
        letter.context.update(_letterhead(settings, kind, issue, data.period, addressee))
    return letters
