"""Word rendering and `perfcli render`: every template renders, data stays data, --check, PDF."""

from __future__ import annotations

import json
import shutil
import subprocess
import zipfile
from datetime import date
from pathlib import Path

import letter_fixtures as lf
import pytest
from conftest import ROOT, needs_libreoffice
from docx import Document
from lxml import etree
from typer.testing import CliRunner

from perfcli.cli.main import app
from perfcli.io.office.docx import LetterTemplate, LetterTemplateError, check_template, render_batch
from perfcli.letters.build import LETTER_KINDS, build_letters
from perfcli.letters.data import FindingLine, LetterData, Recipient, ReevaluationLine
from perfcli.letters.render import template_path
from perfcli.model.config import load_config
from perfcli.model.period import Period

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
ISSUE = date(2026, 10, 20)
HOSTILE = "金额 & 单位 <已核实> {{ unit_name }} {% if x %}注入{% endif %} {# c #}"
runner = CliRunner()


@pytest.fixture
def config():
    return load_config(None, search_from=Path("/nonexistent"))


def document_text(path: Path) -> tuple[str, str]:
    """(all text of word/document.xml with line breaks as \\n, the raw XML)."""
    with zipfile.ZipFile(path) as zf:
        xml = zf.read("word/document.xml")
    root = etree.fromstring(xml)
    parts = []
    for p in root.iter(f"{W}p"):
        line = []
        for node in p.iter(f"{W}t", f"{W}br"):
            line.append(node.text or "" if node.tag == f"{W}t" else "\n")
        parts.append("".join(line))
    return "\n".join(parts), xml.decode("utf-8")


def hand_made_data() -> LetterData:
    """区教育局 (budget 1500: 区实验小学 behind schedule, 区第二中学 on it) and 区民政局 reported; 区博物馆 did not."""
    config = load_config(None, search_from=Path("/nonexistent"))
    roster = lf.roster(
        [("301", "区教育局", 1500), ("305", "区文化局", None), ("306", "区民政局", 80)],
        [
            ("301002", "区实验小学", "301"),
            ("301003", "区第二中学", "301"),
            ("305003", "区博物馆", "305"),
            ("306001", "区民政局（本级）", "306"),
        ],
        [
            ("P1", "校舍维修", "301002", 200),
            ("P2", "食堂改造 & 扩建", "301003", "1250.5"),
            ("P3", "藏品修复", "305003", 30),
            ("P4", "养老服务", "306001", 80),
        ],
    )

    def unit(code: str, got: str, spent: str) -> object:
        (project,) = roster.projects_of(code)
        return lf.unit_return(f"{code}.xlsx", roster.unit(code), [(project, got, spent)])

    files = [
        unit("301002", "150", "40"),
        unit("301003", "1000", "900.25"),
        unit("306001", "60", "50"),
        *(lf.department_return(f"{c}.xlsx", roster.department(c)) for c in ("301", "305", "306")),
    ]
    data = lf.letter_data(roster, files, config)
    data.add_finding(
        Recipient("区实验小学", "unit", "301002", "区教育局"),
        FindingLine(
            f"第一行 {HOSTILE}\n第二行",
            file="实验小学.xlsx",
            sheet="校舍维修",
            cell="E7",
            project="校舍维修",
            suggestion="请核对已支出资金",
        ),
    )
    data.reevaluations = [ReevaluationLine("区教育局", "校舍维修", "72", "中", "进度偏慢", "加快执行")]
    return data


