"""A 自评表 laid out by the tests (openpyxl, not our generator) is read by labels and scores exactly."""

from __future__ import annotations

from decimal import Decimal as D

from perfcli.model.config import load_config
from perfcli.returns.read import read_workbook
from perfcli.scoring.evaluate import score_record
from perfcli.scoring.formulas import ScoringSettings
from tests.selfeval_fixtures import GOOD_ROWS, lay_out

CONFIG = load_config(None)
SETTINGS = ScoringSettings.from_config(CONFIG)


def _record(path):
    content = read_workbook(path, CONFIG)
    assert content.rejected is None
    [record] = content.records
    return record


def test_reads_the_form_by_labels(tmp_path):
    record = _record(lay_out(tmp_path / "自评.xlsx", top_rows=3, extra_sheet=True))
    assert record.form == "self_evaluation" and record.fields["year"] == 2026
    assert record.fields["project_name"] == "社区养老服务补助"
    assert record.fields["department"] == "区民政局" and record.unit == "区社会福利中心"
    assert record.fields["goal_actual"].startswith("已按计划发放补助")
    assert record.funding["total"]["annual_budget"] == D(200) and record.funding["total"]["executed"] == D(
        150
    )
    assert record.funding["appropriation"]["executed"] == D(150)
    assert record.cells["funding.total.executed"] == "F9"  # 3 rows lower than drawn
    assert [r.get("level3") for r in record.table] == [r[2] for r in GOOD_ROWS]
    assert record.table[6].get("level1") == "满意度指标" and record.table[1].get("level2") == "质量指标"
    assert record.table[4].get("target") == "=12个"  # typed text, never a formula
    assert record.fields["self_total"] == "90.5"
    assert not [f for f in record.issues if f.severity == "error"]


def test_known_answers_score_exactly(tmp_path):
    score = score_record(_record(lay_out(tmp_path / "a.xlsx")), SETTINGS)
    # by hand: budget 10 × 150/200 = 7.5; 20 × 450/500 = 18; 15 × 98/100 = 14.7; 定性 5; 10 × (1 − 25/250) = 9;
    # 15 × (1 − 1/12) = 13.75; 定性 14; 93.5 ≥ 90 → 10
    assert score.budget_score == D("7.50")
    assert [i.score for i in score.indicators] == [
        D(x) for x in ("18", "14.7", "5", "9", "13.75", "14", "10")
    ]
    assert [i.method for i in score.indicators] == ["正向", "正向", "定性", "反向", "等于", "定性", "正向"]
    assert score.total == D("91.95") and score.grade == "优"
    # the unit gave 单位成本 10 where the formula gives 9, and wrote a 总分 of 90.5 (computed 91.95)
    assert [(f.code, f.cell) for f in score.findings] == [("S007", "G16"), ("S015", "G20")]
    assert "自评得分 10" in score.findings[0].message and "计算为 9" in score.findings[0].message
    assert "总分填写为 90.5，按公式计算为 91.95，相差 1.45 分" in score.findings[1].message
    data = score.to_json()
    assert data["total"] == 91.95 and data["indicators"][4]["target"] == "=12个"
    assert set(data) >= {
        "file",
        "unit",
        "project_name",
        "budget_score",
        "total",
        "grade",
        "indicators",
        "findings",
    }


