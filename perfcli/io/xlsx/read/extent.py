"""The used area of each sheet (rows × columns), counted from the XML tokens of a zip part without building a
tree, and refused beyond the limits: calamine allocates a sheet's used area densely."""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable

from perfcli.io.xlsx.read.limits import Limits, Rejected
from perfcli.io.xlsx.read.zip_parts import ZIP_ERRORS, damaged_reason

# Elements may carry a namespace prefix (<x:row><x:c r="XFD1">): calamine reads those too. An address is
# the attribute r itself (white space before it), not x:r. A tag ends at a ">" outside quotes (an
# attribute value may hold one).
_XLSX_TOKENS = re.compile(rb"<(/?)(?:[A-Za-z_][\w.-]*:)?(row|c)\b((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>")
_ODS_TOKENS = re.compile(
    rb"<(/?)table:(table-row|table-cell|covered-table-cell|table)\b((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>"
)
_R_ATTR = re.compile(rb'\sr\s*=\s*["\']([A-Z]{1,3})?(\d+)["\']')
_ROWS_REPEATED = re.compile(rb'number-rows-repeated="(\d+)"')
_COLS_REPEATED = re.compile(rb'number-columns-repeated="(\d+)"')


# Every cell (row) tag, with its address when it has one: one scan gives the count and the addresses.
_CELL = re.compile(rb'<c(?=[\s>/])(?:[^>]*?\sr="([A-Z]{1,3})(\d+)")?')
_ROW = re.compile(rb'<row(?=[\s>/])(?:[^>]*?\sr="(\d+)")?')
_PREFIXED = re.compile(rb":(?:c|row)[\s>/]")  # a prefixed cell or row (or such text): the walker decides
_R_AFTER_BREAK = re.compile(rb"[\t\n\r]r\s*=")  # an attribute r after a tab or line break


def check_xlsx_sheet(zf: zipfile.ZipFile, info: zipfile.ZipInfo, whole: bytes | None, limits: Limits) -> None:
    """Refuse an .xlsx sheet part whose used area is beyond the limits; `whole` is the part when it was
    already read whole (the prolog check), so an ordinary sheet is not inflated twice."""
    if whole is None or not _small_sheet_within_limits(whole, limits):
        _check_sheet_extent(zf, info, limits, _XLSX_TOKENS, _xlsx_extent)


def check_ods_content(zf: zipfile.ZipFile, info: zipfile.ZipInfo, limits: Limits) -> None:
    """Refuse an .ods whose content.xml holds a sheet with a used area beyond the limits."""
    _check_sheet_extent(zf, info, limits, _ODS_TOKENS, _ods_extent)


def _small_sheet_within_limits(data: bytes, limits: Limits) -> bool:
    """The fast path for an ordinary sheet part (read whole, every cell addressed): the used area from a
    few regex scans in C. False means "look closer" (the streaming walker then decides)."""
    extent = _addressed_extent(data)
    if extent is None:
        return False
    rows, cols = extent
    return rows <= limits.max_rows and rows * max(cols, 1) <= limits.max_cells


def _addressed_extent(data: bytes) -> tuple[int, int] | None:
    """(rows, columns) of a sheet whose cells all carry an address; None when one does not."""
    if _PREFIXED.search(data):
        return None
    cells = _CELL.findall(data)  # (column letters, row number); (b"", b"") for a cell without one
    columns, numbers = zip(*cells, strict=True) if cells else ((), ())
    letters = set(columns)
    if b"" in letters:
        return None  # cells without an address: count them one by one
    row_numbers = _ROW.findall(data)  # b"" for a row without an address
    # a repeated r attribute (<c r="A1" r="XFD1">: calamine takes the last) must go to the walker: the
    # count of ' r="' is then more than one per addressed tag
    addressed = len(cells) + len(row_numbers) - row_numbers.count(b"")
    if data.count(b' r="') != addressed:
        return None
    if (b"\t" in data or b"\n" in data or b"\r" in data) and _R_AFTER_BREAK.search(data):
        return None
    # a cell's own address places it (calamine), even below the row it is written in
    rows = max(
        len(row_numbers),
        max(map(int, filter(None, set(row_numbers))), default=0),
        max(map(int, set(numbers)), default=0),
    )
    return rows, max(map(_col_number, letters), default=0)


