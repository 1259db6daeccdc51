"""The national 项目支出绩效目标申报表 laid out by hand with openpyxl, the way a province's Excel copy of the
中央部门 form leaves it (merged labels, 一级 merged over its rows, 目标1/目标2 lines, both halves side by side),
read by perfcli to the whole expected record; its local variants (the 年度 half alone; 指标性质 | 指标值 | 度量单位);
a filled cell outside every known column named (R017), not dropped."""

from __future__ import annotations

from decimal import Decimal as D
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.styles import Alignment, Border, Side

from perfcli.findings.targets import review_declaration
from perfcli.model.config import default_config, load_config
from perfcli.model.records import FormRecord
from perfcli.model.targets import ANNUAL, MID_TERM, TargetDeclaration
from perfcli.returns.read import read_workbook

_THIN = Side(style="thin")
_BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)

# the indicator grid: 一级, then per half 二级 / 三级 / 指标值 (中长期 left, 年度 right); None = left empty
GRID: list[tuple[str, tuple[str | None, ...], tuple[str | None, ...]]] = [
    ("产出指标", ("数量指标", "培训教师人次", "≥1500人次"), ("数量指标", "培训教师人次", "≥500人次")),
    ("产出指标", ("数量指标", "覆盖学校数", "≥30所"), ("数量指标", "覆盖学校数", "≥12所")),
    ("产出指标", ("质量指标", "培训合格率", "≥95%"), ("质量指标", "培训合格率", "≥95%")),
    ("产出指标", ("时效指标", "完成时限", "2029年底前"), ("时效指标", "完成时限", "2027年12月底前")),
    ("产出指标", ("成本指标", "人均培训成本", "≤800元"), ("成本指标", "人均培训成本", "≤800元")),
    (
        "效益指标",
        ("社会效益指标", "教师教学能力提升", "明显提升"),
        ("社会效益指标", "教师教学能力提升", "有所提升"),
    ),
    ("效益指标", ("可持续影响指标", None, None), ("可持续影响指标", "培训成果持续应用年限", "≥3年")),
    (
        "满意度指标",
        ("服务对象满意度指标", "参训教师满意度", "≥90%"),
        ("服务对象满意度指标", "参训教师满意度", "≥90%"),
    ),
]


def _put(ws: Any, cell: str, value: Any, merge: str | None = None) -> None:
    ws[cell] = value
    if merge:
        ws.merge_cells(f"{cell}:{merge}")
    ws[cell].alignment = Alignment(wrap_text=True, vertical="center")
    ws[cell].border = _BOX


