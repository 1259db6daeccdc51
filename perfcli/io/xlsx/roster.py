"""The roster workbook on disk: read its sheets as raw rows, write sheets with headers, dropdowns and widths.

Only this module touches openpyxl (reading) and XlsxWriter (writing) for the roster; perfcli.roster gives the rows their meaning.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from perfcli.errors import InputDataError

DATA_VALIDATION_ROWS = 2000  # dropdowns reach this far below the header, beyond any real roster
MAX_ROSTER_ROWS = 1_000_000  # a province's indicators fit; the guards still refuse a zip bomb
MAX_ROSTER_CELLS = 20_000_000


@dataclass(frozen=True)
class SheetColumn:
    """One column as it is written: header text, width, number format and optional dropdown choices."""

    header: str
    width: float = 14
    number_format: str | None = None  # "@" keeps codes as text, "#,##0.00" for 万元
    choices: tuple[str, ...] = ()
    prompt: str | None = None  # input message shown when the cell is selected


@dataclass
class SheetLayout:
    name: str
    instruction: str  # row 1, merged across the columns, italic grey
    columns: list[SheetColumn]
    rows: list[list[Any]] = field(default_factory=list)


# row number (1-based), column (0-based), cell (A1), formula (None: control characters were dropped)
CellMark = tuple[int, int, str, str | None]


def read_sheets(
    path: Path, marks: dict[str, list[CellMark]] | None = None
) -> dict[str, list[tuple[int, tuple[Any, ...]]]]:
    """Every sheet's non-empty rows as (row number, values); cached values only, nothing is evaluated.

    `marks`, when given, receives per sheet the cells holding a formula (read as its cached value, or as
    its text "=…" when it has none) and the cells control characters were dropped from.

    Goes through the same guards as returned workbooks (zip bombs, entity attacks, encrypted files), so
    .xlsx, .xls and .ods rosters all work. Raises InputDataError when the file is missing or unreadable.
    """
    from perfcli.io.xlsx.read.grid import a1, clean_sheet, load_grid
    from perfcli.io.xlsx.read.safety import Limits, Rejected, check_workbook

    path = Path(path)
    if not path.is_file():
        raise InputDataError(
            f"找不到名册文件：{path}", details=["请检查路径，或先用 perfcli init 生成空白名册后填写。"]
        )
    try:
        checked = check_workbook(path, Limits(max_rows=MAX_ROSTER_ROWS, max_cells=MAX_ROSTER_CELLS))
        grid = load_grid(
            path,
            checked.file_format,
            max_rows=MAX_ROSTER_ROWS,
            properties=checked.properties,
            contents=checked.contents,
            names=checked.parts,
        )
    except Rejected as exc:
        raise InputDataError(
            f"名册文件无法读取：{path}（{exc.reason}）",
            details=["请用 Excel 或 WPS 打开后另存为“Excel 工作簿（*.xlsx）”再试。"],
        ) from None
    sheets: dict[str, list[tuple[int, tuple[Any, ...]]]] = {}
    for sheet in grid.sheets:
        clean_sheet(sheet)
        rows = []
        for number, values in enumerate(sheet.rows, start=1):
            if any(v is not None and str(v).strip() != "" for v in values):
                rows.append((number, tuple(None if v == "" else v for v in values)))
        sheets[sheet.name] = rows
        if marks is not None:
            marks[sheet.name] = [(r + 1, c, a1(r, c), f) for (r, c), f in sorted(sheet.formulas.items())] + [
                (r + 1, c, a1(r, c), None) for r, c in sorted(set(sheet.cleaned))
            ]
    return sheets


def write_sheets(path: Path, sheets: list[SheetLayout]) -> None:
    """Write the roster workbook: instruction line, bold header on row 2 (frozen), data from row 3.

    XlsxWriter in constant-memory mode, row by row: a city's roster (10,000 projects, 50,000 indicators) is
    written in seconds without being held as a workbook."""
    import xlsxwriter

    book = xlsxwriter.Workbook(str(path), {"constant_memory": True, "strings_to_formulas": False})
    try:
        formats = _RosterFormats(book)
        for layout in sheets:
            _write_sheet(book.add_worksheet(layout.name), layout, formats)
    finally:
        book.close()


class _RosterFormats:
    """The roster's cell formats, one per number format a column asks for."""

    def __init__(self, book: Any) -> None:
        self.book = book
        line = {"font_name": "宋体", "font_size": 11, "border": 1, "border_color": "#999999"}
        self.line = line
        self.note = book.add_format(
            {"font_name": "宋体", "italic": True, "font_color": "#808080", "font_size": 10, "text_wrap": True,
             "valign": "vcenter"}
        )  # fmt: skip
        self.header = book.add_format(
            {
                **line,
                "bold": True,
                "bg_color": "#DDEBF7",
                "align": "center",
                "valign": "vcenter",
                "text_wrap": True,
            }
        )
        self._body: dict[str | None, Any] = {}

    def empty(self, number_format: str) -> Any:
        """An empty cell below the rows: only its number format (a code typed as 0101 stays text)."""
        key = f"empty:{number_format}"
        if key not in self._body:
            self._body[key] = self.book.add_format({"num_format": number_format})
        return self._body[key]

    def body(self, number_format: str | None) -> Any:
        if number_format not in self._body:
            extra = {"num_format": number_format} if number_format else {}
            self._body[number_format] = self.book.add_format({**self.line, **extra})
        return self._body[number_format]


