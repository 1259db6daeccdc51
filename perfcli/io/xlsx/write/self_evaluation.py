"""The 项目支出绩效自评表 laid out on one worksheet (national layout, 9 columns A–I): title, （YYYY年度）,
names, the funds block, 年度总体目标, the indicator grid and its 总分 row, the 注 line.

What goes in it comes from a SheetContent (perfcli.issue.self_evaluation decides it); the look, input
cells and protection are those of the monitoring forms (perfcli.io.xlsx.write.form_sheet).
"""

from __future__ import annotations

from typing import Any

from perfcli.io.xlsx.write.form_sheet import TITLE_SIZE, FormSheetWriter

BLANK_YEAR_LABEL = "（      年度）"
_VALUE_COLUMNS = ("initial_budget", "annual_budget", "executed", "weight", "rate", "score")
_INPUT_ON_TOTAL = ("initial_budget", "annual_budget", "executed", "rate", "score")


class SelfEvaluationSheetWriter(FormSheetWriter):
    """Writes one 自评表; pre-filled values in `content.locked` stay protected, the rest are input cells."""

    def _label(self, row: int, col: int, span: int, text: str, rows: int = 1) -> None:
        self._put(row, col, span, text, self.fmt.get(border=1, bold=True, align="center"), rows=rows)

    def _value(self, row: int, col: int, span: int, key: str, kind: str = "text") -> Any:
        value = self.content.values.get(key)
        locked = key in self.content.locked and value not in (None, "")
        if kind == "longtext":
            cell_format = self.fmt.get(border=1, locked=locked, align="left", valign="top", indent=1)
        else:
            cell_format = self._value_format(kind, locked, "left" if span > 1 else "center")
        self._put(row, col, span, value, cell_format)
        self._comment(row, col, key)
        if kind == "money":
            self._money_check(row, col)
        return value

    def heading(self) -> None:
        spec, year = self.spec, self.content.values.get("year")
        self._put(0, 0, spec.width, spec.title, self.fmt.get(align="center", bold=True, font_size=TITLE_SIZE))
        self.ws.set_row(0, 40)
        self._put(
            1, 0, spec.width, f"（{year}年度）" if year else BLANK_YEAR_LABEL, self.fmt.get(align="center")
        )
        self.ws.set_row(1, 22)
        self.row = 2

    def fields(self) -> None:
        r = self.row
        self._label(r, 0, 1, "项目名称")
        name = self._value(r, 1, 8, "project_name")
        self._fit_height(r, [(name, 1, 8)])
        self._label(r + 1, 0, 1, "主管部门")
        department = self._value(r + 1, 1, 3, "department")
        self._label(r + 1, 4, 2, "实施单位")
        implementer = self._value(r + 1, 6, 3, "implementer")
        self._fit_height(r + 1, [(department, 1, 3), (implementer, 6, 3)])
        self.row = r + 2
        self._funds()
        r = self.row
        self._label(r, 0, 1, "超支说明")
        self._value(r, 1, 8, "execution_note", "longtext")
        self.ws.set_row(r, 30)
        self._label(r + 1, 0, 1, "年度总体目标", rows=2)
        self._label(r + 1, 1, 4, "预期目标")
        self._label(r + 1, 5, 4, "实际完成情况")
        expected = self._value(r + 2, 1, 4, "goal_expected", "longtext")
        self._value(r + 2, 5, 4, "goal_actual", "longtext")
        self._fit_height(r + 2, [(expected, 1, 4)], 60)
        self.row = r + 3

    def _funds(self) -> None:
        spec, r = self.spec, self.row
        self._label(r, 0, 1, "项目资金（万元）", rows=len(spec.funding) + 1)
        self._put(r, 1, 2, None, self.fmt.get(border=1))
        for col, key in enumerate(_VALUE_COLUMNS, 3):
            self._label(r, col, 1, spec.paired_columns[key])
        self.ws.set_row(r, 30)
        dash = self.fmt.get(border=1, align="center")
        for i, source in enumerate(spec.funding, 1):
            self._put(r + i, 1, 2, source.label, self.fmt.get(border=1, bold=True, align="left", indent=1))
            for col, key in enumerate(_VALUE_COLUMNS, 3):
                field = f"funding.{source.key}.{key}"
                if key in ("initial_budget", "annual_budget", "executed"):
                    self._value(r + i, col, 1, field, "money")
                elif source.key == "total" and key in _INPUT_ON_TOTAL:
                    self._value(r + i, col, 1, field)
                elif source.key == "total":  # 分值 of 预算执行率, as configured
                    weight = self.config.section("self_evaluation").get("budget_weight")
                    self._put(r + i, col, 1, self.content.values.get(field, weight), dash)
                else:
                    self._put(r + i, col, 1, "—", dash)
            self.ws.set_row(r + i, 22)
        self.row = r + len(spec.funding) + 1

    def table(self) -> None:
        table = self.spec.table
        header = self.fmt.get(border=1, bold=True, align="center")
        for col, column in enumerate(table.columns):
            self._put(self.row, col, 2 if col == 7 else 1, column.label, header)
        self.ws.set_row(self.row, 30)
        self.row += 1
        self._table_rows(
            lambda col, column: "left" if column.key in ("level3", "deviation") else "center",
            lambda col: 2 if col == 7 else 1,  # 偏差原因分析及改进措施 spans two columns
        )
        self._put(self.row, 0, 5, "总分", header)
        self._put(self.row, 5, 1, 100, header)
        self._value(self.row, 6, 1, "self_total")
        self._put(self.row, 7, 2, None, self.fmt.get(border=1))
        self.ws.set_row(self.row, 24)
        self.row += 1

    def write(self) -> None:
        self.heading()
        self.fields()
        self.table()
        self.note()
        self.postscript()
        self.page_setup()
