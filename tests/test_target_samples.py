"""sample_data/targets: the 2027 申报表 the demo reviews. Each planted mistake of scripts/make_sample_targets.py
(DEFECTS) is found by its review rule, on its project and in its category, and nothing else is; the second
round (targets_corrected/) and the 调整 (targets_adjustment/) are clean. Expected codes written from the
mistakes as the script describes them, not from a run."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from perfcli.api import validate

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "sample_data"
# project -> the rule its planted mistake breaks (one finding per half the mistake is in)
PLANTED = {
    "2026年智慧校园建设": Counter({("T002", "完整性"): 2}),  # no 满意度 indicator in either half
    "2026年校舍维修改造工程": Counter({("T011", "相关性"): 2}),  # 质量指标 “明显提高”
    "2026年第一实验小学校舍维修改造工程": Counter({("T012", "相关性"): 2}),  # a 三级 twice
    "2026年义务教育学生营养改善": Counter({("T021", "适当性"): 1}),  # 其中 above the 中期资金总额
    "2026年教师培训与专业发展": Counter({("T022", "适当性"): 1}),  # 成本 above the 年度资金总额
    "2026年传染病防控能力提升": Counter({("T023", "适当性"): 2}),  # 满意度 ≥70%
    "2026年家庭医生签约服务": Counter({("T031", "可行性"): 1}),  # 年度 beyond 中长期
    "2026年区人民医院门急诊楼改扩建工程": Counter({("T032", "可行性"): 1}),  # 项目期 ends in 2026
    "2026年基本公共卫生服务": Counter({("T013", "相关性"): 2}),  # 三级 “质量指标” under 质量指标
}


def _found(folder: Path) -> dict[str, Counter]:
    report = validate(folder)
    found: dict[str, Counter] = {}
    for result in report.files:
        for finding in result.findings:
            found.setdefault(finding.sheet or "", Counter())[(finding.code, finding.category)] += 1
    return found


def test_each_planted_mistake_is_found_and_nothing_else():
    assert _found(SAMPLES / "targets") == PLANTED


@pytest.mark.parametrize("folder", ["targets_corrected", "targets_adjustment"])
def test_the_second_round_and_the_adjustment_are_clean(folder):
    assert _found(SAMPLES / folder) == {}


def test_a_bare_year_as_the_period_says_how_yearly_forms_are_read():
    from typer.testing import CliRunner

    from perfcli.cli.main import app

    result = CliRunner().invoke(app, ["validate", str(SAMPLES / "targets"), "--period", "2027"])
    assert result.exit_code == 2
    assert "按表上的年度读取，不必写 --period" in result.output.replace("\n", "")
