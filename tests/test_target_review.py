"""The 初审 rules of a 项目支出绩效目标申报表 (T0xx, issue 23 item 2): a clean declaration has no finding; each
defect planted alone gives its rule, with its category (完整性、相关性、适当性、可行性), cell and field; the
[targets] config changes the outcome; `perfcli validate --json` reports them on an older-family workbook; the
last-year rule with a mapping and with the actuals a workspace ledger holds; the real 宁乡 form read by eye."""

from __future__ import annotations

import dataclasses
import json
import shutil
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from perfcli import api
from perfcli.cli.main import app
from perfcli.findings.sheets import findings_sheets
from perfcli.findings.targets import last_year_findings, review_declaration
from perfcli.forms.registry import forms_of
from perfcli.model.config import default_config, load_config
from perfcli.model.targets import ANNUAL, MID_TERM, TargetDeclaration, TargetFunds, TargetIndicator
from perfcli.model.values import name_key
from perfcli.returns.read import read_workbook
from tests.real._layout import FormSheet
from tests.real.build_hunan_ningxiang_mbb_2021 import indicator_table
from tests.selfeval_fixtures import lay_out

D = Decimal
REAL = Path(__file__).resolve().parent / "real"
# (一级, 二级, 三级, 中长期指标值, 年度指标值): the national layout, 中长期 in A–D and 年度 in E–G, from row 12
ROWS = [
    ("产出指标", "数量指标", "培训人次", "≥3000人次", "≥1000人次"),
    ("产出指标", "质量指标", "培训合格率", "≥95%", "≥95%"),
    ("产出指标", "时效指标", "完成时间", "2028年12月前", "2027年12月前"),
    ("产出指标", "成本指标", "人均培训成本", "≤800元", "≤800元"),
    ("效益指标", "社会效益指标", "参训人员就业率", "≥80%", "≥80%"),
    ("满意度指标", "服务对象满意度指标", "参训学员满意度", "≥90%", "≥90%"),
]
FIRST_ROW = 12
COLUMNS = {MID_TERM: ("A", "B", "C", "D"), ANNUAL: ("A", "E", "F", "G")}
CELLS = {
    "project_name": "B3",
    "department": "B4",
    "implementer": "E4",
    "project_attribute": "B5",
    "project_period": "E5",
    "mid_total": "C7",
    "mid_fiscal": "C8",
    "mid_other": "C9",
    "annual_total": "E7",
    "annual_fiscal": "E8",
    "annual_other": "E9",
    "mid_goal": "B10",
    "annual_goal": "E10",
}


def _indicator(half: str, row: int, level1: str, level2: str, level3: str, target: str) -> TargetIndicator:
    a, b, c, d = COLUMNS[half]
    cells = {"level1": f"{a}{row}", "level2": f"{b}{row}", "level3": f"{c}{row}", "target": f"{d}{row}"}
    return TargetIndicator(half, level1, level2, level3, target, row=row, cells=cells)


def clean() -> TargetDeclaration:
    indicators = []
    for half, at in ((MID_TERM, 3), (ANNUAL, 4)):
        for n, row in enumerate(ROWS):
            indicators.append(_indicator(half, FIRST_ROW + n, *row[:3], row[at]))
    return TargetDeclaration(
        project_name="职业技能培训补贴",
        year=2027,
        department="区人力资源和社会保障局",
        implementer="区职业技能培训中心",
        project_attribute="延续项目",
        project_period="2026年-2028年",
        funds={
            MID_TERM: TargetFunds(D("300"), D("250"), D("50")),
            ANNUAL: TargetFunds(D("100"), D("80"), D("20")),
        },
        goals={MID_TERM: "目标1：三年培训3000人次", ANNUAL: "目标1：全年培训1000人次"},
        indicators=indicators,
        file="申报表.xlsx",
        sheet="职业技能培训补贴",
        cells=dict(CELLS),
    )