def _col_number(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ch - 64
    return n


class _Extent:
    def __init__(self) -> None:
        self.rows = 0
        self.cols = 0
        self.row_cells = 0
        self.pending_rows = 0  # ods: repeated rows counted only when something follows them
        self.row_repeat = 1
        self.row_has_value = False


def _xlsx_extent(ext: _Extent, m: re.Match[bytes]) -> None:
    closing, tag, attrs = m.group(1), m.group(2), m.group(3)
    if closing:
        return
    # every r attribute counts, a repeated one too (calamine takes the last)
    addresses = _R_ATTR.findall(attrs)
    row = max((int(number) for _, number in addresses), default=0)
    if tag == b"row":
        ext.rows = max(ext.rows + 1, row)
        ext.row_cells = 0
    else:
        ext.row_cells += 1
        letters = [column for column, _ in addresses if column]
        col = max(map(_col_number, letters)) if letters else ext.row_cells
        ext.row_cells = col
        ext.cols = max(ext.cols, col)
        ext.rows = max(ext.rows, row)


def _ods_extent(ext: _Extent, m: re.Match[bytes]) -> None:
    closing, tag, attrs = m.group(1), m.group(2), m.group(3)
    if tag == b"table":
        if not closing:
            ext.pending_rows = 0
        return
    if tag == b"table-row":
        if closing:
            _ods_end_row(ext)
        else:
            rr = _ROWS_REPEATED.search(attrs)
            ext.row_repeat = int(rr.group(1)) if rr else 1
            ext.row_cells = 0
            ext.row_has_value = False
            if attrs.rstrip().endswith(b"/"):
                _ods_end_row(ext)
        return
    if closing:
        return
    cr = _COLS_REPEATED.search(attrs)
    repeat = int(cr.group(1)) if cr else 1
    has_value = b"value-type" in attrs or not attrs.rstrip().endswith(b"/")
    if has_value:
        ext.row_cells += repeat
        ext.cols = max(ext.cols, ext.row_cells)
        ext.row_has_value = True
    else:
        ext.row_cells += repeat  # empty cells widen the sheet only when a value follows them


def _ods_end_row(ext: _Extent) -> None:
    ext.pending_rows += ext.row_repeat
    if ext.row_has_value:
        ext.rows += ext.pending_rows
        ext.pending_rows = 0
    ext.row_repeat = 1


def _check_sheet_extent(
    zf: zipfile.ZipFile,
    info: zipfile.ZipInfo,
    limits: Limits,
    tokens: re.Pattern[bytes],
    step: Callable[[_Extent, re.Match[bytes]], None],
) -> None:
    """Stream one sheet part and refuse it when its used area is beyond the limits."""
    ext = _Extent()
    carry = b""
    try:
        with zf.open(info.filename) as fh:
            while True:
                chunk = fh.read(1024 * 1024)
                data = carry + chunk
                cut = data.rfind(b"<") if chunk else len(data)
                if cut < 0:
                    cut = len(data)
                for m in tokens.finditer(data, 0, cut):
                    step(ext, m)
                carry = data[cut:]
                if ext.rows > limits.max_rows:
                    raise Rejected(
                        f"行数过多：工作表部件 {info.filename} 超过 {limits.max_rows:,} 行，不像是监控表，已拒绝读取"
                    )
                if ext.rows * max(ext.cols, 1) > limits.max_cells:
                    raise Rejected(
                        f"表格范围过大：工作表部件 {info.filename} 使用区域达 {ext.rows:,} 行 × {ext.cols:,} 列，已拒绝读取"
                    )
                if not chunk:
                    break
    except ZIP_ERRORS as exc:
        raise Rejected(damaged_reason(info.filename, exc)) from None
