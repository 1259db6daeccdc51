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
from perfcli.letters.dates import chinese_date
from perfcli.letters.letter import Letter, LetterSettings, title_lines
from perfcli.model.config import Config
from perfcli.model.period import Period

__all__ = ["LETTER_KINDS", "Letter", "build_letters"]

# kind -> Chinese name (also the built-in template's file stem)
LETTER_KINDS: dict[str, str] = {
    "reminder": "催报通知",
    "rectification": "问题整改通知",
    "feedback": "绩效监控结果反馈",
    "report": "监控总报告",
    "reevaluation": "绩效再评价结果反馈告知书",
}
_TITLE_TAIL = {
    "reminder": "报表催报的通知",
    "rectification": "问题整改的通知",
    "feedback": "结果的反馈意见",
    "report": "情况的报告",
    "reevaluation": "绩效再评价结果反馈告知书",
}


def _letterhead(
    settings: LetterSettings, kind: str, number: int, issue: date, period: Period, addressee: str
) -> dict[str, Any]:
    return {
        "bureau": settings.bureau,
        "bureau_mark": f"{settings.bureau}文件",
        "doc_number": f"{settings.doc_number_prefix}〔{issue.year}〕{number}号",
        "title": f"关于{period.name}预算绩效运行监控{_TITLE_TAIL[kind]}",
        "addressee": addressee,
        "period_name": period.name,
        "period_label": period.label,
        "issue_date": chinese_date(issue),
        "issue_date_iso": issue.isoformat(),
        "signatory": settings.signatory,
        "contact": settings.contact,
        "phone": settings.phone,
    }


def build_letters(kind: str, data: LetterData, config: Config, issue: date) -> list[Letter]:
    """The letters of one kind, one per recipient (one in all for the report), numbered in order."""
    builders = {
        "reminder": notices.reminders,
        "rectification": notices.rectifications,
        "feedback": reports.feedbacks,
        "report": reports.report,
        "reevaluation": reports.reevaluations,
    }
    if kind not in builders:
        raise UsageError(f"未知的函件种类“{kind}”：可选 {'、'.join(LETTER_KINDS)}")
    settings = LetterSettings.from_config(config)
    letters = builders[kind](data, config, settings, issue)
    for offset, letter in enumerate(letters):
        addressee = letter.context.pop("addressee")
        number = settings.doc_number_start + offset
        letter.context.update(_letterhead(settings, kind, number, issue, data.period, addressee))
        if kind == "reevaluation":
            letter.context["title"] = f"{data.period.year}年度绩效再评价结果反馈告知书"
        letter.context["title_lines"] = title_lines(letter.context["title"])
    return letters
