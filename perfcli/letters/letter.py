"""One letter to render (kind, recipient, file stem, context) and the letterhead settings from config."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from perfcli.errors import UsageError
from perfcli.letters.dates import WorkingDayDeadline, arabic_date, chinese_date
from perfcli.model.config import Config


@dataclass
class Attachment:
    """A file a letter may carry (附件): it is listed only when it is delivered with the letter
    (`render --bundle` writes it into the recipient's folder).

    kind: annotated (the return with its problems marked), findings (the recipient's 问题清单), blank_form
    (the forms owed, pre-filled, for a 催报)."""

    name: str  # the file name, as the letter lists it and the bundle holds it
    kind: str
    source: str = ""  # the return an annotated copy is made from
    recipient_code: str = ""  # whose blank forms / findings


@dataclass
class Letter:
    """One document to render: which template, for whom, under which file name, with what context."""

    kind: str
    recipient: str
    stem: str  # file name without suffix, before sanitising
    context: dict[str, Any]
    notes: list[str] = field(default_factory=list)
    attachments: list[Attachment] = field(default_factory=list)

    @property
    def summary(self) -> str:
        """One line for the summary table: what this letter is about (as its kind words it)."""
        from perfcli.letters.kinds import LETTER_KIND_RECORDS

        return LETTER_KIND_RECORDS[self.kind].summary(self.context)


BLANK_NUMBER = "\u3000\u3000"  # two ideographic spaces: room to write the number in by hand


@dataclass
class LetterSettings:
    """The letterhead and numbering, from config [letters] and [locality]."""

    bureau: str
    signatory: str
    contact: str
    phone: str
    doc_number_prefix: str
    doc_number_start: int
    rectification_working_days: int
    reminder_working_days: int
    target_return_working_days: int  # 绩效目标退回修改: re-submit within N working days
    report_addressee: str
    report_form: str = "报告"  # 报告: to the bureau's own 局党组, no red header; 文件: a red-header 文件
    report_signatory: str = ""  # who signs a 报告 (the 科室); the bureau when not set

    def letterhead(self, issue: date, title: str) -> dict[str, Any]:
        """What every letter's head and foot carry: bureau, 文号 (a draft until the workspace ledger gives
        the number), title (and its balanced lines), 成文日期, signatory and contact."""
        return {
            "bureau": self.bureau,
            "bureau_mark": f"{self.bureau}文件",
            "doc_number": self.doc_number(issue.year, None),
            "title": title,
            "title_lines": title_lines(title),
            "issue_date": chinese_date(issue),
            "issue_date_iso": issue.isoformat(),
            "red_header": True,
            "signatory": self.signatory,
            "contact": self.contact,
            "phone": self.phone,
            "contact_line": self.contact_line,
        }

    @property
    def contact_line(self) -> str:
        """附注: （联系人：…，电话：…） with what the config sets; nothing when it sets neither."""
        parts = [
            f"联系人：{self.contact}" if self.contact else "",
            f"电话：{self.phone}" if self.phone else "",
        ]
        shown = "，".join(p for p in parts if p)
        return f"（{shown}）" if shown else ""

    def placeholder_warnings(self) -> list[str]:
        """Said once per run: contact details not set, or still the example of an older default config."""
        unset = [
            name
            for name, value in (("contact（联系人）", self.contact), ("phone（电话）", self.phone))
            if not value
        ]
        if not unset:
            return []
        return [
            f"配置 [letters] {'、'.join(unset)} 未填写或仍为示例值，函件中不印这些内容："
            "请在工作区的 perfcli.toml 中填写后重新出具。"
        ]

    def doc_number(self, year: int, number: int | None) -> str:
        """文号 as printed: 新财绩〔2026〕12号; a draft leaves the number blank for the clerk to fill."""
        shown = str(number) if number is not None else BLANK_NUMBER
        return f"{self.doc_number_prefix}〔{year}〕{shown}号"

    @classmethod
    def from_config(cls, config: Config) -> LetterSettings:
        letters, locality = config.section("letters"), config.section("locality")
        bureau = str(locality.get("finance_bureau") or "财政局")
        return cls(
            bureau=bureau,
            signatory=str(letters.get("signatory") or bureau),
            contact=_set(letters.get("contact")),
            phone=_set(letters.get("phone")),
            doc_number_prefix=str(letters.get("doc_number_prefix") or ""),
            doc_number_start=_whole_number(letters, "doc_number_start", 1),
            rectification_working_days=_whole_number(letters, "rectification_working_days", 10),
            reminder_working_days=_whole_number(letters, "reminder_working_days", 3),
            target_return_working_days=_whole_number(letters, "target_return_working_days", 5),
            report_addressee=str(letters.get("report_addressee") or "局党组"),
            report_form=_report_form(letters.get("report_form")),
            report_signatory=str(letters.get("report_signatory") or ""),
        )


# the contact details an earlier default config shipped as an example: never printed as if real
EXAMPLE_CONTACT = ("绩效管理科 张明", "0519-85000000")


def _report_form(value: object) -> str:
    form = str(value or "报告")
    if form not in ("报告", "文件"):
        raise UsageError(f"配置 [letters] report_form 应为“报告”或“文件”，现为“{form}”。")
    return form


def _set(value: object) -> str:
    text = str(value or "").strip()
    return "" if text in EXAMPLE_CONTACT else text


def _whole_number(section: dict[str, Any], key: str, default: int) -> int:
    value = section.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise UsageError(f"配置 [letters] {key} 应为不小于 0 的整数，现为“{value}”。")
    return value


# 标题 in 二号 (22 pt) on the 156 mm 版心: 20 full-width characters a line (a Latin digit is half of one)
TITLE_LINE_WIDTH = 20
# a title line may start at these words: breaking there keeps each word whole (GB/T 9704 7.3.3: 回行时词意完整)
TITLE_BREAKS = (
    "预算",
    "绩效",
    "运行",
    "监控",
    "问题",
    "整改",
    "报表",
    "结果",
    "情况",
    "反馈",
    "再评价",
    "告知书",
)


def _width(text: str) -> float:
    return sum(0.5 if ch.isascii() else 1 for ch in text)


def title_lines(title: str, width: int = TITLE_LINE_WIDTH) -> list[str]:
    """The 标题 in lines as a careful clerk breaks it: balanced lengths, words kept whole, and never one or
    two characters left alone on the last line."""
    if _width(title) <= width:
        return [title]
    count = int(-(-_width(title) // width))  # ceil
    lines, rest = [], title
    for remaining in range(count, 1, -1):
        target = _width(rest) / remaining
        best: tuple[float, int] | None = None
        for cut in range(1, len(rest)):
            head, tail = rest[:cut], rest[cut:]
            if _width(head) > width or (remaining == 2 and _width(tail) > width) or len(tail) < 3:
                continue
            if head[-1].isdigit() and tail[0].isdigit():
                continue  # never inside a number
            cost = abs(_width(head) - target) + (0 if tail.startswith(TITLE_BREAKS) else 4)
            if best is None or cost < best[0]:
                best = (cost, cut)
        if best is None:
            break
        lines.append(rest[: best[1]])
        rest = rest[best[1] :]
    return [*lines, rest]


def deadline_fields(prefix: str, deadline: WorkingDayDeadline) -> dict[str, Any]:
    return {
        f"{prefix}": arabic_date(deadline.date),
        f"{prefix}_iso": deadline.date.isoformat(),
        f"{prefix}_working_days": deadline.working_days,
    }