def national_form(path: Path, *, department: str = "区教育局（101）", extra: bool = False) -> Path:
    """The national layout, 8 columns A–H, as an Excel copy of the 中央部门 form has it."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "教师培训"
    _put(ws, "A1", "项目支出绩效目标申报表", "H1")
    _put(ws, "A2", "（2027年度）", "H2")
    _put(ws, "A3", "项目名称", "B3")
    _put(ws, "C3", "中小学教师能力提升培训", "H3")
    _put(ws, "A4", "主管部门及代码", "B4")
    _put(ws, "C4", department, "D4")
    _put(ws, "E4", "实施单位")
    _put(ws, "F4", "区教师发展中心", "H4")
    _put(ws, "A5", "项目属性", "B5")
    _put(ws, "C5", "延续项目", "D5")
    _put(ws, "E5", "项目期")
    _put(ws, "F5", "2025年-2029年", "H5")
    _put(ws, "A6", "项目资金\n（万元）", "B8")  # merged down 3 rows
    _put(ws, "C6", "中期资金总额")
    _put(ws, "D6", 600)
    _put(ws, "E6", "年度资金总额", "F6")
    _put(ws, "G6", 120.5, "H6")
    _put(ws, "C7", "其中：财政拨款")
    _put(ws, "D7", 500)
    _put(ws, "E7", "其中：财政拨款", "F7")
    _put(ws, "G7", 100.5, "H7")
    _put(ws, "C8", "其他资金")
    _put(ws, "D8", 100)
    _put(ws, "E8", "其他资金", "F8")
    _put(ws, "G8", "20", "H8")  # typed as text, as clerks do
    _put(ws, "A9", "总体目标", "A11")
    _put(ws, "B9", "中长期目标", "D9")
    _put(ws, "E9", "年度目标", "H9")
    _put(ws, "B10", "目标1：五年内完成全区中小学教师轮训。", "D10")
    _put(ws, "E10", "目标1：培训教师500人次。", "H10")
    _put(ws, "B11", "目标2：教师教学能力明显提升。", "D11")
    _put(ws, "E11", "目标2：覆盖12所学校。", "H11")
    _put(ws, "A12", "绩效指标", f"A{12 + len(GRID)}")
    for col, label in zip(
        "BCDEFGH",
        ("一级指标", "二级指标", "三级指标", "指标值") + ("二级指标", "三级指标", "指标值"),
        strict=False,
    ):
        _put(ws, f"{col}12", label)
    r = 13
    runs: dict[str, list[int]] = {}
    for level1, mid, annual in GRID:
        runs.setdefault(level1, []).append(r)
        for col, value in zip("CDEFGH", (*mid, *annual), strict=False):
            if value is not None:
                _put(ws, f"{col}{r}", value)
        r += 1
    for level1, rows in runs.items():  # 一级 merged over its rows
        _put(ws, f"B{rows[0]}", level1, f"B{rows[-1]}" if len(rows) > 1 else None)
    if extra:
        ws[f"J{14}"] = "已与财政沟通"  # a note typed beside the grid, in no column of the form
    _put(ws, f"A{r}", "调整说明", f"B{r}")
    _put(ws, f"C{r}", "培训人次由400调整为500，因新增两所学校。", f"H{r}")
    wb.save(path)
    return path


def _read(path: Path) -> FormRecord:
    content = read_workbook(path, load_config())
    [record] = content.records
    return record


def _rows(record: FormRecord) -> list[tuple[Any, ...]]:
    keys = ("half", "level1", "level2", "level3", "target")
    return [tuple(row.values.get(k) for k in keys) for row in record.table]


def _expected_rows() -> list[tuple[Any, ...]]:
    out = []
    for half, index in ((MID_TERM, 1), (ANNUAL, 2)):
        for row in GRID:
            level2, level3, target = row[index]
            if level3 is not None or target is not None:
                out.append((half, row[0], level2, level3, target))
    return out


def test_the_national_form_reads_to_the_whole_record(tmp_path):
    record = _read(national_form(tmp_path / "申报表.xlsx"))
    assert record.form == "project_target"
    assert record.fields == {
        "year": 2027,
        "project_name": "中小学教师能力提升培训",
        "department": "区教育局",
        "department_code": "101",
        "department_text": "区教育局（101）",
        "implementer": "区教师发展中心",
        "project_attribute": "延续项目",
        "project_period": "2025年-2029年",
        "mid_total": D("600"),
        "mid_fiscal": D("500"),
        "mid_other": D("100"),
        "annual_total": D("120.5"),
        "annual_fiscal": D("100.5"),
        "annual_other": D("20"),
        "mid_goal": "目标1：五年内完成全区中小学教师轮训。\n目标2：教师教学能力明显提升。",
        "annual_goal": "目标1：培训教师500人次。\n目标2：覆盖12所学校。",
        "adjustment_note": "培训人次由400调整为500，因新增两所学校。",
    }
    assert record.unit == "区教师发展中心"
    assert _rows(record) == _expected_rows()
    cells = {k: record.cells[k] for k in ("department", "department_code", "mid_fiscal", "annual_fiscal")}
    assert cells == {"department": "C4", "department_code": "C4", "mid_fiscal": "D7", "annual_fiscal": "G7"}
    assert (record.cells["annual_goal"], record.cells["annual_goal@2"]) == ("E10", "E11")
    # each row knows its sheet row and cells; the 年度 half's 一级 comes from the merged cell's top
    annual = [r for r in record.table if r.values["half"] == ANNUAL]
    assert annual[1].row == 14 and annual[1].cells["level3"] == "G14" and annual[1].cells["level1"] == "B13"
    assert record.issues == []


def test_the_record_maps_to_a_declaration(tmp_path):
    declaration = TargetDeclaration.from_record(_read(national_form(tmp_path / "申报表.xlsx")))
    assert declaration.year == 2027 and declaration.department_code == "101"
    assert declaration.fund(MID_TERM).total == D("600") and declaration.fund(ANNUAL).other == D("20")
    assert declaration.goals[ANNUAL].splitlines() == ["目标1：培训教师500人次。", "目标2：覆盖12所学校。"]
    assert len(declaration.of_half(MID_TERM)) == 7 and len(declaration.of_half(ANNUAL)) == 8
    assert declaration.adjustment_note.startswith("培训人次")


def test_a_code_before_the_name(tmp_path):
    record = _read(national_form(tmp_path / "申报表.xlsx", department="[101]区教育局"))
    assert (record.fields["department"], record.fields["department_code"]) == ("区教育局", "101")
    assert record.fields["department_text"] == "[101]区教育局"


def test_a_filled_cell_outside_the_grid_is_named(tmp_path):
    record = _read(national_form(tmp_path / "申报表.xlsx", extra=True))
    unread = [f for f in record.issues if f.code == "R017"]
    assert [(f.cell, f.severity) for f in unread] == [("J14", unread[0].severity)]
    assert "J14" in unread[0].message


def annual_only_form(path: Path, *, split_value: bool = False) -> Path:
    """A local print: one set of indicator columns (the 年度 half), no 中期 money or goal; with `split_value`,
    指标值 is printed as 指标性质 | 指标值 | 度量单位."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    _put(ws, "A1", "项目支出绩效目标申报表", "G1")
    _put(ws, "A2", "（2027年度）", "G2")
    _put(ws, "A3", "项目名称")
    _put(ws, "B3", "农村公路养护", "G3")
    _put(ws, "A4", "主管部门及代码")
    _put(ws, "B4", "区交通运输局（205）", "C4")
    _put(ws, "D4", "实施单位")
    _put(ws, "E4", "区公路站", "G4")
    _put(ws, "A5", "项目属性")
    _put(ws, "B5", "新增项目", "C5")
    _put(ws, "D5", "项目期")
    _put(ws, "E5", "2027年", "G5")
    _put(ws, "A6", "年度资金总额")
    _put(ws, "B6", 80, "C6")
    _put(ws, "D6", "其中：财政拨款")
    _put(ws, "E6", 80, "G6")
    _put(ws, "A7", "年度目标")
    _put(ws, "B7", "目标1：养护农村公路120公里。\n目标2：优良路率达到80%。", "G7")
    header = ["一级指标", "二级指标", "三级指标"]
    header += ["指标性质", "指标值", "度量单位"] if split_value else ["指标值"]
    for col, label in zip("ABCDEFG", header, strict=False):
        _put(ws, f"{col}8", label)
    rows = [
        ("产出指标", "数量指标", "养护里程", "≥", "120", "公里"),
        (None, "质量指标", "优良路率", "≥", "80", "%"),
        ("满意度指标", "服务对象满意度指标", "群众满意度", "≥", "85", "%"),
    ]
    for r, row in enumerate(rows, 9):
        values = row if split_value else (*row[:3], "".join(row[3:]))
        for col, value in zip("ABCDEFG", values, strict=False):
            if value is not None:
                _put(ws, f"{col}{r}", value)
    ws.merge_cells("A9:A10")
    wb.save(path)
    return path