@pytest.mark.parametrize("kind", list(LETTER_KINDS))
def test_every_template_renders_recipients_numbers_and_findings(kind, tmp_path, config):
    letters = build_letters(kind, hand_made_data(), config, ISSUE)
    assert letters
    targets = [tmp_path / f"{i}.docx" for i in range(len(letters))]
    render_batch(template_path(kind, config), [x.context for x in letters], targets)
    text, xml = document_text(targets[0])
    assert "{{" not in xml.replace("{{ unit_name }}", "") and "{%" not in xml.replace(
        "{% if x %}", ""
    ).replace("{% endif %}", "")
    if kind != "report":  # the 总报告 is a 报告 to the bureau's own 局党组: no red header, no 文号
        assert "常州国家高新区（新北区）财政局文件" in text
        assert "新财绩〔2026〕\u3000\u3000号" in text  # drafts: numbers come from the workspace ledger
    assert "二〇二六年十月二十日" in text
    assert "联系人" not in text and "电话：" not in text  # the default config sets no contact: none printed
    expected = {
        "reminder": ["区博物馆：", "附表1 项目预算绩效运行监控表", "2026年10月10日"],
        "rectification": ["区实验小学：", "校舍维修", "E7", "请核对已支出资金", "2026年11月3日"],
        "feedback": [
            "区教育局：",
            "根据你部门报送的2026年三季度预算绩效运行监控表和所属2个预算责任单位报送的",
            "你部门所属2个预算责任单位中已有2个报送",
            "1,450.50",
            "940.25",
            "64.82%",
            "食堂改造 & 扩建",
            "1,250.50",
            "71.99%",
        ],
        "report": [
            "局党组：",
            "区教育局",
            "区民政局",
            "1,530.50",
            "990.25",
            "64.70%",
            "校舍维修",
            "区博物馆",
            "已报送单位",
            "3/4",  # 区博物馆 has not reported
            "我局将对上述单位、部门发出催报通知。",
        ],
        "reevaluation": ["区教育局：", "校舍维修", "72", "中", "进度偏慢", "加快执行"],
    }[kind]
    for needle in expected:
        assert needle in text, needle


def test_report_embeds_the_chart_picture(tmp_path, config):
    (letter,) = build_letters("report", hand_made_data(), config, ISSUE)
    target = tmp_path / "report.docx"
    LetterTemplate(template_path("report", config)).render(letter.context, target)
    with zipfile.ZipFile(target) as zf:
        media = [n for n in zf.namelist() if n.startswith("word/media/")]
        assert media and zf.read(media[0])[:8] == b"\x89PNG\r\n\x1a\n"
        assert "<pic:pic" in zf.read("word/document.xml").decode()


def test_special_characters_and_template_syntax_come_out_literally_with_line_breaks(tmp_path, config):
    (letter,) = build_letters("rectification", hand_made_data(), config, ISSUE)
    target = tmp_path / "x.docx"
    LetterTemplate(template_path("rectification", config)).render(letter.context, target)
    text, xml = document_text(target)
    assert f"第一行 {HOSTILE}\n第二行" in text
    assert "&amp; 单位 &lt;已核实&gt;" in xml
    assert "注入" in text  # the {% if %} typed by the unit was not executed (x is undefined: it would raise)


def test_control_characters_in_data_do_not_break_the_document(tmp_path, config):
    data = hand_made_data()
    (_, lines) = next(iter(data.findings.values()))
    lines[0].message = "响铃\a换页\f垂直\x0b空\x00字符\r\n下一行"
    (letter,) = build_letters("rectification", data, config, ISSUE)
    target = tmp_path / "x.docx"
    LetterTemplate(template_path("rectification", config)).render(letter.context, target)
    text, _ = document_text(target)
    assert "响铃换页垂直空字符\n下一行" in text
    Document(str(target))  # python-docx can open it


def _docx_with(tmp_path: Path, *runs: str, name: str = "自定义.docx") -> Path:
    doc = Document()
    p = doc.add_paragraph()
    for text in runs:
        p.add_run(text)
    path = tmp_path / name
    doc.save(str(path))
    return path


def test_unknown_variable_fails_naming_the_variable_and_the_template(tmp_path, config):
    path = _docx_with(tmp_path, "致 {{ addressee }}：{{ no_such_variable }}")
    (letter,) = build_letters("rectification", hand_made_data(), config, ISSUE)
    with pytest.raises(LetterTemplateError) as info:
        LetterTemplate(path).render(letter.context, tmp_path / "out.docx")
    assert "no_such_variable" in info.value.message
    assert "自定义.docx" in info.value.message
    assert not (tmp_path / "out.docx").exists()


def test_check_finds_a_tag_split_across_runs(tmp_path):
    path = _docx_with(tmp_path, "单位：{{ unit", "_name }}，期间：{{ period_name }}")
    result = check_template(path, {"period_name"})
    assert [s.text for s in result.split_tags] == ["{{ unit_name }}"]
    assert result.split_tags[0].runs == ["单位：{{ unit", "_name }}，期间：{{ period_name }}"]
    assert result.variables == ["period_name", "unit_name"]
    assert result.missing == ["unit_name"]
    assert not result.ok


def test_check_finds_a_split_delimiter(tmp_path):
    result = check_template(_docx_with(tmp_path, "{", "{ addressee }}"), {"addressee"})
    assert len(result.split_tags) == 1 and result.split_tags[0].broken


