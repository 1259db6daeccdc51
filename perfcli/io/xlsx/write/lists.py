"""List workbooks: sheets of filterable rows (the 问题清单, the 报送情况表), laid out for print.

The content (columns and rows) is built by the stage that owns it (perfcli.findings.sheets); this module
only writes it. XlsxWriter; every value is written as a string or a number, so "=…" stays text.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from perfcli.io.files.outputs import write_atomic
from perfcli.io.files.scratch import run_dir
from perfcli.io.xlsx.write.text import wrapped_lines
from perfcli.model.text import cell_text


@dataclass
class ListSheet:
    """A filterable list to write: its columns (title, width) and rows; each row may carry a style
    (error, warning or text: the fill of the row)."""

    name: str
    columns: tuple[tuple[str, float], ...]
    rows: list[list[Any]] = field(default_factory=list)
    styles: list[str] = field(default_factory=list)
    # column title -> (the values its dropdown offers, what the cell says when selected): an editable column
    choices: dict[str, tuple[tuple[str, ...], str]] = field(default_factory=dict)

    def add(self, values: list[Any], style: str = "text") -> None:
        self.rows.append(values)
        self.styles.append(style)


class _Sheet:
    """An XlsxWriter worksheet laid out as a filterable list: header, frozen, widths, text cells."""

    def __init__(
        self, book: Any, name: str, columns: tuple[tuple[str, float], ...], formats: dict[str, Any]
    ) -> None:
        self.sheet = book.add_worksheet(name)
        self.columns, self.formats, self.row = columns, formats, 1
        for col, (title, width) in enumerate(columns):
            self.sheet.write_string(0, col, cell_text(title), formats["header"])
            self.sheet.set_column(col, col, width, formats["text"])
        self.sheet.freeze_panes(1, 0)
        self.sheet.repeat_rows(0)
        self.sheet.set_landscape()
        self.sheet.set_paper(9)  # A4
        self.sheet.fit_to_pages(1, 0)

    def add(self, values: list[Any], style: str = "text") -> None:
        lines = max(
            wrapped_lines(str(v), max(w - 1, 1)) for v, (_, w) in zip(values, self.columns, strict=True)
        )
        self.sheet.set_row(self.row, 13.5 * lines)
        for col, value in enumerate(values):
            if isinstance(value, int) and not isinstance(value, bool):
                self.sheet.write_number(self.row, col, value, self.formats[style])
            else:
                self.sheet.write_string(
                    self.row, col, "" if value is None else cell_text(str(value)), self.formats[style]
                )
        self.row += 1

    def close(self, choices: dict[str, tuple[tuple[str, ...], str]] | None = None) -> None:
        self.sheet.autofilter(0, 0, max(self.row - 1, 1), len(self.columns) - 1)
        titles = [title for title, _ in self.columns]
        for title, (values, prompt) in (choices or {}).items():
            col = titles.index(title)
            self.sheet.data_validation(
                1,
                col,
                max(self.row - 1, 1),
                col,
                {
                    "validate": "list",
                    "source": list(values),
                    "input_title": title[:32],
                    "input_message": prompt[:255],
                    "error_title": title[:32],
                    "error_message": f"请从下拉列表中选择：{'、'.join(values)}"[:255],
                },
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
        str(path),
        {
            "strings_to_formulas": False,
            "strings_to_urls": False,
            "strings_to_numbers": False,
            "tmpdir": str(run_dir()),  # its part files go where a killed run's are cleaned up
        },
    )


def write_list_workbook(target: Path, sheets: list[ListSheet], *, force: bool = False) -> Path:
    """A workbook of list sheets (问题清单.xlsx, 报送情况表.xlsx), written atomically. Empty sheets other
    than the first are left out."""

    def write(tmp: Path) -> None:
        book = _new_book(tmp)
        formats = _formats(book)
        for i, content in enumerate(sheets):
            if i and not content.rows:
                continue
            sheet = _Sheet(book, content.name, content.columns, formats)
            for values, style in zip(content.rows, content.styles, strict=True):
                sheet.add(values, style)
            sheet.close(content.choices)
        book.close()

    return write_atomic(Path(target), write, force=force)


def read_list_rows(path: Path, sheet: str) -> list[dict[str, str]]:
    """The rows of a list workbook's sheet as {column title: text}, as a clerk left it after editing it in
    Excel or WPS (read through the same guards as any returned workbook): the first row is the header."""
    return [values for _, values in read_numbered_rows(path, sheet)]


def read_numbered_rows(path: Path, sheet: str) -> list[tuple[int, dict[str, str]]]:
    """read_list_rows with each row's sheet row number (1-based; blank rows are left out), so that a row
    can be named to the clerk who edited it."""
    from perfcli.errors import InputDataError
    from perfcli.io.xlsx.roster import read_sheets

    sheets = read_sheets(Path(path))
    if sheet not in sheets:
        raise InputDataError(
            f"{path} 中没有“{sheet}”工作表：请给出 perfcli 写出的{sheet}.xlsx（render --draft 写出审阅清单，review targets --out 写出审核意见表）。"
        )
    rows = sheets[sheet]
    if not rows:
        return []

    def text(value: object) -> str:
        return "" if value is None else str(value).strip()

    header = [text(v) for v in rows[0][1]]
    return [
        (number, {t: text(v) for t, v in zip(header, row, strict=False) if t}) for number, row in rows[1:]
    ]
