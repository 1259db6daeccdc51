"""aggregate: exact totals on hand-made returns, every file accounted for, outputs that stay inert."""

from __future__ import annotations

import json
import re
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from perfcli.model.config import load_config
from perfcli.model.findings import Finding
from perfcli.model.period import Period
from perfcli.model.records import FileResult, FormRecord, Indicator
from perfcli.model.roster import Department, Project, Roster, Unit
from perfcli.model.values import percent
from perfcli.rollups.city import aggregate_city, aggregate_department
from perfcli.rollups.workbooks import write_city_workbook

D = Decimal
Q3 = Period.parse("2026Q3")
CONFIG = load_config(None, search_from=Path(__file__).parent)


def project(
    unit: str,
    name: str,
    budget: str,
    received: str,
    spent: str,
    *,
    likelihood=("确定能",),
    deviation: str | None = "无偏离",
    plan: str | None = "按计划推进",
    period: Period = Q3,
    sheet: str | None = None,
) -> FormRecord:
    """A 附表1 record as the reader would give it."""
    return FormRecord(
        file="",
        form="project",
        sheet=sheet or name,
        period=period,
        unit=unit,
        fields={
            "project_name": name,
            "budget_total": D(budget),
            "fund_source": "区级",
            "funds_received": D(received),
            "funds_spent": D(spent),
            "implementation": "正常实施",
            "deviation_analysis": deviation,
            "improvement_plan": plan,
        },
        table=[
            Indicator(
                {
                    "level1": "产出",
                    "level2": "产出数量",
                    "level3": f"指标{i}",
                    "target": "≥95%",
                    "actual": "90%",
                    "likelihood": value,
                },
                cells={"likelihood": f"F{12 + i}"},
            )
            for i, value in enumerate(likelihood)
        ],
        cells={"funds_spent": "E7", "deviation_analysis": "B9", "improvement_plan": "B10"},
    )


def returned(
    path: str,
    *records: FormRecord,
    received: str = "2026-10-08",
    code: str | None = None,
    findings: list[Finding] | None = None,
) -> FileResult:
    for record in records:
        record.file = path
    return FileResult(
        path,
        "read",
        list(records),
        findings=findings or [],
        received=received,
        workbook_kind="unit" if any(r.form == "project" for r in records) else "department",
        code=code,
    )


ROSTER = Roster(
    departments=[
        Department("D01", "区教育局", D("2000.00")),
        Department("D02", "区卫健委"),
        Department("D03", "区民政局"),
    ],
    units=[
        Unit("U011", "区实验小学", "D01"),
        Unit("U012", "区第一中学", "D01"),
        Unit("U021", "区人民医院", "D02"),
        Unit("U031", "区福利院", "D03"),
    ],
    projects=[
        Project("P1", "校舍维修", "U011", D("100.10"), "区级"),
        Project("P2", "教师培训", "U011", D("50"), "区级"),
        Project("P3", "智慧校园", "U012", D("1000.33"), "区级"),
        Project("P4", "设备更新", "U021", D("200"), "区级"),
        Project("P5", "养老服务", "U031", D("80"), "区级"),
    ],
    indicators=[],
)


def sample_returns() -> list[FileResult]:
    return [
        returned(
            "in/实验小学.xlsx",
            project(
                "区实验小学",
                "校舍维修",
                "100.10",
                "80.00",
                "30.05",
                likelihood=("可能性小", "确定能"),
                deviation=None,
            ),
            project("区实验小学", "教师培训", "50", "50", "45.5"),
            code="U011",
        ),
        returned(
            "in/一中.xlsx",
            project(
                "区第一中学", "智慧校园", "1000.33", "600.00", "500.01", likelihood=("可能性大", "不可能")
            ),
            findings=[Finding("warning", "R100", "示例问题", sheet="智慧校园")],
            received="2026-10-12",
        ),
        returned(
            "in/医院.xlsx", project("区人民医院", "设备更新", "200", "200", "150.33"), received="2026-10-09"
        ),
        # the same return again, sent a day earlier: counted once
        returned(
            "in/医院（重发）.xlsx",
            project("区人民医院", "设备更新", "200", "200", "150.33"),
            received="2026-10-07",
        ),
        FileResult(
            "in/医院_旧版.xlsx",
            "superseded",
            [project("区人民医院", "设备更新", "200", "0", "0")],
            reason="同一报表有较新版本",
            superseded_by="in/医院.xlsx",
        ),
        FileResult("in/损坏.xlsx", "rejected", reason="文件已损坏，无法打开"),
    ]


