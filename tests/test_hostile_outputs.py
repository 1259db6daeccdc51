"""Nothing hostile reaches a person: no live formula, link or field code built from data in any output, no
control character in any writer, no text over Excel's limit, no escape sequence on the terminal."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import fixtures_builder as fb
import openpyxl
import pytest
from typer.testing import CliRunner

from perfcli.cli.main import app
from perfcli.model.text import CELL_TEXT_MAX

ROOT = Path(__file__).resolve().parents[1]
ROSTER = ROOT / "sample_data" / "roster.xlsx"
HYPERLINK = 'HYPERLINK("http://x","y")'
DDE = "cmd|'/C calc'!A0"
LONG = "长" * 40_000
ESCAPES = "\x1b]0;owned\x07\x1b[2J"


def _edit_parts(path: Path, edit) -> Path:
    """Rewrite the XML parts of a workbook as text (what Excel saved, not what openpyxl allows)."""
    with zipfile.ZipFile(path) as src:
        parts = {name: src.read(name) for name in src.namelist()}
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for name, data in parts.items():
            dst.writestr(name, edit(name, data.decode()).encode() if name.endswith(".xml") else data)
    return path


def _with_cached_values(path: Path, cached: dict[str, str]) -> Path:
    """Give formula cells the cached value Excel would have saved with them (openpyxl saves none)."""

    def edit(name: str, xml: str) -> str:
        for address, value in cached.items():
            xml = re.sub(
                rf'<c r="{address}"([^>]*)><f>(.*?)</f><v\s*/?>(</v>)?',
                rf'<c r="{address}"\1 t="str"><f>\2</f><v>{value}</v>',
                xml,
            )
        return xml

    return _edit_parts(path, edit)


def _replace_text(path: Path, placeholder: str, xml_text: str) -> Path:
    """Put text openpyxl refuses to write (over 32,767 characters, control characters) into the cells."""
    return _edit_parts(path, lambda name, xml: xml.replace(placeholder, xml_text))


def hostile_return(path: Path) -> Path:
    """附表1 as a hostile sender might return it: live formulas, an outside link, a 40,000-character text."""
    fb.canonical_project(path, values={"funds_spent": 2000})
    book = openpyxl.load_workbook(path)
    sheet = book.active
    sheet["B8"] = f"={HYPERLINK}"
    sheet["B9"] = f"={DDE}"
    sheet["B10"] = "LONG-TEXT"
    sheet["E12"].hyperlink = "http://example.invalid/steal"
    book.save(path)
    return _replace_text(_with_cached_values(path, {"B8": "y"}), "LONG-TEXT", LONG)


_OUR_FIELDS = {"PAGE", "NUMPAGES", "SECTIONPAGES"}  # the templates' own page numbers


def _formulas_and_links(path: Path) -> list[str]:
    """Formulas, field codes and links out of the file, in every part of an xlsx or docx."""
    found = []
    with zipfile.ZipFile(path) as zf:
        for name in zf.namelist():
            if not name.endswith((".xml", ".rels")):
                continue
            text = zf.read(name).decode("utf-8", errors="replace")
            found += [f"{name}: formula" for _ in re.finditer(r"<f[ >]", text)]
            fields = re.findall(r'w:instr="([^"]*)"|<w:instrText[^>]*>([^<]*)<', text)
            found += [f"{name}: field {a or b}" for a, b in fields if (a or b).split()[0] not in _OUR_FIELDS]
            found += [f"{name}: link" for _ in re.finditer(r'TargetMode="External"', text)]
            found += [f"{name}: dde" for _ in re.finditer(r"cmd\|", text) if "<v>" in text and "<f" in text]
    return found


def test_annotated_copy_holds_values_only(tmp_path: Path) -> None:
    returns = tmp_path / "returns"
    returns.mkdir()
    hostile_return(returns / "hostile.xlsx")
    before = (returns / "hostile.xlsx").read_bytes()
    result = CliRunner().invoke(app, ["validate", str(returns), "--annotate", str(tmp_path / "a")])
    assert result.exit_code == 1, result.output
    assert (returns / "hostile.xlsx").read_bytes() == before
    (copy,) = (tmp_path / "a").glob("*.xlsx")
    assert _formulas_and_links(copy) == []
    sheet = openpyxl.load_workbook(copy)["附表1"]
    assert (
        sheet["B8"].value == "y"
        and "公式" in sheet["B8"].comment.text
        and HYPERLINK in sheet["B8"].comment.text
    )
    assert (
        sheet["B9"].value == f"={DDE}"
        and sheet["B9"].data_type == "s"
        and "公式文本" in sheet["B9"].comment.text
    )
    assert sheet["E12"].hyperlink is None
    long_text = sheet["B10"].value
    assert len(long_text) <= CELL_TEXT_MAX and long_text.endswith("（已截断，原文 40000 字）")


def test_long_and_control_text_is_cleaned_in_every_cell_and_comment(tmp_path: Path) -> None:
    from perfcli.io.xlsx.write.annotate import annotate_workbook
    from perfcli.model.findings import Finding

    source = fb.canonical_project(tmp_path / "in.xlsx")
    message = f"说明{ESCAPES}_x0001_" + "很长" * 20_000
    finding = Finding(code="V101", severity="error", message=message, sheet="附表1", cell="B5")
    target = annotate_workbook(source, [finding], tmp_path / "out.xlsx")
    book = openpyxl.load_workbook(target)
    texts = [book["附表1"]["B5"].comment.text]
    texts += [c.value for row in book["问题清单"].iter_rows() for c in row if isinstance(c.value, str)]
    for text in texts:
        assert len(text) <= CELL_TEXT_MAX
        assert not re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f]|_x000[01]_", text)
    assert any("（已截断，原文" in t for t in texts)


def test_findings_report_cuts_long_messages_with_a_note(tmp_path: Path) -> None:
    returns = tmp_path / "returns"
    returns.mkdir()
    fb.canonical_project(returns / "long.xlsx", values={"fund_source": "LONG-TEXT"})
    _replace_text(returns / "long.xlsx", "LONG-TEXT", LONG)
    report = tmp_path / "问题清单.xlsx"
    result = CliRunner().invoke(app, ["validate", str(returns), "--report", str(report)])
    assert result.exit_code == 1, result.output
    texts = [c.value for row in openpyxl.load_workbook(report).active.iter_rows() for c in row]
    long = [t for t in texts if isinstance(t, str) and "长长长长" in t]
    assert long and all(len(t) <= CELL_TEXT_MAX for t in long)
    assert any(f"…（共 {len(LONG)} 字）" in t for t in long)  # the message quotes 200 characters of it


def test_no_output_carries_a_formula_or_link_from_data(tmp_path: Path) -> None:
    returns = tmp_path / "returns"
    returns.mkdir()
    hostile_return(returns / "hostile.xlsx")
    fb.canonical_project(
        returns / "text.xlsx", values={"implementation": f"={HYPERLINK}", "funds_spent": 900}
    )
    out = tmp_path / "out"
    runs = [
        ["validate", returns, "--report", out / "问题清单.xlsx", "--annotate", out / "annotated"],
        ["status", returns, "--roster", ROSTER, "--out", out / "报送情况.xlsx"],
        ["aggregate", "city", returns, "--out", out / "汇总.xlsx"],
        ["aggregate", "department", returns, "--out", out / "departments"],
        ["render", "rectification", returns, "--roster", ROSTER, "--out", out / "letters"],
    ]
    for args in runs:
        result = CliRunner().invoke(app, [str(a) for a in args])
        assert result.exit_code in (0, 1), (args, result.output)
    written = [p for p in out.rglob("*") if p.suffix in (".xlsx", ".docx")]
    assert any(p.suffix == ".docx" for p in written) and len(written) >= 4
    for path in written:
        assert _formulas_and_links(path) == [], path


@pytest.mark.parametrize("where", ["unit", "project"])
def test_terminal_never_receives_escape_sequences_or_markup(tmp_path: Path, where: str) -> None:
    returns = tmp_path / "returns"
    returns.mkdir()
    hostile = "[bold red]新北区PLACEHOLDER\u202e局"
    if where == "unit":
        fb.canonical_project(
            returns / "x.xlsx", unit_line=f"编报单位：{hostile}", values={"funds_spent": 2000}
        )
    else:
        fb.canonical_project(returns / "x.xlsx", values={"project_name": hostile, "funds_spent": 2000})
    # as Excel saves them: escaped (_x001B_), and a raw BEL, which XML 1.0 forbids but readers meet
    _replace_text(returns / "x.xlsx", "PLACEHOLDER", "_x001B_]0;owned\x07_x001B_[2J")
    output = ""
    for args in (["validate", str(returns)], ["extract", str(returns)]):
        result = CliRunner().invoke(app, args, color=True)
        output += result.stdout + result.stderr
    assert (
        "\x1b]" not in output and "\x07" not in output and "\x1b[2J" not in output and "\u202e" not in output
    )
    assert "[bold red]新北区" in output, output


def test_raw_control_bytes_in_a_sheet_never_stop_the_annotated_copies(tmp_path: Path) -> None:
    returns = tmp_path / "returns"
    returns.mkdir()
    for name in ("a", "b", "c"):
        values = {"project_name": f"项目{name}", "funds_spent": 2000, "implementation": "RAW"}
        fb.canonical_project(returns / f"{name}.xlsx", values=values)
    _edit_parts(returns / "b.xlsx", lambda name, xml: xml.replace("RAW", "按计划\x01实施\x1b[2J"))
    result = CliRunner().invoke(app, ["validate", str(returns), "--annotate", str(tmp_path / "a")])
    assert result.exit_code == 1, result.output
    copies = sorted(p.name for p in (tmp_path / "a").glob("*.xlsx"))
    assert copies == ["a（问题标注）.xlsx", "b（问题标注）.xlsx", "c（问题标注）.xlsx"]
    cells = [
        c.value
        for row in openpyxl.load_workbook(tmp_path / "a" / copies[1])["附表1"].iter_rows()
        for c in row
    ]
    assert "按计划实施[2J" in cells
