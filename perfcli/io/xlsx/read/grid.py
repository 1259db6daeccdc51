"""Workbook -> sheets of cell values and merged ranges: .xlsx/.xlsm from the parts the guards already read
(perfcli.io.xlsx.read.cells), .ods with python-calamine, old .xls (and WPS .et saved as BIFF) with xlrd.

Values are what the clerk sees: number formats applied (perfcli.io.xlsx.read.number_formats), cached formula values,
the text of a formula that has none. Nothing is evaluated, macros in .xlsm never run. Control characters are
dropped from .xls and .ods text here; an .xlsx sheet is cleaned by clean_sheet when whoever reads its texts
finds one (returns.index, one search over all texts; the roster reader cleans every sheet), which costs an
ordinary return nothing more. Call only after perfcli.io.xlsx.read.safety.check_workbook passed.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

from perfcli.io.xlsx.read.limits import ENCRYPTED_REASON, Rejected
from perfcli.model.values import drop_control_chars

Merge = tuple[int, int, int, int]  # first row, first column, last row, last column (0-based, inclusive)


@lru_cache(maxsize=65536)  # every value and indicator cell is named; the same few thousand names recur
def a1(row: int, col: int) -> str:
    """0-based (row, col) -> A1."""
    letters, n = "", col + 1
    while n:
        n, rem = divmod(n - 1, 26)
        letters = chr(65 + rem) + letters
    return f"{letters}{row + 1}"


@dataclass
class Sheet:
    name: str
    rows: list[list[Any]]  # from A1; "" and None both mean empty
    merged: list[Merge] = field(default_factory=list)
    visible: bool = True
    formulas: dict[tuple[int, int], str] = field(default_factory=dict)  # (row, col) -> formula, no "="
    cleaned: list[tuple[int, int]] = field(default_factory=list)  # cells control characters were dropped from
    # cells holding an error value (#REF!, #DIV/0!, #N/A…): left empty in `rows`, named here so the reader
    # reports them instead of taking them for blanks
    errors: dict[tuple[int, int], str] = field(default_factory=dict)

    def value(self, row: int, col: int) -> Any:
        if 0 <= row < len(self.rows):
            line = self.rows[row]
            if 0 <= col < len(line):
                v = line[col]
                return None if v == "" else v
        return None

    @property
    def width(self) -> int:
        return max((len(r) for r in self.rows), default=0)


@dataclass
class Grid:
    sheets: list[Sheet]
    file_format: str
    saved_at: datetime | None = None
    identity_property: str | None = None  # custom document property perfcli.identity (xlsx)


def clean_sheet(sheet: Sheet) -> None:
    """Drop control characters from every text of `sheet` (formula texts too), noting each cell."""
    for r, line in enumerate(sheet.rows):
        for c, value in enumerate(line):
            if isinstance(value, str) and value:
                cleaned = drop_control_chars(value)
                if cleaned is not value:
                    line[c] = cleaned
                    sheet.cleaned.append((r, c))
    for pos, formula in sheet.formulas.items():
        sheet.formulas[pos] = drop_control_chars(formula)


def load_grid(
    path: Path,
    file_format: str,
    *,
    max_rows: int = 100_000,
    max_cells: int = 5_000_000,
    properties: Mapping[str, bytes] | None = None,
    contents: Mapping[str, bytes] | None = None,
    max_part_bytes: int = 50 * 1024 * 1024,
    names: tuple[str, ...] = (),
) -> Grid:
    """Every sheet's values (hidden sheets too). Raises Rejected when the reader cannot read the file.

    `properties` is Checked.properties from check_workbook: the document-property parts already read, so
    the zip is not opened again for the save time and identity property (None: read them from the file).

    .xls goes through xlrd: calamine lays an .xls sheet out densely, so two cells at A1 and IV65536 of a
    6 KB file cost it a gigabyte; xlrd keeps rows ragged and lets us check the used area first."""
    if file_format == "xls":
        return _load_xlrd(path, max_rows, max_cells)
    try:
        grid = _load_calamine(path, file_format, max_rows)
        if file_format != "ods":
            from perfcli.io.xlsx.read.cells import supplement_xlsx

            with _Parts(path, contents or {}, max_part_bytes, names) as parts:
                supplement_xlsx(grid.sheets, parts.read)
    except Rejected:
        raise
    except (
        BaseException
    ) as exc:  # calamine's own error family (CalamineError, XmlError, ZipError…) and panics
        if not isinstance(exc, Exception) and type(exc).__name__ != "PanicException":
            raise  # KeyboardInterrupt, SystemExit
        if (
            "password" in str(exc).lower()
            or "encrypt" in str(exc).lower()
            or type(exc).__name__ == "PasswordError"
        ):
            raise Rejected(ENCRYPTED_REASON) from None
        raise Rejected(f"文件已损坏，无法读取（{_short(exc)}），请用 Excel/WPS 重新保存后报送") from None
    try:
        grid.saved_at, grid.identity_property = _zip_properties(path, file_format, properties)
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError, ValueError):
        pass  # the save time and identity property are optional; a damaged properties part loses only them
    return grid


def _short(exc: BaseException) -> str:
    text = str(exc).replace("\n", " ")
    return text[:160]


class _Parts:
    """The parts of an .xlsx: those the checks kept, else read (bounded) from the file, opened only then."""

    def __init__(self, path: Path, contents: Mapping[str, bytes], limit: int, names: tuple[str, ...]) -> None:
        self.path, self.contents, self.limit = path, contents, limit
        self.names = frozenset(names)
        self.zf: zipfile.ZipFile | None = None

    def __enter__(self) -> _Parts:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.zf is not None:
            self.zf.close()

    def read(self, name: str) -> bytes | None:
        if name in self.contents:
            return self.contents[name]
        if self.names and name not in self.names:
            return None
        if self.zf is None:
            self.zf = zipfile.ZipFile(self.path)
        try:
            info = self.zf.getinfo(name)
        except KeyError:
            return None
        with self.zf.open(info) as fh:
            return fh.read(self.limit)


def _load_calamine(path: Path, file_format: str, max_rows: int) -> Grid:
    from python_calamine import CalamineWorkbook, SheetVisibleEnum

    workbook = CalamineWorkbook.from_path(str(path))
    try:
        sheets = []
        for meta in workbook.sheets_metadata:
            sheet = workbook.get_sheet_by_name(meta.name)
            if sheet.total_height > max_rows:
                raise Rejected(
                    f"行数过多：工作表“{meta.name}”有 {sheet.total_height:,} 行，不像是监控表，已拒绝读取"
                )
            rows = sheet.to_python(skip_empty_area=False)
            merged = [(a[0], a[1], b[0], b[1]) for a, b in (sheet.merged_cell_ranges or [])]
            sheets.append(Sheet(meta.name, rows, merged, meta.visible == SheetVisibleEnum.Visible))
    finally:
        workbook.close()
    if file_format == "ods":
        _ods_merges(path, sheets)
        for read in sheets:
            clean_sheet(read)
    return Grid(sheets, file_format)


def _load_xlrd(path: Path, max_rows: int, max_cells: int) -> Grid:
    """An .xls workbook (BIFF): values by xlrd with ragged rows, merged ranges from its formatting info."""
    import xlrd

    try:
        # xlrd writes warnings to stdout by default: keep them out of `--json` output
        book = xlrd.open_workbook(
            str(path),
            formatting_info=True,
            on_demand=True,
            ragged_rows=True,
            logfile=io.StringIO(),
            verbosity=0,
        )
        try:
            return Grid([_xls_sheet(book, i, max_rows, max_cells, xlrd) for i in range(book.nsheets)], "xls")
        finally:
            book.release_resources()
    except Rejected:
        raise
    except xlrd.biffh.XLRDError as exc:
        if "encrypt" in str(exc).lower():
            raise Rejected(ENCRYPTED_REASON) from None
        raise Rejected(f"文件已损坏，无法读取（{_short(exc)}），请用 Excel/WPS 另存为 .xlsx 后报送") from None
    except Exception as exc:  # xlrd fails on damaged BIFF with whatever its parser trips on; name it
        raise Rejected(
            f"文件已损坏，无法读取（{type(exc).__name__}: {_short(exc)}），请用 Excel/WPS 另存为 .xlsx 后报送"
        ) from None


def _xls_sheet(book: Any, index: int, max_rows: int, max_cells: int, xlrd: Any) -> Sheet:
    sh = book.sheet_by_index(index)
    width = max((sh.row_len(r) for r in range(sh.nrows)), default=0)
    if sh.nrows > max_rows:
        raise Rejected(f"行数过多：工作表“{sh.name}”有 {sh.nrows:,} 行，不像是监控表，已拒绝读取")
    if sh.nrows * max(width, 1) > max_cells:
        raise Rejected(
            f"表格范围过大：工作表“{sh.name}”使用区域达 {sh.nrows:,} 行 × {width:,} 列，已拒绝读取"
        )
    kinds = _xls_format_kinds(book)
    rows = [[_xls_value(cell, book.datemode, xlrd, kinds) for cell in sh.row(r)] for r in range(sh.nrows)]
    merged = [(r0, c0, r1 - 1, c1 - 1) for r0, r1, c0, c1 in sh.merged_cells]
    sheet = Sheet(sh.name, rows, merged, sh.visibility == 0)
    for r in range(sh.nrows):
        for c, cell in enumerate(sh.row(r)):
            if cell.ctype == xlrd.XL_CELL_ERROR:
                sheet.errors[(r, c)] = xlrd.error_text_from_code.get(cell.value, "#VALUE!")
    book.unload_sheet(index)
    clean_sheet(sheet)
    return sheet


def _xls_format_kinds(book: Any) -> dict[int, Any]:
    """XF record index -> the kind of its number format (percent, thousands), for those that have one."""
    from perfcli.io.xlsx.read.number_formats import classify

    kinds = getattr(book, "_perfcli_kinds", None)
    if kinds is None:
        kinds = {}
        for i, xf in enumerate(book.xf_list):
            fmt = book.format_map.get(xf.format_key)
            kind = classify(fmt.format_str) if fmt is not None and fmt.format_str else None
            if kind is not None and kind[0] in ("percent", "thousands"):
                kinds[i] = kind
        book._perfcli_kinds = kinds
    return kinds


def _xls_value(cell: Any, datemode: int, xlrd: Any, kinds: dict[int, Any]) -> Any:
    if cell.ctype == xlrd.XL_CELL_DATE:
        try:
            value = xlrd.xldate.xldate_as_datetime(cell.value, datemode)
        except (ValueError, OverflowError, xlrd.xldate.XLDateError):
            return cell.value
        return value.date() if value.time() == datetime.min.time() else value
    if cell.ctype == xlrd.XL_CELL_BOOLEAN:
        return bool(cell.value)
    if cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK, xlrd.XL_CELL_ERROR):
        return ""
    if cell.ctype == xlrd.XL_CELL_NUMBER and cell.xf_index in kinds:
        from perfcli.io.xlsx.read.number_formats import shown

        return shown(cell.value, kinds[cell.xf_index])
    return cell.value


_MODIFIED = re.compile(rb"<dcterms:modified[^>]*>([^<]+)</dcterms:modified>")
_ODS_DATE = re.compile(rb"<dc:date>([^<]+)</dc:date>")
_PROPERTY = re.compile(
    rb'<property[^>]*name="perfcli\.identity"[^>]*>\s*<(?:\w+:)?lpwstr\b[^>]*>(.*?)</(?:\w+:)?lpwstr>',
    re.DOTALL,
)


def _zip_properties(
    path: Path, file_format: str, properties: Mapping[str, bytes] | None
) -> tuple[datetime | None, str | None]:
    """When the clerk last saved the file (docProps/core.xml or meta.xml) and the identity property."""
    part = "meta.xml" if file_format == "ods" else "docProps/core.xml"
    if properties is None:
        properties = _read_parts(path, (part, "docProps/custom.xml"), 1024 * 1024)
    saved_at = identity = None
    if part in properties:
        m = (_ODS_DATE if file_format == "ods" else _MODIFIED).search(properties[part][: 256 * 1024])
        if m:
            saved_at = _parse_iso(m.group(1).decode("utf-8", "replace").strip())
    if "docProps/custom.xml" in properties:
        m = _PROPERTY.search(properties["docProps/custom.xml"][: 1024 * 1024])
        if m:
            identity = xml_unescape(m.group(1).decode("utf-8", "replace"))
    return saved_at, identity


def _read_parts(path: Path, parts: tuple[str, ...], limit: int) -> dict[str, bytes]:
    """The first `limit` bytes of each of `parts` the zip at `path` has."""
    out = {}
    with zipfile.ZipFile(path) as zf:
        names = set(zf.namelist())
        for part in parts:
            if part in names:
                with zf.open(part) as fh:
                    out[part] = fh.read(limit)
    return out


def _parse_iso(text: str) -> datetime | None:
    try:
        value = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return value if value.tzinfo else value.replace(tzinfo=UTC)


_ENTITY = re.compile(r"&(#[0-9]+|#x[0-9A-Fa-f]+|lt|gt|amp|quot|apos);")
_NAMED = {"lt": "<", "gt": ">", "amp": "&", "quot": '"', "apos": "'"}


def xml_unescape(text: str) -> str:
    """XML attribute or text content -> the text: the five named entities and character references."""
    return _ENTITY.sub(_entity, text) if "&" in text else text


def _entity(m: re.Match[str]) -> str:
    name = m.group(1)
    if name[0] != "#":
        return _NAMED[name]
    code = int(name[2:], 16) if name[1] in "xX" else int(name[1:])
    return chr(code) if 0 < code < 0x110000 else ""


_ODS_TABLE = re.compile(rb'<table:table\b[^>]*table:name="([^"]*)"')
_ODS_TOKEN = re.compile(rb"<(/?)table:(table-row|table-cell|covered-table-cell)\b([^>]*?)(/?)>")
_SPAN_ROWS = re.compile(rb'number-rows-spanned="(\d+)"')
_SPAN_COLS = re.compile(rb'number-columns-spanned="(\d+)"')
_REP_ROWS = re.compile(rb'number-rows-repeated="(\d+)"')
_REP_COLS = re.compile(rb'number-columns-repeated="(\d+)"')


def _show_percent(sheet: Sheet, row: int, col: int) -> None:
    from perfcli.io.xlsx.read.number_formats import shown

    if 0 <= row < len(sheet.rows) and col < len(sheet.rows[row]):
        value = sheet.rows[row][col]
        if isinstance(value, float):
            sheet.rows[row][col] = shown(value, ("percent", 0))


def _ods_merges(path: Path, sheets: list[Sheet]) -> None:
    """calamine reports no merged ranges for .ods: take them from content.xml's spanned cells; and it
    reads a percentage cell as its fraction (0.935): give it the text the clerk sees (93.5%)."""
    with zipfile.ZipFile(path) as zf, zf.open("content.xml") as fh:
        content = fh.read()
    by_name = {s.name: s for s in sheets}
    tables = list(_ODS_TABLE.finditer(content))
    for i, table in enumerate(tables):
        sheet = by_name.get(xml_unescape(table.group(1).decode("utf-8", "replace")))
        if sheet is None:
            continue
        end = tables[i + 1].start() if i + 1 < len(tables) else len(content)
        row, col, extra_rows = -1, 0, 0
        for m in _ODS_TOKEN.finditer(content, table.end(), end):
            closing, tag, attrs = m.group(1), m.group(2), m.group(3)
            if tag == b"table-row":
                if not closing:
                    row, col = row + 1 + extra_rows, 0
                    rep = _REP_ROWS.search(attrs)
                    extra_rows = int(rep.group(1)) - 1 if rep else 0
                continue
            if closing:
                continue
            if tag == b"table-cell" and b'value-type="percentage"' in attrs:
                _show_percent(sheet, row, col)
            rs, cs = _SPAN_ROWS.search(attrs), _SPAN_COLS.search(attrs)
            if tag == b"table-cell" and (rs or cs):
                nr, nc = int(rs.group(1)) if rs else 1, int(cs.group(1)) if cs else 1
                if nr > 1 or nc > 1:
                    sheet.merged.append((row, col, row + nr - 1, col + nc - 1))
            rep = _REP_COLS.search(attrs)
            col += int(rep.group(1)) if rep else 1
