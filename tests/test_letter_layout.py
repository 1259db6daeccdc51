"""Letters as a careful clerk makes them (issue 11, item 15): titles broken in balanced lines, attachments
numbered "1." and named as the files produced, one size per heading level and per table, handling that fits
each reason of a 预警, and one warning about missing fonts with --pdf."""

from __future__ import annotations

import re
import zipfile
from datetime import date
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace

import pytest
from conftest import needs_libreoffice
from lxml import etree
from test_validate import roster, unit_workbook

from perfcli import api
from perfcli.findings import handling
from perfcli.letters.data import warning_lines
from perfcli.letters.letter import TITLE_BREAKS, TITLE_LINE_WIDTH, title_lines
from perfcli.model.config import load_config
from perfcli.model.period import Period
from perfcli.rollups.model import Alert
from perfcli.roster.workbook import write_roster

ROOT = Path(__file__).resolve().parent.parent
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
ISSUE = date(2026, 10, 20)


def _width(text: str) -> float:
    return sum(0.5 if ch.isascii() else 1 for ch in text)


# --- titles ------------------------------------------------------------------------------------


TAILS = ("报表催报的通知", "问题整改的通知", "结果的反馈意见", "情况的报告", "问题整改的通知（二）")
PERIODS = [Period(2026, n) for n in (1, 2, 3, 4)] + [Period(2027, n, "half") for n in (1, 2)]
PLACES = ("", "常州国家高新区（新北区）", "黑龙江省", "市级")


@pytest.mark.parametrize("place", PLACES)
@pytest.mark.parametrize("period", PERIODS, ids=lambda p: p.code)
@pytest.mark.parametrize("tail", TAILS)
def test_a_title_never_leaves_one_or_two_characters_alone(place, period, tail):
    title = f"关于{place}{period.name}预算绩效运行监控{tail}"
    lines = title_lines(title)
    assert "".join(lines) == title
    assert all(_width(line) <= TITLE_LINE_WIDTH for line in lines)
    if len(lines) > 1:
        assert len(lines[-1]) >= 3, lines
        assert max(map(_width, lines)) - min(map(_width, lines)) <= 8, lines  # balanced, not 19 + 3
        for line in lines[1:]:  # a line starts at a word, never inside 预算 / 绩效 / 监控 or a number
            assert line.startswith(TITLE_BREAKS) or not line[0].isdigit(), lines


def test_a_short_title_is_one_line():
    assert title_lines("2026年度绩效再评价结果反馈告知书") == ["2026年度绩效再评价结果反馈告知书"]


def _paragraphs(path: Path) -> list[tuple[str, list[etree._Element]]]:
    root = etree.fromstring(zipfile.ZipFile(path).read("word/document.xml"))
    return [
        ("".join(t.text or "" for t in p.iter(f"{W}t")), list(p.iter(f"{W}r"))) for p in root.iter(f"{W}p")
    ]


def _size(run) -> str | None:
    sz = run.find(f"{W}rPr/{W}sz")
    return None if sz is None else sz.get(f"{W}val")


# --- attachments named as the annotated copies, numbered "1." ----------------------------------


@pytest.fixture
def batch(tmp_path):
    folder = tmp_path / "回收"
    unit_workbook(folder / "住建本级_附表1_2026Q3.xlsx", projects=({"implementation": None},))
    return folder, write_roster(tmp_path / "名册.xlsx", roster())


def test_rectification_attachments_are_the_annotated_files(tmp_path, batch):
    folder, roster_path = batch
    report = api.validate([folder], roster=roster_path, period="2026Q3", annotate=tmp_path / "标注")
    produced = sorted(p.name for p in (tmp_path / "标注").iterdir())
    assert produced == ["住建本级_附表1_2026Q3（问题标注）.xlsx"]
    result = api.render(
        "rectification",
        [folder],
        out=tmp_path / "函件",
        roster=roster_path,
        period="2026Q3",
        issue_date=ISSUE,
    )
    (letter,) = result.letters
    texts = [t for t, _ in _paragraphs(letter.docx)]
    assert not [t for t in texts if t.startswith("附件")]  # not delivered with it: not listed
    bundled = api.render(
        "rectification",
        [folder],
        out=tmp_path / "函件2",
        roster=roster_path,
        period="2026Q3",
        issue_date=ISSUE,
        bundle=tmp_path / "打包",
    )
    (letter,) = bundled.letters
    texts = [t for t, _ in _paragraphs(letter.docx)]
    attachment = next(t for t in texts if t.startswith("附件："))
    assert attachment == f"附件：1.{produced[0]}"  # named as validate --annotate names it
    assert (letter.bundle / produced[0]).is_file()
    assert "批注版" not in "".join(texts)
    assert report.exit_code == 1