def _index(d: TargetDeclaration, half: str, level3: str) -> int:
    return next(i for i, ind in enumerate(d.indicators) if ind.half == half and ind.level3 == level3)


def _set(half: str, name: str, /, **changes: Any) -> Callable[[TargetDeclaration], None]:
    def plant(d: TargetDeclaration) -> None:
        i = _index(d, half, name)
        d.indicators[i] = dataclasses.replace(d.indicators[i], **changes)

    return plant


def _drop(half: str, level3: str) -> Callable[[TargetDeclaration], None]:
    return lambda d: d.indicators.pop(_index(d, half, level3))


def _funds(half: str, **changes: Any) -> Callable[[TargetDeclaration], None]:
    def plant(d: TargetDeclaration) -> None:
        d.funds[half] = dataclasses.replace(d.funds[half], **changes)

    return plant


def _attr(name: str, value: Any) -> Callable[[TargetDeclaration], None]:
    return lambda d: setattr(d, name, value)


def _annual(level3: str) -> str:
    return f"indicators[{_index(clean(), ANNUAL, level3)}]"


# plant -> (code, category, cell, field)
DEFECTS: dict[str, tuple[Callable[[TargetDeclaration], None], tuple[str, str, str | None, str]]] = {
    "项目名称空": (_attr("project_name", " "), ("T001", "完整性", "B3", "project_name")),
    "年度资金总额空": (_funds(ANNUAL, total=None), ("T001", "完整性", "E7", "annual_total")),
    "没有年度满意度": (
        _drop(ANNUAL, "参训学员满意度"),
        ("T002", "完整性", "A12", "indicators.年度.满意度指标"),
    ),
    "没有中长期效益": (
        _drop(MID_TERM, "参训人员就业率"),
        ("T002", "完整性", "A12", "indicators.中长期.效益指标"),
    ),
    "产出没有质量": (
        _drop(ANNUAL, "培训合格率"),
        ("T003", "完整性", "E12", "indicators.年度.产出指标"),
    ),
    "指标值空": (
        _set(ANNUAL, "培训人次", target=""),
        ("T004", "完整性", "G12", f"{_annual('培训人次')}.target"),
    ),
    "三级指标空": (
        _set(ANNUAL, "参训人员就业率", level3=""),
        ("T005", "完整性", "F16", f"{_annual('参训人员就业率')}.level3"),
    ),
    "三级指标是数字": (
        _set(ANNUAL, "参训人员就业率", level3="88"),
        ("T006", "完整性", "F16", f"{_annual('参训人员就业率')}.level3"),
    ),
    "未量化": (
        _set(ANNUAL, "培训合格率", target="明显提高"),
        ("T011", "相关性", "G13", f"{_annual('培训合格率')}.target"),
    ),
    "重名": (
        _set(ANNUAL, "参训人员就业率", level3="培 训 人 次"),
        ("T012", "相关性", "F16", f"{_annual('参训人员就业率')}.level3"),
    ),
    "三级重复二级": (
        _set(ANNUAL, "培训人次", level3="数量"),
        ("T013", "相关性", "F12", f"{_annual('培训人次')}.level3"),
    ),
    "其中超过总额": (_funds(ANNUAL, fiscal=D("90.5")), ("T021", "适当性", "E9", "annual_other")),
    "财政拨款超过中期总额": (_funds(MID_TERM, fiscal=D("301")), ("T021", "适当性", "C8", "mid_fiscal")),
    "成本超过资金": (
        _set(ANNUAL, "人均培训成本", target="≤120万元"),
        ("T022", "适当性", "G15", f"{_annual('人均培训成本')}.target"),
    ),
    "成本以元计超过资金": (
        _set(ANNUAL, "人均培训成本", target="1,200,000元"),
        ("T022", "适当性", "G15", f"{_annual('人均培训成本')}.target"),
    ),
    "满意度偏低": (
        _set(ANNUAL, "参训学员满意度", target="≥75%"),
        ("T023", "适当性", "G17", f"{_annual('参训学员满意度')}.target"),
    ),
    "满意度只写数字": (
        _set(ANNUAL, "参训学员满意度", target="75"),
        ("T023", "适当性", "G17", f"{_annual('参训学员满意度')}.target"),
    ),
    "年度超出中长期": (
        _set(ANNUAL, "培训合格率", target="不低于98%"),
        ("T031", "可行性", "G13", f"{_annual('培训合格率')}.target"),
    ),
    "反向指标年度超出中长期": (
        _set(ANNUAL, "人均培训成本", target="≤700元"),
        ("T031", "可行性", "G15", f"{_annual('人均培训成本')}.target"),
    ),
    "项目期不含预算年度": (
        _attr("project_period", "2024年1月至2026年12月"),
        ("T032", "可行性", "E5", "project_period"),
    ),
}


