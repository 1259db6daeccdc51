"""One letter to render (kind, recipient, file stem, context) and the letterhead settings from config."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from perfcli.errors import UsageError
from perfcli.letters.dates import WorkingDayDeadline, arabic_date
from perfcli.model.config import Config


@dataclass
class Letter:
    """One document to render: which template, for whom, under which file name, with what context."""

    kind: str
    recipient: str
    stem: str  # file name without suffix, before sanitising
    context: dict[str, Any]
    notes: list[str] = field(default_factory=list)

    @property
    def summary(self) -> str:
        """One line for the summary table: what this letter is about."""
        c = self.context
        if self.kind == "reminder":
            late = f"，已逾期{c['overdue_days']}天" if c["overdue_days"] else ""
            return f"{c['recipient_kind']}，应于{c['due_date']}前报送{late}"
        if self.kind == "rectification":
            parts = [
                f"需更正{c['error_count']}项" if c["error_count"] else "",
                f"需核实或纠偏{c['warning_count']}项" if c["warning_count"] else "",
                f"此前提出尚未整改{len(c['carried'])}项" if c.get("carried") else "",
            ]
            return "，".join(p for p in parts if p)
        if self.kind == "feedback":
            units = f"单位已报送{c['department']['units_text']}"
            return f"{units}，预算执行率{c['department']['execution_rate']}，预警项目{len(c['warnings'])}个"
        if self.kind == "report":
            return f"{len(c['departments'])}个部门，预警项目{len(c['warnings'])}个"
        return f"再评价结果{len(c['results'])}项"


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
    report_addressee: str

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
            contact=str(letters.get("contact") or ""),
            phone=str(letters.get("phone") or ""),
            doc_number_prefix=str(letters.get("doc_number_prefix") or ""),
            doc_number_start=_whole_number(letters, "doc_number_start", 1),
            rectification_working_days=_whole_number(letters, "rectification_working_days", 10),
            reminder_working_days=_whole_number(letters, "reminder_working_days", 3),
            report_addressee=str(letters.get("report_addressee") or "局党组"),
        )


def _whole_number(section: dict[str, Any], key: str, default: int) -> int:
    value = section.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise UsageError(f"配置 [letters] {key} 应为不小于 0 的整数，现为“{value}”。")
    return value


def deadline_fields(prefix: str, deadline: WorkingDayDeadline) -> dict[str, Any]:
    return {
        f"{prefix}": arabic_date(deadline.date),
        f"{prefix}_iso": deadline.date.isoformat(),
        f"{prefix}_working_days": deadline.working_days,
    }
