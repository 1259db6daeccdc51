"""绩效目标 in the ledger: versions recorded by validate (by sha256, numbered per project), the review steps
(初审 → 复审 → 批复, 退回) and every transition refused, the 审核意见表 written, edited as a clerk would and read
back, a 调整 with and without its 调整说明 and the diff between versions, an edited row caught by ledger verify,
and the same round trip on the PostgreSQL server ledger.

The 申报表 are laid out here with openpyxl (tests/real/_layout), the older 项目绩效目标表 family (a stage
"target" form perfcli reads today), in a real workspace made by perfcli init with a real SQLite ledger."""

from __future__ import annotations

import json
import sqlite3
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from rich.cells import cell_len
from typer.testing import CliRunner

from perfcli.cli.main import app
from perfcli.errors import UsageError
from perfcli.ledger import targets as ledger_targets
from perfcli.ledger.store import Ledger
from perfcli.model.findings import Finding
from perfcli.model.records import FormRecord, Indicator
from perfcli.model.target_diff import fund_changes, indicator_changes
from perfcli.model.targets import TargetDecision, TargetDeclaration, TargetStatus, TargetVersion
from tests.real._layout import FormSheet

ROOT = Path(__file__).resolve().parent.parent
ROSTER = ROOT / "sample_data" / "roster.xlsx"
UNIT = "区教育局（本级）"  # unit 301001 of department 301 in the sample roster
PROJECT = "2026年智慧校园建设"  # its project 30100101
ANNUAL = [
    ("产出指标", "数量指标", "新建智慧教室", "≥20间"),
    ("产出指标", "质量指标", "设备验收合格率", "100%"),
    ("效益指标", "社会效益指标", "教学信息化水平", "明显提高"),
    ("满意度指标", "服务对象满意度指标", "师生满意度", "≥90%"),
]


def declaration_form(path: Path, *, total: str = "120", annual=ANNUAL, note: str | None = None) -> Path:
    """A 项目绩效目标表 as a unit fills it in Excel: merged label cells, the money as typed text, the 年度
    indicators under their caption with 一级 merged over its rows."""
    form = FormSheet("Sheet1", {"A": 14, "B": 16, "C": 22, "D": 22, "E": 12, "F": 12})
    put = form.put
    put("A1", "项目绩效目标表", to="F1", bold=True, size=16, border=False)
    put("A2", "(2027年度)", to="F2", border=False)
    put("A3", f"填报单位(盖章):{UNIT}", to="F3", border=False, align="left")
    put("A4", "项目名称")
    put("B4", PROJECT, to="F4")
    put("A5", "主管部门")
    put("B5", "区教育局", to="C5")
    put("D5", "主管部门编码")
    put("E5", "301", to="F5")
    put("A6", "项目单位")
    put("B6", UNIT, to="F6")
    put("A7", "资金总额")
    put("B7", f"{total}万元", to="F7")
    put("A8", "长期目标")
    put("B8", "建成覆盖全区的智慧校园", to="F8", align="left")
    put("A9", "年度目标")
    put("B9", "完成20间智慧教室建设", to="F9", align="left")
    row = 10
    if note is not None:
        put("A10", "调整说明")
        put("B10", note, to="F10", align="left")
        row = 11
    put(f"A{row}", "年度绩效指标", to=f"A{row + len(annual)}")
    form.row(row, {"B": "一级指标", "C": "二级指标", "D": "指标内容", "E": "指标值", "F": "备注"})
    first = row + 1
    start = 0
    for i in range(1, len(annual) + 1):
        if i == len(annual) or annual[i][0] != annual[start][0]:
            end = f"B{first + i - 1}" if i - 1 > start else None
            put(f"B{first + start}", annual[start][0], to=end)
            start = i
    for offset, (_, level2, name, value) in enumerate(annual):
        form.row(first + offset, {"C": level2, "D": name, "E": value, "F": None})
    path.parent.mkdir(parents=True, exist_ok=True)
    form.save(path)
    return path


@pytest.fixture
def workspace(tmp_path, monkeypatch) -> Path:
    runner = CliRunner()
    result = runner.invoke(app, ["init", str(tmp_path / "ws")])
    assert result.exit_code == 0, result.output
    monkeypatch.chdir(tmp_path / "ws")
    return tmp_path / "ws"


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, list(args), terminal_width=80)
    return result.exit_code, result.output