def test_a_clean_declaration_has_no_findings():
    assert review_declaration(clean(), default_config()) == []


@pytest.mark.parametrize("name", list(DEFECTS))
def test_each_planted_defect_gives_its_rule_category_and_cell(name):
    plant, (code, category, cell, field) = DEFECTS[name]
    declaration = clean()
    plant(declaration)
    [finding] = review_declaration(declaration, default_config())
    assert (finding.code, finding.category, finding.cell, finding.field) == (code, category, cell, field)
    assert finding.file == "申报表.xlsx" and finding.sheet == "职业技能培训补贴"
    assert finding.to_json()["category"] == category
    assert any("\u4e00" <= ch <= "\u9fff" for ch in finding.message) and "{" not in finding.message


def test_messages_name_the_indicator_and_what_to_do():
    declaration = clean()
    _set(ANNUAL, "参训学员满意度", target="≥75%")(declaration)
    [low] = review_declaration(declaration, default_config())
    assert "年度指标“参训学员满意度”" in low.message and "≥75%" in low.message and "80%" in low.message
    declaration = clean()
    _set(ANNUAL, "人均培训成本", target="≤120万元")(declaration)
    [cost] = review_declaration(declaration, default_config())
    assert "“≤120万元”超过年度资金总额 100 万元" in cost.message  # the amount is said once
    declaration = clean()
    _set(ANNUAL, "人均培训成本", target="≤1200000元")(declaration)
    [cost] = review_declaration(declaration, default_config())
    assert "“≤1200000元”（即 120 万元）超过年度资金总额 100 万元" in cost.message  # 元 given in 万元 too


@pytest.mark.parametrize(
    "period", ["2027年", "2027年度", "2026-2028年", "2020年起", "3年", "长期", "2027.01-2027.12"]
)
def test_a_period_covering_the_year_or_unreadable_is_fine(period):
    declaration = clean()
    declaration.project_period = period
    assert review_declaration(declaration, default_config()) == []


def test_qualitative_targets_where_no_number_is_asked_are_fine():
    declaration = clean()
    _set(ANNUAL, "参训人员就业率", target="明显提高")(declaration)  # 效益 may be qualitative
    assert review_declaration(declaration, default_config()) == []


def _config(**targets: Any) -> Any:
    return default_config({"targets": targets})


def test_the_config_thresholds_change_the_outcome():
    low = clean()
    _set(ANNUAL, "参训学员满意度", target="≥75%")(low)
    assert [f.code for f in review_declaration(low, _config(satisfaction_floor=70))] == []
    assert [f.code for f in review_declaration(clean(), _config(satisfaction_floor=95))] == ["T023", "T023"]
    no_cost = clean()
    _drop(ANNUAL, "人均培训成本")(no_cost)
    assert review_declaration(no_cost, default_config()) == []
    [kinds] = review_declaration(no_cost, _config(required_output_kinds=["数量", "质量", "时效", "成本"]))
    assert kinds.code == "T003" and "成本" in kinds.message and "时效" not in kinds.message
    no_attribute = clean()
    no_attribute.project_attribute = ""
    assert review_declaration(no_attribute, default_config()) == []
    [attribute] = review_declaration(no_attribute, _config(required_fields=["项目名称", "项目属性"]))
    assert attribute.field == "project_attribute" and attribute.cell == "B5"
    no_satisfaction = clean()
    _drop(ANNUAL, "参训学员满意度")(no_satisfaction)
    assert review_declaration(no_satisfaction, _config(required_families=["产出指标", "效益"])) == []


