"""整改 across quarters in one workspace: Q2 returns with errors → 问题整改通知 (items raised) → Q3 returns
(some fixed, one still wrong, one project gone from the roster) → every item's status, the next 整改通知
carrying the open ones forward, and 反馈 / 总报告 counting the previous round.

The returns are laid out by test code (tests/fixtures_builder.py), as units' clerks would send them."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from docx import Document
from fixtures_builder import PROJECT_INDICATORS, lay_department, money, new_book, save, stamp_saved, unit_book
from typer.testing import CliRunner

from perfcli import api
from perfcli.cli.main import app
from perfcli.letters.dates import arabic_date

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_ROSTER = ROOT / "sample_data" / "roster.xlsx"
DEPARTMENT = "区住房和城乡建设局"
GARDENS, EXPROPRIATION = "区市政园林管理处", "区房屋征收服务中心"  # units 304003, 304004
GONE = "30400401"  # 房屋征收服务中心's first project: completed, not in the Q3 roster
AT_RISK = [PROJECT_INDICATORS[0][:5] + ("可能性小",), *PROJECT_INDICATORS[1:]]
Q2_ISSUED, Q3_ISSUED = date(2026, 7, 20), date(2026, 10, 20)


def q2_returns(folder: Path) -> None:
    """Planted: 园林处 project 1 spent more than received (V103), project 2 at risk with no analysis and
    no plan (V110, V111); 征收中心 project 1 received more than its budget. Everything else is clean and
    on schedule (≥ 50% spent at the end of Q2)."""
    unit_book(folder / "园林处.xlsx", GARDENS, "二季度", [
        ("2026年市政园林管理处城市绿化养护", money(45.68, 30, 35), None),
        ("2026年市政道路养护", money(73.96, 50, 40), AT_RISK),
        ("2026年市政园林管理处保障性租赁住房补贴", money(77.54, 50, 45), None),
        ("2026年市政园林管理处建筑工地扬尘治理", money(26.23, 20, 15), None),
    ])  # fmt: skip
    unit_book(folder / "征收中心.xlsx", EXPROPRIATION, "二季度", [
        ("2026年房屋征收服务中心建筑工地扬尘治理", money(59.94, 70, 35), None),
        ("2026年房屋征收服务中心市政道路养护", money(62.3, 40, 35), None),
        ("2026年房屋征收服务中心城市绿化养护", money(83.63, 60, 50), None),
        ("2026年房屋征收服务中心保障性租赁住房补贴", money(18.68, 12, 10), None),
    ])  # fmt: skip
    for book in folder.glob("*.xlsx"):
        stamp_saved(book, "2026-07-08T09:00:00Z")  # sent before the 整改通知 of 7月20日


def q3_returns(folder: Path) -> None:
    """园林处 fixed project 1 and still leaves project 2 unexplained; 征收中心 no longer reports the
    completed project 1. All on schedule (≥ 74% spent at the end of Q3)."""
    unit_book(folder / "园林处.xlsx", GARDENS, "三季度", [
        ("2026年市政园林管理处城市绿化养护", money(45.68, 40, 35), None),
        ("2026年市政道路养护", money(73.96, 60, 55), AT_RISK),
        ("2026年市政园林管理处保障性租赁住房补贴", money(77.54, 70, 60), None),
        ("2026年市政园林管理处建筑工地扬尘治理", money(26.23, 24, 20), None),
    ])  # fmt: skip
    unit_book(folder / "征收中心.xlsx", EXPROPRIATION, "三季度", [
        ("2026年房屋征收服务中心市政道路养护", money(62.3, 50, 47), None),
        ("2026年房屋征收服务中心城市绿化养护", money(83.63, 70, 65), None),
        ("2026年房屋征收服务中心保障性租赁住房补贴", money(18.68, 16, 14), None),
    ])  # fmt: skip
    wb, ws = new_book("附表2")
    lay_department(ws, period_text="（2026年度 三季度）")
    name = next(row for row in ws.iter_rows() if row[0].value == "部门名称")
    name[1].value = DEPARTMENT
    save(wb, folder / "住建局.xlsx")
    for book in folder.glob("*.xlsx"):
        stamp_saved(book, "2026-10-09T09:00:00Z")  # sent before the letters of 10月20日


def roster_without(source: Path, target: Path, project: str) -> Path:
    """The Q3 roster: the sample one without a completed project (and its indicators)."""
    wb = openpyxl.load_workbook(source)
    for title in ("项目", "绩效指标"):
        ws = wb[title]
        for row in range(ws.max_row, 2, -1):
            if str(ws.cell(row, 1).value) == project:
                ws.delete_rows(row)
    wb.save(target)
    return target


def docx_text(path: Path) -> str:
    doc = Document(str(path))
    cells = [c.text for t in doc.tables for r in t.rows for c in r.cells]
    return "\n".join([p.text for p in doc.paragraphs] + cells)


@pytest.fixture
def cycle(tmp_path: Path) -> dict[str, Any]:
    workspace = tmp_path / "工作区"
    api.init(workspace)
    config = workspace / "perfcli.toml"
    q2_returns(workspace / "2026Q2")
    q3_returns(workspace / "2026Q3")
    roster_q3 = roster_without(SAMPLE_ROSTER, tmp_path / "名册Q3.xlsx", GONE)
    return {"workspace": workspace, "config": config, "roster_q3": roster_q3}


def render(cycle: dict[str, Any], kind: str, period: str, issued: date, roster: Path) -> api.RenderResult:
    workspace = cycle["workspace"]
    return api.render(
        kind, [workspace / period], out=workspace / "函件" / period, roster=roster, period=period,
        config=cycle["config"], issue_date=issued,
    )  # fmt: skip


def by_project_and_code(items: list[dict]) -> dict[tuple[str, str], dict]:
    return {(i["project_code"], i["code"]): i for i in items}


def test_q2_rectification_then_q3_resolves_keeps_open_and_cannot_verify(cycle: dict[str, Any]) -> None:
    config, workspace = cycle["config"], cycle["workspace"]
    q2 = render(cycle, "rectification", "2026Q2", Q2_ISSUED, SAMPLE_ROSTER)
    letters = {letter.recipient: letter for letter in q2.letters}
    assert set(letters) == {GARDENS, EXPROPRIATION}

    # raised: exactly the planted problems, one item each, with the letter's 文号 and date
    items = api.rectification_list(config=config)
    planted = {("30400301", "V103"), ("30400302", "V110"), ("30400302", "V111")}
    gardens = {k for k, i in by_project_and_code(items).items() if i["unit_code"] == "304003"}
    assert gardens == planted
    expropriation = [i for i in items if i["unit_code"] == "304004"]
    assert [i["project_code"] for i in expropriation] == [GONE]
    assert sorted(i["id"] for i in items) == [f"整改-2026Q2-{n:04d}" for n in range(1, len(planted) + 2)]
    for item in items:
        assert item["status"] == "open" and item["resolved"] is None
        assert item["raised"] == Q2_ISSUED.isoformat()
        assert item["letter"] == letters[item["unit"]].doc_number and item["letter"]
        assert item["department"] == DEPARTMENT
    # re-rendering the same letters raises nothing new
    render(cycle, "rectification", "2026Q2", Q2_ISSUED, SAMPLE_ROSTER)
    assert api.rectification_list(config=config) == items

    # Q3: validation judges the items, never a letter
    api.validate(workspace / "2026Q3", roster=cycle["roster_q3"], config=config, period="2026Q3")
    after = by_project_and_code(api.rectification_list(config=config))
    received = "2026-10-09"  # judged as of the day the return that shows it was received
    q3_gardens = str((workspace / "2026Q3" / "园林处.xlsx").resolve())
    fixed = after[("30400301", "V103")]
    assert (fixed["status"], fixed["resolved"], fixed["evidence"]) == ("resolved", received, q3_gardens)
    for code in ("V110", "V111"):
        still = after[("30400302", code)]
        assert (still["status"], still["resolved"]) == ("open", None)
    gone = next(i for i in after.values() if i["project_code"] == GONE)
    assert gone["status"] == "unverifiable" and gone["resolved"] == received
    assert "名册中已无该项目" in gone["reason"] and gone["evidence"].endswith("征收中心.xlsx")
    open_ids = sorted(i["id"] for i in after.values() if i["status"] == "open")
    listed = api.rectification_list(open_only=True, unit=GARDENS, config=config)
    assert sorted(i["id"] for i in listed) == open_ids and len(open_ids) == 2
    table = api.status(workspace / "2026Q3", cycle["roster_q3"], period="2026Q3", config=config)
    counts = {row.name: row.open_rectifications for row in table.rows if row.kind == "unit"}
    assert (counts[GARDENS], counts[EXPROPRIATION]) == (len(open_ids), 0)
    shown = CliRunner().invoke(
        app,
        ["status", str(workspace / "2026Q3"), "-r", str(cycle["roster_q3"]), "--config", str(config)],
        catch_exceptions=False,
    )
    assert shown.exit_code == 0 and "待整改" in shown.stdout

    # the Q3 整改通知 carries the two open items forward (IDs, date first raised), raises no duplicate
    q3 = render(cycle, "rectification", "2026Q3", Q3_ISSUED, cycle["roster_q3"])
    gardens_letter = next(letter for letter in q3.letters if letter.recipient == GARDENS)
    text = docx_text(gardens_letter.docx)
    for item_id in open_ids:
        assert item_id in text
    assert text.count(f"已于{arabic_date(Q2_ISSUED)}提出") == len(open_ids)
    assert fixed["id"] not in text and gone["id"] not in text
    assert not [
        i for i in api.rectification_list(config=config) if i["period"] == "2026Q3" and i["unit"] == GARDENS
    ]

    # 反馈 and 总报告: 上期提出问题 N 项，已整改 M 项 for the department (N, M counted from the plan above)
    raised, resolved, unverifiable = len(planted) + 1, 1, 1
    sentence = (
        f"上期提出问题{raised}项，已整改{resolved}项，无法核实{unverifiable}项，"
        f"尚未整改{raised - resolved - unverifiable}项"
    )
    feedback = render(cycle, "feedback", "2026Q3", Q3_ISSUED, cycle["roster_q3"])
    department_letter = next(letter for letter in feedback.letters if letter.recipient == DEPARTMENT)
    assert sentence in docx_text(department_letter.docx)
    report = render(cycle, "report", "2026Q3", Q3_ISSUED, cycle["roster_q3"])
    assert f"{DEPARTMENT}{sentence}" in docx_text(report.letters[0].docx)


def test_a_corrected_copy_in_the_same_quarter_resolves_and_the_cli_lists_it(cycle: dict[str, Any]) -> None:
    config, workspace = cycle["config"], cycle["workspace"]
    render(cycle, "rectification", "2026Q2", Q2_ISSUED, SAMPLE_ROSTER)
    # validating the very files that raised the items again proves nothing
    api.validate(workspace / "2026Q2", roster=SAMPLE_ROSTER, config=config, period="2026Q2")
    assert {i["status"] for i in api.rectification_list(config=config)} == {"open"}
    # 征收中心 sends a corrected copy (received within budget) in Q2
    unit_book(workspace / "2026Q2" / "征收中心（更正）.xlsx", EXPROPRIATION, "二季度", [
        ("2026年房屋征收服务中心建筑工地扬尘治理", money(59.94, 50, 35), None),
        ("2026年房屋征收服务中心市政道路养护", money(62.3, 40, 35), None),
        ("2026年房屋征收服务中心城市绿化养护", money(83.63, 60, 50), None),
        ("2026年房屋征收服务中心保障性租赁住房补贴", money(18.68, 12, 10), None),
    ])  # fmt: skip
    stamp_saved(workspace / "2026Q2" / "征收中心（更正）.xlsx", "2026-07-28T09:00:00Z")
    (workspace / "2026Q2" / "征收中心.xlsx").unlink()
    api.validate(workspace / "2026Q2", roster=SAMPLE_ROSTER, config=config, period="2026Q2")
    items = api.rectification_list(config=config)
    corrected = [i for i in items if i["unit_code"] == "304004"]
    assert [i["status"] for i in corrected] == ["resolved"]
    assert corrected[0]["evidence"].endswith("征收中心（更正）.xlsx")
    assert {i["status"] for i in items if i["unit_code"] == "304003"} == {"open"}

    runner = CliRunner()
    result = runner.invoke(
        app, ["ledger", "rectifications", "--open", "--json", "--config", str(config)], catch_exceptions=False
    )
    assert result.exit_code == 0
    listed = json.loads(result.stdout)
    assert listed == [i for i in items if i["status"] != "resolved"]
    keys = {"id", "unit", "project", "period", "code", "message", "letter", "raised", "status", "resolved"}
    assert all(keys | {"evidence"} <= set(i) for i in listed)
    shown = runner.invoke(app, ["ledger", "rectifications", "--config", str(config)], catch_exceptions=False)
    assert shown.exit_code == 0 and "已整改" in shown.stdout and "未整改" in shown.stdout


def test_outside_a_workspace_the_letters_say_nothing_of_earlier_rounds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    q2_returns(tmp_path / "2026Q2")
    result = api.render(
        "rectification", [tmp_path / "2026Q2"], out=tmp_path / "函件", roster=SAMPLE_ROSTER, period="2026Q2",
        issue_date=Q2_ISSUED,
    )  # fmt: skip
    assert result.draft and len(result.letters) == 2
    assert not list(tmp_path.glob("*.db"))
    assert "尚未整改" not in docx_text(result.letters[0].docx)


def test_a_unit_that_sent_nothing_this_quarter_is_not_told_its_return_was_checked(
    cycle: dict[str, Any],
) -> None:
    """园林处 sends nothing for Q3: its open Q2 items are carried forward, but the letter cannot say they
    were checked against a return that never came."""
    config, workspace = cycle["config"], cycle["workspace"]
    render(cycle, "rectification", "2026Q2", Q2_ISSUED, SAMPLE_ROSTER)
    (workspace / "2026Q3" / "园林处.xlsx").unlink()
    api.validate(workspace / "2026Q3", roster=cycle["roster_q3"], config=config, period="2026Q3")
    q3 = render(cycle, "rectification", "2026Q3", Q3_ISSUED, cycle["roster_q3"])
    letter = next(letter for letter in q3.letters if letter.recipient == GARDENS)
    text = docx_text(letter.docx)
    assert "经核对" not in text and "尚未整改" not in text
    assert "你单位尚未报送2026年三季度监控表，整改情况无法核实" in text
    assert text.count("整改情况待核实") == 3  # the three open items of 园林处
