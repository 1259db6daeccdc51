"""Letters state the facts as of their 成文日期: returns received after it do not count, 文号 follow the
dates (a backdated letter is refused unless --backdate, and then said), and a re-run with a new date writes
the letter again and says so."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import letter_fixtures as lf
import pytest

from perfcli import api
from perfcli.errors import UsageError
from perfcli.findings.report import ValidationReport
from perfcli.letters.build import build_letters
from perfcli.letters.data import received_by
from perfcli.model.config import load_config

Q3 = lf.Q3


@pytest.fixture
def config():
    return load_config(None, search_from=Path("/nonexistent"))


def _roster():
    return lf.roster(
        [("301", "区教育局", 500), ("306", "区民政局", 100)],
        [("301002", "区实验小学", "301"), ("301003", "区第二中学", "301"), ("306001", "区养老院", "306")],
        [
            ("P1", "校舍维修", "301002", 200),
            ("P2", "操场改造", "301003", 100),
            ("P3", "养老服务", "306001", 100),
        ],
    )


def _files(roster):
    """区实验小学 sent on time; 区第二中学 only on 2026-12-07, after the report's date."""
    (p1,), (p2,), (p3,) = (roster.projects_of(c) for c in ("301002", "301003", "306001"))
    return [
        lf.unit_return("小学.xlsx", roster.unit("301002"), [(p1, 150, 120)], received="2026-10-08"),
        lf.unit_return("二中.xlsx", roster.unit("301003"), [(p2, 100, 90)], received="2026-12-07"),
        lf.unit_return("养老院.xlsx", roster.unit("306001"), [(p3, 100, 80)], received="2026-10-09"),
        lf.department_return("教育局.xlsx", roster.department("301")),
        lf.department_return("民政局.xlsx", roster.department("306")),
    ]


def test_a_report_dated_before_a_late_return_does_not_count_it(config):
    roster = _roster()
    on_the_day = received_by(_files(roster), date(2026, 10, 20))
    assert "二中.xlsx" not in {f.path for f in on_the_day}
    data = lf.letter_data(roster, on_the_day, config)
    [report] = build_letters("report", data, config, date(2026, 10, 20))
    assert "单位已报送2个，未报送1个" in report.context["summary"]
    assert [m["name"] for m in report.context["missing"]] == ["区第二中学"]
    [feedback, _] = build_letters("feedback", data, config, date(2026, 10, 20))
    assert "2个预算责任单位中已有1个报送" in feedback.context["units_reporting"]
    assert "区第二中学" in feedback.context["units_reporting"]

    later = lf.letter_data(roster, received_by(_files(roster), date(2026, 12, 8)), config)
    [report] = build_letters("report", later, config, date(2026, 12, 8))
    assert "单位已报送3个，未报送0个" in report.context["summary"]


def test_an_older_version_counts_again_when_its_replacement_came_after_the_date():
    roster = _roster()
    (p1,) = roster.projects_of("301002")
    old = lf.unit_return("小学-初稿.xlsx", roster.unit("301002"), [(p1, 150, 100)], received="2026-10-08")
    new = lf.unit_return("小学-更正.xlsx", roster.unit("301002"), [(p1, 150, 120)], received="2026-11-02")
    old.status, old.superseded_by, old.reason = "superseded", new.path, "已被较新版本取代"
    [kept] = received_by([old, new], date(2026, 10, 20))
    assert kept.path == old.path and kept.status == "read" and kept.superseded_by is None


def _workspace(tmp_path: Path) -> tuple[Path, Path]:
    """A workspace and a validation report (JSON) of _files: renders need no workbook reading."""
    directory = tmp_path / "工作区"
    api.init(directory)
    report = ValidationReport(Q3, _files(_roster()))
    source = directory / "校验报告.json"
    source.write_text(json.dumps(report.to_json(), ensure_ascii=False), "utf-8")
    return directory, source


def _render(directory: Path, source: Path, kind: str, day: date, **options) -> api.RenderResult:
    return api.render(
        kind,
        [source],
        out=directory / "函件",
        roster=_roster(),
        config=directory / "perfcli.toml",
        issue_date=day,
        **options,
    )


def test_a_letter_dated_before_one_already_numbered_is_refused_unless_backdated(tmp_path):
    directory, source = _workspace(tmp_path)
    first = _render(directory, source, "report", date(2026, 10, 26))
    [report] = first.letters
    assert report.doc_number.endswith("〕1号")
    with pytest.raises(UsageError, match="早于本年度已编号的.*1号.*2026-10-26"):
        _render(directory, source, "feedback", date(2026, 10, 20))
    assert not list((directory / "函件").glob("绩效监控结果反馈*"))  # nothing numbered, nothing written

    backdated = _render(directory, source, "feedback", date(2026, 10, 20), backdate=True)
    assert [x.doc_number[-3:] for x in backdated.letters] == ["〕2号", "〕3号"]
    assert all(
        any(n.startswith("倒签：成文日期 2026-10-20 早于已编号的") for n in x.notes)
        for x in backdated.letters
    )


