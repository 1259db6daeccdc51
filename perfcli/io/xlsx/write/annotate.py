"""Annotated copies to send back: offending cells filled (errors light red, warnings light yellow), a comment
on each, and a 问题清单 sheet in front with links to the cells.

The input is never touched. The copy keeps the hidden identity sheet and the sheets' protection, so once
the unit fixes it and returns it, it validates like the original. .xls/.ods inputs are written as .xlsx.
The copy holds values only: every formula (HYPERLINK, DDE "cmd|…") becomes its cached value or its text,
with a comment saying so; links into other files go; text is cleaned and cut at Excel's limit.
"""

from __future__ import annotations

import tempfile
import zipfile
from collections import defaultdict
from pathlib import Path
from typing import Any

from perfcli.errors import RunFailed
from perfcli.io.files.outputs import check_writable, safe_filename, unique_names, write_atomic
from perfcli.io.files.scratch import run_dir
from perfcli.io.office import soffice
from perfcli.io.xlsx.write.text import wrapped_lines
from perfcli.model.findings import SEVERITY_LABELS, Finding
from perfcli.model.identity import IDENTITY_SHEET
from perfcli.model.records import FileResult
from perfcli.model.text import cell_text

ISSUES_SHEET = "问题清单"
AUTHOR = "perfcli"
ERROR_FILL = "FFF4CCCC"
WARNING_FILL = "FFFFF2CC"
ISSUE_COLUMNS = (
    ("序号", 6),
    ("工作表", 14),
    ("单元格", 8),
    ("级别", 6),
    ("代码", 7),
    ("问题", 62),
    ("处理建议", 36),
)


def annotated_stem(source: Path) -> str:
    return safe_filename(f"{source.stem}（问题标注）")


def annotation_targets(results: list[FileResult], out_dir: Path) -> list[tuple[FileResult, Path]]:
    """Which files get an annotated copy (read, with findings) and where it goes (unique .xlsx names)."""
    todo = [r for r in results if r.status == "read" and r.findings]
    stems = unique_names([annotated_stem(Path(r.path)) for r in todo])
    return [(result, Path(out_dir) / f"{stem}.xlsx") for result, stem in zip(todo, stems, strict=True)]


def annotate_results(results: list[FileResult], out_dir: Path, *, force: bool = False) -> list[Path]:
    """An annotated copy of every read file with findings, in `out_dir`; returns the paths written.

    Every target is checked first, so a refused run (existing files, no --force) writes nothing.
    """
    planned = annotation_targets(results, out_dir)
    for _, target in planned:
        check_writable(target, force)
    written = []
    for result, target in planned:
        try:
            written.append(annotate_workbook(Path(result.path), result.findings, target, force=force))
        except FileNotFoundError as exc:
            if exc.filename and Path(exc.filename) != Path(result.path):
                raise
            continue  # moved away since it was read: its findings are in the report, there is no copy to mark
    return written


def annotate_workbook(source: Path, findings: list[Finding], target: Path, *, force: bool = False) -> Path:
    """Write the annotated copy of `source` to `target` (.xlsx)."""
    book, defused = _load(source)
    _mark_cells(book, findings, defused)
    _issues_sheet(book, findings, source.name)
    return write_atomic(Path(target), lambda tmp: book.save(tmp), force=force)


# --- loading -------------------------------------------------------------------------------------------
def _load(source: Path) -> tuple[Any, dict[tuple[str, str], str]]:
    """The workbook to mark, values only, and the note for each formula replaced."""
    import openpyxl

    suffix = source.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        from xml.etree.ElementTree import ParseError

        try:
            book = openpyxl.load_workbook(source, rich_text=False)  # macros are dropped: the copy is .xlsx
        except ParseError:  # raw control bytes in the XML (Excel never writes them): keep the values only
            book = _copy_values(source)
        return book, _values_only(book, source)
    converted = _load_converted(source)
    if converted is not None:
        return converted
    book = _copy_values(source)
    return book, _values_only(book, source)