def test_percent_is_exact_half_up() -> None:
    assert percent(D("1"), D("8")) == D("12.50")
    assert percent(D("0.000125"), D("1")) == D("0.01")  # 0.0125% -> 0.01 (half-up)
    assert percent(D("0.000124999"), D("1")) == D("0.01")
    assert percent(D("0.0000499999"), D("1")) == D("0.00")
    assert percent(D("-1"), D("8")) == D("-12.50")
    assert percent(D("2"), D("3")) == D("66.67")
    assert percent(D("5"), D("0")) is None


def test_hand_computed_totals() -> None:
    city = aggregate_city(sample_returns(), CONFIG, period=Q3, roster=ROSTER)
    by_name = {d.name: d for d in city.departments}
    edu, health, civil = by_name["区教育局"], by_name["区卫健委"], by_name["区民政局"]
    # 区教育局: 100.10 + 50 + 1000.33; 80 + 50 + 600; 30.05 + 45.5 + 500.01
    assert (edu.totals.budget_total, edu.totals.funds_received, edu.totals.funds_spent) == (
        D("1150.43"),
        D("730.00"),
        D("575.56"),
    )
    assert edu.totals.received_rate == D("63.45")  # 730 / 1150.43 = 63.4544...%
    assert edu.totals.execution_rate == D("50.03")  # 575.56 / 1150.43 = 50.0299...%
    assert edu.budget_total == D("2000.00") and "名册" in edu.budget_basis
    assert health.totals.projects == 1 and health.totals.funds_spent == D("150.33")
    assert health.budget_total == D("200") and "合计" in health.budget_basis
    assert civil.totals.projects == 0 and civil.totals.execution_rate is None
    assert (city.totals.budget_total, city.totals.funds_received, city.totals.funds_spent) == (
        D("1350.43"),
        D("930.00"),
        D("725.89"),
    )
    assert city.totals.execution_rate == D("53.75")  # 725.89 / 1350.43 = 53.7525...%
    assert city.time_progress == D("74.79")  # 273 / 365 days
    assert edu.progress_gap == D("50.03") - D("74.79")
    assert city.totals.likelihood == {"确定能": 3, "可能性大": 1, "可能性小": 1, "不可能": 1}
    assert edu.totals.projects_with_findings == 1


def test_every_file_accounted_for() -> None:
    city = aggregate_city(sample_returns(), CONFIG, period=Q3, roster=ROSTER)
    status = {Path(f.path).name: f for f in city.files}
    assert len(status) == 6
    assert status["实验小学.xlsx"].status == "included" and status["实验小学.xlsx"].forms == 2
    assert status["医院.xlsx"].status == "included"
    assert status["医院（重发）.xlsx"].status == "superseded"
    assert status["医院（重发）.xlsx"].superseded_by == "in/医院.xlsx"
    assert status["医院_旧版.xlsx"].status == "superseded"
    assert status["损坏.xlsx"].status == "rejected" and "损坏" in status["损坏.xlsx"].reason
    # the rejected and superseded files add nothing; the duplicate counts once
    assert sum(1 for p in city.projects if p.project == "设备更新") == 1
    data = city.to_json()
    assert data["file_counts"] == {"included": 3, "rejected": 1, "superseded": 2}


def test_wrong_period_file_is_rejected_with_reason() -> None:
    q2 = Period.parse("2026Q2")
    results = [
        *sample_returns(),
        returned("in/二季度.xlsx", project("区福利院", "养老服务", "80", "80", "80", period=q2)),
    ]
    city = aggregate_city(results, CONFIG, period=Q3, roster=ROSTER)
    account = next(f for f in city.files if f.path == "in/二季度.xlsx")
    assert account.status == "rejected" and "二季度" in account.reason
    assert city.totals.budget_total == D("1350.43")