def validate(folder: Path) -> tuple[int, dict]:
    code, output = run("validate", str(folder), "--roster", str(ROSTER), "--json")
    return code, json.loads(output)


def ledger_of(workspace: Path) -> Ledger:
    return Ledger.open(workspace / "perfcli.db", create=False)


def test_validate_records_versions_by_content(workspace):
    form = declaration_form(workspace / "申报" / "智慧校园.xlsx")
    code, report = validate(form.parent)
    assert report["summary"]["target_forms"] == 1
    _, text = run("validate", str(form.parent), "--roster", str(ROSTER))
    assert "绩效目标申报表 1 张" in text and "监控表" not in text.split("共 1 个文件")[-1]
    with ledger_of(workspace) as ledger:
        (version,) = ledger_targets.target_versions(ledger, 2027)
    assert (version.project_key, version.version, version.status) == ("30100101", 1, TargetStatus.PENDING)
    assert (version.department_code, version.unit_code, version.file) == (
        "301",
        "301001",
        "申报/智慧校园.xlsx",
    )
    assert version.declaration.project_name == PROJECT
    assert all(f.sheet == "Sheet1" for f in version.findings)  # not the 报送情况's 附表1 owed by the unit
    assert [i.name for i in version.declaration.of_half("年度")] == [a[2] for a in ANNUAL]
    # the same file again is the same version; a corrected copy is the next one
    validate(form.parent)
    declaration_form(workspace / "申报" / "智慧校园（改）.xlsx", total="150")
    validate(form.parent)
    with ledger_of(workspace) as ledger:
        every = ledger_targets.target_versions(ledger, 2027, history=True)
    assert [(v.version, v.file) for v in every] == [
        (1, "申报/智慧校园.xlsx"),
        (2, "申报/智慧校园（改）.xlsx"),
    ]


def test_the_same_targets_in_another_file_are_the_same_version(workspace):
    """A unit re-sends its whole workbook with one project corrected: the projects it did not change keep their
    version and their review (a version is its targets' content, not the file's bytes)."""
    first = declaration_form(workspace / "第一次" / "智慧校园.xlsx")
    validate(first.parent)
    walk_to_approval(workspace)
    book = openpyxl.load_workbook(first)
    book.active["A1"].font = openpyxl.styles.Font(bold=True, size=18)  # the look changed, not one target
    again = workspace / "第二次" / "智慧校园.xlsx"
    again.parent.mkdir()
    book.save(again)
    assert again.read_bytes() != first.read_bytes()
    code, report = validate(again.parent)
    assert not [f for f in report["files"][0]["findings"] if f["code"] == "T101"]  # not a 调整 either
    with ledger_of(workspace) as ledger:
        every = ledger_targets.target_versions(ledger, 2027, history=True)
    assert [(v.version, v.status, v.file) for v in every] == [(1, "已批复", "第一次/智慧校园.xlsx")]


def test_an_unknown_project_is_a_warning_and_kept_by_its_names(workspace):
    form = declaration_form(workspace / "申报" / "a.xlsx")
    code, output = run("validate", str(form.parent), "--json")  # no roster given: the workspace's is empty
    found = [f for f in json.loads(output)["files"][0]["findings"] if f["code"] == "T102"]
    assert [(f["severity"], f["category"], f["cell"]) for f in found] == [("warning", "完整性", "B4")]
    with ledger_of(workspace) as ledger:
        (version,) = ledger_targets.target_versions(ledger, 2027)
    assert version.project_key == "区教育局(本级)/2026年智慧校园建设"


def record(ledger: Ledger, key: str, sha: str, declaration: TargetDeclaration | None = None) -> TargetVersion:
    version = TargetVersion(
        key, 2027, 0, TargetStatus.PENDING, declaration or TargetDeclaration("项目"), sha256=sha
    )
    return ledger_targets.record_versions(ledger, [version])[0]


def decide(step: str, decision: str, comment: str = "") -> TargetDecision:
    return TargetDecision(step, decision, "2027-01-05T09:00:00+00:00", comment)


def test_numbering_and_dedup_by_sha256(tmp_path):
    with Ledger.open(tmp_path / "perfcli.db") as ledger:
        assert record(ledger, "P1", "a").version == 1
        assert record(ledger, "P1", "b").version == 2
        assert record(ledger, "P1", "a").version == 1  # seen before: as stored
        assert record(ledger, "P2", "a").version == 1  # numbered per project
        count = ledger.db.execute("SELECT COUNT(*) FROM target_versions").fetchone()[0]
    assert count == 3


