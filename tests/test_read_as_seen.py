"""The reader returns what the clerk sees in Excel/WPS/LibreOffice (issue 11 items 2, 3, 5; issue 12 item 2):
number formats (93.5%, 100%, 1,250.50, dates, date1904), formulas (cached value, or the formula's text with
R013), control characters (dropped, R014), and what other producers leave behind (a wrong <dimension>,
empty shared strings, inline strings, .xls, .ods, WPS .et). Every workbook is built here, never by perfcli.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from datetime import date
from decimal import Decimal
from pathlib import Path

import fixtures_builder as fb
import openpyxl
import pytest

from perfcli.model.config import load_config
from perfcli.returns.read import read_workbook

SHEET = "xl/worksheets/sheet1.xml"


def _read(path: Path):  # type: ignore[no-untyped-def]
    return read_workbook(path, load_config())


def _codes(content, code: str) -> list:  # type: ignore[no-untyped-def]
    return [f for f in content.findings if f.code == code]


def _project_with(path: Path, cells: dict[str, tuple[object, str | None]]) -> Path:
    """The canonical 附表1 with some cells typed the way Excel stores them: (value, number format)."""
    fb.canonical_project(path)
    wb = openpyxl.load_workbook(path)
    ws = wb.active
    for ref, (value, fmt) in cells.items():
        ws[ref] = value
        if fmt:
            ws[ref].number_format = fmt
    wb.save(path)
    return path


def _set_cell_xml(xlsx: Path, out: Path, ref: str, cell_xml: str, part: str = SHEET) -> Path:
    """Replace cell `ref` of a sheet part by raw XML, as another producer writes it."""
    with zipfile.ZipFile(xlsx) as zf:
        data = zf.read(part).decode()
    pattern = re.compile(r'<c r="' + ref + r'"[^>]*?(?:/>|>.*?</c>)', re.DOTALL)
    assert pattern.search(data), ref
    return fb.replace_part(xlsx, out, part, pattern.sub(lambda _m: cell_xml, data, count=1).encode())


def _indicator(content, name: str) -> dict:  # type: ignore[no-untyped-def]
    (record,) = content.records
    return next(row.values for row in record.table if row.values["level3"] == name)


# --- number formats (issue 11 item 2) ------------------------------------------------------------------


def test_percent_thousands_and_dates_read_as_displayed(tmp_path):
    path = _project_with(
        tmp_path / "formats.xlsx",
        {
            "D13": (0.935, "0.0%"),  # 验收合格率 target typed as 93.5%
            "E13": (1, "0%"),  # typed as 100%
            "D12": (1250, "#,##0"),  # a count with thousands separators
            "B6": (1250.5, "#,##0.00"),  # 预算总额: still the exact amount
            "E7": (650.25, "#,##0.00"),
        },
    )
    content = _read(path)
    quality = _indicator(content, "验收合格率")
    assert quality["target"] == "93.5%"
    assert quality["actual"] == "100%"
    assert _indicator(content, "改造老旧小区数量")["target"] == "1,250"
    (record,) = content.records
    assert record.fields["budget_total"] == Decimal("1250.5")
    assert record.fields["funds_spent"] == Decimal("650.25")


def test_a_percent_style_from_numfmts_and_a_builtin_one(tmp_path):
    """numFmtId 10 (0.00%, built in, not listed in numFmts) and a custom 0.0% both show as percentages."""
    base = _project_with(tmp_path / "base.xlsx", {"D13": (0.5, "0.0%")})
    with zipfile.ZipFile(base) as zf:
        styles = zf.read("xl/styles.xml").decode()
    count = int(re.search(r'<cellXfs count="(\d+)"', styles).group(1))
    styles = re.sub(
        r'<cellXfs count="\d+">',
        f'<cellXfs count="{count + 1}">',
        styles.replace("</cellXfs>", '<xf numFmtId="10"/></cellXfs>'),
    )
    out = fb.replace_part(base, tmp_path / "s.xlsx", "xl/styles.xml", styles.encode())
    out = _set_cell_xml(out, tmp_path / "builtin.xlsx", "E13", f'<c r="E13" s="{count}"><v>0.875</v></c>')
    quality = _indicator(_read(out), "验收合格率")
    assert (quality["target"], quality["actual"]) == ("50%", "87.5%")


def test_department_rates_typed_as_percentages(tmp_path):
    wb, ws = fb.new_book("附表2")
    fb.lay_department(ws)
    for row in ws.iter_rows():
        for cell in row:
            if cell.value == "85%":
                cell.value, cell.number_format = 0.85, "0%"
            if cell.value == "72.5%":
                cell.value, cell.number_format = 0.725, "0.00%"
    path = fb.save(wb, tmp_path / "dept.xlsx")
    (record,) = _read(path).records
    actual = {row.values["indicator"]: row.values["actual"] for row in record.table}
    assert actual["资金到位率"] == Decimal("85")
    assert actual["预算执行率"] == Decimal("72.5")


def test_dates_are_dates_also_under_date1904(tmp_path):
    wb, ws = fb.new_book("附表3")
    fb.lay_key_project(ws)
    start = next(c for row in ws.iter_rows() for c in row if c.value == "计划开始时间")
    target = ws.cell(start.row, start.column + 1)
    target.value, target.number_format = date(2026, 3, 1), "yyyy年m月d日"
    path = fb.save(wb, tmp_path / "dates.xlsx")
    (record,) = _read(path).records
    assert record.fields["planned_start"] == date(2026, 3, 1)
    # the same serial in a workbook saved with the 1904 date system (Mac Excel) is four years later
    with zipfile.ZipFile(path) as zf:
        workbook = zf.read("xl/workbook.xml").decode()
    assert "<workbookPr" in workbook
    workbook = re.sub(r"<workbookPr\b[^>]*?/>", '<workbookPr date1904="1"/>', workbook)
    mac = fb.replace_part(path, tmp_path / "mac.xlsx", "xl/workbook.xml", workbook.encode())
    (record,) = _read(mac).records
    assert record.fields["planned_start"] == date(2030, 3, 2)


# --- formulas (issue 11 item 3, issue 12 item 6) -------------------------------------------------------


def test_formula_with_cached_value_gives_the_value_and_a_warning(tmp_path):
    base = fb.canonical_project(tmp_path / "base.xlsx")
    out = _set_cell_xml(base, tmp_path / "f.xlsx", "E7", '<c r="E7"><f>B7*0.8</f><v>640</v></c>')
    content = _read(out)
    (record,) = content.records
    assert record.fields["funds_spent"] == Decimal("640")
    (warning,) = _codes(content, "R013")
    assert warning.severity == "warning" and warning.cell == "E7"
    assert warning.message.startswith("单元格含公式：E7")
    assert "B7*0.8" in warning.message and "640" in warning.message


def test_formula_without_cached_value_keeps_its_text(tmp_path):
    base = fb.canonical_project(tmp_path / "base.xlsx")
    out = _set_cell_xml(base, tmp_path / "f.xlsx", "E12", '<c r="E12"><f>HYPERLINK("http://x","y")</f></c>')
    content = _read(out)
    assert _indicator(content, "改造老旧小区数量")["actual"] == '=HYPERLINK("http://x","y")'
    (warning,) = _codes(content, "R013")
    assert warning.cell == "E12" and "已按文本处理" in warning.message
    assert not [f for f in content.findings if "未填写" in f.message]


def test_a_dropdown_formula_is_not_a_cell_formula(tmp_path):
    fb.canonical_project(tmp_path / "dv.xlsx")
    wb = openpyxl.load_workbook(tmp_path / "dv.xlsx")
    from openpyxl.worksheet.datavalidation import DataValidation

    dv = DataValidation(type="list", formula1='"确定能,可能性大"')
    dv.add("F12:F16")
    wb.active.add_data_validation(dv)
    wb.save(tmp_path / "dv.xlsx")
    assert not _codes(_read(tmp_path / "dv.xlsx"), "R013")


# --- control characters (issue 12 item 2) -------------------------------------------------------------


@pytest.mark.parametrize(
    "text", ["已完成\x019个小区", "已完成_x0001_9个小区", "已完成&#27;9个小区", "已完成\x1b9个小区"]
)
def test_control_characters_are_dropped_with_a_warning(tmp_path, text):
    base = fb.canonical_project(tmp_path / "base.xlsx")
    cell = f'<c r="B8" t="inlineStr"><is><t>{text}</t></is></c>'
    out = tmp_path / "ctrl.xlsx"
    with zipfile.ZipFile(base) as zf:
        data = zf.read(SHEET)
    data = re.sub(rb'<c r="B8"[^>]*?(?:/>|>.*?</c>)', cell.encode(), data, count=1, flags=re.DOTALL)
    fb.replace_part(base, out, SHEET, data)
    content = _read(out)
    (record,) = content.records
    assert record.fields["implementation"] == "已完成9个小区"
    (warning,) = _codes(content, "R014")
    assert warning.cell == "B8" and "B8" in warning.message
    assert not any(re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f]", f.message) for f in content.findings)


def test_tab_and_line_breaks_are_kept(tmp_path):
    base = fb.canonical_project(tmp_path / "base.xlsx", values={"implementation": "第一段\n第二段\t完"})
    content = _read(base)
    assert content.records[0].fields["implementation"] == "第一段\n第二段\t完"
    assert not _codes(content, "R014")


# --- the roster: 年度目标 as Excel stores them -----------------------------------------------------------


def test_roster_targets_as_percentages_formulas_and_the_new_convention(tmp_path):
    from test_roster import build_roster, good_rows

    from perfcli.roster.schema import INDICATORS
    from perfcli.roster.workbook import read_roster

    rows = good_rows()
    rows["绩效指标"] += [
        ["P1", "产出", "产出质量", "验收合格率", 1],  # typed 100% (format set below)
        ["P1", "产出", "产出数量", "维修校舍数量", "=12个"],  # openpyxl saves it as a formula, no value
        ["P2", "产出", "产出数量", "新建校舍数量", "≥12个"],
        ["P2", "产出", "产出成本", "单位成本", "＝250万元"],
    ]
    path = build_roster(tmp_path / "名册.xlsx", rows)
    wb = openpyxl.load_workbook(path)
    ws = wb["绩效指标"]
    ws.cell(7, 5).number_format = "0%"
    wb.save(path)
    with zipfile.ZipFile(path) as zf:
        assert "<f>12&#20010;</f>" in zf.read("xl/worksheets/sheet4.xml").decode()  # a formula, no value
    roster = read_roster(path)
    targets = {i.level3: i.target for i in roster.indicators}
    assert targets["验收合格率"] == "100%"
    assert targets["维修校舍数量"] == "=12个"
    assert targets["新建校舍数量"] == "≥12个"
    assert targets["单位成本"] == "＝250万元"
    (warning,) = roster.warnings
    assert "工作表“绩效指标” E8" in warning and "单元格含公式" in warning and "已按文本处理" in warning
    assert "=12" not in INDICATORS.instruction and "12个" in INDICATORS.instruction


# --- what WPS, LibreOffice and old Excel leave behind (issue 11 item 5) ------------------------------


def _sheet_xml(body: str, dimension: str = "A1") -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f'<dimension ref="{dimension}"/><sheetData>{body}</sheetData></worksheet>'
    ).encode()


def _with_shared_strings(xlsx: Path, out: Path, sheet: bytes, strings: bytes) -> Path:
    with zipfile.ZipFile(xlsx) as zf:
        items = {n: zf.read(n) for n in zf.namelist()}
    items[SHEET] = sheet
    items["xl/sharedStrings.xml"] = strings
    ctype = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
    types = items["[Content_Types].xml"].decode()
    if "sharedStrings" not in types:
        types = types.replace(
            "</Types>", f'<Override PartName="/xl/sharedStrings.xml" ContentType="{ctype}"/></Types>'
        )
    items["[Content_Types].xml"] = types.encode()
    rels = items["xl/_rels/workbook.xml.rels"].decode()
    if "sharedStrings" not in rels:
        kind = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings"
        rels = rels.replace(
            "</Relationships>",
            f'<Relationship Id="rId90" Type="{kind}" Target="sharedStrings.xml"/></Relationships>',
        )
    items["xl/_rels/workbook.xml.rels"] = rels.encode()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in items.items():
            zf.writestr(name, data)
    return out


def _wps_project_sheet() -> tuple[str, list[str]]:
    """附表1 rows as WPS writes them: shared strings (some empty), one inline string, a wrong dimension."""
    strings = ["附表1", "项目预算绩效运行监控表", "（2026年度 三季度）", "编报单位：新北区住建局", "项目名称",
               "老旧小区改造工程", "预算总额", "资金来源", "区级", "已到位资金", "已支出资金", "", ""]  # fmt: skip
    cells = [
        '<row r="1"><c r="A1" t="s"><v>0</v></c></row>',
        '<row r="2"><c r="A2" t="s"><v>1</v></c></row>',
        '<row r="3"><c r="A3" t="s"><v>2</v></c></row>',
        '<row r="4"><c r="A4" t="s"><v>3</v></c></row>',
        '<row r="5"><c r="A5" t="s"><v>4</v></c><c r="B5" t="s"><v>5</v></c></row>',
        '<row r="6"><c r="A6" t="s"><v>6</v></c><c r="B6"><v>1250.5</v></c><c r="D6" t="s"><v>7</v></c>'
        '<c r="E6" t="inlineStr"><is><t>区级</t></is></c></row>',
        '<row r="7"><c r="A7" t="s"><v>9</v></c><c r="B7"><v>800</v></c><c r="C7" t="s"><v>11</v></c>'
        '<c r="D7" t="s"><v>10</v></c><c r="E7"><v>650.25</v></c><c r="F7" t="s"><v>12</v></c></row>',
    ]
    return "".join(cells), strings


def test_wps_leftovers_wrong_dimension_empty_shared_strings_inline_strings(tmp_path):
    body, strings = _wps_project_sheet()
    sst = (
        '<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
        f' count="{len(strings)}" uniqueCount="{len(strings)}">'
        + "".join("<si><t/></si>" if not s else f"<si><t>{s}</t></si>" for s in strings[:-1])
        + "<si/></sst>"
    ).encode()
    base = fb.canonical_project(tmp_path / "base.xlsx")
    out = _with_shared_strings(base, tmp_path / "wps.xlsx", _sheet_xml(body, dimension="A1"), sst)
    content = _read(out)
    assert content.rejected is None
    (record,) = content.records
    assert record.fields["project_name"] == "老旧小区改造工程"
    assert record.fields["fund_source"] == "区级"
    assert (record.fields["budget_total"], record.fields["funds_spent"]) == (
        Decimal("1250.5"),
        Decimal("650.25"),
    )
    assert record.period is not None and record.unit == "新北区住建局"


def _soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def _convert(source: Path, kind: str, tmp_path: Path) -> Path:
    if _soffice() is None:
        pytest.skip("LibreOffice (soffice) 未安装")
    outdir = tmp_path / kind
    subprocess.run(
        [_soffice(), f"-env:UserInstallation=file://{tmp_path}/lo-profile", "--headless", "--convert-to", kind,
         "--outdir", str(outdir), str(source)],
        check=True, timeout=180, capture_output=True,
    )  # fmt: skip
    return outdir / (source.stem + "." + kind)


@pytest.fixture(scope="module")
def formatted_project(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("formatted")
    return _project_with(
        tmp / "formatted.xlsx",
        {"D13": (0.935, "0.0%"), "E13": (1, "0%"), "D12": (1250, "#,##0"), "B6": (1250.5, "#,##0.00")},
    )


@pytest.mark.parametrize("kind", ["xls", "ods"])
def test_xls_and_ods_saved_by_libreoffice_show_the_same_text(formatted_project, tmp_path, kind):
    converted = _convert(formatted_project, kind, tmp_path)
    content = _read(converted)
    assert content.file_format == kind and content.rejected is None
    quality = _indicator(content, "验收合格率")
    assert (quality["target"], quality["actual"]) == ("93.5%", "100%")
    assert content.records[0].fields["budget_total"] == Decimal("1250.5")
    if kind == "xls":
        assert _indicator(content, "改造老旧小区数量")["target"] == "1,250"


def test_wps_et_file_in_biff_format_is_read(formatted_project, tmp_path):
    """A WPS .et that is an OLE2 compound file with a BIFF Workbook stream reads like an .xls, and the
    folder scan finds it."""
    from perfcli.returns.discover import discover

    xls = _convert(formatted_project, "xls", tmp_path)
    et = tmp_path / "returns" / "住建局_附表1.et"
    et.parent.mkdir()
    shutil.copy(xls, et)
    assert discover([tmp_path / "returns"]) == [et]
    content = _read(et)
    assert content.rejected is None and _indicator(content, "验收合格率")["target"] == "93.5%"


def test_wps_et_file_without_a_workbook_stream_is_refused_with_the_way_out(tmp_path):
    et = fb.ole2_with_streams(tmp_path / "住建局_附表1.et", ("ETExtData", "ETBook"))
    content = _read(et)
    assert content.rejected is not None and "请另存为 .xlsx 后重新报送" in content.rejected
    assert "WPS" in content.rejected


def test_shared_formula_cells_name_the_shared_formula(tmp_path):
    """Excel writes a formula filled down once (t="shared") and its other cells with only a reference."""
    base = fb.canonical_project(tmp_path / "base.xlsx")
    out = _set_cell_xml(
        base, tmp_path / "a.xlsx", "E12", '<c r="E12"><f t="shared" ref="E12:E13" si="0">D12</f><v>9</v></c>'
    )
    out = _set_cell_xml(out, tmp_path / "b.xlsx", "E13", '<c r="E13"><f t="shared" si="0"/></c>')
    content = _read(out)
    warnings = {f.cell: f.message for f in _codes(content, "R013")}
    assert set(warnings) == {"E12", "E13"}
    assert "“=D12”" in warnings["E13"] and "已按文本处理" in warnings["E13"]
    assert _indicator(content, "验收合格率")["actual"] == "=D12"
