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
_CN_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4}


@dataclass(frozen=True, order=True)
class Period:
    """A reporting period: a quarter (kind "quarter", number 1–4) or a half year ("half", 1–2)."""

    year: int
    number: int
    kind: str = "quarter"

    @classmethod
    def parse(cls, text: str) -> Period:
        """Parse `2026Q3`, `2026-Q3`, `2026H1` (what the command line takes)."""
        m = re.fullmatch(r"\s*(\d{4})\s*[-_ ]?\s*([QqHh])\s*([1-4])\s*", text)
        if not m:
            raise UsageError(f"无法识别的期间“{text}”：请写成 2026Q3（季度）或 2026H1（半年）")
        year, letter, num = int(m[1]), m[2].upper(), int(m[3])
        if letter == "H" and num > 2:
            raise UsageError(f"无法识别的期间“{text}”：半年只有 H1、H2")
        return cls(year, num, "quarter" if letter == "Q" else "half")

    @property
    def code(self) -> str:
        return f"{self.year}{'Q' if self.kind == 'quarter' else 'H'}{self.number}"

    @property
    def quarter(self) -> int | None:
        return self.number if self.kind == "quarter" else None

    @property
    def label(self) -> str:
        """As printed on the form: （2026年度 三季度）."""
        name = QUARTER_NAMES[self.number] if self.kind == "quarter" else HALF_NAMES[self.number]
        return f"（{self.year}年度 {name}）"

    @property
    def name(self) -> str:
        """2026年三季度"""
        name = QUARTER_NAMES[self.number] if self.kind == "quarter" else HALF_NAMES[self.number]
        return f"{self.year}年{name}"

    @property
    def end(self) -> date:
        month = self.number * 3 if self.kind == "quarter" else self.number * 6
        return date(self.year, month, calendar.monthrange(self.year, month)[1])

    def due(self, days_after_end: int) -> date:
        return self.end + timedelta(days=days_after_end)

    @classmethod
    def from_json(cls, data: dict[str, int]) -> Period:
        """{"year": 2026, "quarter": 3} or {"year": 2026, "half": 1}, as to_json writes it."""
        if "half" in data:
            return cls(int(data["year"]), int(data["half"]), "half")
        return cls(int(data["year"]), int(data["quarter"]), "quarter")

    def to_json(self) -> dict:
        if self.kind == "quarter":
            return {"year": self.year, "quarter": self.number}
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