ALLOWED = [
    ([], decide("初审", "通过"), TargetStatus.FIRST_PASSED),
    ([], decide("初审", "退回"), TargetStatus.RETURNED),
    ([decide("初审", "通过")], decide("复审", "通过"), TargetStatus.SECOND_PASSED),
    ([decide("初审", "通过")], decide("复审", "退回"), TargetStatus.RETURNED),
    ([decide("初审", "通过"), decide("复审", "通过")], decide("批复", "批复"), TargetStatus.APPROVED),
]


@pytest.mark.parametrize(("before", "decision", "status"), ALLOWED)
def test_every_allowed_transition(tmp_path, before, decision, status):
    with Ledger.open(tmp_path / "perfcli.db") as ledger:
        record(ledger, "P1", "a")
        ledger_targets.apply_decisions(ledger, 2027, [("P1", 1, d) for d in before])
        (moved,) = ledger_targets.apply_decisions(ledger, 2027, [("P1", 1, decision)])
        assert moved.status == status
        assert [d.step for d in moved.decisions] == [d.step for d in [*before, decision]]


STATES = {  # how to bring version 1 into each status
    TargetStatus.PENDING: [],
    TargetStatus.RETURNED: [decide("初审", "退回")],
    TargetStatus.FIRST_PASSED: [decide("初审", "通过")],
    TargetStatus.SECOND_PASSED: [decide("初审", "通过"), decide("复审", "通过")],
    TargetStatus.APPROVED: [decide("初审", "通过"), decide("复审", "通过"), decide("批复", "批复")],
}
ALLOWED_PAIRS = {("待审", "初审"), ("初审通过", "复审"), ("复审通过", "批复")}
REFUSED = [
    (status, decision)
    for status in STATES
    for decision in (
        decide("初审", "通过"),
        decide("初审", "退回"),
        decide("复审", "通过"),
        decide("复审", "退回"),
        decide("批复", "批复"),
    )  # fmt: skip
    if (status, decision.step) not in ALLOWED_PAIRS
]


@pytest.mark.parametrize(("status", "decision"), REFUSED)
def test_every_other_transition_is_refused_and_nothing_moves(tmp_path, status, decision):
    with Ledger.open(tmp_path / "perfcli.db") as ledger:
        record(ledger, "P1", "a")
        record(ledger, "P2", "a")
        ledger_targets.apply_decisions(ledger, 2027, [("P1", 1, d) for d in STATES[status]])
        reasons = ledger_targets.decision_refusals(ledger, 2027, [("P1", 1, decision)])
        assert "状态为" in reasons[0] and status in reasons[0]
        with pytest.raises(UsageError):  # the good decision of the same call is not taken either
            ledger_targets.apply_decisions(
                ledger, 2027, [("P2", 1, decide("初审", "通过")), ("P1", 1, decision)]
            )
        statuses = {v.project_key: v.status for v in ledger_targets.target_versions(ledger, 2027)}
    assert statuses == {"P1": status, "P2": TargetStatus.PENDING}


def test_refused_an_older_version_an_unknown_decision_or_step(tmp_path):
    with Ledger.open(tmp_path / "perfcli.db") as ledger:
        record(ledger, "P1", "a")
        record(ledger, "P1", "b")
        reasons = ledger_targets.decision_refusals(
            ledger,
            2027,
            [("P1", 1, decide("初审", "通过")), ("P1", 2, decide("初审", "批复")),
             ("P1", 2, decide("终审", "通过")), ("P9", 1, decide("初审", "通过"))],
        )  # fmt: skip
    assert "已不是最新版本" in reasons[0]
    assert "只能是" in reasons[1]
    assert "未知的审核环节" in reasons[2]
    assert "没有" in reasons[3]