def test_alerts_and_handling() -> None:
    city = aggregate_city(sample_returns(), CONFIG, period=Q3, roster=ROSTER)
    kinds = {(a.project, a.kind, a.level) for a in city.alerts}
    # 校舍维修: 30.05/100.10 = 30.02% vs 74.79%: lags 44.77 > 30 ⇒ serious
    assert ("校舍维修", "执行进度滞后", "严重") in kinds
    assert ("校舍维修", "目标完成可能性低", "一般") in kinds
    assert ("校舍维修", "偏离未说明", "一般") in kinds
    # 智慧校园: 500.01/1000.33 = 49.98%: lags 24.81 ⇒ ordinary; 不可能 ⇒ serious
    assert ("智慧校园", "执行进度滞后", "一般") in kinds
    assert ("智慧校园", "目标完成可能性低", "严重") in kinds
    assert not any(a.project == "智慧校园" and a.kind == "偏离未说明" for a in city.alerts)
    # 教师培训 91%, 设备更新 75.17%: on schedule
    assert not any(a.project in ("教师培训", "设备更新") for a in city.alerts)
    serious = next(a for a in city.alerts if a.level == "严重" and a.kind == "执行进度滞后")
    assert "暂停项目实施" in serious.handling and "第十五条" in serious.handling
    ordinary = next(a for a in city.alerts if a.level == "一般" and a.kind == "执行进度滞后")
    assert "调减预算并同步调整绩效目标" in ordinary.handling
    lag = next(a for a in city.alerts if a.project == "校舍维修" and a.kind == "执行进度滞后")
    assert lag.cell == "E7" and "44.77" in lag.detail


def test_reporting_status() -> None:
    city = aggregate_city(sample_returns(), CONFIG, period=Q3, roster=ROSTER)
    lines = {(r.kind, r.name): r for r in city.reporting.rows}
    assert lines[("unit", "区实验小学")].state_label == "已报送"
    assert lines[("unit", "区第一中学")].state_label == "逾期报送"  # due 2026-10-10, received 10-12
    assert (
        lines[("unit", "区第一中学")].late and "晚于截止日 2026-10-10" in lines[("unit", "区第一中学")].detail
    )
    assert lines[("unit", "区福利院")].state_label == "未报送"
    assert lines[("department", "区教育局")].state_label == "未报送"  # no 附表2 received
    assert lines[("unit", "区人民医院")].received == "2026-10-09"
    rejected = [f for f in city.reporting.unmatched if city.reporting.unmatched_label(f) == "被退回"]
    assert rejected and "无法打开" in (rejected[0].reason or "")


def test_department_rollups_without_roster() -> None:
    results = sample_returns()
    rollups = aggregate_department(results, CONFIG, period=Q3)
    # without a roster nor identities the departments are unknown: one group, totals still exact
    assert len(rollups) == 1
    assert rollups[0].totals.budget_total == D("1350.43")
    assert rollups[0].budget_basis.startswith("名册未提供")


def test_department_from_identity() -> None:
    rec = project("某单位", "项目甲", "10", "5", "5")
    rec.identity = {
        "workbook": "unit",
        "code": "X1",
        "name": "某单位",
        "department_code": "DX",
        "sheet": "项目甲",
        "project_code": "PX",
    }
    rollups = aggregate_department([returned("a.xlsx", rec)], CONFIG, period=Q3)
    assert rollups[0].code == "DX" and rollups[0].projects[0].project_code == "PX"


def test_period_inferred_from_records() -> None:
    city = aggregate_city(sample_returns(), CONFIG, roster=ROSTER)
    assert city.period == Q3


