"""perfcli score / validate / extract on 自评表 laid out by the tests: exit codes, JSON shape and parity."""

from __future__ import annotations

import json

from typer.testing import CliRunner

import perfcli
from perfcli.cli.main import app
from tests.selfeval_fixtures import lay_out

runner = CliRunner()


def run(*args):
    return runner.invoke(app, [str(a) for a in args], catch_exceptions=False, env={"COLUMNS": "80"})


def test_score_json_is_the_library_result(tmp_path):
    path = lay_out(tmp_path / "自评.xlsx")
    result = run("score", path, "--json")
    assert result.exit_code == 0, result.output  # a warning (S007) only
    data = json.loads(result.stdout)
    assert data == json.loads(json.dumps(perfcli.score([path]).to_json(), ensure_ascii=False))
    [project] = data
    assert project["total"] == 91.95 and project["grade"] == "优" and project["unit"] == "区社会福利中心"
    assert set(project["indicators"][0]) == {
        "level1", "level2", "level3", "target", "actual", "weight", "score", "self_score", "method"
    }  # fmt: skip
    assert [i["method"] for i in project["indicators"]][:5] == ["正向", "正向", "定性", "反向", "等于"]
    assert [f["code"] for f in project["findings"]] == ["S007", "S015"]


def test_score_terminal_view_and_errors_exit_1(tmp_path):
    rows = [("产出指标", "数量指标", "培训人次", "≥500人次", "基本完成", 90, 0, "未开展")]
    lay_out(tmp_path / "a.xlsx", rows)
    (tmp_path / "b.txt").write_text("not a workbook", encoding="utf-8")
    result = run("score", tmp_path)
    assert result.exit_code == 1
    assert "社区养老服务补助" in result.stdout and "S001" in result.stdout and "[E13]" in result.stdout
    assert "共 1 个项目，错误 1 个。" in result.stdout
    # the table stays within 80 columns
    assert max(len(line) for line in result.stdout.splitlines() if line.startswith(("┃", "│"))) <= 80


def test_a_monitoring_form_is_not_scored(tmp_path):
    from test_validate import unit_workbook

    path = unit_workbook(tmp_path / "附表1.xlsx")
    result = run("score", path)
    assert result.exit_code == 1 and "没有项目支出绩效自评表" in result.stderr


def test_validate_and_extract_read_the_self_evaluation(tmp_path):
    path = lay_out(tmp_path / "自评.xlsx", budget=100, executed=120)
    result = run("validate", path, "--json")
    assert result.exit_code == 1  # S008: spent more than the budget without a word
    report = json.loads(result.stdout)
    [file] = report["files"]
    [record] = file["records"]
    assert record["form"] == "self_evaluation" and record["score"]["total"] == 94.45
    assert {f["code"] for f in file["findings"]} == {"S007", "S008", "S015"}
    from perfcli.model.records import FileResult

    assert FileResult.from_json(file).records[0].score == record["score"]  # render reads reports back
    extracted = json.loads(run("extract", path, "--json").stdout)
    assert extracted[0]["fields"]["project_name"] == "社区养老服务补助"
    assert extracted[0]["funding"]["total"]["executed"] == 120
    assert len(extracted[0]["indicators"]) == 7
