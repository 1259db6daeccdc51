"""Reporting periods (2026Q3, 2026H1), their end dates, due dates and 序时进度."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from perfcli.errors import UsageError
from perfcli.model.values import round_half_up

QUARTER_NAMES = {1: "一季度", 2: "二季度", 3: "三季度", 4: "四季度"}
HALF_NAMES = {1: "上半年", 2: "下半年"}
_LETTERS = {"quarter": "Q", "half": "H", "month": "M"}
_CN_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4}


@dataclass(frozen=True, order=True)
class Period:
    """A reporting period: a quarter (kind "quarter", number 1–4), a half year ("half", 1–2), or the months
    from January to a cut-off month ("month", 1–12: the national 监控表's 1-7月)."""

    year: int
    number: int
    kind: str = "quarter"

    @classmethod
    def parse(cls, text: str) -> Period:
        """Parse `2026Q3`, `2026-Q3`, `2026H1`, `2026M7` (what the command line takes)."""
        m = re.fullmatch(r"\s*(\d{4})\s*[-_ ]?\s*([QqHhMm])\s*(1[0-2]|[1-9])\s*", text)
        if not m:
            raise UsageError(
                f"无法识别的期间“{text}”：请写成 2026Q3（季度）、2026H1（半年）或 2026M7（1-7月）"
            )
        year, letter, num = int(m[1]), m[2].upper(), int(m[3])
        if letter == "H" and num > 2:
            raise UsageError(f"无法识别的期间“{text}”：半年只有 H1、H2")
        if letter == "Q" and num > 4:
            raise UsageError(f"无法识别的期间“{text}”：季度只有 Q1–Q4")
        return cls(year, num, {"Q": "quarter", "H": "half", "M": "month"}[letter])

    @property
    def code(self) -> str:
        return f"{self.year}{_LETTERS[self.kind]}{self.number}"

    @property
    def quarter(self) -> int | None:
        return self.number if self.kind == "quarter" else None

    @property
    def _part(self) -> str:
        if self.kind == "month":
            return f"1-{self.number}月"
        return QUARTER_NAMES[self.number] if self.kind == "quarter" else HALF_NAMES[self.number]

    @property
    def label(self) -> str:
        """As printed on the form: （2026年度 三季度）, （2026年度 1-7月）."""
        return f"（{self.year}年度 {self._part}）"

    @property
    def name(self) -> str:
        """2026年三季度, 2026年1-7月"""
        return f"{self.year}年{self._part}"

    @property
    def end_month(self) -> int:
        """The last month the period covers (the X of a national form's 1-X月)."""
        return {"quarter": 3, "half": 6, "month": 1}[self.kind] * self.number

    @property
    def end(self) -> date:
        month = self.end_month
        return date(self.year, month, calendar.monthrange(self.year, month)[1])

    def due(self, days_after_end: int) -> date:
        return self.end + timedelta(days=days_after_end)

    @classmethod
    def from_json(cls, data: dict[str, int]) -> Period:
        """{"year": 2026, "quarter": 3}, {"year": 2026, "half": 1} or {"year": 2026, "month": 7}."""
        if "half" in data:
            return cls(int(data["year"]), int(data["half"]), "half")
        if "month" in data:
            return cls(int(data["year"]), int(data["month"]), "month")
        return cls(int(data["year"]), int(data["quarter"]), "quarter")

    def to_json(self) -> dict:
        if self.kind == "quarter":
            return {"year": self.year, "quarter": self.number}
        if self.kind == "month":
            return {"year": self.year, "month": self.number}
        return {"year": self.year, "half": self.number}


def time_progress(at: date) -> Decimal:
    """序时进度: days elapsed in the year up to `at` / days in the year, as a percentage (2 decimals)."""
    days_in_year = 366 if calendar.isleap(at.year) else 365
    elapsed = (at - date(at.year, 1, 1)).days + 1
    return round_half_up(Decimal(elapsed) * 100 / Decimal(days_in_year))


def parse_period_text(text: str) -> Period | None:
    """Find a period in form text: （2026年度 三季度）, (2026 年度 第3季度), 2026年第三季度, 2026年上半年."""
    compact = re.sub(r"\s+", "", text)
    m = re.search(r"(\d{4})年(?:度)?[（(]?第?([一二三四1-4])季度", compact)
    if m:
        return Period(int(m[1]), _CN_DIGITS[m[2]], "quarter")
    m = re.search(r"(\d{4})年(?:度)?[（(]?([上下])半年", compact)
    if m:
        return Period(int(m[1]), 1 if m[2] == "上" else 2, "half")
    return None
