"""Proportionate handling (常州新北 第十五条) as data: the roster's 项目类别 × 偏离程度 → the handling config
allows; 民生保障 / 刚性支出 are never told to stop payment; a unit's own reasons move 第二项 to 第一项; a
letter's 问题 and 处置意见 cells never contradict."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import letter_fixtures as lf
import pytest

from perfcli.findings import handling
from perfcli.findings.form_rules import EXECUTION_LAG
from perfcli.findings.report import ValidationReport
from perfcli.letters.build import build_letters
from perfcli.letters.data import add_report_findings
from perfcli.model.config import load_config
from perfcli.model.findings import Finding
from perfcli.roster.read import read_roster
from perfcli.roster.write import write_roster

ISSUE = date(2026, 10, 20)
STOP = ("暂停项目实施", "停止拨付")


@pytest.fixture
def config():
    return load_config(None, search_from=Path("/nonexistent"))


def _city(config):
    """Q3 (序时进度 74.79%): every project spent 10 of 100 (far behind, 严重). 特困人员救助供养 (民生保障)
    and 城区道路保洁 (刚性支出) said nothing; 办公楼修缮 (一般项目) said nothing; 信息化建设 gave its reason."""
    roster = lf.roster(
        [("306", "区民政局", None)],
        [("306001", "区民政局（本级）", "306")],
        [
            ("P1", "特困人员救助供养", "306001", 100, "民生保障"),
            ("P2", "城区道路保洁", "306001", 100, "刚性支出"),
            ("P3", "办公楼修缮", "306001", 100),
            ("P4", "信息化建设", "306001", 100, "一般项目"),
        ],
    )
    unit = roster.unit("306001")
    reasons = {
        "信息化建设": "受上级平台接口调整影响，采购延至四季度，已按程序申请调减预算",
        "办公楼修缮": "无",  # boilerplate is not a reason
    }
    result = lf.unit_return(
        "民政局.xlsx", unit, [(p, 50, 10) for p in roster.projects_of("306001")], reasons=reasons
    )
    for project in roster.projects_of("306001"):  # what validation (V112) says of each form
        result.findings.append(
            Finding(
                "warning",
                EXECUTION_LAG.code,
                "执行进度滞后：预算执行率 10%（…）低于序时进度 74.79%：请分析滞后原因，按处置意见办理。",
                file=result.path,
                sheet=project.name,
                field="funds_spent",
                suggestion=handling.SERIOUS,
            )
        )
    data = lf.letter_data(roster, [result], config)
    add_report_findings(data, ValidationReport(lf.Q3, [result]))
    return data


def test_measures_follow_category_band_and_reason(config):
    assert handling.measures(config, "严重", "民生保障", None) == ["督促加快执行", "说明原因"]
    assert handling.measures(config, "严重", "民生保障", "资金已足额拨付，发放进度按月结算") == [
        "督促加快执行"
    ]
    assert handling.measures(config, "严重", "", None) == ["暂停拨付"]
    assert handling.measures(config, "严重", "", "——无——") == ["暂停拨付"]
    assert handling.measures(config, "严重", "", "受汛期影响，施工推迟两个月") == ["调减预算"]
    assert handling.measures(config, "一般", "一般项目", None) == ["调减预算"]


def test_config_decides_what_a_category_may_be_told(tmp_path):
    toml = tmp_path / "perfcli.toml"
    toml.write_text('[handling.categories]\n"民生保障" = { "严重" = ["暂停拨付"] }\n', "utf-8")
    custom = load_config(toml)
    assert handling.measures(custom, "严重", "民生保障", None) == ["暂停拨付"]
    toml.write_text('[handling.categories]\n"民生保障" = { "严重" = ["停发"] }\n', "utf-8")
    with pytest.raises(Exception, match="handling.categories"):
        handling.measures(load_config(toml), "严重", "民生保障", None)


def test_a_livelihood_project_far_behind_is_urged_never_stopped(config):
    data = _city(config)
    lines = {w.project: w for w in data.warnings()}
    for protected in ("特困人员救助供养", "城区道路保洁"):
        text = lines[protected].handling
        assert not any(word in text for word in STOP), text
        assert text.startswith(handling.URGE) and handling.EXPLAIN in text
        assert text.count(handling.EXPLAIN) == 1  # 偏离未说明 asks the same: said once
    assert lines["办公楼修缮"].handling.startswith(handling.SERIOUS)  # "无" is no reason
    assert "第十五条第一项" in lines["信息化建设"].handling  # its reason moves it to 第一项
    assert not any(word in lines["信息化建设"].handling for word in STOP)


def test_a_rectification_row_never_contradicts_itself(config):
    data = _city(config)
    [letter] = build_letters("rectification", data, config, ISSUE)
    rows = {r["project"]: r for r in letter.context["findings"]}
    for protected in ("特困人员救助供养", "城区道路保洁"):
        row = rows[protected]
        assert not any(word in row["suggestion"] for word in STOP), row
        assert "加快执行或按程序调整预算" not in row["message"]
        assert row["suggestion"].startswith(handling.URGE)
    assert "第十五条第一项" in rows["信息化建设"]["suggestion"]
    assert rows["办公楼修缮"]["suggestion"].startswith(handling.SERIOUS)


def test_the_roster_carries_an_optional_category(tmp_path, config):
    roster = lf.roster(
        [("306", "区民政局", None)],
        [("306001", "区民政局（本级）", "306")],
        [("P1", "特困人员救助供养", "306001", 100, "民生保障"), ("P2", "办公楼修缮", "306001", 50)],
    )
    path = write_roster(tmp_path / "名册.xlsx", roster, config=config)
    back = read_roster(path, config)
    assert [p.category for p in back.projects] == ["民生保障", ""]
