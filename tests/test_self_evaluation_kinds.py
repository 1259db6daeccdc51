"""The kinds of 自评表 (issue 20 items 2, 3, 4, 7): the national 项目支出绩效自评表, 四川's 部门预算项目支出绩效
自评表 and the 部门整体绩效自评表, each pack data (perfcli/forms/specs/) recognised by its title and header, read
and scored by its own rules, and listed by `perfcli packs`.

- In each kind, a filled column the form does not know is named with its range and count (R017), and an error
  value (#REF!, #DIV/0!, #N/A, #VALUE!) is a finding naming its cell: an error where a field or an indicator
  is read (R015), a warning elsewhere (R016).
- A two-row-header 自评表 with both a 指标性质 column (under 年度指标值) and a 指标方向 column gets the
  hand-computed scores from `perfcli score`: "小于等于 1次" with 2 done gets 0, not full marks.
- A 部门整体 form whose indicator header is gone is still read as one (its title), without a score; a form like
  one of the new kinds that lacks its title and labels is named (R018: tests/test_near_miss.py).
"""

from __future__ import annotations

import json
from decimal import Decimal as D
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from typer.testing import CliRunner

from perfcli.cli.main import app
from perfcli.model.config import load_config
from perfcli.returns.read import read_workbook
from tests.real import build_chongqing_kexuecheng_bmzt_zpb_2021 as chongqing
from tests.real import build_sichuan_qingshen_zpb_2023 as qingshen
from tests.selfeval_fixtures import lay_out

CONFIG = load_config()
runner = CliRunner()


def run(*args: Any):
    return runner.invoke(app, [str(a) for a in args], catch_exceptions=False, env={"COLUMNS": "200"})


def _plant(path: Path, header: str, first: int, count: int, errors: dict[str, str]) -> Path:
    """A filled column 原因说明 (its header at `header`, `count` values from row `first`) and error values."""
    wb = openpyxl.load_workbook(path)
    ws = wb.active
    ws[header] = "原因说明"
    column = "".join(ch for ch in header if ch.isalpha())
    for k in range(count):
        ws[f"{column}{first + k}"] = f"原因{k + 1}"
    for cell, error in errors.items():
        ws[cell] = error
    wb.save(path)
    return path


def _national(path: Path) -> Path:
    lay_out(path)  # table A12:I19, 总分 on row 20
    errors = {"G20": "#REF!", "H6": "#DIV/0!", "E13": "#N/A", "K30": "#VALUE!"}
    return _plant(path, "J12", 13, 7, errors)


def _sichuan(path: Path) -> Path:
    qingshen.build(path)  # table B15:K17, 合计 on row 18
    errors = {"C3": "#REF!", "F10": "#DIV/0!", "I16": "#N/A", "M30": "#VALUE!"}
    return _plant(path, "L15", 16, 2, errors)


def _department(path: Path) -> Path:
    chongqing.build(path)  # table B8:K27
    errors = {"K2": "#REF!", "H5": "#DIV/0!", "J9": "#N/A", "M30": "#VALUE!"}
    return _plant(path, "L8", 9, 14, errors)


# kind -> (layout, (R017 range, count), {R015 cell: field}, R016 cell)
CASES = {
    "self_evaluation": (
        _national,
        ("J13:J19", 7),
        {"G20": "self_total", "H6": "funding.total.rate", "E13": "indicators[0].actual"},
        "K30",
    ),
    "sichuan_self_evaluation": (
        _sichuan,
        ("L16:L17", 2),
        {"C3": "project_name", "F10": "funding.total.rate", "I16": "indicators[0].weight"},
        "M30",
    ),
    "department_self_evaluation": (
        _department,
        ("L9:L22", 14),
        {"K2": "self_total", "H5": "funding.total.rate", "J9": "indicators[0].score"},
        "M30",
    ),
}


@pytest.mark.parametrize("form", list(CASES))
def test_an_unknown_column_and_error_values_are_named(tmp_path, form):
    lay, (span, count), in_fields, outside = CASES[form]
    [record] = read_workbook(lay(tmp_path / f"{form}.xlsx"), CONFIG).records
    assert record.form == form
    [unread] = [f for f in record.issues if f.code == "R017"]
    assert unread.severity == "warning" and unread.cell == span.split(":")[0]
    assert unread.message.startswith(f"未识别的栏目「原因说明」（{span}，{count} 格有内容），未读取")
    errors = {f.cell: f for f in record.issues if f.code == "R015"}
    assert set(errors) == set(in_fields)
    for cell, field in in_fields.items():
        assert errors[cell].severity == "error" and errors[cell].field == field
        assert cell in errors[cell].message and "为错误值 #" in errors[cell].message
    assert {f.cell: f.severity for f in record.issues if f.code == "R016"} == {outside: "warning"}
    shown = {f.cell: f.message for f in record.issues if f.code in ("R015", "R016")}
    for value in ("#REF!", "#DIV/0!", "#N/A", "#VALUE!"):
        assert any(value in message for message in shown.values()), value