def test_mistakes_are_findings_with_cells(tmp_path):
    rows = [
        ("产出指标", "数量指标", "培训人次", "≥500人次", "基本完成", 20, 20, None),  # S001
        ("产出指标", "质量指标", "验收合格率", "100%", "98分", 15, 12, None),  # S002, 定性 12
        ("产出指标", "时效指标", "完成时间", "2026年12月前", "已完成", 5, 6, None),  # S003 (6 > 5)
        ("产出指标", "成本指标", "单位成本", "≤250万元", None, 10, None, None),  # S005
        ("效益指标", "社会效益指标", "覆盖社区数", "=12个", "6个", 15, 7.5, None),  # S006 (7.5 < 12)
        ("满意度指标", "服务对象满意度指标", "服务对象满意度", "≥90%", "95%", 10, 10, None),
    ]  # weights 75: S004
    path = lay_out(tmp_path / "b.xlsx", rows, budget=100, executed=120)
    score = score_record(_record(path), SETTINGS)
    codes = sorted(f.code for f in score.findings)
    # S006 only for 覆盖社区数 (7.5 < 80% of 15): 验收合格率's 12 is exactly 80%, and 培训人次, 完成时间 and
    # 单位成本 already have their own error (S001, S003, S005) to fix first
    assert codes == ["S001", "S002", "S003", "S004", "S005", "S006", "S008", "S015"]
    by_code = {f.code: f for f in score.findings}
    assert by_code["S001"].cell == "E13" and by_code["S003"].cell == "G15"
    assert "定性指标请填写自评得分（0–5）" in by_code["S003"].message
    assert "合计为 75" in by_code["S004"].message
    # budget capped at 10; 0 + 12 + 0 + 0 + 15 × (1 − 6/12) = 7.5 + 10
    assert score.budget_score == D(10) and score.total == D("39.5") and score.grade == "差"


def test_validate_record_carries_the_score(tmp_path):
    from perfcli.findings.checks import validate_record

    record = _record(lay_out(tmp_path / "c.xlsx"))
    findings = validate_record(record, CONFIG)
    assert [f.code for f in findings] == ["S007", "S015"]
    assert record.to_json()["score"]["total"] == 91.95
    assert record.to_json()["funding"]["total"]["annual_budget"] == 200


def test_our_blank_template_filled_in_reads_back(tmp_path):
    """The shipped blank 自评表, filled in the way a clerk would, reads back and scores."""
    import openpyxl

    from tests.test_templates import ROOT

    wb = openpyxl.load_workbook(ROOT / "perfcli" / "templates" / "项目支出绩效自评表.xlsx")
    ws = wb.worksheets[0]
    where = {c.value: (c.row, c.column) for row in ws.iter_rows() for c in row if isinstance(c.value, str)}
    r, _ = where["年度资金总额"]
    _, budget_col = where["全年预算数"]
    ws.cell(r, budget_col).value, ws.cell(r, budget_col + 1).value = 100, 80
    r, c = where["项目名称"]
    ws.cell(r, c + 1).value = "道路养护"
    first, _ = where["数量指标"]
    # fill the first four skeleton rows: 分值 20 + 30 + 20 + 20 = 90
    for i, (name, target, actual, weight, score) in enumerate(
        [
            ("养护里程", "≥100公里", "120公里", 20, 20),
            ("验收合格率", "≥95%", "95%", 30, 30),
            ("完工时间", "2026年11月前", "按期完工", 20, 18),
            ("单位成本", "≤2万元", "2.5万元", 20, 15),
        ]
    ):
        for col, value in zip(range(3, 8), (name, target, actual, weight, score), strict=True):
            ws.cell(first + i, col).value = value
    path = tmp_path / "filled.xlsx"
    wb.save(path)
    score = score_record(_record(path), SETTINGS)
    # 10 × 80/100 = 8; 20; 30; 定性 18; 反向 20 × (1 − 0.5/2) = 15
    assert [i.score for i in score.indicators] == [D(20), D(30), D(18), D(15)]
    assert score.total == D(91) and score.grade == "优"
    # 15 is below 80% of 20 and no 偏差原因分析 was given
    assert [(f.code, f.field) for f in score.findings] == [("S006", "indicators[3].deviation")]


def test_read_with_the_monitoring_forms_tolerances(tmp_path):
    """Amounts as text (thousands, full-width), a full-width sign and digits, an inserted indicator row."""
    rows = [
        *GOOD_ROWS[:4],
        ("产出指标", "成本指标", "人均成本", "≤２万元", "１．８万元", 0, 0, None),
        *GOOD_ROWS[4:],
    ]
    path = lay_out(tmp_path / "t.xlsx", rows, budget="1,200.00", executed="９００", top_rows=1)
    record = _record(path)
    assert record.funding["total"]["annual_budget"] == D(1200) and record.funding["total"]["executed"] == D(
        900
    )
    score = score_record(record, SETTINGS)
    inserted = score.indicators[4]
    assert (inserted.method, inserted.weight, inserted.score) == ("反向", D(0), D(0))
    assert score.budget_score == D("7.50")  # 10 × 900 / 1200