def test_missing_amount_is_said_not_hidden() -> None:
    rec = project("区福利院", "养老服务", "80", "80", "0")
    rec.fields["funds_spent"] = None
    city = aggregate_city([returned("a.xlsx", rec)], CONFIG, period=Q3, roster=ROSTER)
    line = city.projects[0]
    assert line.missing == ["已支出资金"] and line.funds_spent == D(0)


amounts = st.decimals(
    min_value=D("0"), max_value=D("99999999.99"), places=2, allow_nan=False, allow_infinity=False
)


@settings(max_examples=60, deadline=None)
@given(data=st.data(), projects=st.lists(st.tuples(amounts, amounts, amounts), min_size=1, max_size=25))
def test_any_split_and_order_gives_the_same_city_total(data, projects) -> None:
    departments = data.draw(st.integers(min_value=1, max_value=6))
    split = data.draw(
        st.lists(st.integers(0, departments - 1), min_size=len(projects), max_size=len(projects))
    )
    roster = Roster(
        departments=[Department(f"D{i}", f"部门{i}") for i in range(departments)],
        units=[Unit(f"U{i}", f"单位{i}", f"D{split[i]}") for i in range(len(projects))],
        projects=[],
        indicators=[],
    )
    results = [
        returned(f"f{i}.xlsx", project(f"单位{i}", f"项目{i}", str(b), str(r), str(s)), code=f"U{i}")
        for i, (b, r, s) in enumerate(projects)
    ]
    order = data.draw(st.permutations(results))
    city = aggregate_city(list(order), CONFIG, period=Q3, roster=roster)
    expected = [sum((p[k] for p in projects), D(0)) for k in range(3)]
    assert [city.totals.budget_total, city.totals.funds_received, city.totals.funds_spent] == expected
    for k, attr in enumerate(("budget_total", "funds_received", "funds_spent")):
        assert sum((getattr(d.totals, attr) for d in city.departments), D(0)) == expected[k]
    baseline = aggregate_city(
        results, CONFIG, period=Q3
    )  # no roster: one group, same totals, same JSON numbers
    assert baseline.totals.to_json(baseline.time_progress) == city.totals.to_json(city.time_progress)
    assert json.dumps(city.to_json(), sort_keys=True, default=str) == json.dumps(
        aggregate_city(results, CONFIG, period=Q3, roster=roster).to_json(), sort_keys=True, default=str
    )


