"""Letters state only what the data supports: figures from forms with open errors are marked and kept out
of verdicts; attachments are listed only when they are delivered."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import letter_fixtures as lf
import pytest

from perfcli.errors import OutputExistsError
from perfcli.letters.build import build_letters
from perfcli.model.config import load_config
from perfcli.model.findings import Finding

ISSUE = date(2026, 10, 20)
MARK = "（报表有误，待更正）"


@pytest.fixture
def config():
    return load_config(None, search_from=Path("/nonexistent"))


def _data(config, *, faulty: bool):
    """区教育局: 校舍维修 on schedule (80 of 100 spent), 食堂改造 far behind; 食堂改造's form has received 108
    of a 100 budget — an open error when `faulty`."""
    roster = lf.roster(
        [("301", "区教育局", 500)],
        [("301002", "区实验小学", "301")],
        [("P1", "校舍维修", "301002", 100), ("P2", "食堂改造", "301002", 100)],
    )
    fine, wrong = roster.projects_of("301002")
    result = lf.unit_return("小学.xlsx", roster.unit("301002"), [(fine, 90, 80), (wrong, 108, 10)])
    if faulty:
        result.findings.append(
            Finding("error", "V104", "已到位资金大于预算总额", file=result.path, sheet=wrong.name, cell="C7")
        )
    return lf.letter_data(
        roster, [result, lf.department_return("教育局.xlsx", roster.department("301"))], config
    )


def test_figures_with_open_errors_are_marked_and_left_out_of_the_verdict(config):
    [letter] = build_letters("feedback", _data(config, faulty=True), config, ISSUE)
    c = letter.context
    assert c["department"]["arrival_rate"] == "99.00%" + MARK
    assert c["department"]["execution_rate"] == "45.00%" + MARK
    rows = {p["name"]: p for p in c["projects"]}
    assert (
        rows["食堂改造"]["execution_rate"] == "10.00%※"
    )  # a table cell: the mark, explained above the table
    assert c["uncorrected_note"] == "；带※的数字所依据的报表有误，待更正"
    assert rows["校舍维修"]["execution_rate"] == "80.00%"
    assert "资金到位率99.00%" + MARK in c["assessment"]
    assert (
        "除报表有误待更正的1个项目外，其余1个项目预算执行率80.00%，执行进度与序时进度基本相符"
        in c["assessment"]
    )
    [warning] = c["warnings"]
    assert warning["execution_rate"].endswith("※") and warning["reason"].endswith("※")

    [report] = build_letters("report", _data(config, faulty=True), config, ISSUE)
    assert report.context["totals"]["execution_rate"].endswith("※")
    assert report.context["uncorrected_note"] == "；带※的数字所依据的报表有误，待更正"
    assert "预算执行率45.00%" + MARK in report.context["summary"]


def test_without_errors_nothing_is_marked(config):
    [letter] = build_letters("feedback", _data(config, faulty=False), config, ISSUE)
    assert letter.context["uncorrected_note"] == ""  # no mark in the tables: nothing to explain
    assert MARK not in str(letter.context)
    assert "执行进度落后于序时进度" in letter.context["assessment"]


def test_compare_says_when_the_bases_differ_and_compares_like_with_like(config):
    from perfcli.rollups.compare import compare_rollups

    roster = lf.roster(
        [("301", "区教育局", 500)],
        [("301002", "区实验小学", "301"), ("301003", "区第二中学", "301")],
        [("P1", "校舍维修", "301002", 100), ("P2", "操场改造", "301003", 100)],
    )
    (slow,), (fast,) = roster.projects_of("301002"), roster.projects_of("301003")
    school = lf.unit_return("小学.xlsx", roster.unit("301002"), [(slow, 50, 10)])
    second = lf.unit_return("二中.xlsx", roster.unit("301003"), [(fast, 100, 90)])
    second_later = lf.unit_return("二中.xlsx", roster.unit("301003"), [(fast, 100, 95)])
    before = lf.letter_data(roster, [school, second], config).city
    after = lf.letter_data(roster, [second_later], config).city  # the lagging unit stopped reporting
    [department] = compare_rollups(before, after, {}, {}).departments
    assert (department.rate_before, department.rate_after) == (50, 95)  # what each period's totals say
    assert department.change_points == 5  # 二中 90% → 95%: like with like, not +45
    assert department.basis.startswith("本期少报 1 个项目")
    assert department.to_json()["basis"] == department.basis


def _docx_text(path: Path) -> str:
    from docx import Document

    return "\n".join(p.text for p in Document(str(path)).paragraphs)


def test_a_rectification_lists_no_attachment_it_does_not_deliver_and_the_bundle_holds_exactly_its_files(
    tmp_path,
):
    from fixtures_builder import canonical_project, stamp_saved

    from perfcli import api

    returns = tmp_path / "returns"
    returns.mkdir()
    canonical_project(
        returns / "住建局.xlsx",
        values={"funds_received": 800, "funds_spent": 900},
        unit_line="编报单位：新北区住房和城乡建设局",
    )
    stamp_saved(returns / "住建局.xlsx", "2026-10-09T09:00:00Z")
    plain = api.render("rectification", [returns], out=tmp_path / "plain", period="2026Q3", issue_date=ISSUE)
    [letter] = plain.letters
    assert "附件" not in _docx_text(letter.docx) and letter.attachments == []
    assert any("--bundle" in w and "问题标注副本" in w for w in plain.warnings)

    bundled = api.render(
        "rectification", [returns], out=tmp_path / "letters", period="2026Q3", issue_date=ISSUE,
        bundle=tmp_path / "bundle",
    )  # fmt: skip
    [letter] = bundled.letters
    assert letter.attachments == ["住建局（问题标注）.xlsx", "问题清单-新北区住房和城乡建设局.xlsx"]
    text = _docx_text(letter.docx)
    assert "附件：1.住建局（问题标注）.xlsx" in text and "2.问题清单-新北区住房和城乡建设局.xlsx" in text
    folder = tmp_path / "bundle" / "新北区住房和城乡建设局"
    assert letter.bundle == folder
    assert sorted(p.name for p in folder.iterdir()) == sorted([letter.docx.name, *letter.attachments])
    import openpyxl

    annotated = openpyxl.load_workbook(folder / "住建局（问题标注）.xlsx")
    assert annotated.sheetnames[0] == "问题清单"
    with pytest.raises(OutputExistsError, match="--force"):  # a recipient's folder is never mixed
        api.render(
            "rectification", [returns], out=tmp_path / "letters2", period="2026Q3", issue_date=ISSUE,
            bundle=tmp_path / "bundle",
        )  # fmt: skip


def test_a_reminder_bundle_holds_the_blank_forms_it_lists(tmp_path, config):
    from perfcli import api
    from perfcli.roster.write import write_roster

    roster = lf.roster(
        [("306", "区民政局", None)],
        [("306001", "区民政局（本级）", "306")],
        [("P1", "特困人员救助供养", "306001", 100, "民生保障")],
    )
    path = write_roster(tmp_path / "名册.xlsx", roster, config=config)
    (tmp_path / "returns").mkdir()
    result = api.render(
        "reminder", [tmp_path / "returns"], out=tmp_path / "letters", roster=path, period="2026Q3",
        issue_date=ISSUE, bundle=tmp_path / "bundle",
    )  # fmt: skip
    by_name = {x.recipient: x for x in result.letters}
    unit = by_name["区民政局（本级）"]
    assert unit.attachments == ["区民政局（本级）_附表1（空表）.xlsx"]
    assert "附件：1.区民政局（本级）_附表1（空表）.xlsx" in _docx_text(unit.docx)
    assert sorted(p.name for p in unit.bundle.iterdir()) == sorted([unit.docx.name, *unit.attachments])
    import openpyxl

    book = openpyxl.load_workbook(unit.bundle / unit.attachments[0])
    assert any("特困人员救助供养" in str(c.value) for ws in book for row in ws.iter_rows() for c in row)


def test_a_yearly_reevaluation_takes_a_year_and_asks_for_rectification_only_where_required(tmp_path):
    from typer.testing import CliRunner

    from perfcli.cli.main import app

    results = tmp_path / "再评价结果.csv"
    results.write_text(
        "部门,项目,得分,等级,评价结论,整改要求\n"
        "区教育局,食堂改造,91,优,效果良好,—\n"
        "区民政局,养老服务,72,中,进度偏慢,加快执行并完善指标\n",
        "utf-8-sig",
    )
    out = tmp_path / "out"
    done = CliRunner().invoke(
        app,
        [
            "render",
            "reevaluation",
            str(results),
            "--period",
            "2026",
            "--out",
            str(out),
            "--date",
            "2027-01-20",
        ],
    )
    assert done.exit_code == 0, done.output
    good = _docx_text(out / "绩效再评价结果反馈告知书-区教育局.docx")
    assert "2026年度绩效再评价结果反馈告知书" in good.replace("\n", "")
    assert "整改" not in good.replace("整改要求", "")  # an 优 with no 整改要求 is not asked for 整改
    weak = _docx_text(out / "绩效再评价结果反馈告知书-区民政局.docx")
    assert "针对养老服务项目的整改要求制定整改措施" in weak


def test_a_reevaluation_csv_with_a_blank_result_row_is_refused_naming_the_row(tmp_path):
    from typer.testing import CliRunner

    from perfcli.cli.main import app

    results = tmp_path / "再评价结果.csv"
    results.write_text("部门,项目,得分,等级,评价结论,整改要求\n区民政局,养老服务,,,,\n", "utf-8")
    done = CliRunner().invoke(
        app, ["render", "reevaluation", str(results), "--period", "2026", "--out", str(tmp_path / "out")]
    )
    assert done.exit_code == 1 and "第 2 行（区民政局 养老服务）没有得分和评价结论" in done.output
    assert not (tmp_path / "out").exists()


def test_contact_details_are_printed_only_when_the_config_sets_them_and_render_says_so_once(tmp_path):
    from perfcli import api

    source = tmp_path / "再评价结果.csv"
    source.write_text("部门,项目,得分,等级,评价结论,整改要求\n区教育局,食堂改造,91,优,效果良好,—\n", "utf-8")
    unset = api.render("reevaluation", [source], out=tmp_path / "a", period="2026", issue_date=ISSUE)
    assert [
        w for w in unset.warnings if "contact（联系人）、phone（电话）" in w and "未填写或仍为示例值" in w
    ]
    assert "联系人" not in _docx_text(unset.letters[0].docx)

    toml = tmp_path / "perfcli.toml"
    toml.write_text('[letters]\ncontact = "绩效科 李华"\nphone = "0519-12345678"\n', "utf-8")
    good = api.render(
        "reevaluation", [source], out=tmp_path / "b", period="2026", issue_date=ISSUE, config=toml
    )
    assert not [w for w in good.warnings if "联系人" in w]
    assert "（联系人：绩效科 李华，电话：0519-12345678）" in _docx_text(good.letters[0].docx)

    old = tmp_path / "old.toml"  # a workspace made by an earlier perfcli: the example is not printed
    old.write_text('[letters]\ncontact = "绩效管理科 张明"\nphone = "0519-85000000"\n', "utf-8")
    example = api.render(
        "reevaluation", [source], out=tmp_path / "c", period="2026", issue_date=ISSUE, config=old
    )
    assert "张明" not in _docx_text(example.letters[0].docx) and example.warnings


def test_the_contact_warning_names_its_config_section_on_the_terminal(tmp_path):
    from typer.testing import CliRunner

    from perfcli.cli.main import app

    source = tmp_path / "再评价结果.csv"
    source.write_text("部门,项目,得分,等级,评价结论,整改要求\n区教育局,食堂改造,91,优,效果良好,—\n", "utf-8")
    done = CliRunner().invoke(
        app, ["render", "reevaluation", str(source), "--period", "2026", "--out", str(tmp_path / "out")]
    )
    assert done.exit_code == 0, done.output
    assert done.output.count("配置 [letters] contact（联系人）") == 1
