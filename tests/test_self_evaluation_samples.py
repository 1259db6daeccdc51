"""sample_data/self_evaluation/ gives the findings its README promises (and nothing else)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import perfcli

ROOT = Path(__file__).resolve().parent.parent


def test_the_sample_returns_score_as_documented():
    result = perfcli.score(ROOT / "sample_data" / "self_evaluation")
    assert not result.unread
    found = {(f.code, Path(p.file).name.split("_")[0]) for p in result.projects for f in p.findings}
    assert found == {
        ("S001", "区第一实验小学"),
        ("S002", "区人民医院"),
        ("S003", "区农业技术推广中心"),
        ("S005", "区救助管理站"),
        ("S006", "区市政园林管理处"),
        ("S008", "区疾病预防控制中心"),
        # the 总分 written against the computed one: 区文化馆 on purpose, and the three below that lost points
        ("S015", "区文化馆"),
        ("S015", "区第一实验小学"),
        ("S015", "区农业技术推广中心"),
        ("S015", "区救助管理站"),
    }
    grades = Counter(p.grade for p in result.projects)
    assert grades["差"] == 1 and next(p.unit for p in result.projects if p.grade == "差") == "区社会福利院"
    inflated = [p for p in result.projects if p.self_total is not None and p.self_total - p.total >= 5]
    # 区文化馆 on purpose; the three whose error cost an indicator its points (S001, S003, S005) follow from it
    assert {p.unit for p in inflated} == {"区文化馆", "区第一实验小学", "区农业技术推广中心", "区救助管理站"}
    summary = perfcli.aggregate_self_evaluation(
        ROOT / "sample_data" / "self_evaluation", roster=ROOT / "sample_data" / "roster.xlsx"
    ).rollup
    assert {unit for _, unit, _ in summary.missing} == {"区殡仪馆"}


def test_validate_with_the_roster_does_not_ask_a_self_evaluation_batch_for_monitoring_forms():
    report = perfcli.validate(
        ROOT / "sample_data" / "self_evaluation", roster=ROOT / "sample_data" / "roster.xlsx"
    )
    codes = {f.code for f in report.all_findings}
    assert codes == {
        "S001",
        "S002",
        "S003",
        "S005",
        "S006",
        "S008",
        "S015",
    }  # no V206 缺少附表1, no V207 未报送
    assert all(r.name for r in report.files)  # every file matched to its roster unit