def _load_converted(source: Path) -> tuple[Any, dict[tuple[str, str], str]] | None:
    """.xls/.ods converted to .xlsx by LibreOffice, keeping the look; None when it is missing or fails."""
    import openpyxl

    exe = soffice.find_soffice()
    if exe is None:
        return None
    with tempfile.TemporaryDirectory(prefix="annotate-", dir=run_dir()) as work:
        try:
            (converted,) = soffice.convert(exe, [source], Path(work), "xlsx")
        except RunFailed:
            return None  # the values-only copy will do
        if not converted.is_file():
            return None
        book = openpyxl.load_workbook(converted)
        return book, _values_only(book, converted)


def _copy_values(source: Path) -> Any:
    """Last resort for .xls/.ods: the cell values (not the look) in a new workbook."""
    import openpyxl
    from python_calamine import CalamineWorkbook

    calamine = CalamineWorkbook.from_path(str(source))
    book = openpyxl.Workbook()
    book.remove(book.active)
    for meta in calamine.sheets_metadata:
        sheet = book.create_sheet(meta.name[:31])
        if meta.name == IDENTITY_SHEET:
            sheet.sheet_state = "veryHidden"
        for r, values in enumerate(calamine.get_sheet_by_name(meta.name).to_python(skip_empty_area=False), 1):
            for c, value in enumerate(values, 1):
                if value == "" or value is None:
                    continue
                cell = sheet.cell(r, c, cell_text(value) if isinstance(value, str) else value)
                if isinstance(value, str):
                    cell.data_type = "s"  # text stays text, even "=…"
    return book


# --- values only ---------------------------------------------------------------------------------------------
def _is_formula(cell: Any) -> bool:
    return cell.data_type == "f" or type(cell.value).__name__ in ("ArrayFormula", "DataTableFormula")


def _formula_text(value: Any) -> str:
    text = getattr(value, "text", value)  # an ArrayFormula keeps its text in .text
    return str(text if text is not None else "")


def _values_only(book: Any, source: Path) -> dict[tuple[str, str], str]:
    """Replace every formula by its cached value (or its text), drop links out of the workbook, and clean
    and cut every text. Returns the note for each replaced formula, by (sheet, cell)."""
    notes: dict[tuple[str, str], str] = {}
    cached: Any = None
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.hyperlink is not None:
                    cell.hyperlink = None
                if _is_formula(cell):
                    if cached is None:
                        cached = _cached_values(source)
                    formula = _formula_text(cell.value)
                    value = _cached(cached, sheet.title, cell.coordinate)
                    cell.value = value if value is not None else formula
                    what = "其计算结果" if value is not None else "公式文本"
                    notes[(sheet.title, cell.coordinate)] = cell_text(
                        f"此单元格原为公式 {formula}，副本中已替换为{what}，不会再计算或执行。", 2000
                    )
                if isinstance(cell.value, str):
                    cell.value = cell_text(cell.value)
                    cell.data_type = "s"  # text stays text, even "=…"
    book._external_links = []
    return notes


def _cached_values(source: Path) -> Any:
    import openpyxl

    try:
        return openpyxl.load_workbook(source, data_only=True, rich_text=False)
    except (OSError, ValueError, KeyError, zipfile.BadZipFile):
        return False  # no cached values to be had: formulas become their text


def _cached(book: Any, sheet: str, address: str) -> Any:
    if not book or sheet not in book.sheetnames:
        return None
    value = book[sheet][address].value
    return None if isinstance(value, str) and value.startswith("=") else value


# --- marking ---------------------------------------------------------------------------------------------
def _anchor(sheet: Any, address: str) -> Any:
    """The cell to mark: the top-left cell of a merged range containing `address`."""
    for merged in sheet.merged_cells.ranges:
        if address in merged:
            return sheet.cell(merged.min_row, merged.min_col)
    return sheet[address]