def test_review_sheet_out_edited_by_a_clerk_and_read_back(workspace):
    folder = workspace / "申报"
    declaration_form(folder / "clean.xlsx", annual=[a for a in ANNUAL if a[3] != "明显提高"])
    code, report = validate(folder)
    sheet = workspace / "初审意见表.xlsx"
    code, output = run("review", "targets", "--period", "2027", "--out", str(sheet), "--as", "初审")
    assert code == 0 and "待初审的项目 1 个" in output
    code, output = run("review", "targets", "--period", "2027", "--out", str(sheet))
    assert code == 2  # not overwritten without --force
    book = openpyxl.load_workbook(sheet)
    rows = list(book["审核意见表"].iter_rows(values_only=True))
    header = rows[0]
    assert rows[1][header.index("项目编码")] == "30100101"
    assert rows[1][header.index("审核环节")] == "初审"
    validations = book["审核意见表"].data_validations.dataValidation
    assert any('"通过,退回"' in str(v.formula1) for v in validations)
    # the clerk: this project is returned, with the reason; a row typed below with no conclusion
    ws = book["审核意见表"]
    ws.cell(2, header.index("审核结论") + 1, "退回")
    ws.cell(2, header.index("审核意见") + 1, "满意度指标值偏低，请补充成本指标")
    ws.cell(3, header.index("项目编码") + 1, "30100102")
    ws.cell(3, header.index("版本") + 1, 1)
    ws.cell(3, header.index("审核环节") + 1, "初审")
    book.save(sheet)
    code, output = run(
        "review", "targets", "--period", "2027", "--from", str(sheet), "--as", "初审", "--json"
    )
    result = json.loads(output)
    assert code == 1  # a row refused
    assert [(r["row"], r["decision"], r["status"]) for r in result["moved"]] == [(2, "退回", "退回")]
    assert [r["row"] for r in result["refused"]] == [3]
    assert "审核结论为空" in result["refused"][0]["refused"]
    # the same sheet again: the version is no longer awaiting 初审
    code, output = run(
        "review", "targets", "--period", "2027", "--from", str(sheet), "--as", "初审", "--json"
    )
    again = json.loads(output)
    assert code == 1 and again["moved"] == []
    assert "状态为“退回”" in again["refused"][0]["refused"]
    with ledger_of(workspace) as ledger:
        (version,) = ledger_targets.target_versions(ledger, 2027)
    assert version.decisions[0].comment == "满意度指标值偏低，请补充成本指标"


def test_suggestion_is_return_on_errors_and_blank_on_warnings(workspace):
    from perfcli.findings.target_review import review_sheet

    def version(*findings: Finding) -> TargetVersion:
        return TargetVersion("P", 2027, 1, "待审", TargetDeclaration("项目"), findings=list(findings))

    error = Finding("error", "T101", "缺调整说明", category="完整性")
    warning = Finding("warning", "T102", "名册中找不到", category="完整性")
    sheet = review_sheet([version(error), version(warning), version()], "初审", ("通过", "退回"))
    titles = [t for t, _ in sheet.columns]
    picked = [(r[titles.index("建议")], r[titles.index("审核结论")]) for r in sheet.rows]
    assert picked == [
        ("退回（错误 1 条）", "退回"),
        ("通过（另有警告 1 条，请核看后决定）", ""),
        ("通过", "通过"),
    ]
    assert sheet.rows[0][titles.index("审核发现")] == "完整性：缺调整说明"


def walk_to_approval(workspace: Path) -> None:
    for step in ("初审", "复审", "批复"):
        sheet = workspace / f"{step}.xlsx"
        code, output = run(
            "review", "targets", "--period", "2027", "--out", str(sheet), "--as", step, "--force"
        )
        assert code == 0, output
        book = openpyxl.load_workbook(sheet)
        ws = book["审核意见表"]
        header = [c.value for c in ws[1]]
        ws.cell(2, header.index("审核结论") + 1, "批复" if step == "批复" else "通过")
        book.save(sheet)
        code, output = run("review", "targets", "--period", "2027", "--from", str(sheet), "--as", step)
        assert code == 0, output


