"""Dates in letters: 成文日期 in Chinese numerals (GB/T 9704), deadlines in working days (法定节假日 and
调休 from chinese-calendar; beyond its years, Monday–Friday with a note saying so)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from perfcli.errors import UsageError

_CN_DIGIT = "〇一二三四五六七八九"


def _cn_number(n: int) -> str:
    """1..31 in Chinese numerals as written in dates: 十, 十二, 二十, 三十一."""
    if n < 10:
        return _CN_DIGIT[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else _CN_DIGIT[tens]) + "十" + (_CN_DIGIT[ones] if ones else "")


def chinese_number(n: int) -> str:
    """1..99 in Chinese numerals, as 序号 （一）…（十二） and dates write them."""
    return _cn_number(n)


def chinese_date(day: date) -> str:
    """成文日期 as GB/T 9704 writes it: 2026-10-20 -> 二〇二六年十月二十日."""
    year = "".join(_CN_DIGIT[int(d)] for d in str(day.year))
    return f"{year}年{_cn_number(day.month)}月{_cn_number(day.day)}日"


def arabic_date(day: date) -> str:
    """2026-10-20 -> 2026年10月20日 (deadlines in body text)."""
    return f"{day.year}年{day.month}月{day.day}日"


@dataclass(frozen=True)
class WorkingDayDeadline:
    """A deadline N working days after a start date, and whether the holiday calendar covered it."""

    date: date
    working_days: int
    years_without_calendar: tuple[int, ...] = ()  # years counted Monday–Friday only

    @property
    def note(self) -> str | None:
        if not self.years_without_calendar:
            return None
        years = "、".join(str(y) for y in self.years_without_calendar)
        return f"节假日日历未收录 {years} 年，该年按周一至周五计算工作日，请核对放假安排。"


def is_working_day(day: date) -> tuple[bool, bool]:
    """(is a working day, the holiday calendar knew the date). Counts 法定节假日 and 调休 上班日."""
    import chinese_calendar

    try:
        return chinese_calendar.is_workday(day), True
    except NotImplementedError:  # the package only knows the years it was released with
        return day.weekday() < 5, False


def add_working_days(start: date, days: int) -> WorkingDayDeadline:
    """The date `days` working days after `start` (the start day itself is not counted)."""
    if days < 0:
        raise UsageError(f"工作日天数不能为负数：{days}")
    current, left, unknown = start, days, set()
    while left > 0:
        current += timedelta(days=1)
        working, known = is_working_day(current)
        if not known:
            unknown.add(current.year)
        if working:
            left -= 1
    return WorkingDayDeadline(current, days, tuple(sorted(unknown)))
