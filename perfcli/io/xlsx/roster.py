"""The roster workbook on disk: read its sheets as raw rows, write sheets with headers, dropdowns and widths.

Only this module touches openpyxl for the roster; perfcli.roster gives the rows their meaning.
"""

from __future__ import annotations

from dataclasses import dataclass, field
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
    """Write the roster workbook: instruction line, bold header on row 2 (frozen), data from row 3."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    thin = Side(style="thin", color="999999")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    header_font = Font(name="宋体", bold=True, size=11)
    body_font = Font(name="宋体", size=11)
    header_fill = PatternFill("solid", fgColor="DDEBF7")

    wb = Workbook()
    wb.remove(wb.active)
    for layout in sheets:
        ws = wb.create_sheet(layout.name)
        width = len(layout.columns)
        last = get_column_letter(width)
        ws.merge_cells(f"A1:{last}1")
        ws["A1"] = layout.instruction
        ws["A1"].font = Font(name="宋体", italic=True, color="808080", size=10)
        ws["A1"].alignment = Alignment(wrap_text=True, vertical="center")
        ws.row_dimensions[1].height = 32
        ws.row_dimensions[2].height = 30
        for index, column in enumerate(layout.columns, start=1):
            letter = get_column_letter(index)
            ws.column_dimensions[letter].width = column.width
            cell = ws.cell(row=2, column=index, value=column.header)
            cell.font, cell.fill, cell.border = header_font, header_fill, border
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        for r, values in enumerate(layout.rows, start=3):
            for c, column in enumerate(layout.columns, start=1):
                value = values[c - 1] if c - 1 < len(values) else None
                cell = ws.cell(row=r, column=c, value=value)
                if isinstance(value, str) and value.startswith("="):
                    cell.data_type = "s"  # a target like "=100%" is text, never a formula
                cell.font, cell.border = body_font, border
                if column.number_format:
                    cell.number_format = column.number_format
        last_row = max(DATA_VALIDATION_ROWS, len(layout.rows) + 500)
        for index, column in enumerate(layout.columns, start=1):
            letter = get_column_letter(index)
            if column.choices:
                # inline lists survive re-saves by WPS and LibreOffice, unlike references to other sheets
                dv = DataValidation(
                    type="list", formula1='"' + ",".join(column.choices) + '"', allow_blank=True
                )
                dv.error = "请从下拉列表中选择：" + "、".join(column.choices)
                dv.errorTitle = "取值不在列表中"
                dv.showErrorMessage = True
            elif column.prompt:
                dv = DataValidation(allow_blank=True)
            else:
                continue
            if column.prompt:
                dv.prompt, dv.promptTitle, dv.showInputMessage = column.prompt, column.header[:32], True
            dv.add(f"{letter}3:{letter}{last_row}")
            ws.add_data_validation(dv)
            if column.number_format:
                # format empty cells too, so a code typed as 0101 stays text
                for r in range(len(layout.rows) + 3, min(last_row, 502) + 1):
                    ws.cell(row=r, column=index).number_format = column.number_format
        ws.freeze_panes = "A3"
        ws.auto_filter.ref = f"A2:{last}{max(2, len(layout.rows) + 2)}"
        ws.page_setup.orientation = "landscape"
        ws.page_setup.paperSize = ws.PAPERSIZE_A4
        ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.print_title_rows = "2:2"
    wb.save(path)