@pytest.mark.parametrize("kind", list(LETTER_KINDS))
def test_builtin_templates_pass_the_check(kind):
    result = runner.invoke(
        app,
        [
            "render",
            kind,
            "--check",
            str(ROOT / "perfcli" / "templates" / f"{LETTER_KINDS[kind]}.docx"),
            "--json",
        ],
    )
    assert result.exit_code == 0, result.output
    checked = json.loads(result.stdout)
    assert checked["ok"] and checked["missing"] == [] and checked["split_tags"] == []
    assert "addressee" in checked["variables"]


def test_cli_check_reports_split_tag_and_missing_variable(tmp_path):
    path = _docx_with(tmp_path, "{{ recipient }}：{{ unit", "_name }}", name="催报通知-改.docx")
    result = runner.invoke(app, ["render", "--check", str(path)])
    assert result.exit_code == 1
    assert "unit_name" in result.stdout and "拆" in result.stdout
    assert "reminder" in result.stdout  # kind guessed from the file name


def test_templates_are_reproducible(tmp_path):
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "build_letter_templates", ROOT / "scripts" / "build_letter_templates.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    for built in module.build(tmp_path):
        assert built.read_bytes() == (ROOT / "perfcli" / "templates" / built.name).read_bytes(), (
            f"{built.name} 需重新生成"
        )


def _validate_json(tmp_path: Path) -> Path:
    finding = {
        "severity": "error",
        "code": "V103",
        "message": f"已支出大于已到位 {HOSTILE}",
        "file": "/in/小学.xlsx",
        "sheet": "校舍维修",
        "cell": "E7",
        "field": "funds_spent",
        "suggestion": None,
    }
    record = {
        "file": "/in/小学.xlsx",
        "form": "project",
        "sheet": "校舍维修",
        "unit": "区实验/小学",
        "fields": {
            "project_name": "校舍维修",
            "budget_total": 200,
            "funds_received": 150,
            "funds_spent": 160,
        },
        "indicators": [],
        "issues": [],
    }
    report = {
        "period": "2026Q3",
        "files": [
            {
                "path": "/in/小学.xlsx",
                "status": "read",
                "workbook_kind": "unit",
                "code": "301002",
                "name": "区实验/小学",
                "records": [record],
                "findings": [finding],
            },
            {
                "path": "/in/CON.xlsx",
                "status": "rejected",
                "reason": "不是 Excel 文件",
                "records": [],
                "findings": [],
            },
        ],
    }
    path = tmp_path / "validate.json"
    path.write_text(json.dumps(report, ensure_ascii=False), "utf-8")
    return path


def test_cli_renders_one_file_per_recipient_with_safe_names(tmp_path):
    source, out = _validate_json(tmp_path), tmp_path / "letters"
    result = runner.invoke(
        app, ["render", "rectification", str(source), "--out", str(out), "--date", "2026-10-20"]
    )
    assert result.exit_code == 0, result.output
    names = sorted(p.name for p in out.iterdir())
    assert names == ["问题整改通知-CON.docx", "问题整改通知-区实验_小学.docx"]
    text, _ = document_text(out / "问题整改通知-区实验_小学.docx")
    assert "区实验/小学：" in text and HOSTILE in text
    assert "共 2 份 Word 文档" in result.stdout

    again = runner.invoke(
        app, ["render", "rectification", str(source), "--out", str(out), "--date", "2026-10-20"]
    )
    assert again.exit_code == 2 and "--force" in again.output
    forced = runner.invoke(
        app,
        [
            "render",
            "rectification",
            str(source),
            "--out",
            str(out),
            "--date",
            "2026-10-20",
            "--force",
            "--json",
        ],
    )
    assert forced.exit_code == 0
    payload = json.loads(forced.stdout)
    assert payload["count"] == 2 and payload["period"] == "2026Q3"
    assert sorted(Path(x["docx"]).name for x in payload["letters"]) == names


def test_cli_custom_template_from_config(tmp_path):
    custom = _docx_with(tmp_path, "自定义通知：{{ recipient }}，截止 {{ deadline }}")
    cfg = tmp_path / "perfcli.toml"
    cfg.write_text(f'[templates]\nrectification = "{custom.name}"\n', "utf-8")
    out = tmp_path / "out"
    result = runner.invoke(
        app,
        [
            "render",
            "rectification",
            str(_validate_json(tmp_path)),
            "--out",
            str(out),
            "--config",
            str(cfg),
            "--date",
            "2026-09-28",
        ],
    )
    assert result.exit_code == 0, result.output
    text, _ = document_text(out / "问题整改通知-区实验_小学.docx")
    assert text.strip() == "自定义通知：区实验/小学，截止 2026年10月16日"