@pytest.mark.parametrize("form", list(CASES))
def test_the_forms_as_laid_out_have_nothing_unread(tmp_path, form):
    lay = {"self_evaluation": lay_out, "sichuan_self_evaluation": qingshen.build}.get(form, chongqing.build)
    path = tmp_path / "f.xlsx"
    lay(path)
    [record] = read_workbook(path, CONFIG).records
    assert record.form == form
    assert not [f.message for f in record.issues if f.code in ("R006", "R015", "R016", "R017")]


# --- a two-row header with 指标性质 (under 年度指标值) and its own 指标方向 column -------------------------------
# (一级, 二级, 三级, 指标性质, 指标值, 度量单位, 指标方向, 实际完成值, 分值, 得分[, 偏差原因分析及改进措施])
ROWS: list[tuple[Any, ...]] = [
    ("产出指标", "数量指标", "投诉次数", "定量", 1, "次", "小于等于", 2, 10, 10, "投诉处理流程待改进"),
    ("产出指标", "质量指标", "覆盖率", "≥", 90, "%", "大于等于", 95, 20, 20),
    ("产出指标", "数量指标", "完成个数", "＝", 12, "个", "等于", 11, 20, 18.33),
    ("效益指标", "社会效益指标", "群众评价", "定性", "好", None, None, "较好", 30, 24),
    ("满意度指标", "服务对象满意度指标", "满意度", "定量", 90, "%", "大于等于", 85, 10, 9.44),
]


def lay_two_row_header(path: Path) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "自评"

    def put(row: int, col: int, value: Any, to_col: int | None = None, to_row: int | None = None) -> None:
        ws.cell(row, col).value = value
        if to_col or to_row:
            ws.merge_cells(start_row=row, start_column=col, end_row=to_row or row, end_column=to_col or col)

    put(1, 1, "项目支出绩效自评表", to_col=11)
    put(2, 1, "（2026年度）", to_col=11)
    put(3, 1, "项目名称", to_col=2)
    put(3, 3, "社区服务补助", to_col=11)
    put(4, 1, "主管部门", to_col=2)
    put(4, 3, "区民政局", to_col=5)
    put(4, 6, "实施单位", to_col=7)
    put(4, 8, "区社会福利中心", to_col=11)
    put(5, 1, "项目资金\n（万元）", to_col=3)
    for col, head in enumerate(("年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"), 4):
        put(5, col, head)
    put(6, 1, "年度资金总额", to_col=3)
    for col, value in ((4, 100), (5, 100), (6, 80), (7, 10), (8, "80%"), (9, 8)):
        put(6, col, value)
    put(7, 1, "其中：当年财政拨款", to_col=3)
    for col, value in ((4, 100), (5, 100), (6, 80)):
        put(7, col, value)
    put(8, 1, "年度总体目标", to_row=9)
    put(8, 2, "预期目标", to_col=6)
    put(8, 7, "实际完成情况", to_col=11)
    put(9, 2, "为社区提供服务。", to_col=6)
    put(9, 7, "已提供服务。", to_col=11)
    # 绩效指标 over 一级/二级/三级, 年度指标值 over 指标性质 | 指标值 | 度量单位; the rest span both rows
    put(10, 1, "绩效指标", to_col=3)
    put(10, 4, "年度指标值", to_col=6)
    for col, head in (
        (7, "指标方向"),
        (8, "实际完成值"),
        (9, "分值"),
        (10, "得分"),
        (11, "偏差原因分析及改进措施"),
    ):
        put(10, col, head, to_row=11)
    for col, head in enumerate(("一级指标", "二级指标", "三级指标", "指标性质", "指标值", "度量单位"), 1):
        put(11, col, head)
    for k, row in enumerate(ROWS):
        for col, value in enumerate(row, 1):
            put(12 + k, col, value)
    put(12 + len(ROWS), 1, "总分", to_col=8)
    put(12 + len(ROWS), 9, 100)
    put(12 + len(ROWS), 10, 89.77)
    wb.save(path)
    return path


