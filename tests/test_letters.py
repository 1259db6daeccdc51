"""Letters library: Chinese dates, working-day deadlines, and what each letter says (no Word involved)."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path

import letter_fixtures as lf
import pytest

from perfcli.errors import InputDataError
from perfcli.findings.report import ValidationReport
from perfcli.letters.build import LETTER_KINDS, build_letters
from perfcli.letters.data import FindingLine, LetterData, Recipient, ReevaluationLine, add_report_findings
from perfcli.letters.dates import add_working_days, chinese_date
from perfcli.letters.reevaluation import read_reevaluation_csv
from perfcli.letters.render import provided_variables
from perfcli.model.config import load_config
from perfcli.model.period import Period

Q3 = Period(2026, 3)
ISSUE = date(2026, 10, 20)


@pytest.fixture
def config():
    return load_config(None, search_from=Path("/nonexistent"))


@pytest.mark.parametrize(
    ("day", "text"),
    [
        (date(2026, 10, 20), "二〇二六年十月二十日"),
        (date(2026, 1, 1), "二〇二六年一月一日"),
        (date(2030, 12, 31), "二〇三〇年十二月三十一日"),
        (date(2026, 11, 10), "二〇二六年十一月十日"),
        (date(2009, 7, 15), "二〇〇九年七月十五日"),
    ],
)
def test_chinese_date(day, text):
    assert chinese_date(day) == text


def test_ten_working_days_across_national_day_count_the_adjusted_saturday():
    # 9/29, 9/30, (国庆 10/1–10/7 off), 10/8, 10/9, 10/10 (调休 Saturday, a working day), 10/12 … 10/16
    deadline = add_working_days(date(2026, 9, 28), 10)
    assert deadline.date == date(2026, 10, 16)
    assert deadline.years_without_calendar == ()
    assert deadline.note is None


def test_working_days_skip_weekends_when_no_holiday():
    assert add_working_days(date(2026, 6, 5), 1).date == date(2026, 6, 8)  # Friday -> Monday
    assert add_working_days(date(2026, 6, 5), 0).date == date(2026, 6, 5)


def test_working_days_beyond_the_calendar_fall_back_to_weekdays_and_say_so(monkeypatch):
    import chinese_calendar

    real = chinese_calendar.is_workday

    def limited(day):
        if day.year >= 2027:
            raise NotImplementedError("no available data for year 2027")
        return real(day)

    monkeypatch.setattr(chinese_calendar, "is_workday", limited)
    deadline = add_working_days(date(2026, 12, 28), 5)
    # 12/29, 12/30, 12/31 from the calendar, then 2027 Mon–Fri: 1/1 (Fri), 1/4 (Mon)
    assert deadline.date == date(2027, 1, 4)
    assert deadline.years_without_calendar == (2027,)
    assert "2027" in deadline.note


def _data(config) -> LetterData:
    """区教育局 (two projects of 区实验小学, one far behind) and 区文化局 reported; 区博物馆 and 区民政局 did not."""
    roster = lf.roster(
        [("301", "区教育局", 500), ("305", "区文化局", None), ("306", "区民政局", None)],
        [("301002", "区实验小学", "301"), ("305003", "区博物馆", "305")],
        [
            ("P1", "校舍维修", "301002", 200),
            ("P2", "食堂改造", "301002", 100),
            ("P3", "藏品修复", "305003", 30),
        ],
    )
    school, (slow, fine) = roster.unit("301002"), roster.projects_of("301002")
    files = [
        lf.unit_return("实验小学.xlsx", school, [(slow, 150, 40), (fine, 100, 90)]),
        lf.department_return("教育局.xlsx", roster.department("301")),
        lf.department_return("文化局.xlsx", roster.department("305")),
    ]
    data = lf.letter_data(roster, files, config)
    unit = Recipient("区实验小学", "unit", "301002", "区教育局")
    data.add_finding(
        unit,
        FindingLine(
            "已支出资金大于已到位资金",
            file="实验小学.xlsx",
            sheet="校舍维修",
            cell="E7",
            project="校舍维修",
            suggestion="请核对两项金额",
        ),
    )
    data.add_finding(
        unit,
        FindingLine(
            "偏离原因未说明",
            severity="warning",
            file="实验小学.xlsx",
            sheet="校舍维修",
            cell="B9",
            suggestion="按程序调减预算并同步调整绩效目标",
        ),
    )
    data.add_finding(
        Recipient("区图书馆", "unit", "305002", "区文化局"),
        FindingLine("仅提示", severity="warning", file="图书馆.xlsx"),
    )  # no error, no suggestion
    return data


def test_rectification_one_letter_per_unit_with_errors_and_its_findings(config):
    letters = build_letters("rectification", _data(config), config, ISSUE)
    assert [x.recipient for x in letters] == ["区实验小学"]
    ctx = letters[0].context
    assert ctx["addressee"] == "区实验小学"
    assert [f["cell"] for f in ctx["findings"]] == ["E7", "B9"]
    assert ctx["findings"][0]["suggestion"] == "请核对两项金额"
    assert ctx["error_count"] == 1 and ctx["warning_count"] == 1
    assert ctx["deadline_iso"] == add_working_days(ISSUE, 10).date.isoformat()
    assert ctx["issue_date"] == "二〇二六年十月二十日"
    assert ctx["doc_number"] == "新财绩〔2026〕\u3000\u3000号"  # a draft: the ledger gives the number
    assert letters[0].summary == "需更正1项，需核实或纠偏1项"


def test_reminder_goes_to_each_missing_unit_and_department(config):
    letters = build_letters("reminder", _data(config), config, ISSUE)
    assert [x.recipient for x in letters] == ["区博物馆", "区民政局"]
    assert letters[0].context["recipient_kind"] == "预算责任单位"
    assert "附表2" in letters[1].context["forms"][0]
    assert letters[0].context["due_date"] == "2026年10月10日"  # 10 days after the quarter end
    assert letters[0].context["overdue_days"] == 10


def test_feedback_numbers_follow_from_the_projects(config):
    letters = build_letters("feedback", _data(config), config, ISSUE)
    assert [x.recipient for x in letters] == ["区教育局", "区文化局"]  # 区民政局 sent nothing
    letter = letters[0]
    dep = letter.context["department"]
    assert (dep["units_total"], dep["units_reported"], dep["budget_total"]) == (1, 1, "500.00")
    assert dep["execution_rate"] == "43.33%"  # 130 / 300
    assert dep["arrival_rate"] == "83.33%"  # 250 / 300
    assert dep["funds_spent"] == "130.00"
    # 校舍维修 20% vs 序时进度 74.79% -> serious lag handling (第十五条)
    assert [w["project"] for w in letter.context["warnings"]] == ["校舍维修"]
    assert "暂停" in letter.context["warnings"][0]["handling"]
    assert len(letter.context["findings"]) == 2
    assert letter.summary == "单位已报送1/1，预算执行率43.33%，预警项目1个"


def test_a_department_that_sent_nothing_gets_a_reminder_and_no_feedback(config):
    data = _data(config)
    assert "区民政局" not in [x.recipient for x in build_letters("feedback", data, config, ISSUE)]
    assert "区民政局" in [x.recipient for x in build_letters("reminder", data, config, ISSUE)]


def test_feedback_says_how_many_units_had_reported_and_what_the_numbers_leave_out(config):
    edu, culture = build_letters("feedback", _data(config), config, ISSUE)
    ctx = edu.context
    assert ctx["basis"] == (
        "根据你部门报送的2026年三季度预算绩效运行监控表和所属1个预算责任单位报送的项目预算绩效运行监控表"
    )
    assert ctx["units_reporting"].startswith(
        "截至发文之日，你部门所属1个预算责任单位中已有1个报送项目预算绩效运行监控表（附表1）。"
    )
    assert "名册中应报的项目均已报送" in ctx["units_reporting"]
    # 区文化局 sent its 附表2, its only unit 区博物馆 nothing: no claim about units' reports or progress
    ctx = culture.context
    assert ctx["basis"] == "根据你部门报送的2026年三季度预算绩效运行监控表"
    assert "1个预算责任单位中已有0个报送" in ctx["units_reporting"]
    assert "1个尚未报送（区博物馆）" in ctx["units_reporting"]
    assert (
        "尚无已报送的项目，没有可汇总的金额和比率；名册中1个单位的1个项目（预算合计30.00万元）未报送："
        in (ctx["units_reporting"])
    )
    assert "区博物馆（未报送；藏品修复 30.00万元）" in ctx["units_reporting"]
    assert "暂无数据" in ctx["assessment"] and "序时进度" not in ctx["assessment"]
    assert ctx["warnings"] == [] and "暂无法判断" in ctx["no_warnings"]
    assert culture.summary.startswith("单位已报送0/1")


def test_report_totals_and_chart_data(config):
    (letter,) = build_letters("report", _data(config), config, ISSUE)
    ctx = letter.context
    assert ctx["addressee"] == "局党组"
    assert ctx["totals"]["funds_spent"] == "130.00"
    assert ctx["totals"]["units_total"] == 2 and ctx["totals"]["units_reported"] == 1
    assert ctx["chart"]["labels"] == ["区教育局", "区文化局", "区民政局"]
    assert ctx["chart"]["execution"] == [pytest.approx(43.33), 0, 0]
    assert [m["name"] for m in ctx["missing"]] == ["区博物馆", "区民政局"]
    assert [d["units_text"] for d in ctx["departments"]] == ["1/1", "0/1", "0/0"]
    assert ctx["totals"]["units_text"] == "1/2"
    summary = ctx["summary"]
    assert "部门已报送2个，未报送1个；单位已报送1个，未报送1个。" in summary
    assert "仅按已报送的2个项目的附表1计算" in summary
    assert "1个单位的1个项目（预算合计30.00万元）未报送" in summary


def test_reevaluation_letters_state_the_results_given_and_never_a_derived_grade(config):
    data = _data(config)
    assert build_letters("reevaluation", data, config, ISSUE) == []  # no results, no letter, no grade
    data.reevaluations = [ReevaluationLine("区文化局", "藏品修复", "72", "中", "进度偏慢", "加快执行")]
    (letter,) = build_letters("reevaluation", data, config, ISSUE)
    assert letter.recipient == "区文化局" and letter.context["title"] == "2026年度绩效再评价结果反馈告知书"
    assert letter.context["results"] == [
        {
            "no": 1,
            "project": "藏品修复",
            "score": "72",
            "grade": "中",
            "conclusion": "进度偏慢",
            "requirement": "加快执行",
        }
    ]


def test_reevaluation_csv(tmp_path):
    path = tmp_path / "再评价.csv"
    path.write_text(
        "部门,项目,得分,等级,评价结论,整改要求\n区教育局,校舍维修,72,中,进度偏慢,加快执行\n", "utf-8-sig"
    )
    (line,) = read_reevaluation_csv(path)
    assert (line.department, line.project, line.score, line.grade) == ("区教育局", "校舍维修", "72", "中")
    path.write_text("名称,分数\n甲,1\n", "utf-8")
    with pytest.raises(InputDataError, match="表头"):
        read_reevaluation_csv(path)


def _report_json() -> dict:
    finding = {
        "severity": "error",
        "code": "V103",
        "message": "已支出大于已到位",
        "file": "/in/小学.xlsx",
        "sheet": "校舍维修",
        "cell": "E7",
        "field": "funds_spent",
        "suggestion": None,
    }
    warning = {**finding, "severity": "warning", "code": "V200", "message": "逾期报送", "cell": None}
    record = {
        "file": "/in/小学.xlsx",
        "form": "project",
        "sheet": "校舍维修",
        "unit": "区实验小学",
        "period": {"year": 2026, "quarter": 3},
        "fields": {
            "project_name": "校舍维修",
            "budget_total": 200,
            "funds_received": 150,
            "funds_spent": 160,
        },
        "indicators": [{"level3": "满意度", "likelihood": "不可能"}],
        "issues": [],
    }
    return {
        "period": "2026Q3",
        "files": [
            {
                "path": "/in/小学.xlsx",
                "status": "read",
                "workbook_kind": "unit",
                "code": "301002",
                "name": "区实验小学",
                "records": [record],
                "findings": [finding, warning],
            },
            {
                "path": "/in/坏文件.xlsx",
                "status": "rejected",
                "reason": "文件已加密",
                "records": [],
                "findings": [],
            },
            {"path": "/in/旧版.xlsx", "status": "superseded", "records": [], "findings": [finding]},
        ],
    }


def test_letter_data_from_a_validation_report(config):
    from perfcli.rollups.city import aggregate_city

    report = ValidationReport.from_json(_report_json())
    data = LetterData(Q3, aggregate_city(report.files, config, period=Q3))
    add_report_findings(data, report)
    recipients = {r.name: lines for r, lines in data.findings.values()}
    assert set(recipients) == {"区实验小学", "坏文件"}  # superseded files get no letter
    assert [f.cell for f in recipients["区实验小学"]] == ["E7"]  # plain warnings stay in the 问题清单
    assert recipients["区实验小学"][0].project == "校舍维修"
    assert "文件已加密" in recipients["坏文件"][0].message
    (project,) = data.city.projects  # the report's record, rolled up: 160 / 200, exact from the JSON
    assert project.execution_rate == Decimal("80.00") and project.likelihood.get("不可能") == 1


def test_a_city_rollup_read_back_from_its_json_gives_the_same_letters(config):
    from perfcli.forms.registry import forms_of
    from perfcli.rollups.load import city_from_json

    data = _data(config)
    text = json.dumps(data.city.to_json(), ensure_ascii=False, default=str)
    again = city_from_json(json.loads(text), forms_of(config))
    again = LetterData(Q3, again, findings=data.findings, roster=data.roster)
    assert again.city.totals == data.city.totals
    assert [r.to_json() for r in again.city.reporting.rows] == [r.to_json() for r in data.city.reporting.rows]
    for kind in LETTER_KINDS:
        expected = [x.context for x in build_letters(kind, data, config, ISSUE)]
        assert [x.context for x in build_letters(kind, again, config, ISSUE)] == expected, kind


@pytest.mark.parametrize("kind", list(LETTER_KINDS))
def test_every_kind_provides_the_letterhead(kind, config):
    assert {
        "bureau_mark",
        "doc_number",
        "title",
        "addressee",
        "issue_date",
        "signatory",
        "contact",
        "phone",
        "attachments",
    } <= provided_variables(kind, config)


def test_bad_working_days_in_config_is_a_usage_error(tmp_path):
    from perfcli.errors import UsageError

    path = tmp_path / "perfcli.toml"
    path.write_text('[letters]\nrectification_working_days = "十"\n', "utf-8")
    with pytest.raises(UsageError, match="rectification_working_days"):
        build_letters(
            "rectification", _data(load_config(None, search_from=tmp_path / "x")), load_config(path), ISSUE
        )
