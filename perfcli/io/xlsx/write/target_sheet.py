"""The 项目支出绩效目标申报表 laid out on one worksheet (the national layout, columns A–H, and I for the hint of
last year's approved targets when there is one): title, （YYYY年度）, names, 项目资金（万元） by half, 总体目标,
the indicator grid with its two halves side by side and the families as row groups, 调整说明 and the 注 line.

What goes in it comes from a SheetContent (perfcli.issue.targets decides it): `values` by record key, `table`
the grid's rows (level1, level2, last_year), `locked` what stays protected. The look, input cells and
protection are those of the other forms (perfcli.io.xlsx.write.form_sheet).
"""

from __future__ import annotations

from typing import Any

from perfcli.io.xlsx.write.form_sheet import TITLE_SIZE, UNIT_LABEL, FormSheetWriter
from perfcli.model.targets import PROJECT_ATTRIBUTES

BLANK_YEAR_LABEL = "（      年度）"
_LAST = 7  # column H: the grid's last column; I holds the hint when there is one
_HINT = 8
_GOAL_HEIGHT = 78.0


class TargetSheetWriter(FormSheetWriter):
    """Writes one 绩效目标申报表; pre-filled values in `content.locked` stay protected, the rest are input cells."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.hinted = any(row.get("last_year") for row in self.content.table)
        self.right = _HINT if self.hinted else _LAST  # the form's last column
        self.last_col = self.right
        self.widths = list(self.spec.column_widths[: self.right + 1])

    def _label(self, row: int, col: int, span: int, text: str, rows: int = 1) -> None:
        self._put(row, col, span, text, self.fmt.get(border=1, bold=True, align="center"), rows=rows)

    def _value(self, row: int, col: int, span: int, key: str, kind: str = "text", rows: int = 1) -> Any:
        value = self.content.values.get(key)
        locked = key in self.content.locked and value not in (None, "")
        if kind == "longtext":
            cell_format = self.fmt.get(border=1, locked=locked, align="left", valign="top", indent=1)
        else:
            cell_format = self._value_format(kind, locked, "left" if kind == "text" else "center")
        self._put(row, col, span, value, cell_format, rows=rows)
        self._comment(row, col, key)
        if kind == "money" and not locked:
            self._money_check(row, col)
        return value

    def heading(self) -> None:
        width = self.right + 1
        year = self.content.values.get("year") or (self.content.period.year if self.content.period else None)
        self._put(0, 0, width, self.spec.title, self.fmt.get(align="center", bold=True, font_size=TITLE_SIZE))
        self.ws.set_row(0, 40)
        self._put(1, 0, width, f"（{year}年度）" if year else BLANK_YEAR_LABEL, self.fmt.get(align="center"))
        self.ws.set_row(1, 22)
        self._put(2, width - 2, 2, UNIT_LABEL, self.fmt.get(align="right"))
        self.row = 3

    def fields(self) -> None:
        r, right = self.row, self.right
        self._label(r, 0, 2, "项目名称")
        name = self._value(r, 2, right - 1, "project_name")
        self._fit_height(r, [(name, 2, right - 1)])
        self._label(r + 1, 0, 2, "主管部门及代码")
        department = self._value(r + 1, 2, 3, "department")
        self._label(r + 1, 5, 1, "实施单位")
        implementer = self._value(r + 1, 6, right - 5, "implementer")
        self._fit_height(r + 1, [(department, 2, 3), (implementer, 6, right - 5)])
        self._label(r + 2, 0, 2, "项目属性")
        self._value(r + 2, 2, 3, "project_attribute")
        self._list_check(r + 2, 2, r + 2, PROJECT_ATTRIBUTES, "项目属性")
        self._label(r + 2, 5, 1, "项目期")
        self._value(r + 2, 6, right - 5, "project_period")
        self.ws.write_comment(r + 2, 6, "填写项目起止年度，如 2025年-2027年；一次性项目写 2027年。")
        self.ws.set_row(r + 2, 24)
        self.row = r + 3
        self._funds()
        self._goals()

    def _funds(self) -> None:
        r, right = self.row, self.right
        self._label(r, 0, 2, "项目资金（万元）", rows=3)
        lines = (("中期资金总额", "total"), ("其中：财政拨款", "fiscal"), ("其他资金", "other"))
        for i, (label, part) in enumerate(lines):
            self._label(r + i, 2, 1, label)
            self._value(r + i, 3, 2, f"mid_{part}", "money")
            self._label(r + i, 5, 1, label.replace("中期", "年度"))
            self._value(r + i, 6, right - 5, f"annual_{part}", "money")
            self.ws.set_row(r + i, 24)
        self.row = r + 3

    def _goals(self) -> None:
        r, right = self.row, self.right
        self._label(r, 0, 2, "总体目标", rows=2)
        self._label(r, 2, 3, "中长期目标")
        self._label(r, 5, right - 4, "年度目标")
        self.ws.set_row(r, 24)
        self._value(r + 1, 2, 3, "mid_goal", "longtext")
        self._value(r + 1, 5, right - 4, "annual_goal", "longtext")
        for col in (2, 5):
            self.ws.data_validation(
                r + 1,
                col,
                r + 1,
                col,
                {
                    "validate": "length",
                    "criteria": ">=",
                    "value": 0,
                    "input_title": "总体目标",
                    "input_message": "分条填写，每条一行（Alt+Enter 换行）：\n目标1：……\n目标2：……",
                },
            )
        self.ws.set_row(r + 1, _GOAL_HEIGHT)
        self.row = r + 2

    def table(self) -> None:
        table, content, r = self.spec.table, self.content, self.row
        rows = content.table
        header = self.fmt.get(border=1, bold=True, align="center")
        self._label(r, 0, 1, "绩效指标", rows=len(rows) + 2)
        self._put(r, 1, 1, None, self.fmt.get(border=1))
        self._put(r, 2, 3, "中长期指标", header)
        self._put(r, 5, 3, "年度指标", header)
        labels = ["一级指标", "二级指标", "三级指标", "指标值", "二级指标", "三级指标", "指标值"]
        if self.hinted:
            self._put(r, _HINT, 1, None, self.fmt.get(border=1))
            labels.append(next(c.label for c in table.extra_columns if c.key == "last_year"))
        self.ws.set_row(r, 22)
        for col, label in enumerate(labels, 1):
            self._put(r + 1, col, 1, label, header)
        self.ws.set_row(r + 1, 30 if self.hinted else 22)
        first = r + 2
        self._groups(rows, first, "level1", [1])
        self._groups(rows, first, "level2", [2, 5])
        open_cell = self.fmt.get(border=1, locked=False, align="left", indent=1)
        hint = self.fmt.get(border=1, align="left", indent=1, font_size=9, font_color="#404040")
        for i, row in enumerate(rows):
            texts = []
            for col in (3, 4, 6, 7):
                self._put(first + i, col, 1, None, open_cell)
            if self.hinted:
                self._put(first + i, _HINT, 1, row.get("last_year"), hint)
                texts.append((row.get("last_year"), _HINT, 1))
            self._fit_height(first + i, texts)
        self.row = first + len(rows)

    def _groups(self, rows: list[dict[str, Any]], first: int, key: str, columns: list[int]) -> None:
        """一级 (B) and each half's 二级 (C, F) merged over their run of rows, locked."""
        start = 0
        cell = self.fmt.get(border=1, align="center", bold=key == "level1")
        while start < len(rows):
            end = start
            while end + 1 < len(rows) and rows[end + 1].get(key) == rows[start].get(key):
                end += 1
            for col in columns:
                self._put(first + start, col, 1, rows[start].get(key), cell, rows=end - start + 1)
            start = end + 1

    def adjustment(self) -> None:
        r = self.row
        self._label(r, 0, 2, "调整说明")
        self._value(r, 2, self.right - 1, "adjustment_note", "longtext")
        self.ws.write_comment(
            r, 2, "仅在调整已批复的绩效目标时填写：调整了哪些指标、调整前后的数值和原因。", {"x_scale": 2}
        )
        self.ws.set_row(r, 36)
        self.row = r + 1

    def note(self) -> None:
        width = self.right + 1
        self._put(self.row, 0, width, self.spec.note, self.fmt.get(align="left", valign="top", font_size=10))
        self._fit_height(self.row, [(self.spec.note, 0, width)])
        self.row += 1

    def write(self) -> None:
        self.heading()
        self.fields()
        self.table()
        self.adjustment()
        self.note()
        self.postscript()
        self.page_setup()
        self.ws.set_landscape()  # the grid's two halves side by side need the width
        self.ws.fit_to_pages(1, 1)  # one sheet of paper per project, as it is signed and filed