def test_adjustment_without_note_is_an_error_with_it_accepted_and_diffed(workspace):
    folder = workspace / "申报"
    first = [a for a in ANNUAL if a[3] != "明显提高"]
    declaration_form(folder / "v1.xlsx", annual=first)
    validate(folder)
    walk_to_approval(workspace)
    changed = [("产出指标", "数量指标", "新建智慧教室", "≥25间"), *first[1:],
               ("效益指标", "社会效益指标", "覆盖学校数", "12所")]  # fmt: skip
    declaration_form(folder / "v2.xlsx", annual=changed, total="150")
    code, report = validate(folder)
    assert code == 1
    t101 = [f for f in report["files"][1]["findings"] if f["code"] == "T101"]
    assert [(f["severity"], f["category"]) for f in t101] == [("error", "完整性")]
    declaration_form(folder / "v3.xlsx", annual=changed, total="150", note="新增学校纳入建设范围")
    code, report = validate(folder)
    assert not [f for f in report["files"][2]["findings"] if f["code"] == "T101"]
    with ledger_of(workspace) as ledger:
        every = ledger_targets.target_versions(ledger, 2027, history=True)
        approved = ledger_targets.approved_versions(ledger, 2027)
    assert [(v.version, v.status, v.adjustment) for v in every] == [
        (1, "已批复", False), (2, "待审", True), (3, "待审", True)
    ]  # fmt: skip
    assert [v.version for v in approved] == [1]  # in force while the 调整 waits
    code, output = run("ledger", "targets", "--period", "2027", "--json")
    (project,) = json.loads(output)
    changes = project["versions"][1]["changes"]
    assert changes["against"] == 1
    assert changes["indicators"] == [
        {"half": "年度", "level1": "产出指标", "level2": "数量指标", "name": "新建智慧教室", "change": "changed",
         "before": "≥20间", "after": "≥25间"},
        {"half": "年度", "level1": "效益指标", "level2": "社会效益指标", "name": "覆盖学校数", "change": "added",
         "before": "", "after": "12所"},
    ]  # fmt: skip
    assert changes["funds"] == [{"half": "年度", "part": "资金总额", "before": "120", "after": "150"}]
    assert project["versions"][2]["changes"]["indicators"] == []
    assert [d["step"] for d in project["versions"][0]["decisions"]] == ["初审", "复审", "批复"]
    code, text = run("ledger", "targets", "--period", "2027")
    assert code == 0 and "修改 年度 新建智慧教室：≥20间 → ≥25间" in text
    assert max(cell_len(line) for line in text.splitlines()) <= 80  # CJK characters take two columns


def test_diff_of_declarations_built_from_records():
    def declaration(rows, total):
        record = FormRecord(
            file="x.xlsx", form="target_declaration", sheet="S",
            fields={"project_name": "P", "budget_total": Decimal(total), "adjustment_note": "扩大范围"},
            table=[Indicator(values={"section": "年度绩效指标", "level1": a, "level2": b, "indicator": c,
                                     "target": d}) for a, b, c, d in rows],
        )  # fmt: skip
        return TargetDeclaration.from_record(record)

    before = declaration(ANNUAL, "120")
    after = declaration([*ANNUAL[:1], *ANNUAL[2:]], "120.00")
    assert after.adjustment_note == "扩大范围"
    assert [(c.change, c.name, c.before) for c in indicator_changes(before, after)] == [
        ("removed", "设备验收合格率", "100%")
    ]
    assert fund_changes(before, after) == []  # 120 and 120.00 are the same amount


def test_an_edited_row_is_named_by_ledger_verify(workspace):
    declaration_form(workspace / "申报" / "a.xlsx")
    validate(workspace / "申报")
    code, _ = run("ledger", "verify")
    assert code == 0
    with sqlite3.connect(workspace / "perfcli.db") as db:
        db.execute("UPDATE target_versions SET status = '已批复'")
    code, output = run("ledger", "verify", "--json")
    problems = json.loads(output)["problems"]
    assert code == 1
    assert [p["kind"] for p in problems] == ["台账 target_versions 表第 1 行"]
    with ledger_of(workspace) as ledger:
        assert ledger_targets.approved_versions(ledger, 2027) == []  # an edited row is not trusted


def test_postgres_server_ledger_round_trip(pg_server, tmp_path):
    from perfcli.ledger.server import ServerLedger

    url = pg_server.create_database("targets")
    with ServerLedger.connect(url, tmp_path) as ledger:
        assert record(ledger, "P1", "a").version == 1
        assert record(ledger, "P1", "b").version == 2
        assert record(ledger, "P1", "a").version == 1
        ledger_targets.apply_decisions(ledger, 2027, [("P1", 2, d) for d in STATES[TargetStatus.APPROVED]])
        with pytest.raises(UsageError):
            ledger_targets.apply_decisions(ledger, 2027, [("P1", 1, decide("初审", "通过"))])
    with ServerLedger.connect(url, tmp_path) as ledger:
        (approved,) = ledger_targets.approved_versions(ledger, 2027)
        assert (approved.version, approved.status, len(approved.decisions)) == (2, "已批复", 3)
        assert [v.version for v in ledger_targets.target_versions(ledger, 2027, history=True)] == [1, 2]


