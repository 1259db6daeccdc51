"""A unit that raised its pre-filled 预算总额 (issue 11, item 4): with a roster, 已到位 and 已支出 are checked
against the roster's budget as well (V208); without one, only the form's own checks apply."""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from test_validate import roster, unit_workbook

from perfcli.findings.batch import validate_paths
from perfcli.model.config import load_config
from perfcli.model.period import Period
from perfcli.model.roster import Project, Roster

Q3 = Period.parse("2026Q3")


@pytest.fixture
def config(tmp_path):
    return load_config(search_from=tmp_path)


def _roster_with_budget(budget: str) -> Roster:
    base = roster()
    projects = [
        Project(p.code, p.name, p.unit_code, D(budget), p.fund_source) if p.code == "P01" else p
        for p in base.projects
    ]
    return Roster(base.departments, base.units, projects, base.indicators)


def _findings(tmp_path, config, the_roster, **money):
    path = unit_workbook(tmp_path / "住建本级.xlsx", **money)
    (result,) = validate_paths([path], config, period=Q3, roster=the_roster).files
    return [f for f in result.findings if f.code in ("V103", "V104", "V208")]


def test_received_over_the_roster_budget_raised_on_the_form_is_an_error(tmp_path, config):
    found = _findings(tmp_path, config, _roster_with_budget("310.8"), budget=400, received=380, spent=300)
    assert [(f.code, f.field, f.severity) for f in found] == [("V208", "funds_received", "error")]
    message = found[0].message
    assert "已到位资金 380 万元大于名册中该项目的预算总额 310.8 万元" in message
    assert "表上的预算总额已改为 400 万元" in message
    assert found[0].cell == "B7" and found[0].sheet == "项目1"


def test_received_and_spent_both_over_the_roster_budget(tmp_path, config):
    found = _findings(tmp_path, config, _roster_with_budget("310.8"), budget=500, received=450, spent=320)
    assert [(f.code, f.field) for f in found] == [("V208", "funds_received"), ("V208", "funds_spent")]
    assert "已支出资金 320 万元" in found[1].message


def test_within_the_roster_budget_is_fine(tmp_path, config):
    assert (
        _findings(tmp_path, config, _roster_with_budget("310.8"), budget=400, received=300, spent=250) == []
    )


def test_unchanged_budget_leaves_it_to_the_form_checks(tmp_path, config):
    found = _findings(tmp_path, config, _roster_with_budget("310.8"), budget=310.8, received=380, spent=300)
    assert [f.code for f in found] == ["V104"]  # no second finding for the same thing


def test_without_a_roster_only_the_form_is_known(tmp_path, config):
    assert _findings(tmp_path, config, None, budget=400, received=380, spent=300) == []
