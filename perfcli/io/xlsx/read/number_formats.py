"""What a number format makes of a number: the text the clerk sees (93.5%, 1,250.50) or a date.

Formats come from an .xlsx styles.xml (numFmts + cellXfs), an .xls XF record (xlrd) or an .ods style; each
is classified once per workbook, and only cells holding a number consult it. Formats that show a number
plainly (General, 0.00, text) leave it a number.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache
from typing import Any

from perfcli.model.values import ShownNumber, plain_number

# Built-in number formats that are not General (ECMA-376 18.8.30; 27–36 and 50–58 are the CJK dates of
# a Chinese Excel).
_BUILTIN = {
    3: "#,##0",
    4: "#,##0.00",
    9: "0%",
    10: "0.00%",
    37: "#,##0 ;(#,##0)",
    38: "#,##0 ;[Red](#,##0)",
    39: "#,##0.00;(#,##0.00)",
    40: "#,##0.00;[Red](#,##0.00)",
    14: "yyyy/m/d",
    15: "d-mmm-yy",
    16: "d-mmm",
    17: "mmm-yy",
    18: "h:mm AM/PM",
    19: "h:mm:ss AM/PM",
    20: "h:mm",
    21: "h:mm:ss",
    22: "yyyy/m/d h:mm",
    45: "mm:ss",
    46: "[h]:mm:ss",
    47: "mm:ss.0",
    **dict.fromkeys(range(27, 37), "yyyy年m月d日"),
    **dict.fromkeys(range(50, 59), "yyyy年m月d日"),
}

_QUOTED = re.compile(r'"[^"]*"|\\.|\[[^\]]*\]|_.|\*.')
_DECIMALS = re.compile(r"\.([0#?]+)")

Kind = tuple[str, int]  # ("percent" | "thousands" | "date" | "time", decimals)


@lru_cache(maxsize=1024)
def classify(code: str) -> Kind | None:
    """The kind of a format code, or None when it shows a number plainly."""
    section = code.split(";")[0]
    bare = _QUOTED.sub("", section)
    lower = bare.lower()
    if not bare.strip() or lower.strip() in ("general", "@"):
        return None
    decimals = _DECIMALS.search(bare)
    places = len(decimals.group(1)) if decimals else 0
    if "%" in bare:
        return ("percent", places)
    if re.search(r"[yd]", lower) or ("m" in lower and not re.search(r"[hs]", lower)):
        return ("date", 0)
    if re.search(r"[hs]", lower):
        return ("time", 0)
    if "," in bare and re.search(r"[0#]", bare):
        return ("thousands", places)
    return None


def serial_to_date(serial: float, date1904: bool = False) -> date | datetime | None:
    """An Excel date serial as a date (a datetime when it has a time of day); None when out of range."""
    base = datetime(1904, 1, 1) if date1904 else datetime(1899, 12, 30)
    if not date1904 and serial < 61:
        serial += 1  # Excel's phantom 1900-02-29: serials before it are one day off
    try:
        value = base + timedelta(days=serial)
    except (OverflowError, ValueError):
        return None
    seconds = round((serial - int(serial)) * 86400)
    if seconds in (0, 86400):
        return (value + timedelta(seconds=0.5)).date() if seconds else value.date()
    return value.replace(microsecond=0)


def shown(number: float, kind: Kind | None, date1904: bool = False) -> Any:
    """The number as a format of `kind` shows it (see module doc); the number itself for plain formats."""
    if kind is None:
        return number
    what, places = kind
    if what == "percent":
        # what the clerk typed (93.5%), not the display rounding of the format's decimals
        value = Decimal(repr(number)) * 100
        return ShownNumber(number, plain_number(value) + "%")
    if what == "thousands":
        value = Decimal(repr(number)).quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP)
        return ShownNumber(number, f"{value:,.{places}f}")
    if what == "date":
        return serial_to_date(number, date1904) or number
    seconds = round((number % 1) * 86400)
    return (
        f"{seconds // 3600:02d}:{seconds % 3600 // 60:02d}"
        if seconds % 60 == 0
        else (f"{seconds // 3600:02d}:{seconds % 3600 // 60:02d}:{seconds % 60:02d}")
    )


_NUMFMT = re.compile(
    r"<(?:\w+:)?numFmt\b[^>]*?numFmtId\s*=\s*[\"'](\d+)[\"'][^>]*?formatCode\s*=\s*(?:\"([^\"]*)\"|'([^']*)')"
)
_NUMFMT_REVERSED = re.compile(
    r"<(?:\w+:)?numFmt\b[^>]*?formatCode\s*=\s*(?:\"([^\"]*)\"|'([^']*)')[^>]*?numFmtId\s*=\s*[\"'](\d+)[\"']"
)
_CELL_XFS = re.compile(r"<(?:\w+:)?cellXfs\b[^>]*>(.*?)</(?:\w+:)?cellXfs>", re.DOTALL)
_XF = re.compile(r"<(?:\w+:)?xf\b([^>]*)>")
_XF_FMT = re.compile(r"\bnumFmtId\s*=\s*[\"'](\d+)[\"']")


class CellStyles:
    """An .xlsx workbook's cell styles: for each style index (a cell's s attribute), its number format's kind."""

    def __init__(self, kinds: list[Kind | None], date1904: bool) -> None:
        self.kinds, self.date1904 = kinds, date1904

    @classmethod
    def parse(cls, styles: str | None, date1904: bool = False) -> CellStyles:
        if not styles:
            return cls([], date1904)
        from perfcli.io.xlsx.read.grid import xml_unescape as unescape

        codes = dict(_BUILTIN)
        for m in _NUMFMT.finditer(styles):
            codes[int(m.group(1))] = unescape(m.group(2) if m.group(2) is not None else m.group(3) or "")
        for m in _NUMFMT_REVERSED.finditer(styles):
            codes[int(m.group(3))] = unescape(m.group(1) if m.group(1) is not None else m.group(2) or "")
        kinds: list[Kind | None] = []
        xfs = _CELL_XFS.search(styles)
        for m in _XF.finditer(xfs.group(1) if xfs else ""):
            fm = _XF_FMT.search(m.group(1))
            code = codes.get(int(fm.group(1))) if fm else None
            kinds.append(classify(code) if code else None)
        return cls(kinds, date1904)

    def shown(self, number: float, style: int) -> Any:
        kind = self.kinds[style] if 0 <= style < len(self.kinds) else None
        return shown(number, kind, self.date1904) if kind is not None else number
