"""Reading by header structure (issue 20 item 2): a 自评表 whose indicator header spans two rows, 年度指标值 a
merged group over 指标方向 | 指标值 | 计量单位, is read; the direction and unit feed the score (正向 ≥, 反向 ≤,
等于 =, 定性), so "小于等于 1次" with an actual of 2 does not score full marks; the points a province prints in a
一级指标 (产出指标(50分)) do not take it out of its group; a funds block headed （元） is read in 万元."""

from __future__ import annotations

from decimal import Decimal as D
from pathlib import Path
from typing import Any

import openpyxl

from perfcli.model.config import load_config
from perfcli.returns.read import read_workbook
from perfcli.scoring.evaluate import score_record
from perfcli.scoring.formulas import ScoringSettings

CONFIG = load_config()

# (一级, 二级, 三级, 指标方向, 指标值, 计量单位, 实际完成值, 分值, 得分)
ROWS: list[tuple[Any, ...]] = [
    ("产出指标(50分)", "数量指标", "投诉次数", "小于等于", 1, "次", 2, 10, 10),
    ("产出指标(50分)", "质量指标", "覆盖率", "大于等于", 90, "%", 95, 20, 20),
    ("产出指标(50分)", "数量指标", "完成个数", "等于", 12, "个", 11, 20, 20),
    ("效益指标(30分)", "社会效益指标", "群众评价", "定性", "好", None, "较好", 30, 24),
    ("满意度指标(10分)", "服务对象满意度指标", "满意度", "﹦", 95, "%", 95, 10, 10),
]


def lay_two_row_header(
    path: Path, *, money_unit: str = "万元", budget: Any = 100, executed: Any = 80
) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "自评"

    def put(row: int, col: int, value: Any, to_col: int | None = None, to_row: int | None = None) -> None:
        ws.cell(row, col).value = value
        if to_col or to_row:
            ws.merge_cells(start_row=row, start_column=col, end_row=to_row or row, end_column=to_col or col)

    put(1, 1, "项目支出绩效自评表", to_col=10)
    put(2, 1, "（2026年度）", to_col=10)
    put(3, 1, "项目名称", to_col=2)
    put(3, 3, "社区服务补助", to_col=10)
    put(4, 1, "主管部门", to_col=2)
    put(4, 3, "区民政局", to_col=5)
    put(4, 6, "实施单位", to_col=7)
    put(4, 8, "区社会福利中心", to_col=10)
    put(5, 1, f"项目资金\n（{money_unit}）", to_col=3)
    for col, head in enumerate(("年初预算数", "全年预算数", "全年执行数", "分值", "执行率", "得分"), 4):
        put(5, col, head)
    put(6, 1, "年度资金总额", to_col=3)
    for col, value in ((4, budget), (5, budget), (6, executed), (7, 10)):
        put(6, col, value)
    put(7, 1, "其中：当年财政拨款", to_col=3)
    for col, value in ((4, budget), (5, budget), (6, executed)):
        put(7, col, value)
    put(8, 1, "年度总体目标", to_row=9)
    put(8, 2, "预期目标", to_col=5)
    put(8, 6, "实际完成情况", to_col=10)
    put(9, 2, "为社区提供服务。", to_col=5)
    put(9, 6, "已提供服务。", to_col=10)
    # the two-row header: 绩效指标 over 一级/二级/三级, 年度指标值 over 指标方向 | 指标值 | 计量单位
    put(10, 1, "绩效指标", to_col=3)
    put(10, 4, "年度指标值", to_col=6)
    for col, head in ((7, "实际完成值"), (8, "分值"), (9, "得分"), (10, "偏差原因分析及改进措施")):
        put(10, col, head, to_row=11)
    for col, head in enumerate(("一级指标", "二级指标", "三级指标", "指标方向", "指标值", "计量单位"), 1):
        put(11, col, head)
    for k, row in enumerate(ROWS):
        for col, value in enumerate(row, 1):
            put(12 + k, col, value)
    put(12 + len(ROWS), 1, "总分", to_col=6)
    put(12 + len(ROWS), 8, 100)
    put(12 + len(ROWS), 9, 92)
    wb.save(path)
    return path


