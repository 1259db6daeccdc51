"""Letters state only what the data supports: figures from forms with open errors are marked and kept out
of verdicts; attachments are listed only when they are delivered."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import letter_fixtures as lf
import pytest

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
    assert rows["食堂改造"]["execution_rate"] == "10.00%" + MARK
    assert rows["校舍维修"]["execution_rate"] == "80.00%"
    assert "资金到位率99.00%" + MARK in c["assessment"]
    assert (
        "除报表有误待更正的1个项目外，其余1个项目预算执行率80.00%，执行进度与序时进度基本相符"
        in c["assessment"]
    )
    [warning] = c["warnings"]
    assert warning["execution_rate"].endswith(MARK) and warning["reason"].endswith(MARK)

    [report] = build_letters("report", _data(config, faulty=True), config, ISSUE)
    assert report.context["totals"]["execution_rate"].endswith(MARK)
    assert "预算执行率45.00%" + MARK in report.context["summary"]


def test_without_errors_nothing_is_marked(config):
    [letter] = build_letters("feedback", _data(config, faulty=False), config, ISSUE)
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
