"""Excel outputs of validation: the 问题清单 (one row per finding) and the 报送情况表 (who has reported).

Written with XlsxWriter; every value a unit typed is written as a string, so "=…" from a form stays text.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from perfcli.findings.batch import FORM_CODES, ValidationReport
from perfcli.findings.reporting import StatusTable
from perfcli.io.files import write_atomic
from perfcli.model.records import SEVERITY_LABELS, FileResult, Finding

FILE_STATUS_LABELS = {"read": "已读取", "rejected": "无法读取", "superseded": "已被新版本取代"}

FINDING_COLUMNS: tuple[tuple[str, float], ...] = (
    ("文件", 30),
    ("单位", 20),
    ("表", 7),
    ("工作表", 12),
    ("单元格", 7),
    ("级别", 6),
    ("代码", 7),
    ("问题", 60),
    ("处理建议", 36),
)
FILE_COLUMNS: tuple[tuple[str, float], ...] = (
    ("文件", 48),
    ("单位", 24),
    ("状态", 14),
    ("错误", 6),
    ("警告", 6),
    ("说明", 60),
)
STATUS_COLUMNS: tuple[tuple[str, float], ...] = (
    ("部门", 24),
    ("单位", 28),
    ("类别", 10),
    ("编码", 10),
    ("报送情况", 10),
    ("报送期限", 12),
    ("报送日期", 12),
    ("错误", 6),
    ("警告", 6),
    ("文件", 60),
)


def finding_rows(report: ValidationReport) -> list[list[str]]:
    """The 问题清单 rows, in file order then the roster-level findings."""
    rows = []
    for result in report.files:
        forms = {r.sheet: FORM_CODES.get(r.form, r.form) for r in result.records}
        for f in result.findings:
            rows.append(_finding_row(f, result, forms))
    for f in report.findings:
        rows.append(_finding_row(f, None, {}))
    return rows


def _finding_row(f: Finding, result: FileResult | None, forms: dict[str, str]) -> list[str]:
    return [
        f.file or (result.path if result else ""),
        (result.name if result else None) or "",
        forms.get(f.sheet or "", ""),
        f.sheet or "",
        f.cell or "",
        SEVERITY_LABELS.get(f.severity, f.severity),
        f.code,
        f.message,
        f.suggestion or "",
    ]


class _Sheet:
    """An XlsxWriter worksheet laid out as a filterable list: header, frozen, widths, text cells."""

    def __init__(
        self, book: Any, name: str, columns: tuple[tuple[str, float], ...], formats: dict[str, Any]
    ) -> None:
        self.sheet = book.add_worksheet(name)
        self.columns, self.formats, self.row = columns, formats, 1
        for col, (title, width) in enumerate(columns):
            self.sheet.write_string(0, col, title, formats["header"])
            self.sheet.set_column(col, col, width, formats["text"])
        self.sheet.freeze_panes(1, 0)
        self.sheet.repeat_rows(0)
        self.sheet.set_landscape()
        self.sheet.set_paper(9)  # A4
        self.sheet.fit_to_pages(1, 0)

    def add(self, values: list[Any], style: str = "text") -> None:
        lines = max(_lines(str(v), w) for v, (_, w) in zip(values, self.columns, strict=True))
        self.sheet.set_row(self.row, 13.5 * lines)
        for col, value in enumerate(values):
            if isinstance(value, int) and not isinstance(value, bool):
                self.sheet.write_number(self.row, col, value, self.formats[style])
            else:
                self.sheet.write_string(
                    self.row, col, "" if value is None else str(value), self.formats[style]
                )
        self.row += 1

    def close(self) -> None:
        self.sheet.autofilter(0, 0, max(self.row - 1, 1), len(self.columns) - 1)


def _lines(text: str, width: float) -> int:
    """Printed lines of `text` in a column `width` characters wide (CJK characters count double)."""
    return sum(
        max(1, -(-sum(2 if ord(ch) > 0x2E80 else 1 for ch in part) // max(int(width) - 1, 1)))
        for part in text.split("\n")
    )


def _formats(book: Any) -> dict[str, Any]:
    base = {"font_name": "宋体", "font_size": 10, "valign": "top", "text_wrap": True, "border": 1}
    return {
        "header": book.add_format({**base, "bold": True, "bg_color": "#DDEBF7", "align": "center"}),
        "text": book.add_format({**base}),
        "error": book.add_format({**base, "bg_color": "#FCE4E4"}),
        "warning": book.add_format({**base, "bg_color": "#FFF4CE"}),
    }


def _new_book(path: Path) -> Any:
    import xlsxwriter

    # strings_to_formulas off: "=…" typed by a unit is never written as a formula
    return xlsxwriter.Workbook(
        str(path), {"strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False}
    )


def write_findings_report(report: ValidationReport, target: Path, *, force: bool = False) -> Path:
    """问题清单.xlsx: sheet 问题清单 (one row per finding) and sheet 文件清单 (what became of each file)."""

    def write(tmp: Path) -> None:
        book = _new_book(tmp)
        formats = _formats(book)
        sheet = _Sheet(book, "问题清单", FINDING_COLUMNS, formats)
        for row in finding_rows(report):
            sheet.add(row, "error" if row[5] == SEVERITY_LABELS["error"] else "warning")
        sheet.close()
        files = _Sheet(book, "文件清单", FILE_COLUMNS, formats)
        for result in report.files:
            note = result.reason or ""
            files.add(
                [
                    result.path,
                    result.name or "",
                    FILE_STATUS_LABELS[result.status],
                    result.errors,
                    result.warnings,
                    note,
                ]
            )
        files.close()
        book.close()

    return write_atomic(Path(target), write, force=force)


def write_status_report(table: StatusTable, target: Path, *, force: bool = False) -> Path:
    """报送情况表.xlsx: one row per department and unit, plus the files no roster entry claims."""

    def write(tmp: Path) -> None:
        book = _new_book(tmp)
        formats = _formats(book)
        sheet = _Sheet(book, "报送情况", STATUS_COLUMNS, formats)
        for row in table.rows:
            style = (
                "error"
                if row.state in ("missing", "errors")
                else "warning"
                if row.state == "late"
                else "text"
            )
            unit = row.name if row.kind == "unit" else "（部门本级报表：附表2、附表3）"
            sheet.add(
                [
                    row.department_name,
                    unit,
                    "单位" if row.kind == "unit" else "部门",
                    row.code,
                    row.state_label,
                    row.due.isoformat() if row.due else "",
                    row.received or "",
                    row.errors,
                    row.warnings,
                    "\n".join(row.files),
                ],
                style,
            )
        sheet.close()
        if table.unmatched:
            other = _Sheet(book, "未匹配文件", FILE_COLUMNS, formats)
            for result in table.unmatched:
                other.add(
                    [
                        result.path,
                        result.name or "",
                        FILE_STATUS_LABELS[result.status],
                        result.errors,
                        result.warnings,
                        result.reason or "",
                    ]
                )
            other.close()
        book.close()

    return write_atomic(Path(target), write, force=force)
