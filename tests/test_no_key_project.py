"""A department with no key project owes only its 附表2: nothing anywhere asks it for a 附表3 — not the
workbook issued to it (tests/test_generate.py), not validate's 未报送 / 缺少应报的表, not status, not the
催报通知 (its text, its list of forms, its attachments)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from test_reporting_agreement import ROSTER_ROWS
from test_roster import build_roster
from test_validate import department_workbook, roster, unit_workbook
from typer.testing import CliRunner

from perfcli.cli.main import app
from perfcli.findings.batch import validate_paths
from perfcli.letters.build import build_letters
from perfcli.letters.data import LetterData
from perfcli.model.config import load_config
from perfcli.model.period import Period

Q3 = Period.parse("2026Q3")
runner = CliRunner()
# test_validate.roster(): 区住建局 (D01) has the key project 道路提升; 区水利局 (D02) has none


@pytest.fixture
def config(tmp_path):
    return load_config(search_from=tmp_path)


def test_validate_asks_a_department_without_key_projects_for_its_form_2_only(tmp_path, config):
    unit_workbook(tmp_path / "u1.xlsx", projects=({}, {"name": "道路提升", "budget": 600}))
    report = validate_paths([tmp_path], config, period=Q3, roster=roster())
    not_reported = {f.message for f in report.findings if f.code == "V207"}
    water = next(m for m in not_reported if "区水利局”" in m)
    housing = next(m for m in not_reported if "区住建局”" in m)
    assert "尚未报送附表2。" in water and "附表3" not in water
    assert "尚未报送附表2、附表3。" in housing  # its key project still owes a 附表3


def test_its_form_2_alone_is_a_complete_return(tmp_path, config):
    department_workbook(tmp_path / "d2.xlsx", name="区水利局", budget=300, key_projects=())
    report = validate_paths([tmp_path], config, period=Q3, roster=roster())
    row = next(r for r in report.reporting.rows if (r.kind, r.code) == ("department", "D02"))
    assert row.files and row.forms == ["附表2"] and row.missing == [] and row.state == "reported"
    assert not [f for f in report.files[0].findings if f.code == "V206"]


def test_status_says_form_2_only(tmp_path):
    returns = tmp_path / "returns"
    unit_workbook(returns / "u1.xlsx")
    roster_path = build_roster(tmp_path / "名册.xlsx", ROSTER_ROWS)
    args = ["status", str(returns), "--roster", str(roster_path), "--period", "2026Q3"]
    result = runner.invoke(app, [*args, "--json"])
    assert result.exit_code == 0, result.output
    rows = {(r["kind"], r["name"]): r for r in json.loads(result.stdout)["rows"]}
    assert rows[("department", "区水利局")]["forms"] == ["附表2"]
    assert rows[("department", "区住建局")]["forms"] == ["附表2", "附表3"]
    table = runner.invoke(app, args, terminal_width=200)
    assert "部门报表（附表2）" in table.output


def test_the_reminder_asks_for_form_2_only(tmp_path, config):
    unit_workbook(tmp_path / "u1.xlsx")
    the_roster = roster()
    report = validate_paths([tmp_path], config, period=Q3, roster=the_roster)
    from perfcli.rollups.city import aggregate_city

    data = LetterData(
        Q3, aggregate_city(report.files, config, period=Q3, roster=the_roster), roster=the_roster
    )
    letters = {x.recipient: x for x in build_letters("reminder", data, config, date(2026, 10, 25))}
    water, housing = letters["区水利局"].context, letters["区住建局"].context
    assert water["forms"] == ["附表2 部门整体预算绩效运行监控表"] and water["projects"] == []
    # the blank form is an attachment only when delivered with the letter (render --bundle)
    assert water["attachments"] == []
    assert [a.name for a in letters["区水利局"].attachments] == ["区水利局_附表2（空表）.xlsx"]
    assert housing["forms"] == ["附表2 部门整体预算绩效运行监控表", "附表3 部门重点项目预算绩效运行监控表"]
    assert [p["name"] for p in housing["projects"]] == ["道路提升"]


def test_the_rendered_reminder_never_mentions_form_3(tmp_path, config):
    from test_render import document_text

    from perfcli.letters.render import plan_letters, template_path, write_letters
    from perfcli.rollups.city import aggregate_city

    the_roster = roster()
    data = LetterData(Q3, aggregate_city([], config, period=Q3, roster=the_roster), roster=the_roster)
    planned = plan_letters("reminder", data, config, out_dir=tmp_path / "out", issue=date(2026, 10, 25))
    written = write_letters(planned, template_path("reminder", config))
    texts = {x.recipient: document_text(Path(x.docx))[0] for x in written}
    assert "附表2" in texts["区水利局"] and "附表3" not in texts["区水利局"]
    assert "附表3" in texts["区住建局"]


def test_a_reminder_from_the_rollup_json_without_a_roster_still_asks_for_form_2_only(tmp_path, config):
    from perfcli.forms.registry import forms_of
    from perfcli.rollups.city import aggregate_city
    from perfcli.rollups.load import city_from_json

    city = aggregate_city([], config, period=Q3, roster=roster())
    text = json.dumps(city.to_json(), ensure_ascii=False, default=str)
    again = city_from_json(json.loads(text), forms_of(config))
    letters = {
        x.recipient: x for x in build_letters("reminder", LetterData(Q3, again), config, date(2026, 10, 25))
    }
    assert letters["区水利局"].context["forms"] == ["附表2 部门整体预算绩效运行监控表"]
    assert len(letters["区住建局"].context["forms"]) == 2
