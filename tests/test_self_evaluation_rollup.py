"""aggregate self-evaluation and spot-check on 自评表 laid out by the tests."""

from __future__ import annotations

import json
from decimal import Decimal as D

import openpyxl
import pytest
from test_validate import roster
from typer.testing import CliRunner

import perfcli
from perfcli.cli.main import app
from perfcli.model.config import load_config
from perfcli.roster.workbook import write_roster
from perfcli.scoring.evaluate import ProjectScore
from perfcli.scoring.formulas import ScoringSettings
from perfcli.scoring.spot_check import spot_check
from tests.selfeval_fixtures import GOOD_ROWS, lay_out

runner = CliRunner()
SETTINGS = ScoringSettings.from_config(load_config(None))


def run(*args):
    return runner.invoke(app, [str(a) for a in args], catch_exceptions=False, env={"COLUMNS": "80"})


def project(name: str, total: str, grade: str, self_total: str | None) -> ProjectScore:
    return ProjectScore(
        file=f"{name}.xlsx",
        sheet="Sheet",
        unit="单位",
        department="部门",
        project_name=name,
        budget_score=D(10),
        total=D(total),
        grade=grade,
        self_total=D(self_total) if self_total else None,
    )


def test_spot_check_picks_every_poor_and_gap_then_a_seeded_share():
    projects = [project(f"项目{i:02}", "85", "良", "86") for i in range(20)]
    projects += [project("差项目", "55", "差", "70"), project("高估项目", "80", "良", "85")]
    picks = spot_check(projects, D(10), 7, SETTINGS)
    assert [p.project.project_name for p in picks[:2]] == ["差项目", "高估项目"]
    assert "等级为“差”" in picks[0].reason and "相差 5 分" in picks[1].reason
    random_picks = picks[2:]
    assert len(random_picks) == 2  # 10% of the other 20
    assert all("随机种子 7" in p.reason for p in random_picks)
    # the same seed gives the same list whatever the input order; another seed another list
    again = spot_check(list(reversed(projects)), D(10), 7, SETTINGS)
    assert [p.project.project_name for p in again] == [p.project.project_name for p in picks]
    others = {
        tuple(p.project.project_name for p in spot_check(projects, D(10), s, SETTINGS)[2:]) for s in range(8)
    }
    assert len(others) > 1
    assert (
        len(spot_check(projects, D(0), 7, SETTINGS)) == 2
        and len(spot_check(projects, D(100), 7, SETTINGS)) == 22
    )


@pytest.fixture
def batch(tmp_path):
    folder = tmp_path / "自评"
    folder.mkdir()
    # 区住建局（本级）: 老旧小区改造 good (91.95); 道路提升 poor; 河道整治 (区水利局) not returned
    lay_out(folder / "a.xlsx", project="老旧小区改造", implementer="区住建局（本级）", department="区住建局")
    poor = [
        ("产出指标", "数量指标", "培训人次", "≥500人次", "0人次", 20, 0, "未开展培训"),
        *GOOD_ROWS[1:6],
        ("满意度指标", "服务对象满意度指标", "服务对象满意度", "≥90%", "0%", 10, 0, "未开展调查"),
    ]
    lay_out(
        folder / "b.xlsx",
        poor,
        project="道路提升",
        implementer="区住建局（本级）",
        self_total=95,
        executed=50,
    )
    roster_path = tmp_path / "名册.xlsx"
    write_roster(roster_path, roster())
    return folder, roster_path


def test_aggregate_self_evaluation_workbook(batch, tmp_path):
    folder, roster_path = batch
    out = tmp_path / "自评结果汇总.xlsx"
    result = run("aggregate", "self-evaluation", folder, "--roster", roster_path, "--out", out)
    assert result.exit_code == 0, result.output
    assert "区住建局" in result.stdout and "未报送自评表的项目 1 个" in result.stdout
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["部门汇总", "项目得分", "未报送项目"]
    summary = perfcli.aggregate_self_evaluation(folder, roster=roster_path).rollup
    [housing, water] = summary.departments
    assert (housing.name, housing.owed, len(housing.scores)) == ("区住建局", 2, 2)
    poor = next(s for _, s in summary.projects if s.project_name == "道路提升")
    # by hand: budget 10 × 50/200 = 2.5; 正向 0 for 培训人次 and 满意度; 14.7 + 5 + 9 + 13.75 + 14
    assert poor.total == D("58.95") and poor.grade == "差"
    assert housing.average == D("75.45")  # (91.95 + 58.95) / 2
    assert [housing.count(g) for g in ("优", "良", "中", "差")] == [1, 0, 0, 1]
    assert (water.owed, water.scores) == (1, [])
    assert [p.name for _, _, p in summary.missing] == ["河道整治"]
    assert list(wb["部门汇总"].iter_rows(values_only=True))[-1] == ("合计", 3, 2, 75.45, 1, 0, 0, 1)
    rows = list(wb["项目得分"].iter_rows(values_only=True))
    assert any(r and "单位成本 自评 10 / 计算 9" in str(r) for r in rows)
    assert run("aggregate", "self-evaluation", folder, "--out", out).exit_code == 2  # exists, no --force


def test_spot_check_cli_same_seed_same_list(batch, tmp_path):
    folder, _ = batch
    first = json.loads(run("spot-check", folder, "--rate", "50%", "--seed", "3", "--json").stdout)
    second = json.loads(run("spot-check", folder, "--rate", "50%", "--seed", "3", "--json").stdout)
    assert first == second
    assert first[0]["project_name"] == "道路提升" and "等级为“差”" in first[0]["reason"]
    assert len(first) == 2  # 50% of the one other project, rounded up
    out = tmp_path / "抽查名单.xlsx"
    result = run("spot-check", folder, "--seed", "3", "--out", out)
    assert result.exit_code == 0 and out.is_file() and "抽查理由" in result.stdout
    assert run("spot-check", folder, "--rate", "abc").exit_code == 2
