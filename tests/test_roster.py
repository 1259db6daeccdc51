"""Roster reading: a good roster reads into typed records; every bad-roster case names sheet, row and column.

The workbooks here are laid out by openpyxl in the test, standing for a roster exported from elsewhere.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from conftest import needs_libreoffice, soffice

from perfcli.errors import InputDataError
from perfcli.roster.workbook import (
    ROSTER_SHEETS,
    header_key,
    read_roster,
    write_empty_roster,
    write_roster,
)

HEADERS = {
    "部门": ["部门编码", "部门名称", "本年度预算资金总额（万元）", "联系人", "联系电话"],
    "单位": ["单位编码", "单位名称", "所属部门编码", "联系人", "联系电话"],
    "项目": [
        "项目编码",
        "项目名称",
        "单位编码",
        "预算总额（万元）",
        "资金来源",
        "是否重点项目（是/否）",
        "中央、省级（万元）",
        "市级（万元）",
        "区级（万元）",
        "其他（万元）",
        "计划开始时间",
        "计划结束时间",
    ],
    "绩效指标": ["项目编码", "一级指标", "二级指标", "三级指标", "年度目标"],
}


def good_rows() -> dict[str, list[list]]:
    return {
        "部门": [["D1", "区教育局", 5000, "王芳", "0519-85000001"], ["D2", "区民政局", "1,250.50", "", ""]],
        "单位": [
            ["U1", "区教育局（本级）", "D1", "", ""],
            ["U2", "区第一实验小学", "D1", "", ""],
            [301, "区社会福利院", "D2", "", ""],
        ],
        "项目": [
            [
                "P1",
                "校舍维修改造工程",
                "U2",
                120.5,
                "区级",
                "否",
                None,
                None,
                None,
                None,
                "2026-03-01",
                "2026-11-30",
            ],
            ["P2", "新建校舍工程", "U1", "1,000.00", "区级", "是", 100, 200, 650.5, 49.5, None, None],
            ["P3", "居家养老服务补贴", 301, "８０", "市级", "", None, None, None, None, None, None],
        ],
        "绩效指标": [
            ["P1", "产出", "产出数量", "维修改造校舍面积", "≥3000平方米"],
            ["P1", "效果", "服务对象满意度", "师生满意度", "≥90%"],
            ["P2", "产出", "产出时效", "完工时间", "≤2026年11月30日"],
            ["P3", "效果", "社会效益", "养老服务能力", "有效提升"],
        ],
    }


def build_roster(
    path: Path,
    rows: dict[str, list[list]] | None = None,
    headers: dict[str, list[str]] | None = None,
    *,
    drop_sheet: str | None = None,
) -> Path:
    rows = good_rows() if rows is None else rows
    headers = headers or HEADERS
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, head in headers.items():
        if name == drop_sheet:
            continue
        ws = wb.create_sheet(name)
        ws.append(["说明：请从第3行起填写"])
        ws.append(head)
        for row in rows.get(name, []):
            ws.append(row)
    wb.save(path)
    return path


def errors_of(path: Path) -> list[str]:
    with pytest.raises(InputDataError) as caught:
        read_roster(path)
    assert caught.value.message.startswith(f"名册有 {len(caught.value.details)} 处错误")
    return caught.value.details


def test_good_roster_reads_into_typed_records(tmp_path):
    roster = read_roster(build_roster(tmp_path / "r.xlsx"))
    assert [d.code for d in roster.departments] == ["D1", "D2"]
    assert roster.departments[1].budget_total == Decimal("1250.50")
    assert roster.unit("301").name == "区社会福利院"  # a code typed as a number stays the same text
    p1, p2, p3 = roster.projects
    assert (
        p1.budget_total == Decimal("120.5") and not p1.is_key and p1.planned_end.isoformat() == "2026-11-30"
    )
    assert p2.is_key and p2.budget_total == Decimal("1000")
    assert p2.funding == {
        "central_provincial": 100,
        "municipal": 200,
        "district": Decimal("650.5"),
        "other": Decimal("49.5"),
    }
    assert p3.unit_code == "301" and p3.budget_total == 80  # full-width digits as text
    assert [i.level3 for i in roster.indicators_of("P1")] == ["维修改造校舍面积", "师生满意度"]
    assert roster.key_projects_of("D1") == [p2]


def test_headers_match_without_spaces_units_or_order_and_extra_columns_are_ignored(tmp_path):
    headers = {k: list(v) for k, v in HEADERS.items()}
    headers["部门"] = ["部 门 编 码", "备注", "部门名称：", "本年度预算资金总额", "联系人", "联系电话"]
    rows = good_rows()
    rows["部门"] = [["D1", "x", "区教育局", 5000, "", ""], ["D2", "", "区民政局", 10, "", ""]]
    roster = read_roster(build_roster(tmp_path / "r.xlsx", rows, headers))
    assert [(d.code, d.name, d.budget_total) for d in roster.departments] == [
        ("D1", "区教育局", 5000),
        ("D2", "区民政局", 10),
    ]


def _mutate(sheet: str, row: int, col: int, value):
    def apply(rows):
        rows[sheet][row][col] = value

    return apply


def _append(sheet: str, row: list):
    def apply(rows):
        rows[sheet].append(row)

    return apply


BAD_CASES = [
    # (what, mutation of good_rows, expected sheet, row, column, words in the message)
    (
        "duplicate department",
        _append("部门", ["D1", "区卫生健康局", 10, "", ""]),
        "部门",
        5,
        "部门编码",
        "与第3行重复",
    ),
    (
        "duplicate unit",
        _append("单位", ["U1", "区人民医院", "D1", "", ""]),
        "单位",
        6,
        "单位编码",
        "与第3行重复",
    ),
    (
        "duplicate project",
        _append("项目", ["P1", "x", "U1", 10, "区级", "否"]),
        "项目",
        6,
        "项目编码",
        "与第3行重复",
    ),
    ("unit of unknown department", _mutate("单位", 0, 2, "D9"), "单位", 3, "所属部门编码", "不存在"),
    ("project of unknown unit", _mutate("项目", 0, 2, "U9"), "项目", 3, "单位编码", "不存在"),
    ("negative budget", _mutate("项目", 0, 3, -5), "项目", 3, "预算总额（万元）", "负数"),
    ("non-numeric budget", _mutate("项目", 0, 3, "一百万"), "项目", 3, "预算总额（万元）", "不是有效的金额"),
    (
        "negative department budget",
        _mutate("部门", 0, 2, "-1"),
        "部门",
        3,
        "本年度预算资金总额（万元）",
        "负数",
    ),
    ("empty required name", _mutate("单位", 1, 1, None), "单位", 4, "单位名称", "不能为空"),
    ("empty budget", _mutate("项目", 0, 3, "  "), "项目", 3, "预算总额（万元）", "不能为空"),
    (
        "fund source outside vocabulary",
        _mutate("项目", 0, 4, "自筹"),
        "项目",
        3,
        "资金来源",
        "中央、省级、市级、区级、其他",
    ),
    ("key project funding does not sum", _mutate("项目", 1, 9, 50), "项目", 4, "预算总额（万元）", "不一致"),
    (
        "key project funding missing",
        _mutate("项目", 1, 7, None),
        "项目",
        4,
        "市级（万元）",
        "没有该来源的资金请填 0",
    ),
    ("key flag not 是/否", _mutate("项目", 0, 5, "Y"), "项目", 3, "是否重点项目（是/否）", "是"),
    ("bad date", _mutate("项目", 0, 10, "明年三月"), "项目", 3, "计划开始时间", "日期"),
    ("indicator of unknown project", _mutate("绩效指标", 2, 0, "P9"), "绩效指标", 5, "项目编码", "不存在"),
    (
        "unknown level1",
        _mutate("绩效指标", 0, 1, "产出指标"),
        "绩效指标",
        3,
        "一级指标",
        "产出、效果、过程、满意度",
    ),
    ("empty target", _mutate("绩效指标", 3, 4, None), "绩效指标", 6, "年度目标", "不能为空"),
]


@pytest.mark.parametrize("what,mutate,sheet,row,column,words", BAD_CASES, ids=[c[0] for c in BAD_CASES])
def test_each_bad_roster_case_names_sheet_row_and_column(tmp_path, what, mutate, sheet, row, column, words):
    rows = good_rows()
    mutate(rows)
    details = errors_of(build_roster(tmp_path / "bad.xlsx", rows))
    assert len(details) == 1, details
    assert details[0].startswith(f"工作表“{sheet}” 第{row}行 “{column}”列："), details
    assert words in details[0]


def test_all_problems_are_collected_in_one_pass(tmp_path):
    rows = good_rows()
    rows["部门"].append(["D1", "区卫生健康局", 10, "", ""])
    rows["项目"][0][3] = "abc"
    rows["绩效指标"][0][0] = "P404"
    details = errors_of(build_roster(tmp_path / "bad.xlsx", rows))
    assert [d.split("：")[0] for d in details] == [
        "工作表“部门” 第5行 “部门编码”列",
        "工作表“项目” 第3行 “预算总额（万元）”列",
        "工作表“绩效指标” 第3行 “项目编码”列",
    ]


def test_missing_sheet_is_named(tmp_path):
    details = errors_of(build_roster(tmp_path / "bad.xlsx", drop_sheet="绩效指标"))
    assert details == ["工作表“绩效指标”：缺少工作表“绩效指标”，请按 perfcli init 生成的空白名册补上该工作表"]


def test_missing_column_is_named_with_the_header_row(tmp_path):
    headers = {k: list(v) for k, v in HEADERS.items()}
    headers["单位"] = ["单位编码", "单位名称", "联系人", "联系电话"]
    rows = good_rows()
    rows["单位"] = [[r[0], r[1], r[3], r[4]] for r in rows["单位"]]
    details = errors_of(build_roster(tmp_path / "bad.xlsx", rows, headers))
    assert any(d.startswith("工作表“单位” 第2行 “所属部门编码”列：缺少“所属部门编码”列") for d in details), (
        details
    )


def test_missing_file_and_non_workbook(tmp_path):
    with pytest.raises(InputDataError, match="找不到名册文件"):
        read_roster(tmp_path / "nope.xlsx")
    fake = tmp_path / "名册.xlsx"
    fake.write_text("部门编码,部门名称\n", encoding="utf-8")
    with pytest.raises(InputDataError, match="名册文件无法读取"):
        read_roster(fake)


def test_read_does_not_modify_the_roster(tmp_path):
    path = build_roster(tmp_path / "r.xlsx")
    before = path.read_bytes()
    read_roster(path)
    assert path.read_bytes() == before


@pytest.mark.parametrize(
    "typed,expected",
    [
        (12, Decimal(12)),
        (120.5, Decimal("120.5")),
        ("1,250.50", Decimal("1250.50")),
        ("１２.5", Decimal("12.5")),
        ("12.5万元", Decimal("12.5")),
        ("abc", "不是有效的金额"),
        ("1.2.3", "不是有效的金额"),
        ("", None),
        ("—", None),
        ("1250000元", "名册金额的单位是万元，请改为 125"),
    ],
)
def test_money_as_typed_in_the_roster(tmp_path, typed, expected):
    rows = good_rows()
    rows["部门"][1][2] = typed  # 区民政局's budget: optional, so an empty cell is no budget
    path = build_roster(tmp_path / "r.xlsx", rows)
    if isinstance(expected, str):
        (detail,) = errors_of(path)
        assert detail.startswith("工作表“部门” 第4行 “本年度预算资金总额（万元）”列：") and expected in detail
    else:
        assert read_roster(path).departments[1].budget_total == expected


def test_dates_as_typed_in_the_roster(tmp_path):
    for typed in ("2026-03-01", "2026/3/1", "2026年3月1日", "2026.3.1", "2026年3月", "２０２６－０３－０１"):
        rows = good_rows()
        rows["项目"][0][10] = typed
        roster = read_roster(build_roster(tmp_path / "r.xlsx", rows))
        assert roster.projects[0].planned_start.isoformat() == "2026-03-01", typed


def test_header_key_drops_units_and_notes():
    assert header_key("是否重点项目（是/否）") == "是否重点项目"
    assert header_key(" 中央、省级 （万元）") == "中央、省级"
    assert header_key("本年度预算资金总额（万元）") == "本年度预算资金总额"


def test_empty_roster_has_instruction_headers_and_dropdowns(tmp_path):
    path = write_empty_roster(tmp_path / "名册.xlsx")
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == [s.name for s in ROSTER_SHEETS]
    for spec in ROSTER_SHEETS:
        ws = wb[spec.name]
        assert ws["A1"].value.startswith("说明") and ws["A1"].font.i
        assert [c.value for c in ws[2]] == [c.header for c in spec.columns]
        assert ws.freeze_panes == "A3"
    lists = {dv.formula1 for dv in wb["项目"].data_validations.dataValidation if dv.type == "list"}
    assert '"是,否"' in lists and '"中央,省级,市级,区级,其他"' in lists
    assert read_roster(path).projects == []
    with pytest.raises(Exception, match="已存在"):
        write_empty_roster(path)


def test_written_roster_reads_back_equal(tmp_path):
    original = read_roster(build_roster(tmp_path / "r.xlsx"))
    copy = read_roster(write_roster(tmp_path / "copy.xlsx", original))
    assert copy.departments == original.departments
    assert copy.units == original.units
    assert copy.projects == original.projects
    assert copy.indicators == original.indicators


def test_sample_roster_meets_the_size_bars(sample_roster):
    roster = read_roster(sample_roster)
    assert len(roster.departments) >= 6 and len(roster.units) >= 25 and len(roster.projects) >= 80
    keys = [p for p in roster.projects if p.is_key]
    assert len(keys) >= 10
    for p in keys:
        assert sum(p.funding.values()) == p.budget_total
    for p in roster.projects:
        assert Decimal(5) <= p.budget_total <= Decimal(3000) and p.budget_total == p.budget_total.quantize(
            Decimal("0.01")
        )
        indicators = roster.indicators_of(p.code)
        assert 4 <= len(indicators) <= 8, p.code
        assert {i.level1 for i in indicators} == {"产出", "效果"}
    targets = [i.target for i in roster.indicators]
    for mark in ("≥", "≤", "="):
        assert any(t.startswith(mark) for t in targets), mark
    assert any(t[0] not in "≥≤=" for t in targets)  # 定性 targets
    level2 = {i.level2 for i in roster.indicators}
    assert {"产出数量", "产出质量", "产出时效", "产出成本", "社会效益", "服务对象满意度"} <= level2
    # every unit has projects, every department has units
    assert all(roster.projects_of(u.code) for u in roster.units)
    assert all(roster.units_of(d.code) for d in roster.departments)


def test_truncated_workbook_is_a_clear_error(tmp_path):
    whole = build_roster(tmp_path / "r.xlsx").read_bytes()
    broken = tmp_path / "名册（损坏）.xlsx"
    broken.write_bytes(whole[: len(whole) // 2])
    with pytest.raises(InputDataError, match="名册文件无法读取"):
        read_roster(broken)


def test_generate_from_a_bad_roster_writes_nothing_and_names_the_cells(tmp_path):
    from typer.testing import CliRunner

    from perfcli.cli.main import app

    rows = good_rows()
    rows["项目"][0][2] = "U9"
    rows["部门"][0][2] = "-3"
    roster = build_roster(tmp_path / "名册.xlsx", rows)
    out = tmp_path / "监控表"
    result = CliRunner().invoke(app, ["generate", str(roster), "--period", "2026Q3", "--out", str(out)])
    assert result.exit_code == 1, result.output
    assert "名册有 2 处错误，未生成任何文件" in result.output
    assert "工作表“项目” 第3行 “单位编码”列" in result.output
    assert "工作表“部门” 第3行 “本年度预算资金总额（万元）”列" in result.output
    assert not out.exists()


@needs_libreoffice
def test_roster_resaved_as_xls_by_libreoffice_reads_the_same(tmp_path):
    import subprocess

    source = build_roster(tmp_path / "名册.xlsx")
    subprocess.run(
        [
            soffice(),
            f"-env:UserInstallation=file://{tmp_path}/lo-profile",
            "--headless",
            "--convert-to",
            "xls",
            "--outdir",
            str(tmp_path / "xls"),
            str(source),
        ],
        check=True,
        timeout=180,
        capture_output=True,
    )
    original, resaved = read_roster(source), read_roster(tmp_path / "xls" / "名册.xls")
    assert resaved.departments == original.departments
    assert resaved.units == original.units
    assert resaved.projects == original.projects
    assert resaved.indicators == original.indicators
