"""附表2's placeholder rows (重点工作1/2/3, 效果指标1/2/3) as departments really fill them (issue 11, item 1).

The department replaces the placeholders it needs with its own key works and effect indicators and leaves
(or clears, or deletes) the rest. Workbooks are laid out by test code; the generated-form cases fill a
form issued by perfcli the way a clerk does, with openpyxl.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import fixtures_builder as fb
import openpyxl
import pytest

from perfcli import api

FIXED_ROWS = [
    ("预算执行", "资金到位率", "100%", "85%", "确定能"),
    ("预算执行", "预算执行率", "100%", "72.5%", "可能性大"),
    ("预算执行", "预算调整率", "≤5%", "-3%", "确定能"),
    ("资产管理", "年度计划完成率", "100%", "90%", "确定能"),
    ("采购管理", "年度计划执行率", "100%", "90%", "确定能"),
]
TWO_WORKS_ONE_EFFECT = [
    ("重点工作推进情况", "老旧小区改造", "完成12个", "完成9个", "可能性大"),
    ("重点工作推进情况", "背街小巷整治", "完成20条", "完成15条", "确定能"),
]
LEFT = [
    ("重点工作推进情况", "重点工作3", None, None, None),
    ("主要成效", "居民满意度", "≥90%", "92%", "确定能"),
    ("主要成效", "效果指标2", None, None, None),
    ("主要成效", "效果指标3", None, None, None),
]
CLEARED = [
    ("重点工作推进情况", None, None, None, None),
    ("主要成效", "居民满意度", "≥90%", "92%", "确定能"),
    ("主要成效", None, None, None, None),
    (None, None, None, None, None),
]


def _sheet_findings(path: Path, sheet: str = "附表2") -> list:
    report = api.validate([path], period="2026Q3")
    return [f for r in report.files for f in r.findings if f.sheet == sheet and f.code != "V117"]


@pytest.mark.parametrize("rest", [LEFT, CLEARED], ids=["left-as-they-came", "cleared"])
def test_two_key_works_one_effect_and_the_other_placeholders_pass(tmp_path, rest):
    path = fb.department_book(tmp_path / "附表2.xlsx", rows=FIXED_ROWS + TWO_WORKS_ONE_EFFECT + rest)
    assert _sheet_findings(path) == []


def test_a_renamed_placeholder_is_checked_like_any_indicator(tmp_path):
    rows = [*FIXED_ROWS, ("重点工作推进情况", "老旧小区改造", "完成12个", None, None), *LEFT]
    found = _sheet_findings(fb.department_book(tmp_path / "附表2.xlsx", rows=rows))
    assert sorted(f.code for f in found) == ["V113", "V114"]
    assert all("监控指标“老旧小区改造”" in f.message for f in found)


def test_a_placeholder_with_something_typed_is_checked(tmp_path):
    rows = [*FIXED_ROWS, *TWO_WORKS_ONE_EFFECT, ("重点工作推进情况", "重点工作3", "完成5项", None, None)]
    found = _sheet_findings(fb.department_book(tmp_path / "附表2.xlsx", rows=rows))
    assert sorted(f.code for f in found) == ["V113", "V114"]


def test_extra_rows_are_accepted(tmp_path):
    extra = [
        ("重点工作推进情况", "城市道路养护", "养护50公里", "养护40公里", "确定能"),
        ("重点工作推进情况", "公园绿地建设", "新建3处", "建成2处", "可能性大"),
        ("主要成效", "道路完好率", "≥95%", "96%", "确定能"),
    ]
    rows = FIXED_ROWS + TWO_WORKS_ONE_EFFECT + extra + LEFT
    assert _sheet_findings(fb.department_book(tmp_path / "附表2.xlsx", rows=rows)) == []


@pytest.mark.parametrize("rest", [LEFT, CLEARED], ids=["left-as-they-came", "cleared"])
def test_no_key_work_of_its_own_is_one_clear_error(tmp_path, rest):
    placeholders = [("重点工作推进情况", f"重点工作{n}", None, None, None) for n in (1, 2)]
    found = _sheet_findings(
        fb.department_book(tmp_path / "附表2.xlsx", rows=FIXED_ROWS + placeholders + rest)
    )
    assert [f.code for f in found] == ["V118"]
    assert "“重点工作推进情况”下没有填写任何重点工作" in found[0].message
    assert "“重点工作1”" in found[0].message
    assert found[0].cell == "B15"  # the first placeholder's 监控指标 cell (the table starts at row 10)


# --- a form issued by perfcli, filled with openpyxl -----------------------------------------------


@pytest.fixture(scope="module")
def issued_department_form(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("issued")
    api.generate(Path(__file__).parent.parent / "sample_data" / "roster.xlsx", "2026Q3", out)
    return next(p for p in sorted(out.rglob("*附表2*.xlsx")))


def _fill_as_a_department(issued: Path, target: Path, leftover: str) -> Path:
    shutil.copy(issued, target)
    wb = openpyxl.load_workbook(target)
    ws = wb["附表2"]
    rows = {r[0].value: r[0].row for r in ws.iter_rows(min_col=2, max_col=2) if r[0].value}
    labels = {r[0].value: r[0].row for r in ws.iter_rows(min_col=1, max_col=1) if r[0].value}
    ws.cell(labels["部门年度重点工作实施情况"], 2, "重点工作按计划推进。")
    for name, values in {
        "资金到位率": ("100%", "85%", "确定能"),
        "预算执行率": ("100%", "72%", "确定能"),
        "预算调整率": ("≤5%", "1%", "确定能"),
        "年度计划完成率": ("100%", "80%", "确定能"),
        "年度计划执行率": ("100%", "80%", "确定能"),
        "重点工作1": ("老旧小区改造", "12个", "9个", "确定能"),
        "重点工作2": ("背街小巷整治", "20条", "15条", "确定能"),
        "效果指标1": ("居民满意度", "≥90%", "92%", "确定能"),
    }.items():
        start = 2 if len(values) == 4 else 3
        for offset, value in enumerate(values):
            ws.cell(rows[name], start + offset, value)
    left = [rows["重点工作3"], rows["效果指标2"], rows["效果指标3"]]
    if leftover == "cleared":
        for row in left:
            ws.cell(row, 2).value = None
    elif leftover == "deleted":
        for row in sorted(left, reverse=True):
            ws.delete_rows(row)
    wb.save(target)
    return target


@pytest.mark.parametrize("leftover", ["left", "cleared", "deleted"])
def test_issued_form_with_placeholders_left_cleared_or_deleted_has_no_finding(
    tmp_path, issued_department_form, leftover
):
    filled = _fill_as_a_department(issued_department_form, tmp_path / "附表2.xlsx", leftover)
    assert _sheet_findings(filled) == []


def test_a_deleted_prefilled_row_names_its_labels(tmp_path, issued_department_form):
    filled = _fill_as_a_department(issued_department_form, tmp_path / "附表2.xlsx", "left")
    wb = openpyxl.load_workbook(filled)
    ws = wb["附表2"]
    for _ in range(7):  # everything from 采购管理 down to the last placeholder row
        ws.delete_rows(13)
    wb.save(filled)
    messages = [f.message for f in _sheet_findings(filled) if f.code == "V205"]
    assert any("监控内容“采购管理”、监控指标“年度计划执行率”所在的指标行" in m for m in messages), messages


def test_a_form_issued_when_placeholder_rows_recorded_their_category_passes_too(
    tmp_path, issued_department_form
):
    """Forms already out with the units recorded 监控内容 of the placeholder rows: deleted ones pass as well."""
    from perfcli.model.identity import IDENTITY_MARK, Identity, identity_cells

    filled = _fill_as_a_department(issued_department_form, tmp_path / "附表2.xlsx", "deleted")
    wb = openpyxl.load_workbook(filled)
    hidden = next(ws for ws in wb.worksheets if ws["A1"].value == IDENTITY_MARK)
    chunks = [c.value for (c,) in hidden.iter_rows(min_row=2, max_col=1) if isinstance(c.value, str)]
    identity = Identity.from_json("".join(chunks))
    sheet = next(s for s in identity.sheets if s.form == "department")
    for index, group in ((5, "重点工作推进情况"), (6, "重点工作推进情况"), (7, "重点工作推进情况")):
        sheet.prefilled[f"rows[{index}].category"] = group
    for index in (8, 9, 10):
        sheet.prefilled[f"rows[{index}].category"] = "主要成效"
    for row in range(2, hidden.max_row + 1):
        hidden.cell(row, 1).value = None
    for row, chunk in enumerate(identity_cells(identity.seal().to_json()), start=2):
        hidden.cell(row, 1, chunk)
    wb.save(filled)
    report = api.validate([filled], period="2026Q3")
    found = [f for r in report.files for f in r.findings if f.sheet in ("附表2", "_perfcli", None)]
    assert [f.code for f in found if f.code != "V117"] == []  # the identity was read, and no V205