def test_city_workbook_numbers_and_inert_text(tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    results = sample_returns()
    evil = project(
        '=HYPERLINK("http://x","点我")',
        "+1+2",
        "10",
        "1",
        "1",
        likelihood=("不可能",),
        deviation="-3",
        plan="@SUM(A1)",
    )
    results.append(returned("in/=evil.xlsx", evil))
    city = aggregate_city(results, CONFIG, period=Q3, roster=ROSTER)
    target = write_city_workbook(city, tmp_path / "汇总.xlsx", CONFIG)
    with zipfile.ZipFile(target) as zf:
        sheets = [n for n in zf.namelist() if n.startswith("xl/worksheets/sheet")]
        assert all("<f>" not in zf.read(n).decode("utf-8") for n in sheets)
        assert any(n.startswith("xl/charts/chart") for n in zf.namelist())
    wb = openpyxl.load_workbook(target)
    assert wb.sheetnames == ["汇总", "项目明细", "预警清单", "报送情况", "未报送项目", "文件清单"]
    summary = wb["汇总"]
    rows = [[c.value for c in r] for r in summary.iter_rows(min_row=4)]
    total = next(r for r in rows if r[1] == "合计")
    assert D(str(total[3])) == D("1360.43") and D(str(total[5])) == D("726.89")
    assert summary.freeze_panes == "A4" and summary.auto_filter.ref
    assert summary.page_setup.orientation == "landscape" and summary.sheet_properties.pageSetUpPr.fitToPage
    assert summary.page_setup.fitToHeight == 0 and summary.page_setup.paperSize == 9
    detail = wb["项目明细"]
    cells = [c for row in detail.iter_rows() for c in row if isinstance(c.value, str)]
    assert any(c.value == "+1+2" and c.data_type == "s" for c in cells)
    assert any(c.value.startswith("=HYPERLINK") and c.data_type == "s" for c in cells)
    assert detail.cell(4, 6).number_format == "#,##0.00"
    assert detail.cell(4, 9).number_format == '0.00"%"'
    files = [r[1].value for r in wb["文件清单"].iter_rows(min_row=4) if r[1].value]
    assert "in/损坏.xlsx" in files and "in/=evil.xlsx" in files


def test_existing_output_needs_force(tmp_path: Path) -> None:
    from perfcli.errors import OutputExistsError

    city = aggregate_city(sample_returns(), CONFIG, period=Q3, roster=ROSTER)
    target = tmp_path / "汇总.xlsx"
    target.write_bytes(b"old")
    with pytest.raises(OutputExistsError):
        write_city_workbook(city, target, CONFIG)
    assert target.read_bytes() == b"old"
    write_city_workbook(city, target, CONFIG, force=True)
    assert zipfile.is_zipfile(target)
    assert not [p for p in tmp_path.iterdir() if re.match(r"\.~", p.name)]


def test_department_workbook_reads_back_and_validates_once_filled(tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    validate = pytest.importorskip("perfcli.findings.batch")
    from perfcli.returns.read import read_workbook
    from perfcli.rollups.workbooks import write_department_workbooks

    city = aggregate_city(sample_returns(), CONFIG, period=Q3, roster=ROSTER)
    edu = next(d for d in city.departments if d.name == "区教育局")
    [path] = write_department_workbooks([edu], tmp_path / "部门", CONFIG)
    content = read_workbook(path, CONFIG)
    [record] = content.records  # 项目明细 is not taken for a form
    assert record.form == "department" and record.period == Q3
    assert record.fields["department_name"] == "区教育局" and record.fields["budget_total"] == D("2000")
    rows = {row.get("indicator"): row for row in record.table}
    assert rows["资金到位率"].get("actual") == D("63.45") and rows["预算执行率"].get("actual") == D("50.03")
    assert wb_sheetnames(path) == ["附表2", "项目明细", "_perfcli"]
    stamp = content.identity.generated_at  # in the bureau's zone (Asia/Shanghai by default), like generate's
    assert stamp.endswith("+08:00"), stamp

    # what the units' data decided is protected; what the department must say is open
    wb = openpyxl.load_workbook(path)
    ws = wb["附表2"]
    assert ws.protection.sheet
    assert ws[rows["预算执行率"].cells["actual"]].protection.locked
    assert ws[record.cells["budget_total"]].protection.locked
    assert not ws[rows["预算执行率"].cells["target"]].protection.locked
    assert not ws[rows["预算执行率"].cells["likelihood"]].protection.locked
    assert not ws[rows["预算调整率"].cells["actual"]].protection.locked
    assert not ws[record.cells["key_work_progress"]].protection.locked
    assert ws[rows["预算执行率"].cells["actual"]].comment is not None  # the formula, with the sums

    # the department fills the open cells (by code, as a clerk would in Excel) and returns it
    for label, text in (
        ("部门年度重点工作实施情况", "按计划推进"),
        ("核心目标偏离情况及原因分析", "无"),
        ("改进计划", "加快支出"),
    ):
        row = next(r for r in range(1, 20) if ws.cell(r, 1).value == label)
        ws.cell(row, 2).value = text
    for row in rates_rows(record):
        if ws.cell(row, 4).value in (None, ""):
            ws.cell(row, 4).value = "5%" if ws.cell(row, 2).value == "预算调整率" else "90%"
        ws.cell(row, 3).value = ws.cell(row, 3).value or "100%"
        ws.cell(row, 5).value = "可能性大"
    filled = tmp_path / "回收" / path.name
    filled.parent.mkdir()
    wb.save(filled)
    report = validate.validate_paths([filled], CONFIG, period=Q3)
    [result] = report.files
    assert result.status == "read"
    errors = [f for f in result.findings if f.severity == "error"]
    assert errors == [], [f.message for f in errors]


def wb_sheetnames(path: Path) -> list[str]:
    import openpyxl

    return openpyxl.load_workbook(path, read_only=True).sheetnames


def rates_rows(record: FormRecord) -> list[int]:
    """Sheet rows of the 附表2 table that name an indicator."""
    return [int(re.sub(r"\D", "", row.cells["indicator"])) for row in record.table if row.get("indicator")]


def test_changed_prefilled_budget_does_not_move_the_totals() -> None:
    tampered = project("区人民医院", "设备更新", "300", "200", "150.33")  # roster says 200
    city = aggregate_city([returned("a.xlsx", tampered, code="U021")], CONFIG, period=Q3, roster=ROSTER)
    [line] = city.projects
    assert line.budget_total == D("200") and "名册" in line.note and "300" in line.note
    assert city.totals.budget_total == D("200")
    # without a roster there is nothing better than what the unit typed
    assert aggregate_city([returned("a.xlsx", tampered)], CONFIG, period=Q3).totals.budget_total == D("300")


SAMPLE = Path(__file__).resolve().parent.parent / "sample_data"


@pytest.mark.skipif(not (SAMPLE / "returns_manifest.json").is_file(), reason="sample_data/returns 尚未生成")
def test_sample_returns_match_their_manifest() -> None:
    """The demo's returns: the city totals equal the amounts the manifest says were typed, to the cent."""
    from perfcli.rollups.city import aggregate_paths
    from perfcli.roster.workbook import read_roster

    manifest = json.loads((SAMPLE / "returns_manifest.json").read_text("utf-8"))
    roster = read_roster(SAMPLE / "roster.xlsx", CONFIG)
    city = aggregate_paths([SAMPLE / "returns"], CONFIG, period=Q3, roster=roster)
    approved = {p.code: p.budget_total for p in roster.projects}
    counted = [e for e in manifest if e["kind"] == "unit" and e.get("file") and not e.get("superseded")]
    expected = {"budget_total": D(0), "funds_received": D(0), "funds_spent": D(0)}
    for entry in counted:
        for code, p in entry.get("projects", {}).items():
            expected["budget_total"] += approved[code]  # a changed pre-filled budget counts as approved
            expected["funds_received"] += D(p["received"])
            expected["funds_spent"] += D(p["spent"])
    assert {k: getattr(city.totals, k) for k in expected} == expected
    assert len(city.files) == len(list((SAMPLE / "returns").iterdir()))
    assert any(r.name == "区殡仪馆" and r.state_label == "未报送" for r in city.reporting.rows)


def test_json_departments_add_up_to_the_total() -> None:
    data = aggregate_city(sample_returns(), CONFIG, period=Q3, roster=ROSTER).to_json()
    for key in ("budget_total", "funds_received", "funds_spent"):
        assert sum(D(str(d[key])) for d in data["departments"]) == D(str(data["totals"][key]))
        assert sum(D(str(p[key])) for p in data["projects"]) == D(str(data["totals"][key]))
    edu = next(d for d in data["departments"] if d["name"] == "区教育局")
    assert edu["department_budget"] == 2000 and edu["budget_total"] == 1150.43
    assert edu["execution_rate"] == 50.03 and data["totals"]["execution_rate"] == 53.75


def test_department_form_is_reported_not_summed() -> None:
    form = FormRecord(
        file="",
        form="department",
        sheet="附表2",
        period=Q3,
        fields={"department_name": "区教育局", "budget_total": D("2000")},
        table=[Indicator({"category": "预算执行", "indicator": "预算执行率", "actual": "61.5%"})],
    )
    results = [*sample_returns(), returned("in/教育局附表2.xlsx", form)]
    city = aggregate_city(results, CONFIG, period=Q3, roster=ROSTER)
    edu = next(d for d in city.departments if d.name == "区教育局")
    assert edu.reported_execution_rate == D("61.5") and edu.totals.execution_rate == D("50.03")
    assert city.totals.budget_total == D("1350.43") and city.department_forms == 1
    assert next(r for r in city.reporting.rows if r.name == "区教育局").state_label == "已报送"
