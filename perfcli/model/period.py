"""Reporting periods (2026Q3, 2026H1), their end dates, due dates and 序时进度."""

from __future__ import annotations

import calendar
import re
import unicodedata
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
        """Parse what the command line takes: the codes `2026Q3`, `2026-Q3`, `2026H1`, `2026M7`, and what perfcli
        prints — the names 2026年三季度, 2026年上半年, 2026年1-7月 and the form's label （2026年度 三季度）."""
        m = re.fullmatch(r"\s*(\d{4})\s*[-_ ]?\s*([QqHhMm])\s*(1[0-2]|[1-9])\s*", text)
        if not m:
            named = _NAMED.fullmatch(_compact(text).strip("()"))
            if named:
                return _named_period(named)
            yearly = (
                "；年度的表（绩效目标申报表、自评表）生成时加 --stage targets 或 --stage self-evaluation，"
                "校验时按表上的年度读取，不必写 --period"
                if re.fullmatch(r"\s*\d{4}\s*年?度?\s*", text)
                else ""
            )
            raise UsageError(
                f"无法识别的期间“{text}”：请写成 2026Q3（季度）、2026H1（半年）或 2026M7（1-7月），"
                f"也可写 2026年三季度、2026年上半年、2026年1-7月{yearly}"
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


# A period in words, as forms and perfcli's own output write it: 2026年三季度, （2026年度 第3季度）, 2026年上半年,
# 2026年1-7月. Form text is searched for the quarter and half-year forms only (a 1-X月 there is a column
# heading of the national 监控表, not the form's period); a typed --period may be any of them.
_QUARTER = r"第?(?P<quarter>[一二三四1-4])季度"
_HALF = r"(?P<half>[上下])半年"
_MONTHS = r"1[-~至到](?P<month>1[0-2]|[1-9])月"
_NAMED = re.compile(rf"(?P<year>\d{{4}})年度?\(?(?:{_QUARTER}|{_HALF}|{_MONTHS})")
_NAMED_IN_FORM = re.compile(rf"(?P<year>\d{{4}})年度?\(?(?:{_QUARTER}|{_HALF})")


def _compact(text: str) -> str:
    """Full-width forms folded (（ → (, １ → 1, － → -), dashes made one, white space removed."""
    folded = unicodedata.normalize("NFKC", text)
    return re.sub(r"\s+", "", re.sub("[—–－~〜]", "-", folded))


def _named_period(m: re.Match[str]) -> Period:
    year = int(m["year"])
    if m["quarter"]:
        return Period(year, _CN_DIGITS[m["quarter"]], "quarter")
    if m["half"]:
        return Period(year, 1 if m["half"] == "上" else 2, "half")
    return Period(year, int(m["month"]), "month")


def parse_period_text(text: str) -> Period | None:
    """Find a period in form text: （2026年度 三季度）, (2026 年度 第3季度), 2026年第三季度, 2026年上半年."""
    if "年" not in text:  # most header cells: no need to fold them
        return None
    m = _NAMED_IN_FORM.search(_compact(text))
    return _named_period(m) if m else None