def test_a_rerun_with_a_new_date_writes_the_letter_again_and_says_so(tmp_path):
    from docx import Document

    directory, source = _workspace(tmp_path)
    [first] = _render(directory, source, "report", date(2026, 10, 20)).letters
    same = _render(directory, source, "report", date(2026, 10, 20))
    assert same.letters[0].unchanged
    [again] = _render(directory, source, "report", date(2026, 12, 8)).letters
    assert not again.unchanged and again.doc_number == first.doc_number
    assert any(
        "原成文日期 2026-10-20，已按新的成文日期 2026-12-08 重写（文号不变）" in n for n in again.notes
    )
    text = "\n".join(p.text for p in Document(str(again.docx)).paragraphs)
    assert "二〇二六年十二月八日" in text
    assert api.verify(config=directory / "perfcli.toml").problems == []


def test_a_letter_edited_by_hand_and_accepted_keeps_verify_clean(tmp_path):
    """A clerk softens a line in Word before the chief signs: `ledger accept` records it as issued."""
    import zipfile

    from typer.testing import CliRunner

    from perfcli.cli.main import app

    directory, source = _workspace(tmp_path)
    config = directory / "perfcli.toml"
    [letter] = _render(directory, source, "report", date(2026, 10, 20)).letters
    edited = letter.docx.read_bytes()
    with zipfile.ZipFile(letter.docx) as zf:  # a hand edit: the same document, saved again
        parts = {n: zf.read(n) for n in zf.namelist()}
    with zipfile.ZipFile(letter.docx, "w") as zf:
        for name, data in parts.items():
            zf.writestr(
                name,
                data.replace("执行进度".encode(), "执行进展".encode())
                if name == "word/document.xml"
                else data,
            )
    assert letter.docx.read_bytes() != edited
    assert [p.problem for p in api.verify(config=config).problems] == [
        "文件已改动（与台账记录的 sha256 不符）"
    ]

    runner = CliRunner()
    done = runner.invoke(app, ["ledger", "accept", str(letter.docx), "--by", "张明", "--config", str(config)])
    assert done.exit_code == 0, done.output
    assert f"已认可：{letter.doc_number}" in done.output and "张明" in done.output
    result = api.verify(config=config)
    assert result.problems == [] and len(result.edited) == 1 and letter.doc_number in result.edited[0]
    shown = runner.invoke(app, ["ledger", "verify", "--config", str(config)])
    assert shown.exit_code == 0 and "已人工修改" in shown.output
    listed = runner.invoke(app, ["ledger", "letters", "--config", str(config)])
    assert "已出具（已人工修改）" in listed.output.replace("\n", "").replace("│", "").replace(" ", "")
    # a re-run keeps the signed version and its 文号
    [again] = _render(directory, source, "report", date(2026, 10, 20)).letters
    assert again.unchanged and again.doc_number == letter.doc_number
    assert "执行进展".encode() in zipfile.ZipFile(letter.docx).read("word/document.xml")
    refused = runner.invoke(app, ["ledger", "accept", str(source), "--config", str(config)])
    assert refused.exit_code == 2 and "台账中没有已出具的函件" in refused.output


def test_draft_then_review_then_issue_with_the_clerks_choice(tmp_path):
    """render --draft → the clerk edits 审阅清单.xlsx → render --from-review issues the letter as chosen."""
    import openpyxl
    from docx import Document

    directory, source = _workspace(tmp_path)
    drafted = _render(directory, source, "feedback", date(2026, 10, 20), draft=True)
    assert drafted.draft and all(not x.doc_number for x in drafted.letters)
    review = directory / "函件" / "审阅清单.xlsx"
    book = openpyxl.load_workbook(review)
    sheet = book["审阅清单"]
    header = [c.value for c in sheet[1]]
    assert header == ["函件", "收文单位", "位置", "内容", "函件所写", "依据", "采用/修改为"]
    rows = list(sheet.iter_rows(min_row=2))
    handling = next(r for r in rows if r[1].value == "区教育局" and r[2].value.endswith(".handling"))
    assert "第十五条第一项" in handling[4].value and "区实验小学" in handling[5].value
    assert any(r[2].value == "assessment" for r in rows) and {r[6].value for r in rows} == {"采用"}
    handling[6].value = "请督促区实验小学加快执行，年底前完成支付"
    book.save(review)
    from perfcli.api import ledger_list

    assert ledger_list("letters", config=directory / "perfcli.toml") == []  # a draft takes no 文号

    issued = _render(directory, source, "feedback", date(2026, 10, 20), from_review=review)
    letter = next(x for x in issued.letters if x.recipient == "区教育局")
    assert letter.doc_number.endswith("号") and any(
        "已按审阅清单" in w and "1 处" in w for w in issued.warnings
    )
    cells = [c.text for t in Document(str(letter.docx)).tables for r in t.rows for c in r.cells]
    assert "请督促区实验小学加快执行，年底前完成支付" in cells
    assert api.verify(config=directory / "perfcli.toml").problems == []
