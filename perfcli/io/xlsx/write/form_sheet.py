"""One official monitoring form (附表1–3) laid out on one worksheet: the look of the printed government form
(宋体, borders, merges, A4 one page wide), what a clerk may edit (unlocked input cells), the dropdowns and
number checks.

The form spec says what goes where (layout rows, table columns); SheetContent says what is pre-filled. Both
are decided elsewhere (perfcli.issue.content, perfcli.rollups.department_form); this module only writes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from perfcli.forms.spec import FormSpec, LayoutCell
from perfcli.io.xlsx.write.text import wrapped_lines
from perfcli.model.config import Config
from perfcli.model.period import Period
from perfcli.model.text import cell_text

FONT = "宋体"
BODY_SIZE = 11
TITLE_SIZE = 18
MONEY_FORMAT = "#,##0.00"
DATE_FORMAT = "yyyy-mm-dd"
# The period line as printed on the blank paper form.
BLANK_PERIOD_LABEL = "（      年度   季度）"
UNIT_LABEL = "单位：万元"
_LINE_HEIGHT = 15.0  # points per wrapped line of 11pt 宋体
_MIN_ROW_HEIGHT = 22.0


@dataclass
class SheetContent:
    """One form sheet to write: which form, its sheet name, and the values to pre-fill.

    `values` maps field keys (and "funding.<source>.budget|executed" on 附表3) to values; `table` holds
    the table rows by column key (the spec's skeleton rows included: a blank form's too). `locked` names the
    record keys ("project_name", "unit", "indicators[0].level3") that are pre-filled and stay protected;
    every other value cell is an unlocked input cell. `comments` puts a note on a value cell by record key
    ("rows[1].actual": how a pre-filled rate was reached); `postscript` is printed below the form's 注.
    """

    spec: FormSpec
    name: str
    period: Period | None = None
    header_value: str | None = None  # 编报单位 on 附表1
    values: dict[str, Any] = field(default_factory=dict)
    table: list[dict[str, Any]] = field(default_factory=list)
    locked: set[str] = field(default_factory=set)
    project_code: str | None = None
    comments: dict[str, str] = field(default_factory=dict)
    postscript: str | None = None


def _lines(text: str, width: float) -> int:
    return wrapped_lines(str(text), max(width - 1.5, 1.0))


class FormFormats:
    """XlsxWriter formats are per workbook; build each combination once."""

    def __init__(self, workbook: Any) -> None:
        self._workbook = workbook
        self._cache: dict[tuple, Any] = {}

    def get(self, **props: Any) -> Any:
        key = tuple(sorted(props.items()))
        if key not in self._cache:
            base = {"font_name": FONT, "font_size": BODY_SIZE, "valign": "vcenter", "text_wrap": True}
            self._cache[key] = self._workbook.add_format({**base, **props})
        return self._cache[key]


class FormSheetWriter:
    """Lays one form out on one worksheet, row by row."""

    def __init__(self, ws: Any, formats: FormFormats, content: SheetContent, config: Config) -> None:
        self.ws = ws
        self.fmt = formats
        self.content = content
        self.spec = content.spec
        self.config = config
        self.row = 0
        self.widths = list(self.spec.column_widths)
        self.last_col = self.spec.width - 1

    # cells ------------------------------------------------------------------------------------
    def _value_format(self, kind: str, locked: bool, align: str = "left") -> Any:
        props: dict[str, Any] = {"border": 1, "locked": locked, "align": align}
        if kind == "money":
            props.update(num_format=MONEY_FORMAT, align="right")
        elif kind == "date":
            props.update(num_format=DATE_FORMAT, align="center")
        if props["align"] != "center":
            props["indent"] = 1  # keep text off the border line, as a typed form would
        return self.fmt.get(**props)

    def _put(self, row: int, col: int, span: int, value: Any, cell_format: Any, rows: int = 1) -> None:
        """Write one (possibly merged) cell; text always as text, never as a formula."""
        if span > 1 or rows > 1:
            self.ws.merge_range(row, col, row + rows - 1, col + span - 1, "", cell_format)
        if value is None or value == "":
            self.ws.write_blank(row, col, None, cell_format)
        elif isinstance(value, bool):
            self.ws.write_string(row, col, str(value), cell_format)
        elif isinstance(value, (int, float, Decimal)):
            self.ws.write_number(row, col, float(value), cell_format)
        elif isinstance(value, (date, datetime)):
            moment = value if isinstance(value, datetime) else datetime(value.year, value.month, value.day)
            self.ws.write_datetime(row, col, moment, cell_format)
        else:
            self.ws.write_string(row, col, cell_text(str(value)), cell_format)

    def _comment(self, row: int, col: int, key: str) -> None:
        text = self.content.comments.get(key)
        if text:
            self.ws.write_comment(
                row, col, cell_text(text), {"x_scale": 2.2, "y_scale": 1.2, "font_name": FONT}
            )

    def _span_width(self, col: int, span: int) -> float:
        return sum(self.widths[col : col + span])

    def _fit_height(self, row: int, texts: list[tuple[Any, int, int]], minimum: float | None = None) -> None:
        lines = max(
            (_lines(str(t), self._span_width(c, s)) for t, c, s in texts if t not in (None, "")), default=1
        )
        self.ws.set_row(row, max(minimum or 0.0, lines * _LINE_HEIGHT + 6, _MIN_ROW_HEIGHT))

    # validations ------------------------------------------------------------------------------
    def _money_check(self, row: int, col: int, last_row: int | None = None) -> None:
        self.ws.data_validation(
            row,
            col,
            last_row if last_row is not None else row,
            col,
            {
                "validate": "decimal",
                "criteria": ">=",
                "value": 0,
                "input_title": "金额（万元）",
                "input_message": "请填写数字，单位：万元，可保留两位小数，如 1250.50。",
                "error_title": "金额有误",
                "error_message": "请填写不小于 0 的数字（单位：万元），不要输入“万元”等文字。",
            },
        )

    def _list_check(self, row: int, col: int, last_row: int, choices: tuple[str, ...], title: str) -> None:
        self.ws.data_validation(
            row,
            col,
            last_row,
            col,
            {
                "validate": "list",
                "source": list(choices),
                "input_title": title[:32],
                "input_message": "请从下拉列表中选择。",
                "error_title": f"{title}有误"[:32],
                "error_message": f"请从下拉列表中选择：{'、'.join(choices)}。"[:255],
            },
        )

    # rows -------------------------------------------------------------------------------------
    def heading(self) -> None:
        spec, content = self.spec, self.content
        self._put(0, 0, 2, spec.code, self.fmt.get(align="left", bold=True, font_size=12))
        self.ws.set_row(0, 20)
        self._put(1, 0, spec.width, spec.title, self.fmt.get(align="center", bold=True, font_size=TITLE_SIZE))
        self.ws.set_row(1, 40)
        period_text = content.period.label if content.period else BLANK_PERIOD_LABEL
        self._put(
            2, 0, spec.width, period_text, self.fmt.get(align="center", locked=content.period is not None)
        )
        self.ws.set_row(2, 22)
        self.row = 3
        if spec.header_label:
            locked = "unit" in content.locked and content.header_value is not None
            self._put(self.row, 0, 1, f"{spec.header_label}：", self.fmt.get(align="left"))
            self._put(
                self.row, 1, spec.width - 3, content.header_value, self.fmt.get(align="left", locked=locked)
            )
            self._put(self.row, spec.width - 2, 2, UNIT_LABEL, self.fmt.get(align="right"))
            self._fit_height(self.row, [(content.header_value, 1, spec.width - 3)])
            self.row += 1

    def column_hints(self) -> None:
        """附表3's 预算数/执行数 over the paired value columns (on paper they sit in the empty value cells)."""
        for layout_row in self.spec.layout:
            positions = [sum(c.span for c in layout_row[:i]) for i in range(len(layout_row))]
            hints = [(cell, col) for cell, col in zip(layout_row, positions, strict=True) if cell.hint]
            if hints:
                for cell, col in hints:
                    self._put(
                        self.row, col, cell.span, cell.hint, self.fmt.get(border=1, bold=True, align="center")
                    )
                self.ws.set_row(self.row, _MIN_ROW_HEIGHT)
                self.row += 1
                return

    def fields(self) -> None:
        for layout_row in self.spec.layout:
            col, texts = 0, []
            in_funding = any(c.funding for c in layout_row)
            for cell in layout_row:
                texts.append((self._field_cell(cell, col, in_funding), col, cell.span))
                col += cell.span
            self._fit_height(self.row, texts, max((c.height or 0 for c in layout_row), default=0))
            self.row += 1

    def _field_cell(self, cell: LayoutCell, col: int, in_funding: bool) -> Any:
        content = self.content
        if cell.label is not None:
            # 其中：中央、省级财政 / 市级财政 … read as an indented list, as on paper
            placement: dict[str, Any] = (
                {"align": "left", "indent": cell.indent} if in_funding and col > 0 else {"align": "center"}
            )
            self._put(self.row, col, cell.span, cell.label, self.fmt.get(border=1, bold=True, **placement))
            return ("  " * cell.indent) + cell.label
        key = cell.field if cell.field is not None else f"funding.{cell.funding}"
        kind = "money" if cell.funding is not None else self.spec.field(key).type
        value = content.values.get(key)
        locked = key in content.locked and value not in (None, "")
        align = "left" if kind in ("text", "longtext") and cell.span > 1 else "center"
        if kind == "longtext":
            cell_format = self.fmt.get(border=1, locked=locked, align="left", valign="top", indent=1)
        else:
            cell_format = self._value_format(kind, locked, align)
        self._put(self.row, col, cell.span, value, cell_format)
        self._comment(self.row, col, key)
        if kind == "money":
            self._money_check(self.row, col)
        elif kind == "enum" and cell.field is not None:
            vocabulary = self.spec.field(key).vocabulary
            if vocabulary:
                self._list_check(
                    self.row,
                    col,
                    self.row,
                    self.config.vocabulary(vocabulary),
                    cell.label or self.spec.field(key).label,
                )
        return value

    def table(self) -> None:
        table = self.spec.table
        header = self.fmt.get(border=1, bold=True, align="center")
        texts: list[tuple[Any, int, int]] = []
        for col, column in enumerate(table.columns):
            self._put(self.row, col, 1, column.label, header)
            texts.append((column.label, col, 1))
        self._fit_height(self.row, texts, 30)
        self.row += 1

        first = self.row
        fill_down = len(table.fill_down)
        self._table_rows(lambda col, column: "center" if col < fill_down or column.type == "enum" else "left")
        last = self.row - 1
        for col, column in enumerate(table.columns):
            if column.type == "enum" and column.vocabulary:
                self._list_check(first, col, last, self.config.vocabulary(column.vocabulary), column.label)

    def _table_rows(
        self, align_of: Callable[[int, Any], str], span_of: Callable[[int], int] = lambda col: 1
    ) -> None:
        """The table's rows (pre-filled, then the spare ones) from `self.row` on: pre-filled cells locked,
        runs of equal 一级/二级 merged, each cell aligned by `align_of(col, column)` and `span_of(col)`
        columns wide, each row as high as its text."""
        table, locked = self.spec.table, self.content.locked
        rows = [*self.content.table, *({} for _ in range(table.spare_rows))]
        merged = self._merge_runs(rows, locked)
        for i, row in enumerate(rows):
            texts = []
            for col, column in enumerate(table.columns):
                key = f"{table.key}[{i}].{column.key}"
                if (i, col) in merged.skip:
                    continue
                value = row.get(column.key)
                is_locked = key in locked and value not in (None, "")
                align = align_of(col, column)
                cell_format = self.fmt.get(
                    border=1, locked=is_locked, align=align, indent=int(align == "left")
                )
                height = merged.height.get((i, col), 1)
                self._put(self.row, col, span_of(col), value, cell_format, rows=height)
                self._comment(self.row, col, key)
                if height == 1:
                    texts.append((value, col, span_of(col)))
            self._fit_height(self.row, texts)
            self.row += 1

    def _merge_runs(self, rows: list[dict[str, Any]], locked: set[str]) -> _Merges:
        """Merge 一级/二级 (监控内容) cells where consecutive pre-filled rows share the value."""
        merges = _Merges()
        table = self.spec.table
        for depth, key in enumerate(table.fill_down):
            col = [c.key for c in table.columns].index(key)
            start = 0
            while start < len(rows):
                end = start
                path = tuple(rows[start].get(k) for k in table.fill_down[: depth + 1])
                while (
                    end + 1 < len(rows)
                    and path[-1] not in (None, "")
                    and tuple(rows[end + 1].get(k) for k in table.fill_down[: depth + 1]) == path
                    and f"{table.key}[{start}].{key}" in locked
                    and f"{table.key}[{end + 1}].{key}" in locked
                ):
                    end += 1
                if end > start:
                    merges.height[(start, col)] = end - start + 1
                    merges.skip.update((r, col) for r in range(start + 1, end + 1))
                start = end + 1
        return merges

    def note(self) -> None:
        self._put(self.row, 0, self.spec.width, self.spec.note, self.fmt.get(align="left", valign="top"))
        self._fit_height(self.row, [(self.spec.note, 0, self.spec.width)])
        self.row += 1

    def postscript(self) -> None:
        """Small grey text under the 注 (where readers of the form stop), e.g. how pre-filled values were reached."""
        text = self.content.postscript
        if text:
            cell_format = self.fmt.get(font_size=9, valign="top", font_color="#404040")
            self._put(self.row, 0, self.spec.width, text, cell_format)
            self._fit_height(
                self.row, [(text, 0, self.spec.width)], minimum=48
            )  # a long list of 未报送 grows it
            self.row += 1

    def page_setup(self) -> None:
        ws = self.ws
        for col, width in enumerate(self.widths):
            ws.set_column(col, col, width)
        ws.set_paper(9)  # A4
        ws.set_portrait()
        ws.fit_to_pages(1, 0)
        ws.center_horizontally()
        ws.set_margins(left=0.5, right=0.5, top=0.6, bottom=0.6)
        ws.print_area(0, 0, self.row - 1, self.last_col)
        ws.set_footer('&C&"宋体"&9第 &P 页，共 &N 页')
        ws.hide_gridlines(2)
        ws.protect(
            self.config.protection_password or "",
            {"insert_rows": True, "format_rows": True, "format_columns": True},
        )

    def write(self) -> None:
        self.heading()
        self.column_hints()
        self.fields()
        self.table()
        self.note()
        self.postscript()
        self.page_setup()


@dataclass
class _Merges:
    height: dict[tuple[int, int], int] = field(default_factory=dict)  # (row, col) -> merged row count
    skip: set[tuple[int, int]] = field(default_factory=set)