def _mark_cells(book: Any, findings: list[Finding], notes: dict[tuple[str, str], str]) -> None:
    from openpyxl.comments import Comment
    from openpyxl.styles import PatternFill

    for (sheet_name, address), note in notes.items():
        comment = Comment(note, AUTHOR)
        comment.width, comment.height = 320, 100
        book[sheet_name][address].comment = comment
    by_cell: dict[tuple[str, str], list[Finding]] = defaultdict(list)
    for f in findings:
        if f.sheet and f.cell and f.sheet in book.sheetnames:
            by_cell[(f.sheet, f.cell)].append(f)
    for (sheet_name, address), items in by_cell.items():
        sheet = book[sheet_name]
        try:
            cell = _anchor(sheet, address)
        except ValueError:
            continue
        color = ERROR_FILL if any(f.severity == "error" for f in items) else WARNING_FILL
        cell.fill = PatternFill("solid", start_color=color, end_color=color)
        text = "\n".join(
            f"【{SEVERITY_LABELS.get(f.severity, f.severity)} {f.code}】{f.message}" for f in items
        )
        if (sheet_name, cell.coordinate) in notes:
            text = f"{notes[(sheet_name, cell.coordinate)]}\n{text}"
        text = cell_text(text)
        comment = Comment(text, AUTHOR)
        comment.width, comment.height = 320, min(60 + 40 * len(items) + len(text) // 2, 400)
        cell.comment = comment


def _issues_sheet(book: Any, findings: list[Finding], file_name: str) -> None:
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.worksheet.hyperlink import Hyperlink

    if ISSUES_SHEET in book.sheetnames:  # an annotated copy annotated again: replace the old list
        book.remove(book[ISSUES_SHEET])
    sheet = book.create_sheet(ISSUES_SHEET, 0)
    errors = sum(1 for f in findings if f.severity == "error")
    sheet["A1"] = cell_text(
        f"{file_name} 问题清单：共 {len(findings)} 条（错误 {errors} 条，警告 {len(findings) - errors} 条）。"
        "请按“问题”和“处理建议”逐条修改标色单元格后重新报送；点击单元格地址可跳转。"
    )
    sheet["A1"].data_type = "s"
    sheet["A1"].font = Font(name="宋体", bold=True, size=12)
    sheet["A1"].alignment = Alignment(wrap_text=True, vertical="center")
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(ISSUE_COLUMNS))
    sheet.row_dimensions[1].height = 36
    thin = Side(style="thin", color="FF999999")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    for col, (title, width) in enumerate(ISSUE_COLUMNS, 1):
        cell = sheet.cell(2, col, title)
        cell.font = Font(name="宋体", bold=True)
        cell.fill = PatternFill("solid", start_color="FFDDEBF7", end_color="FFDDEBF7")
        cell.border = border
        sheet.column_dimensions[cell.column_letter].width = width
    for n, f in enumerate(findings, 1):
        values = [
            n,
            f.sheet or "",
            f.cell or "",
            SEVERITY_LABELS.get(f.severity, f.severity),
            f.code,
            f.message,
            f.suggestion or "",
        ]
        fill = ERROR_FILL if f.severity == "error" else WARNING_FILL
        for col, value in enumerate(values, 1):
            cell = sheet.cell(n + 2, col, cell_text(value) if isinstance(value, str) else value)
            if isinstance(value, str):
                cell.data_type = "s"
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            cell.font = Font(name="宋体", size=10)
            cell.border = border
            if col == 4:
                cell.fill = PatternFill("solid", start_color=fill, end_color=fill)
        sheet.row_dimensions[n + 2].height = 14 * max(
            wrapped_lines(str(v), max(w - 1, 1)) for v, (_, w) in zip(values, ISSUE_COLUMNS, strict=True)
        )
        if f.sheet and f.cell and f.sheet in book.sheetnames:
            link = sheet.cell(n + 2, 3)
            link.hyperlink = Hyperlink(ref=link.coordinate, location=f"'{f.sheet}'!{f.cell}", display=f.cell)
            link.font = Font(name="宋体", size=10, color="FF0563C1", underline="single")
    sheet.freeze_panes = "A3"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    for ws in book.worksheets:
        ws.sheet_view.tabSelected = False
    sheet.sheet_view.tabSelected = True
    book.active = 0
