"""Titled report tables (the sheets of 汇总.xlsx, a department's 项目明细): a title, a subtitle, typed columns,
rows, a totals row, notes, an optional below-threshold highlight and column chart, and the print setup.

The content is built by the stage that owns it (perfcli.rollups.sheets); this module only lays it out.
Everything a unit typed is written with write_string, so text such as "=1+1" stays text. Money goes to the
file as the exact Decimal digits; rates are percent numbers shown with the 0.00"%" format.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any, Literal

from perfcli.io.files.scratch import run_dir
from perfcli.io.xlsx.write.text import wrapped_lines
from perfcli.model.config import Config
from perfcli.model.text import cell_text

FONT = "宋体"
MONEY_FORMAT = "#,##0.00"
RATE_FORMAT = '0.00"%"'
GAP_FORMAT = "+0.00;-0.00;0.00"
ColumnKind = Literal["text", "money", "rate", "gap", "int"]
_NUMBER_FORMATS = {"money": MONEY_FORMAT, "rate": RATE_FORMAT, "gap": GAP_FORMAT}


@dataclass(frozen=True)
class Column:
    title: str
    width: float
    kind: ColumnKind = (
        "text"  # money: 万元; rate: a percent number; gap: a signed percentage-point difference
    )


@dataclass(frozen=True)
class Highlight:
    """Data cells of one column below a value are shown as an alert (预警)."""

    column: int
    below: Decimal


@dataclass(frozen=True)
class ColumnChart:
    """One column of the table drawn as bars by the category column, another as a line across them; the
    series are named by their column titles."""

    title: str
    categories: int
    bars: int
    line: int
    axis_title: str = "%"
    axis_max: int = 100


@dataclass
class ReportTable:
    """One sheet: title and subtitle over the header, data rows, a totals row, notes under the table."""

    sheet: str
    title: str
    subtitle: str
    columns: list[Column]
    rows: list[list[Any]] = field(default_factory=list)
    totals: list[Any] | None = None  # bold, outside the filter
    notes: list[str] = field(default_factory=list)
    highlight: Highlight | None = None
    chart: ColumnChart | None = None  # drawn under the notes when there are rows


def write_report_workbook(
    path: Path | str, tables: list[ReportTable], *, title: str, subject: str, config: Config
) -> None:
    """A workbook of report tables, one sheet each, in the given order."""
    import xlsxwriter

    workbook = xlsxwriter.Workbook(
        str(path),
        {
            "strings_to_formulas": False,
            "strings_to_numbers": False,
            "strings_to_urls": False,
            "tmpdir": str(run_dir()),  # its part files go where a killed run's are cleaned up
        },
    )
    workbook.set_properties(
        {
            "title": title,
            "subject": subject,
            "author": "perfcli",
            "company": config.section("locality").get("finance_bureau", ""),
            "created": datetime.now(),
        }
    )
    add_report_tables(workbook, tables)
    workbook.close()


def add_report_tables(workbook: Any, tables: list[ReportTable]) -> None:
    """Add the tables as sheets to an open XlsxWriter workbook (also one that holds forms)."""
    styles = _Styles(workbook)
    for table in tables:
        _TableSheet(workbook, styles, table).write()


def _number(value: Decimal) -> Decimal:
    """The exact digits for the file (1E+3 would be valid XML but read oddly in some viewers)."""
    return value.quantize(Decimal(1)) if value.as_tuple().exponent > 0 else value  # type: ignore[operator]


class _Styles:
    def __init__(self, workbook: Any) -> None:
        base = {"font_name": FONT, "font_size": 10, "valign": "vcenter", "border": 1}
        self.title = workbook.add_format(
            {"font_name": FONT, "font_size": 16, "bold": True, "align": "center", "valign": "vcenter"}
        )
        self.subtitle = workbook.add_format({"font_name": FONT, "font_size": 10, "valign": "vcenter"})
        self.note = workbook.add_format(
            {"font_name": FONT, "font_size": 9, "valign": "top", "text_wrap": True}
        )
        self.header = workbook.add_format(
            {**base, "bold": True, "align": "center", "text_wrap": True, "bg_color": "#D9D9D9"}
        )
        self.cells = {
            "text": workbook.add_format({**base, "text_wrap": True}),
            **{k: workbook.add_format({**base, "num_format": f}) for k, f in _NUMBER_FORMATS.items()},
            "int": workbook.add_format({**base, "num_format": "0", "align": "center"}),
        }
        self.totals = {
            k: workbook.add_format({**base, **extra, "bold": True, "bg_color": "#F2F2F2"})
            for k, extra in (
                ("text", {"align": "center"}),
                *((k, {"num_format": f}) for k, f in _NUMBER_FORMATS.items()),
                ("int", {"num_format": "0", "align": "center"}),
            )
        }
        self.alert = workbook.add_format({"font_color": "#9C0006", "bg_color": "#FFC7CE"})


class _TableSheet:
    """Lays one report table out on its own worksheet: filterable, frozen under the header, print-ready."""

    header_row = 2

    def __init__(self, workbook: Any, styles: _Styles, table: ReportTable) -> None:
        self.workbook = workbook
        self.ws = workbook.add_worksheet(table.sheet)
        self.styles = styles
        self.table = table
        self.last_col = len(table.columns) - 1
        self.row = self.header_row + 1

    def write(self) -> None:
        table = self.table
        self._heading()
        for values in table.rows:
            self._add(values, total=False)
        first, last = self.header_row + 1, self.row - 1  # the data rows (none when last < first)
        if table.totals is not None:
            self._add(table.totals, total=True)
        if table.highlight is not None and table.rows:
            self.ws.conditional_format(
                first,
                table.highlight.column,
                last,
                table.highlight.column,
                {
                    "type": "cell",
                    "criteria": "<",
                    "value": float(table.highlight.below),
                    "format": self.styles.alert,
                },
            )
        self._finish(last)
        if table.chart is not None and table.rows:
            self._chart(table.chart, first, last)

    def _heading(self) -> None:
        ws, styles, table = self.ws, self.styles, self.table
        ws.merge_range(0, 0, 0, self.last_col, cell_text(table.title), styles.title)
        ws.set_row(0, 30)
        ws.merge_range(1, 0, 1, self.last_col, cell_text(table.subtitle), styles.subtitle)
        ws.set_row(1, 18)
        for col, column in enumerate(table.columns):
            ws.write_string(self.header_row, col, cell_text(column.title), styles.header)
            ws.set_column(col, col, column.width)
        ws.set_row(self.header_row, 32)

    def _add(self, values: list[Any], *, total: bool) -> None:
        cells = self.styles.totals if total else self.styles.cells
        lines = 1
        for col, (column, value) in enumerate(zip(self.table.columns, values, strict=True)):
            _write(self.ws, self.row, col, value, column.kind, cells[column.kind])
            if column.kind == "text" and value:
                usable = max(column.width * 1.1 - 1, 1.0)  # 10pt text in columns sized for 11pt
                lines = max(lines, wrapped_lines(str(value), usable))
        if lines > 1:  # viewers do not grow rows for wrapped text written by a program
            self.ws.set_row(self.row, 13.5 * lines + 3)
        self.row += 1

    def _finish(self, last_data: int) -> None:
        ws, last_col = self.ws, self.last_col
        ws.autofilter(self.header_row, 0, max(last_data, self.header_row), last_col)
        ws.freeze_panes(self.header_row + 1, 0)
        row = self.row + 1
        for note in self.table.notes:
            ws.merge_range(row, 0, row, last_col, cell_text(note), self.styles.note)
            ws.set_row(row, 15 * (1 + len(note) // 90))
            row += 1
        ws.set_paper(9)
        ws.set_landscape()
        ws.fit_to_pages(1, 0)
        ws.repeat_rows(self.header_row)
        ws.set_margins(left=0.4, right=0.4, top=0.5, bottom=0.5)
        ws.set_footer('&C&"宋体"&9第 &P 页，共 &N 页')
        ws.print_area(0, 0, row - 1, last_col)

    def _chart(self, chart: ColumnChart, first: int, last: int) -> None:
        """The bars with their values as labels, the line dashed across them, under the notes."""
        sheet, columns = self.table.sheet, self.table.columns
        categories = [sheet, first, chart.categories, last, chart.categories]
        bars = self.workbook.add_chart({"type": "column"})
        bars.add_series(
            {
                "name": columns[chart.bars].title,
                "categories": categories,
                "values": [sheet, first, chart.bars, last, chart.bars],
                "fill": {"color": "#4472C4"},
                "data_labels": {"value": True, "num_format": RATE_FORMAT, "font": {"name": FONT, "size": 8}},
            }
        )
        line = self.workbook.add_chart({"type": "line"})
        line.add_series(
            {
                "name": columns[chart.line].title,
                "categories": categories,
                "values": [sheet, first, chart.line, last, chart.line],
                "line": {"color": "#C00000", "width": 2.25, "dash_type": "dash"},
                "marker": {"type": "none"},
            }
        )
        bars.combine(line)
        bars.set_title({"name": chart.title, "name_font": {"name": FONT, "size": 12}})
        bars.set_y_axis(
            {
                "name": chart.axis_title,
                "min": 0,
                "max": chart.axis_max,
                "num_format": "0",
                "num_font": {"name": FONT},
                "major_gridlines": {"visible": True, "line": {"color": "#D9D9D9"}},
            }
        )
        bars.set_x_axis({"num_font": {"name": FONT, "size": 9}})
        bars.set_legend({"position": "bottom", "font": {"name": FONT}})
        bars.set_size({"width": max(640, 60 * (last - first + 1) + 200), "height": 360})
        anchor = self.row + 2 + len(self.table.notes)
        self.ws.insert_chart(anchor, 1, bars)
        self.ws.print_area(0, 0, anchor + 19, self.last_col)


def _write(ws: Any, row: int, col: int, value: Any, kind: str, fmt: Any) -> None:
    """One cell: numbers as numbers, anything else as text (never as a formula)."""
    if value is None or value == "":
        ws.write_blank(row, col, None, fmt)
    elif kind in ("money", "rate", "gap") and isinstance(value, Decimal):
        ws.write_number(row, col, _number(value), fmt)
    elif kind == "int" and isinstance(value, int):
        ws.write_number(row, col, value, fmt)
    else:
        ws.write_string(row, col, cell_text(str(value)), fmt)