def test_cli_usage_errors(tmp_path):
    assert runner.invoke(app, ["render", "memo", "x", "--out", str(tmp_path)]).exit_code == 2
    assert runner.invoke(app, ["render", "reminder", "--out", str(tmp_path)]).exit_code == 2  # no data at all
    bad_date = runner.invoke(
        app,
        [
            "render",
            "report",
            str(_validate_json(tmp_path)),
            "--out",
            str(tmp_path / "o"),
            "--date",
            "20.10.2026",
        ],
    )
    assert bad_date.exit_code == 2 and "2026-10-20" in bad_date.output


def test_pdf_without_libreoffice_says_so(tmp_path, monkeypatch):
    monkeypatch.setattr(shutil, "which", lambda name: None)
    result = runner.invoke(
        app, ["render", "rectification", str(_validate_json(tmp_path)), "--out", str(tmp_path / "o"), "--pdf"]
    )
    assert result.exit_code == 2
    assert "未找到 LibreOffice" in result.output


@needs_libreoffice
@pytest.mark.slow
def test_pdf_conversion_of_one_letter(tmp_path, config):
    from perfcli.io.office.pdf import convert_to_pdf, pdf_page_count

    (letter,) = build_letters("rectification", hand_made_data(), config, ISSUE)
    target = tmp_path / "问题整改通知-区实验小学.docx"
    LetterTemplate(template_path("rectification", config)).render(letter.context, target)
    (pdf,) = convert_to_pdf([target])
    assert pdf == target.with_suffix(".pdf") and pdf.read_bytes().startswith(b"%PDF")
    assert pdf_page_count(pdf) >= 1
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
        assert "区实验小学" in text and "二〇二六年十月二十日" in text


def test_cli_renders_from_returned_workbooks_validated_on_the_way(tmp_path):
    from fixtures_builder import canonical_project, stamp_saved

    returns = tmp_path / "returns"
    returns.mkdir()
    canonical_project(
        returns / "住建局.xlsx",
        values={"funds_received": 800, "funds_spent": 900},
        unit_line="编报单位：新北区住房和城乡建设局",
    )
    canonical_project(
        returns / "教育局.xlsx",
        values={
            "project_name": "校舍维修 & 改造",
            "budget_total": 100,
            "funds_received": 90,
            "funds_spent": 80,
        },
        unit_line="编报单位：新北区教育局",
    )
    for book in returns.iterdir():  # received before the letters' date: they count
        stamp_saved(book, "2026-10-09T09:00:00Z")
    out = tmp_path / "letters"
    result = runner.invoke(
        app,
        [
            "render",
            "rectification",
            str(returns),
            "--out",
            str(out),
            "--period",
            "2026Q3",
            "--date",
            "2026-10-20",
            "--json",
        ],
    )
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert [x["recipient"] for x in payload["letters"]] == ["新北区住房和城乡建设局"]
    text, _ = document_text(Path(payload["letters"][0]["docx"]))
    assert "住建局.xlsx" in text and "已支出" in text

    report = runner.invoke(
        app,
        [
            "render",
            "report",
            str(returns),
            "--out",
            str(tmp_path / "report"),
            "--period",
            "2026Q3",
            "--date",
            "2026-10-20",
        ],
    )
    assert report.exit_code == 0, report.output
    (doc,) = (tmp_path / "report").glob("*.docx")
    text, _ = document_text(doc)
    assert "1,350.50" in text  # 1250.5 + 100: the two projects' 预算总额
    assert "980.00" in text  # 900 + 80 已支出


def test_tags_in_a_custom_header_are_rendered_and_escaped(tmp_path, config):
    doc = Document()
    doc.sections[0].header.paragraphs[0].add_run("{{ bureau }} · {{ recipient }}")
    doc.add_paragraph("正文：{{ recipient }}")
    path = tmp_path / "页眉模板.docx"
    doc.save(str(path))
    data = hand_made_data()
    data.findings = {}
    data.add_finding(Recipient("甲 & 乙 <单位>", "unit"), FindingLine("错误"))
    (letter,) = build_letters("rectification", data, config, ISSUE)
    target = tmp_path / "out.docx"
    LetterTemplate(path).render(letter.context, target)
    rendered = Document(str(target))
    assert rendered.sections[0].header.paragraphs[0].text == "常州国家高新区（新北区）财政局 · 甲 & 乙 <单位>"
    assert rendered.paragraphs[0].text == "正文：甲 & 乙 <单位>"