def test_an_unknown_name_in_the_config_is_a_usage_error():
    from perfcli.errors import UsageError

    with pytest.raises(UsageError, match="满意度指数"):
        review_declaration(clean(), _config(required_families=["满意度指数"]))


def test_last_year_rule_with_a_mapping():
    actuals = {
        name_key("培训人次"): "1200人次",
        "培训合格率": "96%",
        "人均培训成本": "750",
        "参训学员满意度": "很高",
    }
    found = last_year_findings(clean(), actuals, default_config())
    assert [(f.code, f.category, f.cell) for f in found] == [
        ("T024", "适当性", "G12"),  # ≥1000人次 below 1200人次
        ("T024", "适当性", "G13"),  # ≥95% below 96%
        ("T024", "适当性", "G15"),  # ≤800元 above 750 (a 反向 indicator: easier than last year)
    ]
    assert "低于上年实际完成值“1200人次”" in found[0].message and "高于" in found[2].message
    assert (
        last_year_findings(clean(), {"培训人次": "900人次", "完成时间": "2026年11月"}, default_config()) == []
    )
    assert last_year_findings(clean(), {"培训人次": "1200个"}, default_config()) == []  # another unit


def test_the_question_list_gets_a_category_column_when_a_review_finding_is_in_it(tmp_path):
    path = tmp_path / "宁乡.xlsx"
    shutil.copy(REAL / "hunan_ningxiang_mbb_2021.xlsx", path)
    report = api.validate([path])
    [sheet, _] = findings_sheets(report, forms_of(load_config()))
    names = [name for name, _ in sheet.columns]
    assert names[names.index("代码") + 1] == "类别"
    frame = report.findings_frame()
    assert set(frame[frame.code.str.startswith("T")].category) == {"完整性"}


def test_validate_json_reports_the_review_of_an_older_family_workbook(tmp_path):
    """A 项目绩效目标申报表 of the older family laid out by hand (labels left, 长期 and 年度 tables one under the
    other): validate --json carries each finding's category."""
    path = _older_family(tmp_path / "申报表.xlsx")
    result = CliRunner().invoke(app, ["validate", str(path), "--json"])
    assert result.exit_code == 1, result.output
    [file] = json.loads(result.stdout)["files"]
    found = {(f["code"], f.get("category"), f["cell"]) for f in file["findings"]}
    assert found == {("T011", "相关性", "E18"), ("T023", "适当性", "E21"), ("T021", "适当性", "B9")}, found
    assert all("category" not in f for f in file["findings"] if not f["code"].startswith("T"))