# --- one size per level ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "template", sorted((ROOT / "perfcli" / "templates").glob("*.docx")), ids=lambda p: p.stem
)
def test_every_heading_level_and_every_table_has_one_size(template):
    root = etree.fromstring(zipfile.ZipFile(template).read("word/document.xml"))
    headings, cells = set(), set()
    for p in root.iter(f"{W}p"):
        text = "".join(t.text or "" for t in p.iter(f"{W}t"))
        sizes = {_size(r) for r in p.iter(f"{W}r") if "".join(t.text or "" for t in r.iter(f"{W}t")).strip()}
        if re.match(r"^[一二三四五六七八九十]+、", text):
            headings |= sizes
    for tc in root.iter(f"{W}tc"):
        cells |= {
            _size(r) for r in tc.iter(f"{W}r") if "".join(t.text or "" for t in r.iter(f"{W}t")).strip()
        }
    body = {
        _size(r)
        for p in root.iter(f"{W}p")
        for r in p.iter(f"{W}r")
        if "{{ addressee }}" in "".join(t.text or "" for t in p.iter(f"{W}t"))
    }
    assert headings <= body  # 一、 headings at 三号 like the body (none in some letters)
    assert cells <= {"21"}  # every table in 五号


# --- the handling fits each reason -------------------------------------------------------------


def _alert(kind: str, level: str, text: str) -> Alert:
    return Alert(kind, level, "区教育局", "区实验小学", "校舍维修", "说明", text, "a.xlsx", "附表1")


def _lines(*alerts: Alert):
    city = SimpleNamespace(alerts=list(alerts), projects=[], time_progress=Decimal("74.79"))
    return warning_lines(city)  # type: ignore[arg-type]


def test_an_unexplained_deviation_is_asked_for_an_explanation_not_a_halt():
    (line,) = _lines(
        _alert("目标完成可能性低", "一般", handling.suggest(load_config(), "一般")),
        _alert("偏离未说明", "一般", handling.EXPLAIN),
    )
    assert "暂停项目实施" not in line.handling and "停止拨付资金" not in line.handling
    assert f"【偏离未说明】{handling.EXPLAIN}" in line.handling
    assert f"【目标完成可能性低】{handling.OBJECTIVE}" in line.handling


def test_only_the_serious_reason_reads_halt():
    (line,) = _lines(
        _alert("执行进度滞后", "严重", handling.SERIOUS),
        _alert("偏离未说明", "一般", handling.EXPLAIN),
    )
    assert line.handling == f"【执行进度滞后】{handling.SERIOUS}；【偏离未说明】{handling.EXPLAIN}"


def test_one_reason_gets_its_handling_alone():
    (line,) = _lines(_alert("执行进度滞后", "一般", handling.OBJECTIVE))
    assert line.handling == handling.OBJECTIVE


# --- --pdf: one warning naming the missing fonts and the stand-in -------------------------------


def _render_pdf(tmp_path, batch, monkeypatch, installed: set[str] | None, config=None):
    from perfcli.io.office import pdf, soffice

    def fake_convert(sources, *, jobs=1, force=False):
        targets = [Path(s).with_suffix(".pdf") for s in sources]
        for t in targets:
            t.write_bytes(b"%PDF-1.4\n")
        return targets

    monkeypatch.setattr(pdf, "require_soffice", lambda: "soffice")
    monkeypatch.setattr(pdf, "convert_to_pdf", fake_convert)
    monkeypatch.setattr(soffice, "installed_font_families", lambda: installed)
    folder, roster_path = batch
    unit_workbook(folder / "水利本级.xlsx", unit="区水利局（本级）", name="河道整治", budget=300, spent=400)
    return api.render(
        "rectification",
        [folder],
        out=tmp_path / "函件",
        roster=roster_path,
        period="2026Q3",
        issue_date=ISSUE,
        pdf=True,
        config=config,
    )


