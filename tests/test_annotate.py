"""Round trips: generate → fill by code → validate clean; annotate → fix → validate clean again.

Filling finds each value cell the way a clerk does (by the printed label, the cell right of its merged
range), never through the generator's bookkeeping.
"""

from __future__ import annotations

import subprocess
from datetime import datetime
from decimal import Decimal as D
from pathlib import Path

import openpyxl
import pytest
from conftest import needs_libreoffice, soffice
from test_validate import roster, set_saved_at, unit_workbook

from perfcli.findings.batch import validate_paths
from perfcli.forms.spec import normalize_label
from perfcli.io.xlsx.write.annotate import ISSUES_SHEET, annotate_results, annotate_workbook
from perfcli.issue.generate import generate
from perfcli.model.config import load_config
from perfcli.model.identity import IDENTITY_SHEET
from perfcli.model.period import Period

Q3 = Period.parse("2026Q3")


@pytest.fixture
def config(tmp_path):
    return load_config(search_from=tmp_path)


# --- filling a generated workbook as a clerk would ---------------------------------------------------------
def _labels(ws) -> dict[str, tuple[int, int]]:
    found = {}
    for row in ws.iter_rows():
        for cell in row:
            if isinstance(cell.value, str) and cell.value.strip():
                found.setdefault(normalize_label(cell.value), (cell.row, cell.column))
    return found


def _right_of(ws, row: int, col: int) -> tuple[int, int]:
    for merged in ws.merged_cells.ranges:
        if merged.min_row <= row <= merged.max_row and merged.min_col <= col <= merged.max_col:
            return row, merged.max_col + 1
    return row, col + 1


def _set(ws, label: str, value) -> None:
    r, c = _right_of(ws, *_labels(ws)[normalize_label(label)])
    ws.cell(r, c).value = value


def _fill_table(ws, name_col: int, header_label: str, actual_col: int, rate: str = "96%") -> None:
    header_row = _labels(ws)[normalize_label(header_label)][0]
    for r in range(header_row + 1, ws.max_row + 1):
        first = ws.cell(r, 1).value
        if isinstance(first, str) and first.startswith("注"):
            break
        name = ws.cell(r, name_col).value
        if not name:
            continue
        ws.cell(r, actual_col).value = rate if str(name).endswith("率") else "按进度完成"
        ws.cell(r, actual_col + 1).value = "可能性大"


def fill_generated(path: Path) -> None:
    wb = openpyxl.load_workbook(path)
    for ws in wb.worksheets:
        if ws.title == IDENTITY_SHEET:
            continue
        labels = _labels(ws)
        if normalize_label("已到位资金") in labels:  # 附表1
            budget_cell = _right_of(ws, *labels["预算总额"])
            budget = D(str(ws.cell(*budget_cell).value))
            _set(ws, "已到位资金", float(budget * D("0.9")))
            _set(ws, "已支出资金", float(budget * D("0.8")))
            _set(ws, "项目实施情况", "项目按计划推进。")
            _fill_table(ws, 3, "三级指标", 5)
        elif normalize_label("监控内容") in labels:  # 附表2
            _set(ws, "部门年度重点工作实施情况", "各项重点工作按计划推进。")
            _fill_table(ws, 2, "监控指标", 4)
        elif normalize_label("项目总金额") in labels:  # 附表3: 执行数 = 80% of each 预算数
            total = D(0)
            for label in ("其中：中央、省级财政", "市级财政", "区级财政", "其他"):
                r, c = _right_of(ws, *labels[normalize_label(label)])
                budget = ws.cell(r, c).value or 0
                executed = D(str(budget)) * D("0.8")
                ws.cell(r, c + 1).value = float(executed)
                total += executed
            r, c = _right_of(ws, *labels["项目总金额"])
            ws.cell(r, c + 1).value = float(total)
            _set(ws, "项目实施情况", "施工中。")
            _fill_table(ws, 3, "三级指标", 5, rate="80%")  # the rates agree with the amounts (V119)
    wb.save(path)
    set_saved_at(path, datetime(2026, 10, 8, 9, 0))