def test_the_two_row_header_is_read_with_its_direction_and_unit_columns(tmp_path):
    [record] = read_workbook(lay_two_row_header(tmp_path / "s.xlsx"), CONFIG).records
    assert record.form == "self_evaluation"
    assert [r.get("level3") for r in record.table] == ["投诉次数", "覆盖率", "完成个数", "群众评价", "满意度"]
    # 指标方向 is its own column (a form may have 指标性质 beside it): read as the direction
    assert [r.get("direction") for r in record.table] == ["≤", "≥", "=", "定性", "="]
    assert [r.get("unit") for r in record.table] == ["次", "%", "个", None, "%"]
    assert [r.get("target") for r in record.table] == ["1", "90", "12", "好", "95"]
    assert record.table[0].cells["target"] == "E12" and record.table[0].cells["direction"] == "D12"
    assert not [f.message for f in record.issues if f.code in ("R006", "R017")]


def test_the_direction_column_feeds_the_score(tmp_path):
    [record] = read_workbook(lay_two_row_header(tmp_path / "s.xlsx"), CONFIG).records
    score = score_record(record, ScoringSettings.from_config(CONFIG))
    # by hand: budget 10 × 80/100 = 8; 投诉次数 ≤1次, actual 2 = 2 × target: 反向 gives 0 (not full marks);
    # 覆盖率 ≥90%, 95: 20; 完成个数 =12个, 11: 20 × (1 − 1/12) = 18.33; 群众评价 定性: own score 24;
    # 满意度 =95%, 95: 10. Total 8 + 0 + 20 + 18.33 + 24 + 10 = 80.33 → 良
    assert [i.method for i in score.indicators] == ["反向", "正向", "等于", "定性", "等于"]
    assert [i.score for i in score.indicators] == [D(0), D(20), D("18.33"), D(24), D(10)]
    assert [i.target for i in score.indicators] == ["≤1次", "≥90%", "=12个", "好", "=95%"]
    assert score.total == D("80.33") and score.grade == "良"
    # 产出指标(50分) is the 产出指标 group: no S010; the weights add up to 90: no S004
    codes = {f.code for f in score.findings}
    assert "S010" not in codes and "S004" not in codes
    assert "S007" in codes  # the unit's 10 for 投诉次数 against the computed 0


def test_a_funds_block_headed_in_yuan_is_read_in_wanyuan(tmp_path):
    path = lay_two_row_header(tmp_path / "s.xlsx", money_unit="元", budget=1_000_000, executed=800_000)
    content = read_workbook(path, CONFIG)
    [record] = content.records
    assert record.funding["total"]["annual_budget"] == D(100)
    assert record.funding["total"]["executed"] == D(80)
    converted = [f for f in record.issues if f.code == "R002"]
    assert {f.cell for f in converted} >= {"E6", "F6"}
    assert "已按 100 万元读取" in next(f.message for f in converted if f.cell == "E6")


def test_qizhong_variants_of_the_national_grid_are_pack_data(tmp_path):
    """其中：当年一般公共预算拨款 (湖北) and 其中：财政资金 (四川) are the 财政拨款 row of the national grid."""
    from tests.national_fixtures import national_workbook

    for label in ("其中：当年一般公共预算拨款", "其中：财政资金"):
        funds = {
            "年度资金总额": (500, 300, "60%", 500),
            label: (400, 250, "62.5%", 400),
            "其他资金": (100, 50, "50%", 100),
        }
        path = national_workbook(tmp_path / "n.xlsx", funds=funds)
        [record] = read_workbook(path, CONFIG).records
        assert record.fields["funds"]["fiscal"]["budget"] == D(400), label
        assert not [f for f in record.issues if f.code == "R007"]