def _older_family(path: Path) -> Path:
    form = FormSheet("Sheet1", {"A": 14, "B": 16, "C": 26, "D": 20, "E": 12, "F": 12})
    put = form.put
    put("A1", "项目绩效目标申报表", to="F1", bold=True, size=16, border=False)
    put("A2", "(2027年度)", to="F2", border=False)
    put("A3", "填报单位(盖章):区社会福利中心", to="F3", border=False, align="left")
    put("A4", "项目名称")
    put("B4", "社区养老服务补助", to="F4")
    put("A5", "项目属性")
    put("B5", "新增项目□延续项目√", to="F5", align="left")
    for r, left, left_value, right, right_value in (
        (6, "主管部门", "区民政局", "主管部门编码", "301"),
        (7, "项目单位", "区社会福利中心", "项目负责人", "王敏"),
        (8, "联系电话", "0519-1234567", "项目起止时间", "2027年"),
    ):
        put(f"A{r}", left)
        put(f"B{r}", left_value, to=f"C{r}")
        put(f"D{r}", right)
        put(f"E{r}", right_value, to=f"F{r}")
    put("A9", "资金总额及构成")
    put("B9", "总额200万元\n财政拨款:210万元\n二、自有资金:0万元\n三、其他:0万元", to="F9", align="left")
    put("A10", "项目绩效目标", to="A11")
    put("B10", "长期目标")
    put("C10", "提升社区养老服务水平", to="F10", align="left")
    put("B11", "年度目标")
    put("C11", "全年服务老人5000人次", to="F11", align="left")
    r = indicator_table(
        form,
        12,
        "长期绩效指标",
        [
            ("产出指标", "数量指标", "服务人次", "≥15000人次"),
            ("产出指标", "质量指标", "服务达标率", "≥95%"),
            ("效益指标", "社会效益指标", "老人生活质量", "明显改善"),
            ("满意度指标", "服务对象满意度指标", "老人满意度", "≥90%"),
        ],
    )
    indicator_table(
        form,
        r,
        "年度绩效指标",
        [
            ("产出指标", "数量指标", "服务人次", "明显增加"),
            ("产出指标", "质量指标", "服务达标率", "≥95%"),
            ("效益指标", "社会效益指标", "老人生活质量", "明显改善"),
            ("满意度指标", "服务对象满意度指标", "老人满意度", "≥70%"),
        ],
    )
    form.save(path)
    return path


def test_last_year_actuals_come_from_the_workspace_ledger(tmp_path):
    """A 2026 自评表 validated in a workspace: the 2027 review finds its 全年实际完成值 by project name."""
    from perfcli.api.last_year_actuals import last_year_actuals, last_year_index

    workspace = tmp_path / "工作区"
    api.init(workspace)
    config = workspace / "perfcli.toml"
    (workspace / "回收").mkdir()
    lay_out(workspace / "回收" / "自评表.xlsx", project="职业技能培训补贴")
    api.validate([workspace / "回收"], config=config)
    actuals = last_year_actuals(config, 2027, "", "职业技能培训补贴")
    assert actuals[name_key("培训人次")] == "450人次" and actuals[name_key("服务对象满意度")] == "93.5%"
    assert len(actuals) == 7
    assert last_year_actuals(config, 2027, "", "另一个项目") == {}
    assert last_year_actuals(config, 2026, "", "职业技能培训补贴") == {}  # nothing of 2025
    assert last_year_index(config, 2027).of("", " 职业技能培训补贴 ") == actuals
    [below] = last_year_findings(clean(), {"培训人次": "1200人次"}, load_config(config))
    assert below.code == "T024"


def test_the_real_ningxiang_form_reads_as_a_reviewer_would_judge_it():
    """宁乡's 项目绩效目标表 (tests/real, read by eye): every 指标内容 is a bare number (88, 68, 20) instead of an
    indicator's name, and the annual table stops before its 满意度 row. Its money (总额 10606.7522 = 财政拨款
    6923.3552 + 其他 3683.397), its 项目起止时间 (2021年度) and its required fields are in order: no finding there."""
    [record] = read_workbook(REAL / "hunan_ningxiang_mbb_2021.xlsx", load_config()).records
    found = review_declaration(TargetDeclaration.from_record(record), load_config())
    numbers = [f"D{r}" for r in (*range(20, 30), *range(31, 40)) if r not in (24, 35)]  # 24, 35: "…" rows
    assert sorted((f.code, f.cell) for f in found) == sorted(
        [("T002", "B31"), *(("T006", cell) for cell in numbers)]
    )
    [family] = [f for f in found if f.code == "T002"]
    assert family.field == "indicators.年度.满意度指标" and "年度绩效指标中没有满意度指标" in family.message
    assert all(f.category == "完整性" for f in found)