def test_a_form_with_the_annual_half_alone(tmp_path):
    record = _read(annual_only_form(tmp_path / "年度.xlsx"))
    assert record.form == "project_target"
    assert record.fields["annual_total"] == D("80.0") and record.fields["annual_fiscal"] == D("80")
    assert record.fields["mid_total"] is None and record.fields["mid_fiscal"] is None
    assert record.fields["annual_goal"] == "目标1：养护农村公路120公里。\n目标2：优良路率达到80%。"
    assert _rows(record) == [
        (ANNUAL, "产出指标", "数量指标", "养护里程", "≥120公里"),
        (ANNUAL, "产出指标", "质量指标", "优良路率", "≥80%"),
        (ANNUAL, "满意度指标", "服务对象满意度指标", "群众满意度", "≥85%"),
    ]
    assert [f.code for f in record.issues] == []


def test_a_form_with_nature_and_unit_columns(tmp_path):
    record = _read(annual_only_form(tmp_path / "拆分.xlsx", split_value=True))
    got = [
        (r.values["level3"], r.values["nature"], r.values["target"], r.values["unit"]) for r in record.table
    ]
    assert got == [
        ("养护里程", "≥", "120", "公里"),
        ("优良路率", "≥", "80", "%"),
        ("群众满意度", "≥", "85", "%"),
    ]
    declaration = TargetDeclaration.from_record(record)
    assert [(i.nature, i.unit) for i in declaration.indicators] == [("≥", "公里"), ("≥", "%"), ("≥", "%")]
    assert record.table[1].cells["unit"] == "F10"
    assert [f.code for f in record.issues] == []


def test_a_two_row_header_with_the_value_split_under_it(tmp_path):
    """指标值 printed over 指标性质 | 指标值 | 度量单位 (a header of two rows, 一级/二级/三级 merged down both):
    the three columns are read as the split variant's, and the review reads the sign and the unit from them."""
    path = annual_only_form(tmp_path / "两行表头.xlsx", split_value=True)
    wb = openpyxl.load_workbook(path)
    ws = wb.active
    ws.unmerge_cells("A9:A10")
    ws.insert_rows(9)  # the second header row
    for col in "ABC":  # 一级指标, 二级指标, 三级指标 down both header rows
        ws.merge_cells(f"{col}8:{col}9")
    for col, label in zip("DEF", ["指标性质", "指标值", "度量单位"], strict=True):
        ws[f"{col}9"] = label
    ws["D8"], ws["E8"], ws["F8"] = "指标值", None, None
    ws.merge_cells("D8:F8")
    ws.merge_cells("A10:A11")
    ws["F12"] = "%"
    ws["E12"] = "75"  # 群众满意度 ≥ 75 %: below the 80% floor
    wb.save(path)
    record = _read(path)
    got = [(r.values["level1"], r.values["level3"], r.values["nature"], r.values["target"], r.values["unit"])
           for r in record.table]  # fmt: skip
    assert got == [
        ("产出指标", "养护里程", "≥", "120", "公里"),
        ("产出指标", "优良路率", "≥", "80", "%"),
        ("满意度指标", "群众满意度", "≥", "75", "%"),
    ]
    assert [f.code for f in record.issues] == []
    findings = review_declaration(TargetDeclaration.from_record(record), default_config())
    assert [(f.code, f.category, f.cell) for f in findings if f.code == "T023"] == [("T023", "适当性", "E12")]