def test_generate_fill_validate_clean(tmp_path, config):
    generated = generate(roster(), Q3, tmp_path / "forms", config)
    paths = sorted((tmp_path / "forms").rglob("*.xlsx"))
    assert len(paths) == len(generated.files) >= 3
    for path in paths:
        fill_generated(path)
    report = validate_paths([tmp_path / "forms"], config, period=Q3, roster=roster())
    problems = [(Path(f.path).name, x.code, x.message) for f in report.files for x in f.findings]
    assert problems == []
    assert report.exit_code == 0 and report.findings == []  # everyone reported
    assert {f.code for f in report.files} == {"U01", "U02", "D01", "D02"}


@needs_libreoffice
def test_generate_fill_resave_with_libreoffice_validate_clean(tmp_path, config):
    generate(roster(), Q3, tmp_path / "forms", config)
    source = next(p for p in sorted((tmp_path / "forms").rglob("*.xlsx")) if "附表1" in p.name)
    fill_generated(source)
    out = tmp_path / "resaved"
    subprocess.run(
        [
            soffice(),
            f"-env:UserInstallation=file://{tmp_path / 'lo'}",
            "--headless",
            "--convert-to",
            "xls",
            "--outdir",
            str(out),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    report = validate_paths([out], config, period=Q3)
    [result] = report.files
    assert result.status == "read" and len(result.records) >= 1
    assert [f.code for f in result.findings if f.severity == "error"] == []


# --- annotation ----------------------------------------------------------------------------------------------
def _faulty(tmp_path) -> Path:
    return unit_workbook(
        tmp_path / "in" / "u.xlsx",
        spent=950,
        deviation=None,
        projects=({"indicators": [("产出", "产出数量", "改造户数", "≥300户", None, "可能性小")]},),
    )


def test_annotated_copy_marks_cells_and_lists_findings_first(tmp_path, config):
    source = _faulty(tmp_path)
    before = source.read_bytes()
    report = validate_paths([tmp_path / "in"], config, period=Q3)
    findings = report.files[0].findings
    assert {f.code for f in findings} >= {"V103", "V113", "V110", "V111"}
    [written] = annotate_results(report.files, tmp_path / "out")
    assert source.read_bytes() == before
    wb = openpyxl.load_workbook(written)
    assert wb.sheetnames[0] == ISSUES_SHEET and wb.active.title == ISSUES_SHEET
    issues = wb[ISSUES_SHEET]
    rows = [[c.value for c in r] for r in issues.iter_rows(min_row=3)]
    assert len(rows) == len(findings)
    link = next(r for r in issues.iter_rows(min_row=3) if r[2].value == "E7")[2]
    assert link.hyperlink.location == "'项目1'!E7"
    sheet = wb["项目1"]
    spent = sheet["E7"]
    assert (
        spent.fill.fgColor.rgb.endswith("F4CCCC")
        and spent.comment.author == "perfcli"
        and "V103" in spent.comment.text
    )
    assert sheet["E12"].comment is not None  # 已完成情况 of the indicator


def test_annotated_copy_keeps_identity_and_protection_and_reads_back(tmp_path, config):
    generate(roster(), Q3, tmp_path / "forms", config)
    source = next(p for p in sorted((tmp_path / "forms").rglob("*.xlsx")) if "附表1" in p.name)
    report = validate_paths([source], config, period=Q3, roster=roster())  # unfilled: many findings
    assert report.files[0].errors
    [copy] = annotate_results(report.files, tmp_path / "out")
    wb = openpyxl.load_workbook(copy)
    assert wb[IDENTITY_SHEET].sheet_state == "veryHidden"
    original = openpyxl.load_workbook(source)
    for ws in original.worksheets:
        assert wb[ws.title].protection.sheet == ws.protection.sheet
    again = validate_paths([copy], config, period=Q3, roster=roster())
    assert len(again.files[0].records) == len(report.files[0].records)  # 问题清单 is not read as a form
    assert again.files[0].code == report.files[0].code
    assert {(f.code, f.sheet, f.cell) for f in again.files[0].findings if f.code != "V117"} == {
        (f.code, f.sheet, f.cell) for f in report.files[0].findings if f.code != "V117"
    }


def test_annotate_fix_validate_clean(tmp_path, config):
    generate(roster(), Q3, tmp_path / "forms", config)
    source = next(p for p in sorted((tmp_path / "forms").rglob("*.xlsx")) if "附表1" in p.name)
    report = validate_paths([source], config, period=Q3, roster=roster())
    [copy] = annotate_results(report.files, tmp_path / "out")
    fill_generated(copy)  # the unit fixes the annotated copy and sends it back
    again = validate_paths([copy], config, period=Q3, roster=roster())
    assert again.files[0].findings == [] and again.exit_code == 0


def test_annotating_twice_replaces_the_issue_list(tmp_path, config):
    _faulty(tmp_path)
    report = validate_paths([tmp_path / "in"], config, period=Q3)
    [first] = annotate_results(report.files, tmp_path / "a")
    again = validate_paths([first], config, period=Q3)
    [second] = annotate_results(again.files, tmp_path / "b")
    names = openpyxl.load_workbook(second).sheetnames
    assert names.count(ISSUES_SHEET) == 1 and names[0] == ISSUES_SHEET


def test_files_without_findings_get_no_copy_and_names_are_unique(tmp_path, config):
    unit_workbook(tmp_path / "in" / "clean.xlsx")
    unit_workbook(tmp_path / "in" / "a" / "u.xlsx", spent=950, unit="甲")
    unit_workbook(tmp_path / "in" / "b" / "u.xlsx", spent=950, unit="乙")
    report = validate_paths([tmp_path / "in"], config, period=Q3)
    written = annotate_results(report.files, tmp_path / "out")
    assert (
        len(written) == 2
        and len({p.name for p in written}) == 2
        and all(p.suffix == ".xlsx" for p in written)
    )


def test_formula_text_from_a_unit_stays_text_in_the_copy(tmp_path, config):
    unit_workbook(tmp_path / "in" / "u.xlsx", spent=950, implementation='=HYPERLINK("http://x","y")')
    report = validate_paths([tmp_path / "in"], config, period=Q3)
    [copy] = annotate_results(report.files, tmp_path / "out")
    cell = openpyxl.load_workbook(copy)["项目1"]["B8"]
    assert cell.value.startswith("=HYPERLINK") and cell.data_type == "s"


@needs_libreoffice
def test_xls_input_is_written_as_xlsx(tmp_path, config):
    source = _faulty(tmp_path)
    subprocess.run(
        [
            soffice(),
            f"-env:UserInstallation=file://{tmp_path / 'lo'}",
            "--headless",
            "--convert-to",
            "xls",
            "--outdir",
            str(tmp_path / "xls"),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    report = validate_paths([tmp_path / "xls"], config, period=Q3)
    assert report.files[0].findings
    copy = annotate_workbook(
        Path(report.files[0].path), report.files[0].findings, tmp_path / "out" / "u.xlsx"
    )
    wb = openpyxl.load_workbook(copy)
    assert wb.sheetnames[0] == ISSUES_SHEET and wb["项目1"]["E7"].comment is not None


def test_xlsm_input_gives_a_macro_free_xlsx_copy(tmp_path, config):
    import zipfile

    import fixtures_builder as fb

    source = _faulty(tmp_path)
    xlsm = fb.as_xlsm(source, tmp_path / "in" / "u.xlsm")
    source.unlink()
    report = validate_paths([xlsm], config, period=Q3)
    [copy] = annotate_results(report.files, tmp_path / "out")
    assert copy.suffix == ".xlsx"
    with zipfile.ZipFile(copy) as z:
        assert "xl/vbaProject.bin" not in z.namelist()
        assert b"macroEnabled" not in z.read("[Content_Types].xml")
    assert openpyxl.load_workbook(copy)["项目1"]["E7"].comment is not None
