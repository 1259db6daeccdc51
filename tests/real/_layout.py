"""Lays out a rebuilt form the way Excel saves one: values in the top-left cell of each merged range,
thin borders on every cell of the range, wrapped text, and number formats for money and rates.

The builders beside this file use it to rebuild forms that were published only as text; it is test data
tooling, deliberately independent of perfcli's own writers. Run a builder from the repository root as a
module (`python -m tests.real.build_hubei_huangshi_jkb_2019`), so that it imports this one as a module.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import range_boundaries

THIN = Side(style="thin")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
MONEY_2 = "0.00"  # money typed or shown with two decimals
RATE_2 = "0.00%"  # a rate shown as 100.00%
RATE_0 = "0%"  # a rate shown as 100%


class FormSheet:
    """One worksheet of a form: `put` writes a cell (optionally merged over a range) with the form's look."""

    def __init__(self, title: str, widths: dict[str, float] | None = None) -> None:
        self.workbook = Workbook()
        self.sheet = self.workbook.active
        self.sheet.title = title
        for column, width in (widths or {}).items():
            self.sheet.column_dimensions[column].width = width

    def put(
        self,
        ref: str,
        value: object = None,
        *,
        to: str | None = None,
        number_format: str | None = None,
        bold: bool = False,
        border: bool = True,
        align: str = "center",
        size: int | None = None,
    ) -> None:
        """Write `value` at `ref`; `to` makes `ref:to` one merged cell."""
        area = f"{ref}:{to}" if to else f"{ref}:{ref}"
        min_col, min_row, max_col, max_row = range_boundaries(area)
        if to:
            self.sheet.merge_cells(area)
        for row in range(min_row, max_row + 1):
            for col in range(min_col, max_col + 1):
                cell = self.sheet.cell(row=row, column=col)
                if border:
                    cell.border = BOX
                cell.alignment = Alignment(horizontal=align, vertical="center", wrap_text=True)
        top_left = self.sheet[ref]
        top_left.value = value
        if number_format:
            top_left.number_format = number_format
        if bold or size:
            top_left.font = Font(bold=bold, size=size or 11)

    def row(self, row: int, values: dict[str, object], **options: Any) -> None:
        """Several single cells of one row: {"B": 238.93, "C": 251.89, ...}."""
        for column, value in values.items():
            self.put(f"{column}{row}", value, **options)

    def save(self, path: Path) -> None:
        self.workbook.save(path)
