"""render target-return / target-approval: the 绩效目标 letters from the versions the ledger keeps (built here
directly, or recorded in a workspace's ledger), read back with python-docx."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from docx import Document
from target_fixtures import YEAR, sample_versions

import perfcli
from perfcli.findings.targets import review_declaration
from perfcli.ledger import targets as ledger_targets
from perfcli.ledger.store import open_ledger
from perfcli.letters.targets import reasons
from perfcli.model.config import default_config, load_config
from perfcli.model.targets import TargetDeclaration, TargetFunds, TargetIndicator, TargetStatus, TargetVersion

ISSUE = date(2026, 11, 20)  # a Friday: 5 working days on is Friday 2026-11-27


def text_of(path: Path) -> str:
    """Every paragraph and table cell of the letter, one per line."""
    doc = Document(str(path))
    lines = [p.text for p in doc.paragraphs]
    lines += [" | ".join(c.text for c in row.cells) for t in doc.tables for row in t.rows]
    return "\n".join(lines)


@pytest.fixture
def outside(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # no perfcli.toml here or above: drafts, no ledger
    return tmp_path


def render(kind: str, out: Path, issue: date = ISSUE, **kw):
    return perfcli.render(kind, out=out, period=str(YEAR), issue_date=issue, **kw)


def test_return_letter_states_each_returned_project_its_reasons_by_category_and_the_deadline(outside):
    from perfcli.api.target_letters import render_targets

    result = render_targets("target-return", out=outside / "退回", period="2027", issue_date=ISSUE,
                            versions=sample_versions())  # fmt: skip
    assert result.draft and [x.recipient for x in result.letters] == [
        "区民政局"
    ]  # 区交通局: nothing returned yet
    text = text_of(result.letters[0].docx)
    assert "关于2027年度项目支出" in text and "区民政局：" in text
    assert "老年助餐服务（实施单位：区养老服务中心）" in text
    assert "社区居家养老服务" not in text and "桥梁" not in text  # passed / another department
    assert "1.完整性方面：产出指标缺少成本指标（见申报表B10单元格）。" in text
    assert "2.相关性方面：“老年人就餐便利程度”的指标值“明显提高”未量化" in text
    assert "3.适当性方面：满意度指标值低于 80%（见申报表F16单元格），请核实。" in text  # a warning: to check
    assert "4.初审意见：请补充助餐补贴标准及测算依据。" in text  # the reviewer's 审核意见
    assert "可行性方面" not in text  # no such finding: never claimed
    assert "2026年11月27日前（5个工作日内）重新报送" in text
    assert "新财绩〔2026〕\u3000\u3000号" in text and "二〇二六年十一月二十日" in text


def test_only_decisions_taken_by_the_letter_date_count(outside):
    from perfcli.api.target_letters import render_targets

    late = date(2026, 11, 26)  # 桥梁定期检测 was returned on 11-25
    result = render_targets("target-return", out=outside / "退回", period="2027", issue_date=late,
                            versions=sample_versions())  # fmt: skip
    assert [x.recipient for x in result.letters] == ["区民政局", "区交通局"]
    text = text_of(result.letters[1].docx)
    assert "桥梁定期检测" in text and "1.完整性方面：缺少满意度指标（见申报表B12单元格）。" in text
    assert "农村公路养护" not in text and "初审意见" not in text  # returned without a comment
    early = render_targets("target-approval", out=outside / "批复", period="2027", issue_date=date(2026, 11, 12),
                           versions=sample_versions())  # fmt: skip
    # on 11-12 only 社区居家养老服务 had passed 复审 (农村公路养护 passed on 11-13)
    assert [x.recipient for x in early.letters] == ["区民政局"]


def test_approval_letter_lists_the_approved_projects_with_their_annual_indicators(outside):
    from perfcli.api.target_letters import render_targets

    result = render_targets("target-approval", out=outside / "批复", period="2027", issue_date=ISSUE,
                            versions=sample_versions())  # fmt: skip
    assert [x.recipient for x in result.letters] == ["区民政局", "区交通局"]
    civil = text_of(result.letters[0].docx)
    assert "关于批复2027年度项目支出绩效目标的通知" in civil
    assert "1 | 社区居家养老服务 | 区民政局本级 | 150.50" in civil
    assert "产出指标 | 数量指标 | 助餐服务人次 | ≥12000人次" in civil
    assert "产出指标 | 质量指标 | 餐食抽检合格率 | 100%" in civil
    assert "老年助餐服务" not in civil  # returned, not approved
    assert "≥30000人次" not in civil  # the 中长期 half is not the year's
    roads = text_of(result.letters[1].docx)
    assert "农村公路养护" in roads and "满意度指标 | 服务对象满意度指标 | 群众满意度 | ≥85%" in roads
    assert "年度资金总额：300.00万元" in roads and "特此批复。" in roads


def test_outside_a_workspace_without_versions_is_a_usage_error(outside):
    with pytest.raises(perfcli.UsageError, match="工作区"):
        render("target-return", outside / "退回")


@pytest.mark.parametrize(
    ("options", "said"),
    [
        ({"draft": True}, "不支持 --draft"),
        ({"from_review": "审阅清单.xlsx"}, "不支持 --from-review"),
        ({"bundle": "附件"}, "不支持 --bundle"),
        ({"inputs": ["申报表"]}, "不读取输入文件"),
    ],
)
def test_what_a_target_letter_does_not_take_is_refused_not_ignored(outside, options, said):
    (outside / "申报表").mkdir()
    with pytest.raises(perfcli.UsageError, match=said):
        render("target-return", outside / "退回", **options)
    assert not (outside / "退回").exists()


def test_in_a_workspace_the_letters_are_numbered_and_a_batch_approval_records_the_step(tmp_path, monkeypatch):
    workspace = tmp_path / "工作区"
    perfcli.init(workspace)
    monkeypatch.chdir(workspace)
    config = load_config()
    ledger = open_ledger(config)
    assert ledger is not None
    with ledger:
        pending = [replace(v, status=TargetStatus.PENDING, decisions=[]) for v in sample_versions()]
        recorded = ledger_targets.record_versions(ledger, pending)
        steps = [
            (v.project_key, v.version, d)
            for v, original in zip(recorded, sample_versions(), strict=True)
            for d in original.decisions
        ]
        ledger_targets.apply_decisions(ledger, YEAR, steps)
    approval = render("target-approval", tmp_path / "批复")
    assert not approval.draft
    numbers = [x.doc_number for x in approval.letters]
    assert all(n.startswith("新财绩〔2026〕") and "\u3000" not in n for n in numbers)
    assert numbers[0] in text_of(approval.letters[0].docx)
    with open_ledger(config) as ledger:  # type: ignore[union-attr]
        approved = ledger_targets.approved_versions(ledger, YEAR)
        statuses = {v.project_key: v.status for v in ledger_targets.target_versions(ledger, YEAR)}
    assert sorted(v.project_key for v in approved) == ["P002", "P003"]
    assert approved[0].decisions[-1].step == "批复" and approved[0].decisions[-1].comment in numbers
    assert statuses["P001"] == TargetStatus.RETURNED and statuses["P004"] == TargetStatus.RETURNED
    again = render("target-approval", tmp_path / "批复")  # the same letters: same 文号, not written again
    assert [x.doc_number for x in again.letters] == numbers and all(x.unchanged for x in again.letters)
    returned = render("target-return", tmp_path / "退回", issue=date(2026, 11, 26))
    assert [x.recipient for x in returned.letters] == ["区民政局", "区交通局"]
    assert all(x.doc_number not in numbers and "\u3000" not in x.doc_number for x in returned.letters)


@pytest.mark.parametrize("kind", ["target-return", "target-approval"])
def test_render_check_knows_the_target_letters_variables(kind):
    from perfcli.letters.kinds import TARGET_LETTERS

    template = Path(perfcli.__file__).parent / "templates" / f"{TARGET_LETTERS[kind]}.docx"
    checked, _ = perfcli.check_template(template, kind)
    assert checked.ok and not checked.missing


def test_a_defect_in_both_halves_is_said_once_with_both_cells():
    """“明显提高” as the 指标值 of 服务质量 in the 中长期 and the 年度 half: the review finds it twice (T011 at E18 and
    H18); the letter says it once, for both halves, naming both cells. Other findings stay as they are."""

    def row(half: str, cell: str, level2: str, name: str, target: str) -> TargetIndicator:
        family = {"数量指标": "产出指标", "质量指标": "产出指标", "社会效益指标": "效益指标"}.get(
            level2, "满意度指标"
        )
        return TargetIndicator(half, family, level2, name, target, cells={"target": cell, "level3": cell})

    indicators = [
        row(half, f"{col}{r}", level2, name, target)
        for half, col in (("中长期", "E"), ("年度", "H"))
        for r, level2, name, target in (
            (17, "数量指标", "维修面积", "≥3900平方米"),
            (18, "质量指标", "服务质量", "明显提高"),
            (19, "社会效益指标", "办学条件", "明显改善"),
            (20, "服务对象满意度指标", "师生满意度", "≥90%"),
        )
    ]
    declaration = TargetDeclaration(
        "校舍维修改造工程", year=2027, implementer="区教育局（本级）", project_period="2027年",
        funds={"年度": TargetFunds(Decimal("693.48"))}, goals={"中长期": "完成改造", "年度": "完成改造"},
        indicators=indicators, sheet="校舍",
        cells={"project_name": "B4", "department": "B5", "implementer": "E5", "project_period": "G6"},
    )  # fmt: skip
    findings = review_declaration(declaration, default_config())
    assert [(f.code, f.cell) for f in findings if f.code == "T011"] == [("T011", "E18"), ("T011", "H18")]
    version = TargetVersion("P1", 2027, 1, "退回", declaration, findings)
    lines = [line for group in reasons(version) for line in group["lines"]]
    merged = [line for line in lines if "服务质量" in line]
    assert len(merged) == 1
    assert merged[0].startswith("中长期和年度指标“服务质量”的指标值“明显提高”未量化")
    assert merged[0].endswith("（见申报表E18、H18单元格）。")