def test_cli_reevaluation_from_a_results_csv(tmp_path):
    results = tmp_path / "再评价结果.csv"
    results.write_text(
        "部门,项目,得分,等级,评价结论,整改要求\n"
        "区教育局,校舍维修,72,中,进度偏慢,加快执行\n"
        "区教育局,食堂改造,91,优,效果良好,—\n"
        "区民政局,部门整体,85,良,总体较好,完善指标\n",
        "utf-8-sig",
    )
    out = tmp_path / "out"
    result = runner.invoke(
        app,
        [
            "render",
            "reevaluation",
            str(results),
            "--period",
            "2026Q3",
            "--out",
            str(out),
            "--date",
            "2026-12-15",
        ],
    )
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == [
        "绩效再评价结果反馈告知书-区教育局.docx",
        "绩效再评价结果反馈告知书-区民政局.docx",
    ]
    text, _ = document_text(out / "绩效再评价结果反馈告知书-区教育局.docx")
    assert all(
        x in text for x in ("校舍维修", "72", "进度偏慢", "食堂改造", "91", "优", "二〇二六年十二月十五日")
    )
    assert "总体较好" not in text  # 区民政局's result is in its own letter


def test_cli_reevaluation_without_a_results_file_is_refused(tmp_path):
    data = tmp_path / "汇总.json"
    data.write_text(json.dumps(hand_made_data().city.to_json(), ensure_ascii=False, default=str), "utf-8")
    out = tmp_path / "out"
    result = runner.invoke(app, ["render", "reevaluation", str(data), "--out", str(out)])
    assert result.exit_code == 2, result.output
    assert "再评价结果文件" in result.output and "CSV" in result.output
    assert not out.exists()


def test_a_template_cannot_reach_python_internals(tmp_path, config):
    path = _docx_with(tmp_path, "{{ recipient.__class__.__mro__ }}")
    (letter,) = build_letters("rectification", hand_made_data(), config, ISSUE)
    with pytest.raises(LetterTemplateError):
        LetterTemplate(path).render(letter.context, tmp_path / "out.docx")


@pytest.fixture(scope="module")
def sample_letter_data():
    """The sample district's returns, validated and rolled up once (sample_data/README.md says what is in them)."""
    from perfcli.api import letter_data
    from perfcli.roster.workbook import read_roster

    cfg = load_config(None, search_from=Path("/nonexistent"))
    roster = read_roster(ROOT / "sample_data" / "roster.xlsx", cfg)
    sample = ROOT / "sample_data"
    data = letter_data(
        [sample / "returns", sample / "再评价结果.csv"], roster=roster, period=Period(2026, 3), config=cfg
    )
    return data, cfg


@pytest.mark.parametrize("kind", list(LETTER_KINDS))
def test_every_template_renders_from_the_sample_district(kind, sample_letter_data, tmp_path):
    data, cfg = sample_letter_data
    letters = build_letters(kind, data, cfg, ISSUE)
    targets = [tmp_path / f"{i}.docx" for i in range(len(letters))]
    render_batch(template_path(kind, cfg), [x.context for x in letters], targets)
    texts = {x.recipient: document_text(t)[0] for x, t in zip(letters, targets, strict=True)}
    if kind == "reminder":  # 区殡仪馆 never reported
        assert list(texts) == ["区殡仪馆"] and "区殡仪馆：" in texts["区殡仪馆"]
    elif kind == "rectification":
        assert (
            "已支出资金" in texts["区第一实验小学"]
            and "区第一实验小学_附表1_2026Q3.xlsx" in texts["区第一实验小学"]
        )
        assert "区殡仪馆" not in texts and "区社会福利院" not in texts  # nothing to correct there
    elif kind == "feedback":
        assert len(texts) == 7 and all(f"{name}：" in text for name, text in texts.items())
    elif kind == "reevaluation":  # the three departments of sample_data/再评价结果.csv
        assert list(texts) == ["区教育局", "区卫生健康局", "区民政局"]
        assert "86" in texts["区教育局"] and "终端使用率偏低" in texts["区教育局"]
    else:
        (text,) = texts.values()
        assert all(d.name in text for d in data.city.departments) and "区殡仪馆" in text