def test_score_uses_the_nature_and_direction_columns(tmp_path):
    """By hand: budget 10 × 80/100 = 8. 投诉次数 定量, 小于等于 1次, 2 done = twice the target: 反向 gives 0 (not
    the unit's 10). 覆盖率 ≥ / 大于等于 90%, 95: 20. 完成个数 ＝ / 等于 12个, 11: 20 × (1 − 1/12) = 18.33. 群众评价
    定性: the unit's 24. 满意度 定量, 大于等于 90%, 85: 10 × 85/90 = 9.44. Total 8 + 0 + 20 + 18.33 + 24 + 9.44 =
    79.77 → 中 (the unit wrote 89.77)."""
    path = lay_two_row_header(tmp_path / "s.xlsx")
    result = run("score", path, "--json")
    assert result.exit_code == 0, result.output
    [project] = json.loads(result.stdout)
    indicators = project["indicators"]
    assert [i["method"] for i in indicators] == ["反向", "正向", "等于", "定性", "正向"]
    assert [i["target"] for i in indicators] == ["≤1次", "≥90%", "=12个", "好", "≥90%"]
    assert [D(str(i["score"])) for i in indicators] == [D(0), D(20), D("18.33"), D(24), D("9.44")]
    assert D(str(project["budget_score"])) == D(8)
    assert D(str(project["total"])) == D("79.77") and project["grade"] == "中"
    codes = [f["code"] for f in project["findings"]]
    assert "S007" in codes  # the unit's 10 for 投诉次数 against the computed 0
    assert "S015" in codes  # 总分 89.77 against 79.77
    assert not {"S004", "S010", "R006", "R017"} & set(codes)


def test_the_direction_column_alone_decides_the_sign(tmp_path):
    """Without the 指标方向 column, 定量 with a bare 1 is 正向: the same 2 done would get full marks."""
    path = lay_two_row_header(tmp_path / "s.xlsx")
    wb = openpyxl.load_workbook(path)
    ws = wb.active
    for r in range(12, 12 + len(ROWS)):
        ws.cell(r, 7).value = None
    wb.save(path)
    [project] = json.loads(run("score", path, "--json").stdout)
    assert project["indicators"][0]["method"] == "正向" and project["indicators"][0]["score"] == 10


# --- a titled form missing its table (near misses of the new kinds: tests/test_near_miss.py) ----------------
def test_a_titled_form_missing_its_table_is_read_without_a_score(tmp_path):
    """The 部门整体 title is there but the indicator header is not: the labels are named (R006), no score."""
    path = tmp_path / "d.xlsx"
    chongqing.build(path)
    wb = openpyxl.load_workbook(path)
    ws = wb.active
    for cell in ws[8]:
        if cell.value in ("指标名称", "全年完成值", "指标权重(分)", "指标得分(分)"):
            cell.value = None
    wb.save(path)
    [project] = json.loads(run("score", path, "--json").stdout)
    assert project["form"] == "department_self_evaluation"
    assert project["total"] is None and project["grade"] is None
    codes = {f["code"] for f in project["findings"]}
    assert {"R006", "S011"} <= codes


# --- the kinds as pack data ----------------------------------------------------------------------------------
def test_perfcli_packs_lists_the_self_evaluation_kinds():
    result = run("packs", "--json")
    assert result.exit_code == 0, result.output
    read_only = {f["form"]: f for f in json.loads(result.stdout)["read_only"]}
    assert read_only["sichuan_self_evaluation"]["title"] == "部门预算项目支出绩效自评表"
    assert read_only["department_self_evaluation"]["title"] == "部门整体绩效自评表"
    assert (
        "self_evaluation" not in read_only
    )  # the national 自评表 is issued (generate --stage self-evaluation)
    text = run("packs").stdout
    assert "自评表（四川）（sichuan_self_evaluation） 部门预算项目支出绩效自评表" in text
    assert "部门自评表（department_self_evaluation） 部门整体绩效自评表" in text


def test_a_form_perfcli_only_reads_is_not_generated(tmp_path):
    result = run("generate", "--blank", "部门自评表", "-o", tmp_path)
    assert result.exit_code == 2
    assert "只读取、计分" in " ".join(result.stderr.split())


def test_aggregate_keeps_a_department_form_apart_from_the_projects(tmp_path):
    """A 部门整体绩效自评表 is the department's own score: listed on its own, not averaged with its projects."""
    from perfcli import api

    folder = tmp_path / "自评表回收"
    folder.mkdir()
    lay_out(folder / "项目.xlsx")
    chongqing.build(folder / "部门整体.xlsx")
    summary = api.aggregate_self_evaluation(folder, out=tmp_path / "汇总.xlsx")
    rollup = summary.rollup
    assert [s.form for s in rollup.department_forms] == ["department_self_evaluation"]
    assert [s.form for _, s in rollup.projects] == ["self_evaluation"]
    assert sum(len(d.scores) for d in rollup.departments) == 1
    sheets = openpyxl.load_workbook(summary.written).sheetnames
    assert "部门整体自评" in sheets
    assert summary.to_json()["department_forms"][0]["total"] == 73.6