def test_generate_shows_the_targets_approved_the_year_before_as_hints(workspace):
    """generate --stage targets in a workspace: a project's 年度 targets approved for 2027 appear beside the 2028
    form's 年度 half (上年批复指标（参考）), not in its input cells; a project approved nothing gets no hint column."""
    declaration_form(workspace / "申报" / "v1.xlsx")
    validate(workspace / "申报")
    walk_to_approval(workspace)
    code, output = run(
        "generate", str(ROSTER), "--stage", "targets", "--period", "2028", "--out", "申报表2028"
    )
    assert code == 0, output
    (book_path,) = [p for p in (workspace / "申报表2028").rglob("*.xlsx") if UNIT in p.name]
    book = openpyxl.load_workbook(book_path)
    hinted = [
        ws
        for ws in book.worksheets
        if any(c.value == "上年批复指标（参考）" for r in ws.iter_rows() for c in r)
    ]
    assert [ws.title for ws in hinted] == [PROJECT[:31]]
    texts = {c.value for r in hinted[0].iter_rows() for c in r if isinstance(c.value, str)}
    hints = {"新建智慧教室：≥20间", "设备验收合格率：100%", "教学信息化水平：明显提高", "师生满意度：≥90%"}
    assert hints <= texts
    for row in hinted[0].iter_rows():
        for cell in row:
            if cell.value in hints:
                assert cell.protection.locked  # a hint, never an input cell


def test_the_first_review_lists_who_has_not_declared(workspace):
    """初审 also asks those who must declare and have not (seed 004: 对必须申报绩效目标而未申报的，要求预算部门及时
    申报): the 审核意见表 of 初审 has a 未申报项目 sheet of the roster's projects no 申报表 came for."""
    from perfcli.roster.read import read_roster

    declaration_form(workspace / "申报" / "v1.xlsx")
    validate(workspace / "申报")
    sheet = workspace / "初审意见表.xlsx"
    code, output = run("review", "targets", "--period", "2027", "--out", str(sheet), "--roster", str(ROSTER))
    assert code == 0, output
    every = {p.code for p in read_roster(ROSTER).projects}
    assert f"尚未报送申报表的项目 {len(every) - 1} 个" in output.replace("\n", "")
    rows = list(openpyxl.load_workbook(sheet)["未申报项目"].iter_rows(min_row=2, values_only=True))
    assert {row[2] for row in rows} == every - {"30100101"}
    code, output = run(
        "review", "targets", "--period", "2027", "--out", str(sheet), "--as", "复审", "--force"
    )
    assert "未申报项目" not in openpyxl.load_workbook(sheet).sheetnames  # 复审 looks at what 初审 passed


def test_validate_compares_the_annual_targets_with_last_years_actuals(workspace):
    """T024 in validate: the project's 2026 自评表 validated in the workspace says 新建智慧教室 24间 were done; the
    2027 申报表 asks for ≥20间 — a 年度 target below last year's actual, a warning of 适当性 on its cell, kept
    with the version; so is its 满意度 (≥90% after 92%). Equal targets and the indicators last year did not
    measure are not flagged."""
    from tests.selfeval_fixtures import lay_out

    rows = [
        ("产出指标", "数量指标", "新建智慧教室", "≥20间", "24间", 50, 50, None),
        ("产出指标", "质量指标", "设备验收合格率", "100%", "100%", 20, 20, None),
        ("满意度指标", "服务对象满意度指标", "师生满意度", "≥90%", "92%", 20, 20, None),
    ]
    (workspace / "自评").mkdir()
    lay_out(workspace / "自评" / "智慧校园.xlsx", rows, project=PROJECT, department="区教育局",
            implementer=UNIT, budget=120, executed=118, self_total=100)  # fmt: skip
    code, output = run("validate", str(workspace / "自评"), "--roster", str(ROSTER))
    assert code in (0, 1), output
    declaration_form(workspace / "申报" / "智慧校园.xlsx")
    code, report = validate(workspace / "申报")
    t024 = [f for f in report["files"][0]["findings"] if f["code"] == "T024"]
    # row 11 新建智慧教室 ≥20间 (24间 done), row 14 师生满意度 ≥90% (92%); 设备验收合格率 100% equals last year's
    assert [(f["severity"], f["category"], f["cell"]) for f in t024] == [
        ("warning", "适当性", "E11"),
        ("warning", "适当性", "E14"),
    ]
    assert "24间" in t024[0]["message"] and "92%" in t024[1]["message"]
    with ledger_of(workspace) as ledger:
        (version,) = ledger_targets.target_versions(ledger, 2027)
    assert [f.cell for f in version.findings if f.code == "T024"] == ["E11", "E14"]