def test_missing_fonts_are_warned_about_once_with_the_font_used(tmp_path, batch, monkeypatch):
    result = _render_pdf(tmp_path, batch, monkeypatch, {"Noto Serif CJK SC", "Noto Sans CJK SC"})
    assert len(result.letters) == 2 and all(x.pdf for x in result.letters)
    (warning,) = [w for w in result.warnings if "字体" in w]  # once (contact, attachments: said apart)
    assert "仿宋_GB2312" in warning and "方正小标宋简体" in warning
    assert "仿宋_GB2312 以 Noto Serif CJK SC 代替" in warning
    assert not any("仿宋" in n for x in result.letters for n in x.notes)


def test_no_warning_when_the_fonts_are_installed(tmp_path, batch, monkeypatch):
    result = _render_pdf(tmp_path, batch, monkeypatch, {"仿宋_GB2312", "方正小标宋简体"})
    assert not [w for w in result.warnings if "字体" in w]


def test_the_font_names_come_from_the_config(tmp_path, batch, monkeypatch):
    config = tmp_path / "perfcli.toml"
    config.write_text('[letters]\nbody_font = "仿宋"\ntitle_font = "华文中宋"\n', "utf-8")
    result = _render_pdf(tmp_path, batch, monkeypatch, {"仿宋", "Noto Serif CJK SC"}, config=config)
    (warning,) = [w for w in result.warnings if "字体" in w]
    assert "华文中宋 以 系统默认字体 代替" in warning and "仿宋 " not in warning.split("PDF")[0]


# --- the 总报告: 预警 grouped by handling, at most six pages ---------------------------------------------
def test_the_report_states_each_handling_once_per_group(tmp_path):
    from conftest import ROOT

    result = api.render(
        "report", [ROOT / "sample_data" / "returns"], out=tmp_path / "报告", roster=ROOT / "sample_data" / "roster.xlsx",
        period="2026Q3", issue_date=ISSUE,
    )  # fmt: skip
    texts = [t for t, _ in _paragraphs(result.letters[0].docx)]
    heads = [t for t in texts if re.match(r"^（[一二三四五六七八九十]+）\d+个项目，处置意见：", t)]
    handlings = [t.split("处置意见：", 1)[1] for t in heads]
    assert len(heads) >= 2 and len(set(handlings)) == len(handlings)  # each handling once
    cells = _cells_text(result.letters[0].docx)
    assert not any(h.rstrip("。") in cells for h in handlings)  # never again in the rows


@needs_libreoffice
def test_the_sample_report_fits_on_six_pages(tmp_path):
    from conftest import ROOT

    result = api.render(
        "report", [ROOT / "sample_data" / "returns"], out=tmp_path / "报告", roster=ROOT / "sample_data" / "roster.xlsx",
        period="2026Q3", issue_date=ISSUE, pdf=True,
    )  # fmt: skip
    pdf = result.letters[0].pdf
    assert pdf is not None
    pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf.read_bytes()))
    assert 0 < pages <= 6, pages


def _cells_text(path: Path) -> str:
    with zipfile.ZipFile(path) as zf:
        root = etree.fromstring(zf.read("word/document.xml"))
    return "\n".join("".join(t.text or "" for t in tc.iter(f"{W}t")) for tc in root.iter(f"{W}tc"))


def test_the_report_to_the_bureaus_own_party_group_is_a_report_not_a_red_header_file(tmp_path):
    from conftest import ROOT

    def render(config=None):
        result = api.render(
            "report", [ROOT / "sample_data" / "returns"], out=tmp_path / ("文件" if config else "报告"), config=config,
            roster=ROOT / "sample_data" / "roster.xlsx", period="2026Q3", issue_date=ISSUE,
        )  # fmt: skip
        return [t for t, _ in _paragraphs(result.letters[0].docx)]

    texts = render()
    assert not [t for t in texts if t.endswith("财政局文件")] and "局党组：" in texts
    assert "绩效管理科" in texts  # signed by the 科室 that reports
    toml = tmp_path / "配置.toml"
    toml.write_text('[letters]\nreport_form = "文件"\nreport_addressee = "区人民政府"\n', "utf-8")
    texts = render(toml)
    assert [t for t in texts if t.endswith("财政局文件")] and "区人民政府：" in texts
