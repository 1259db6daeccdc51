"""A national-style 监控表 (项目支出绩效目标执行监控表, and the packs copied from it) laid out on one worksheet:
title and （2026年度）, the header fields, the 项目资金 grid, and the indicator grid with its two-row header
whose merged 偏差原因分析 / 完成目标可能性 cells stand over the sub-columns the clerk ticks (√).

Everything comes from the spec (labels, columns, tick groups, the funds rows and columns); "1-X月" in a label
is printed with the period's cut-off month. Cells, formats and protection are FormSheetWriter's.
"""

from __future__ import annotations

from typing import Any

from perfcli.forms.spec import ColumnSpec, LayoutCell, month_label
from perfcli.io.xlsx.write.form_sheet import TITLE_SIZE, FormSheetWriter

TICK = "√"


class TickedSheetWriter(FormSheetWriter):
    """Lays one national-style form out (see the module docstring)."""

    def _month(self) -> int | None:
        period = self.content.period
        if period is not None:
            return period.end_month
        periods = self.config.section("periods")
        months = periods.get("report_periods") or []
        return int(months[0]) if periods.get("kind") == "month" and months else None

    def shown(self, label: str) -> str:
        """A spec label as printed: 1-X月执行数 -> 1-7月执行数."""
        return month_label(label, self._month())

    # rows -------------------------------------------------------------------------------------
    def heading(self) -> None:
        spec, period = self.spec, self.content.period
        title = self.fmt.get(align="center", bold=True, font_size=TITLE_SIZE)
        self._put(0, 0, spec.width, spec.title, title)
        self.ws.set_row(0, 40)
        year = str(period.year) if period is not None else "      "
        line = spec.period_line.format(year=year, label=period.label if period else "")
        self._put(1, 0, spec.width, line, self.fmt.get(align="center", locked=period is not None))
        self.ws.set_row(1, 22)
        self.row = 2

    def column_hints(self) -> None:
        return None

    def _field_cell(self, cell: LayoutCell, col: int, in_funding: bool) -> Any:
        if cell.label is not None:
            cell = LayoutCell(label=self.shown(cell.label), span=cell.span, height=cell.height)
        return super()._field_cell(cell, col, in_funding)

    def fields(self) -> None:
        for layout_row in self.spec.layout:
            if layout_row[0].block == "funds":
                self.funds(label_span=self.spec.layout[0][0].span)
                continue
            col, texts = 0, []
            for cell in layout_row:
                texts.append((self._field_cell(cell, col, False), col, cell.span))
                col += cell.span
            self._fit_height(self.row, texts, max((c.height or 0 for c in layout_row), default=0))
            self.row += 1

    def funds(self, label_span: int) -> None:
        """项目资金（万元） down the left, its row labels beside it, the columns sharing the rest."""
        block = self.spec.funds
        if block is None:
            return
        bold = self.fmt.get(border=1, bold=True, align="center")
        top = self.row
        self._put(top, 0, label_span, block.label, bold, rows=1 + len(block.rows))
        self._put(top, label_span, label_span, None, bold)
        spans = _shares(self.spec.width - 2 * label_span, len(block.columns))
        starts = [2 * label_span + sum(spans[:i]) for i in range(len(spans))]
        for column, start, span in zip(block.columns, starts, spans, strict=True):
            self._put(top, start, span, self.shown(column.label), bold)
        self._fit_height(
            top, [(self.shown(c.label), s, n) for c, s, n in zip(block.columns, starts, spans, strict=True)]
        )
        for k, row in enumerate(block.rows, 1):
            r = top + k
            self._put(
                r,
                label_span,
                label_span,
                row.label,
                self.fmt.get(border=1, bold=True, align="left", indent=1),
            )
            for column, start, span in zip(block.columns, starts, spans, strict=True):
                self._funds_cell(r, start, span, f"{block.key}.{row.key}.{column.key}", column)
            self.ws.set_row(r, 22)
        self.row = top + 1 + len(block.rows)

    def _funds_cell(self, r: int, col: int, span: int, key: str, column: ColumnSpec) -> None:
        value = self.content.values.get(key)
        locked = key in self.content.locked and value not in (None, "")
        kind = column.type if column.type in ("money", "date") else "text"
        if column.type == "rate":  # text, so 60% stays 60% (a percent-formatted 100% would be stored as 1)
            cell_format = self.fmt.get(border=1, locked=locked, align="center", num_format="@")
        else:
            cell_format = self._value_format(kind, locked, "right" if kind == "money" else "center")
        self._put(r, col, span, value, cell_format)
        if column.type == "money" and not locked:
            self._money_check(r, col)

    def _positions(self) -> tuple[dict[str, int], dict[str, dict[str, int]]]:
        """Sheet column of each plain column and of each tick option."""
        table = self.spec.table
        col = 1 if table.side_label else 0
        plain: dict[str, int] = {}
        ticks: dict[str, dict[str, int]] = {}
        before = "remark" if any(c.key == "remark" for c in table.columns) else None
        for column in table.columns:
            if column.key == before:
                col = self._place_ticks(ticks, col)
            plain[column.key] = col
            col += 1
        if before is None:
            self._place_ticks(ticks, col)
        return plain, ticks

    def _place_ticks(self, ticks: dict[str, dict[str, int]], col: int) -> int:
        for group in self.spec.table.ticks:
            ticks[group.key] = {option: col + i for i, option in enumerate(group.options)}
            col += len(group.options)
        return col

    def table(self) -> None:
        table = self.spec.table
        plain, ticks = self._positions()
        header = self.fmt.get(border=1, bold=True, align="center")
        top = self.row
        for column in table.columns:
            self._put(top, plain[column.key], 1, self.shown(column.label), header, rows=2)
        for group in table.ticks:
            cols = ticks[group.key]
            start = min(cols.values())
            self._put(top, start, len(cols), group.label, header)
            for option, c in cols.items():
                self._put(top + 1, c, 1, option, header)
        self.ws.set_row(top, 24)
        self.ws.set_row(top + 1, 44)
        self.row = top + 2
        rows = [*self.content.table, *({} for _ in range(table.spare_rows))]
        merged = self._merge_runs(rows, self.content.locked)
        index = {c.key: i for i, c in enumerate(table.columns)}
        first = self.row
        for i, row in enumerate(rows):
            texts = []
            for column in table.columns:
                key = f"{table.key}[{i}].{column.key}"
                if (i, index[column.key]) in merged.skip:
                    continue
                value = row.get(column.key)
                locked = key in self.content.locked and value not in (None, "")
                align = "center" if column.key in table.fill_down else "left"
                cell_format = self.fmt.get(border=1, locked=locked, align=align, indent=int(align == "left"))
                height = merged.height.get((i, index[column.key]), 1)
                self._put(self.row, plain[column.key], 1, value, cell_format, rows=height)
                if height == 1:
                    texts.append((value, plain[column.key], 1))
            tick_format = self.fmt.get(border=1, locked=False, align="center")
            for cols in ticks.values():
                for c in cols.values():
                    self._put(self.row, c, 1, None, tick_format)
            self._fit_height(self.row, texts)
            self.row += 1
        last = self.row - 1
        if table.side_label:
            side = self.fmt.get(border=1, bold=True, align="center", rotation=270)
            self._put(top, 0, 1, table.side_label, side, rows=last - top + 1)
        for cols in ticks.values():
            self._tick_check(first, min(cols.values()), last, max(cols.values()))

    def _tick_check(self, row: int, col: int, last_row: int, last_col: int) -> None:
        self.ws.data_validation(
            row,
            col,
            last_row,
            last_col,
            {
                "validate": "list",
                "source": [TICK],
                "input_title": "勾选",
                "input_message": "符合的在此格填“√”，不符合的留空。",
                "error_type": "warning",
                "error_title": "请填“√”",
                "error_message": "勾选的格请填“√”，不勾选的留空。",
            },
        )

    def page_setup(self) -> None:
        super().page_setup()
        self.ws.set_landscape()


def _shares(width: int, parts: int) -> list[int]:
    """`width` columns shared by `parts` cells as evenly as whole columns allow (the wider ones first)."""
    base, extra = divmod(width, parts)
    return [base + (1 if i < extra else 0) for i in range(parts)]