def _write_sheet(ws: Any, layout: SheetLayout, formats: _RosterFormats) -> None:
    width = len(layout.columns)
    ws.set_row(0, 32)
    ws.set_row(1, 30)
    for index, column in enumerate(layout.columns):
        ws.set_column(index, index, column.width)
    ws.merge_range(0, 0, 0, width - 1, layout.instruction, formats.note)
    for index, column in enumerate(layout.columns):
        ws.write_string(1, index, column.header, formats.header)
    for r, values in enumerate(layout.rows, start=2):
        for c, column in enumerate(layout.columns):
            _write_value(ws, r, c, values[c] if c < len(values) else None, column, formats)
    last_row = max(DATA_VALIDATION_ROWS, len(layout.rows) + 500)
    # format empty cells too, so a code typed as 0101 stays text
    formatted = [(c, column) for c, column in enumerate(layout.columns) if column.number_format]
    for r in range(len(layout.rows) + 2, min(last_row, 502)):
        for c, column in formatted:
            ws.write_blank(r, c, None, formats.empty(str(column.number_format)))
    for index, column in enumerate(layout.columns):
        rule = _validation(column)
        if rule is not None:
            ws.data_validation(2, index, last_row - 1, index, rule)
    ws.freeze_panes(2, 0)
    ws.autofilter(1, 0, max(1, len(layout.rows) + 1), width - 1)
    ws.set_landscape()
    ws.set_paper(9)  # A4
    ws.fit_to_pages(1, 0)
    ws.repeat_rows(1)


def _write_value(ws: Any, r: int, c: int, value: Any, column: SheetColumn, formats: _RosterFormats) -> None:
    cell_format = formats.body(column.number_format)
    if value is None:
        ws.write_blank(r, c, None, cell_format)
    elif isinstance(value, str):
        ws.write_string(r, c, value, cell_format)  # a target like "=100%" is text, never a formula
    elif isinstance(value, bool):
        ws.write_boolean(r, c, value, cell_format)
    elif isinstance(value, (int, float, Decimal)):
        ws.write_number(r, c, float(value), cell_format)
    elif isinstance(value, (date, datetime)):
        ws.write_datetime(r, c, value, formats.body(column.number_format or "yyyy-mm-dd"))
    else:
        ws.write_string(r, c, str(value), cell_format)


def _validation(column: SheetColumn) -> dict[str, Any] | None:
    rule: dict[str, Any]
    if column.choices:
        # inline lists survive re-saves by WPS and LibreOffice, unlike references to other sheets
        rule = {
            "validate": "list",
            "source": list(column.choices),
            "error_title": "取值不在列表中",
            "error_message": ("请从下拉列表中选择：" + "、".join(column.choices))[:255],
        }
    elif column.prompt:
        rule = {"validate": "any"}
    else:
        return None
    if column.prompt:
        rule["input_title"] = column.header[:32]
        rule["input_message"] = column.prompt[:255]
    return rule
