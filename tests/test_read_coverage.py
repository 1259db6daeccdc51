"""Nothing filled is dropped in silence (issue 20 item 3): in every form kind, a filled column the form does
not know is named with its range and count (R017), an error value in a read cell is an error naming the cell
(R015) and elsewhere a warning (R016), and a 自评表 whose indicator table is not found gets no score."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import openpyxl
import pytest

from perfcli.model.config import load_config
from perfcli.returns.read import read_workbook
from tests.fixtures_builder import lay_department, lay_key_project, lay_project, new_book, save
from tests.national_fixtures import national_sheet
from tests.selfeval_fixtures import lay_out


def _header_row(ws: Any, text: str) -> int:
    return next(c.row for row in ws.iter_rows() for c in row if c.value == text)


def _plant_column(ws: Any, header: int, column: str, count: int) -> None:
    """A filled column 原因说明 right of the table: its header on the header row, `count` values below."""
    ws[f"{column}{header}"] = "原因说明"
    for k in range(count):
        ws[f"{column}{header + 1 + k}"] = f"原因{k + 1}"


def _project(path: Path) -> Path:
    wb, ws = new_book()
    lay_project(ws)
    header = _header_row(ws, "一级指标")
    _plant_column(ws, header, "G", 5)
    ws["B6"] = "#REF!"  # 预算总额's value cell
    ws["G5"], ws["H5"] = "联系人", "张三"  # an unknown line above the table
    return save(wb, path)


def _department(path: Path) -> Path:
    wb, ws = new_book("附表2")
    lay_department(ws)
    header = _header_row(ws, "监控内容")
    _plant_column(ws, header, "F", 5)
    ws["E5"] = "#DIV/0!"  # 本年度预算资金总额
    return save(wb, path)


def _key_project(path: Path) -> Path:
    wb, ws = new_book("附表3")
    lay_key_project(ws)
    header = _header_row(ws, "一级指标")
    _plant_column(ws, header, "G", 3)
    ws["F7"] = "#N/A"  # 其中：中央、省级财政（执行数）
    return save(wb, path)


def _national(path: Path) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "监控表"
    national_sheet(ws)
    _plant_column(ws, 11, "Q", 0)
    for line in range(13, 17):
        ws[f"Q{line}"] = f"原因{line}"
    ws["E6"] = "#VALUE!"  # 年度资金总额 年初预算数
    wb.save(path)
    return path


def _self_evaluation(path: Path) -> Path:
    lay_out(path)
    wb = openpyxl.load_workbook(path)
    ws = wb.active
    _plant_column(ws, 12, "J", 7)
    ws["G20"] = "#REF!"  # the 总分 row's 得分: the unit's own total
    ws["K30"] = "#NAME?"  # outside any field
    wb.save(path)
    return path


# form kind -> (layout, (R017 range, count), (R015 cell, field))
CASES = {
    "project": (_project, ("G12:G16", 5), ("B6", "budget_total")),
    "department": (_department, ("F10:F14", 5), ("E5", "budget_total")),
    "key_project": (_key_project, ("G15:G17", 3), ("F7", "funding.central_provincial.executed")),
    "national_project": (_national, ("Q13:Q16", 4), ("E6", None)),
    "self_evaluation": (_self_evaluation, ("J13:J19", 7), ("G20", "self_total")),
}


@pytest.mark.parametrize("form", list(CASES))
def test_an_unknown_column_and_an_error_value_are_named(tmp_path, form):
    lay, (span, count), (error_cell, error_field) = CASES[form]
    content = read_workbook(lay(tmp_path / f"{form}.xlsx"), load_config())
    [record] = content.records
    assert record.form == form
    unread = [f for f in record.issues if f.code == "R017" and f.cell == span.split(":")[0]]
    assert len(unread) == 1, [f.message for f in record.issues]
    assert unread[0].severity == "warning"
    assert unread[0].message.startswith(f"未识别的栏目「原因说明」（{span}，{count} 格有内容），未读取")
    errors = [f for f in record.issues if f.code == "R015"]
    assert [(f.cell, f.severity) for f in errors] == [(error_cell, "error")]
    if error_field is not None:
        assert errors[0].field == error_field
    assert "为错误值 #" in errors[0].message and error_cell in errors[0].message


def test_an_unknown_line_above_the_table_is_one_finding(tmp_path):
    content = read_workbook(_project(tmp_path / "p.xlsx"), load_config())
    [line] = [f for f in content.findings if f.code == "R017" and f.cell == "G5"]
    assert line.message.startswith("未识别的栏目「联系人」（G5:H5，1 格有内容），未读取")


def test_an_error_outside_the_fields_is_a_warning(tmp_path):
    content = read_workbook(_self_evaluation(tmp_path / "s.xlsx"), load_config())
    [far] = [f for f in content.findings if f.code == "R016"]
    assert (far.cell, far.severity) == ("K30", "warning")
    assert "#NAME?" in far.message


@pytest.mark.parametrize(
    "lay",
    [
        lambda p: save(_book(lay_project), p),
        lambda p: save(_book(lay_department), p),
        lambda p: save(_book(lay_key_project), p),
        lay_out,
    ],
)
def test_a_form_as_issued_has_nothing_unread(tmp_path, lay):
    content = read_workbook(lay(tmp_path / "f.xlsx"), load_config())
    assert content.records
    assert not [f.message for f in content.findings if f.code in ("R015", "R016", "R017")]


def _book(lay: Any) -> openpyxl.Workbook:
    wb, ws = new_book()
    lay(ws)
    return wb


def test_a_self_evaluation_without_its_indicator_table_gets_no_score(tmp_path):
    from perfcli import api

    path = lay_out(tmp_path / "s.xlsx")
    wb = openpyxl.load_workbook(path)
    ws = wb.active
    for col, text in enumerate(("指标", "子指标", "名称", "目标", "完成", "权重", "分"), 1):
        ws.cell(12, col).value = text  # a header the form does not know
    wb.save(path)
    result = api.score(path)
    [project] = result.projects
    assert project.total is None and project.grade is None
    codes = {(f.code, f.severity) for f in project.findings}
    assert {("R006", "error"), ("S011", "error")} <= codes
    assert result.failed
    assert project.to_json()["total"] is None and project.to_json()["grade"] is None
