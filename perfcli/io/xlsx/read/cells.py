"""What calamine does not say about an .xlsx/.xlsm's cells, taken from the XML the guards already inflated:
number formats (93.5%, 1,250.50; calamine itself turns date formats into dates) and formulas (the text of
one without a cached value).

Each supplement is triggered by a literal search in C on the part's bytes, so an ordinary return pays for
one search for a formula and one for the cells whose style shows a percentage or thousands separators.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from functools import lru_cache

from perfcli.io.xlsx.read.grid import Sheet, xml_unescape
from perfcli.io.xlsx.read.number_formats import CellStyles
from perfcli.model.values import ShownNumber

PartReader = Callable[[str], bytes | None]  # the bytes of a part (None when the workbook has none)

_P = r"(?:[A-Za-z_][\w.-]*:)?"  # an optional namespace prefix (<x:c>)
_SHEET = re.compile(r"<" + _P + r"sheet\b([^>]*)>")
_ATTR = re.compile(r'([\w:]+)\s*=\s*(?:"([^"]*)"|\'([^\']*)\')')
_REL = re.compile(r"<" + _P + r"Relationship\b([^>]*)>")
_TOKEN = re.compile(
    r"<" + _P + r"(?:row\b((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>|c\b((?:[^>\"'/]|\"[^\"]*\"|'[^']*')*)"
    r"(?:/>|>(.*?)</" + _P + r"c>))",
    re.DOTALL,
)
_F = re.compile(r"<" + _P + r"f\b([^>]*?)(?:/>|>(.*?)</" + _P + r"f>)", re.DOTALL)
_V = re.compile(r"<" + _P + r"v\b[^>]*?(?:/>|>(.*?)</" + _P + r"v>)", re.DOTALL)
_CELL_REF = re.compile(r"\br\s*=\s*[\"']([A-Z]{1,3})(\d+)[\"']")
_ROW_REF = re.compile(r"\br\s*=\s*[\"'](\d+)[\"']")
_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")
# the end of a cell formula, prefixed or not (</f>, </x:f>; never a dropdown's </formula1>): one literal
# search; a rare false hit only costs the walker's look at the cells
_FORMULA_END = re.compile(rb"f>")


def _has_error_value(data: bytes) -> bool:
    """A cell of type e (an error value: Excel and WPS write t="e"; calamine reads it as empty): one
    literal search in C."""
    if b't="e"' in data:
        return True
    first = data.find(b"<c ")  # a writer quoting its attributes with ' (rare): search for that form too
    return first >= 0 and b"='" in data[first : first + 64] and b"t='e'" in data


def _has_formula(data: bytes) -> bool:
    return _FORMULA_END.search(data) is not None


def supplement_xlsx(sheets: list[Sheet], part: PartReader) -> None:
    """Apply number formats and formula texts to sheets calamine read (control characters: see
    perfcli.io.xlsx.read.grid.clean_sheet, applied by whoever looks at the sheet's texts)."""
    parts = _sheet_parts(part("xl/workbook.xml") or b"", part("xl/_rels/workbook.xml.rels") or b"")
    styles = part("xl/styles.xml")
    shown = _shown_styles(styles) if styles else {}
    for sheet in sheets:
        target = parts.get(sheet.name)
        data = part(target) if target else None
        if data is None:
            continue
        if shown:
            _apply_formats(sheet, data, shown)
        if _has_formula(data):
            _apply_formulas(sheet, data)
        if _has_error_value(data):
            _note_errors(sheet, data)


@lru_cache(maxsize=256)  # a batch's workbooks repeat a few layouts of sheets
def _sheet_parts(workbook_xml: bytes, rels_xml: bytes) -> dict[str, str]:
    """Sheet name -> its part (xl/worksheets/sheet1.xml), from workbook.xml and its relationships."""
    workbook = _text(workbook_xml) or ""
    targets = _relationships(_text(rels_xml) or "")
    parts = {}
    for m in _SHEET.finditer(workbook):
        attrs = _attrs(m.group(1))
        parts[_unescape(attrs.get("name", ""))] = targets.get(attrs.get("r:id") or attrs.get("id") or "", "")
    return parts


@lru_cache(maxsize=64)  # the returns of one batch share a handful of styles.xml (one per template)
def _shown_styles(styles: bytes) -> dict[int, tuple[str, int]]:
    """Style index -> kind, for the styles whose number format shows a percentage or thousands separators."""
    parsed = CellStyles.parse(_text(styles))
    return {
        i: kind
        for i, kind in enumerate(parsed.kinds)
        if kind is not None and kind[0] in ("percent", "thousands")
    }


@lru_cache(maxsize=64)
def _style_attribute(styles: frozenset[int]) -> re.Pattern[bytes]:
    """s="18" for any of `styles`, searched for literally (the writers put one space before each
    attribute), so only cells in those styles cost a Python step."""
    return re.compile(rb' s="(' + b"|".join(str(i).encode() for i in sorted(styles)) + rb')"')


_CELL_START = re.compile(rb'<(?:[A-Za-z_][\w.-]*:)?c\s(?:[^>]*?\s)?r="([A-Z]{1,3})(\d+)"')


def _apply_formats(sheet: Sheet, data: bytes, shown: dict[int, tuple[str, int]]) -> None:
    from perfcli.io.xlsx.read.number_formats import shown as show

    styled: list[tuple[int, int, int]] = []
    for m in _style_attribute(frozenset(shown)).finditer(data):
        start = data.rfind(b"<", 0, m.start())
        cell = _CELL_START.match(data, start) if start >= 0 else None
        if cell is None or data.find(b">", start) < m.start():
            if data.startswith(b"<row", start) or data.find(b":row", start, m.start()) >= 0:
                continue  # a row's style, not a cell's
            styled = [(r, c, _style(attrs)) for r, c, attrs, _body in _cells(_text(data) or "")]
            break  # a cell without an address: the walker places every cell
        styled.append((int(cell.group(2)) - 1, _col(cell.group(1).decode()), int(m.group(1))))
    rows = sheet.rows
    for r, c, style in styled:
        kind = shown.get(style)
        if kind is None or r >= len(rows) or c >= len(rows[r]):
            continue
        value = rows[r][c]
        if isinstance(value, float) and type(value) is not ShownNumber:
            rows[r][c] = show(value, kind)


def _style(attrs: str) -> int:
    for key, a, b in _ATTR.findall(attrs):
        if key == "s":
            value = a or b
            return int(value) if value.isdigit() else -1
    return -1


def _apply_formulas(sheet: Sheet, data: bytes) -> None:
    """Note every formula; a cell whose formula has no cached value gets the formula's text ("=…")."""
    rows = sheet.rows
    shared: dict[str, str] = {}  # si -> the text of a shared formula (its other cells carry none)
    for r, c, _attrs_text, body in _cells(_text(data) or ""):
        fm = _F.search(body) if body else None
        if fm is None:
            continue
        formula = _unescape(fm.group(2) or "")
        attrs = _attrs(fm.group(1))
        if attrs.get("t") == "shared" and "si" in attrs:
            formula = shared.setdefault(attrs["si"], formula) if formula else shared.get(attrs["si"], "")
        sheet.formulas[(r, c)] = formula
        value = rows[r][c] if r < len(rows) and c < len(rows[r]) else None
        if value is None or value == "":
            vm = _V.search(body)
            if vm and vm.group(1):
                continue  # a cached value calamine left out (an error value such as #N/A)
            while len(rows) <= r:
                rows.append([])
            line = rows[r]
            if len(line) <= c:
                line.extend([""] * (c + 1 - len(line)))
            line[c] = "=" + formula


def _note_errors(sheet: Sheet, data: bytes) -> None:
    """Every cell of type e (an error value, a formula's cached one too) -> sheet.errors, its text kept."""
    for r, c, attrs, body in _cells(_text(data) or ""):
        if _attrs(attrs).get("t") != "e":
            continue
        vm = _V.search(body) if body else None
        sheet.errors[(r, c)] = _unescape(vm.group(1) or "") if vm else "#VALUE!"
        if r < len(sheet.rows) and c < len(sheet.rows[r]) and isinstance(sheet.rows[r][c], str):
            if sheet.rows[r][c].startswith("#"):
                sheet.rows[r][c] = ""


def _cells(data: str) -> Iterator[tuple[int, int, str, str]]:
    """Every cell in document order: (row, column, attributes, body); a cell without an address follows
    the one before it, as calamine places it."""
    row, col = -1, -1
    start = max(data.find("sheetData"), 0)
    for m in _TOKEN.finditer(data, start):
        row_attrs, cell_attrs, body = m.group(1), m.group(2), m.group(3)
        if row_attrs is not None:
            rm = _ROW_REF.search(row_attrs)
            row, col = (int(rm.group(1)) - 1 if rm else row + 1), -1
            continue
        cm = _CELL_REF.search(cell_attrs or "")
        if cm:
            row, col = int(cm.group(2)) - 1, _col(cm.group(1))
        else:
            row, col = max(row, 0), col + 1
        yield row, col, cell_attrs or "", body or ""


def _col(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n - 1


def _text(data: bytes | None) -> str | None:
    if data is None:
        return None
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", "replace")
    return data.decode("utf-8", "replace")


def _attrs(text: str) -> dict[str, str]:
    return {k: a or b for k, a, b in _ATTR.findall(text)}


def _relationships(rels: str) -> dict[str, str]:
    """Relationship id -> part name (targets are relative to xl/, or absolute from the package root)."""
    out = {}
    for m in _REL.finditer(rels):
        attrs = _attrs(m.group(1))
        target = attrs.get("Target", "")
        target = target.lstrip("/") if target.startswith("/") else "xl/" + target.removeprefix("./")
        out[attrs.get("Id", "")] = target
    return out


def _unescape(text: str) -> str:
    """XML text -> the text: entity references, then OOXML's _xHHHH_ escapes."""
    text = xml_unescape(text)
    if "_x" in text:
        text = _ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), text)
    return text
