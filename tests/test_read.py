"""The reader on hand-made workbooks: every tolerance of DESIGN §4 / issue 3 has its own fixture."""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import uuid
from decimal import Decimal
from pathlib import Path

import fixtures_builder as fb
import pytest
from conftest import needs_libreoffice, soffice

from perfcli.model.config import load_config
from perfcli.model.identity import IDENTITY_MARK, IDENTITY_SHEET, Identity, SheetIdentity
from perfcli.model.period import Period
from perfcli.returns.read import READ_RULES, read_workbook


@pytest.fixture(scope="module")
def config():
    return load_config()


def read_one(path: Path, config, form: str | None = None):
    content = read_workbook(path, config)
    assert content.rejected is None, content.rejected
    assert len(content.records) == 1, [r.sheet for r in content.records]
    record = content.records[0]
    if form:
        assert record.form == form
    return content, record


def codes(findings) -> list[str]:
    return [f.code for f in findings]


def test_canonical_project_form(tmp_path, config):
    content, record = read_one(fb.canonical_project(tmp_path / "a.xlsx"), config, "project")
    assert record.period == Period(2026, 3)
    assert record.unit == "新北区住房和城乡建设局"
    assert record.fields["project_name"] == "老旧小区改造工程"
    assert record.fields["budget_total"] == Decimal("1250.5")
    assert record.fields["funds_spent"] == Decimal("650.25")
    assert record.fields["fund_source"] == "区级"
    assert record.fields["deviation_analysis"] is None
    assert record.cells["budget_total"] == "B6"
    assert record.cells["funds_spent"] == "E7"
    assert record.cells["unit"] == "A4" and record.cells["period"] == "A3"
    assert [r.values["level3"] for r in record.table] == [row[2] for row in fb.PROJECT_INDICATORS]
    assert content.file_format == "xlsx"
    assert content.saved_at is not None
    assert record.issues == []


def test_json_record_keys(tmp_path, config):
    _, record = read_one(fb.canonical_project(tmp_path / "a.xlsx"), config)
    data = json.loads(json.dumps(record.to_json(), ensure_ascii=False))
    assert {"file", "form", "period", "unit", "fields", "indicators", "issues"} <= set(data)
    assert data["fields"]["budget_total"] == 1250.5
    assert data["period"] == {"year": 2026, "quarter": 3}


def test_form_on_another_sheet_below_extra_rows(tmp_path, config):
    _, record = read_one(fb.project_on_second_sheet_below_rows(tmp_path / "b.xlsx"), config, "project")
    assert record.sheet == "监控表"
    assert record.fields["project_name"] == "老旧小区改造工程"
    assert record.cells["project_name"] == "B10"
    assert len(record.table) == len(fb.PROJECT_INDICATORS)


def test_two_forms_in_one_workbook(tmp_path, config):
    content = read_workbook(fb.two_forms_in_one_book(tmp_path / "c.xlsx"), config)
    assert [(r.sheet, r.fields["project_name"]) for r in content.records] == [
        ("项目一", "老旧小区改造工程"),
        ("项目二", "农村道路养护"),
    ]
    assert content.records[1].fields["budget_total"] == Decimal("300")


def test_department_workbook_with_key_project(tmp_path, config):
    content = read_workbook(fb.department_workbook_with_key_project(tmp_path / "d.xlsx"), config)
    department, key_project = content.records
    assert department.form == "department" and key_project.form == "key_project"
    assert department.fields["department_name"] == "新北区住房和城乡建设局"
    assert department.fields["budget_total"] == Decimal("5600")
    assert [r.values["category"] for r in department.table] == ["预算执行"] * 3 + [
        "资产管理",
        "重点工作推进情况",
    ]
    assert department.table[1].values["actual"] == Decimal("72.5")
    assert department.table[2].values["actual"] == Decimal("-3")
    assert department.unit is None
    # 附表3: paired 预算数/执行数 cells beside each label, "（预算数）" header text read as a header
    assert key_project.period == Period(2026, 3)  # "(2026 年度 第3季度)"
    assert key_project.fields["total_budget"] == Decimal("1000")
    assert key_project.fields["total_executed"] == Decimal("600")
    assert key_project.funding["municipal"] == {"budget": Decimal("300"), "executed": Decimal("200")}
    assert key_project.funding["central_provincial"]["executed"] == Decimal("100")
    assert key_project.cells["funding.district.executed"] == "F9"
    assert key_project.fields["planned_start"].isoformat() == "2026-03-01"
    assert key_project.table[1].values["actual"] == Decimal("60")  # a fraction cell (0.6) is 60%
    assert key_project.to_json()["funding"]["other"] == {"budget": 100, "executed": 50}


def test_key_project_header_text_in_value_cells_is_empty(tmp_path, config):
    wb, ws = fb.new_book("附表3")
    fb.lay_key_project(ws, hint_row=False, totals=("预算数", "执行数"))
    path = fb.save(wb, tmp_path / "k.xlsx")
    _, record = read_one(path, config, "key_project")
    assert record.fields["total_budget"] is None and record.fields["total_executed"] is None
    assert record.cells["total_budget"] == "E5"
    assert "R001" not in codes(record.issues)


def test_labels_with_spaces_breaks_fullwidth_and_units(tmp_path, config):
    _, record = read_one(fb.messy_labels(tmp_path / "e.xlsx"), config, "project")
    assert record.fields["project_name"] == "老旧小区改造工程"
    assert record.fields["budget_total"] == Decimal("1250.5")
    assert record.fields["fund_source"] == "区级"
    assert record.fields["funds_received"] == Decimal("800")
    assert record.fields["funds_spent"] == Decimal("650.25")
    assert record.fields["implementation"] == "已完成9个小区的改造。"
    assert "R007" not in codes(record.issues)


def test_inserted_indicator_rows_are_read_like_the_rest(tmp_path, config):
    _, record = read_one(fb.inserted_indicator_rows(tmp_path / "f.xlsx"), config)
    names = [r.values["level3"] for r in record.table]
    assert names[:3] == ["改造老旧小区数量", "新增停车位", "加装电梯"]
    assert len(names) == len(fb.PROJECT_INDICATORS) + 2
    elevator = record.table[2]
    assert elevator.values["level1"] == "产出" and elevator.values["level2"] == "产出数量"
    assert elevator.values["likelihood"] == "可能性小"
    assert elevator.cells["actual"] == "E14" and elevator.row == 14


def test_merged_levels_fill_down(tmp_path, config):
    _, record = read_one(fb.canonical_project(tmp_path / "g.xlsx"), config)
    assert [(r.values["level1"], r.values["level2"]) for r in record.table] == [
        row[:2] for row in fb.PROJECT_INDICATORS
    ]
    # the value lives in the merged range's first cell
    assert record.table[1].cells["level1"] == "A12"


def test_plain_blank_levels_fill_down(tmp_path, config):
    _, record = read_one(fb.unmerged_blank_levels(tmp_path / "h.xlsx"), config)
    assert [(r.values["level1"], r.values["level2"]) for r in record.table] == [
        ("产出", "产出数量"),
        ("产出", "产出数量"),
        ("产出", "产出质量"),
        ("效果", "社会效益"),
        ("效果", "社会效益"),
    ]


def test_spare_rows_skipped_and_extra_rows_after_them_kept(tmp_path, config):
    wb, ws = fb.new_book()
    end = fb.lay_project(ws, note=False, spare_rows=3)
    ws.cell(end, 3, "额外指标")  # a row typed after three blank spare rows…
    ws.cell(end, 5, "完成")
    ws.cell(end + 1, 1, "注：完成目标可能性分为：确定能、可能性大、可能性小、不可能。")  # …before the 注 line
    _, record = read_one(fb.save(wb, tmp_path / "i.xlsx"), config)
    assert [r.values["level3"] for r in record.table][-1] == "额外指标"
    assert len(record.table) == len(fb.PROJECT_INDICATORS) + 1


def test_table_without_note_ends_at_two_blank_rows(tmp_path, config):
    wb, ws = fb.new_book()
    end = fb.lay_project(ws, note=False, spare_rows=0)
    ws.cell(end + 2, 1, "单位领导审签意见")  # below two blank rows: not an indicator
    _, record = read_one(fb.save(wb, tmp_path / "j.xlsx"), config)
    assert len(record.table) == len(fb.PROJECT_INDICATORS)


def test_signature_line_ends_the_table(tmp_path, config):
    wb, ws = fb.new_book()
    end = fb.lay_project(ws, note=False, spare_rows=0)
    ws.cell(end, 1, "填报人：李明")
    ws.cell(end, 4, "联系电话：85000000")
    _, record = read_one(fb.save(wb, tmp_path / "sig.xlsx"), config)
    assert len(record.table) == len(fb.PROJECT_INDICATORS)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("1,250.50", Decimal("1250.50")),
        ("１２５０．５", Decimal("1250.5")),
        ("1250.5万元", Decimal("1250.5")),
        ("12,505,000元", Decimal("1250.5")),
    ],
)
def test_numbers_as_text(tmp_path, config, typed, expected):
    _, record = read_one(fb.numbers_as_text(tmp_path / "n.xlsx", budget_total=typed), config)
    assert record.fields["budget_total"] == expected


def test_yuan_converted_with_warning_at_the_cell(tmp_path, config):
    _, record = read_one(fb.numbers_as_text(tmp_path / "y.xlsx", funds_received="8,000,000元"), config)
    assert record.fields["funds_received"] == Decimal("800")
    (warning,) = [f for f in record.issues if f.code == "R002"]
    assert warning.severity == "warning"
    assert (warning.sheet, warning.cell, warning.field) == ("附表1", "B7", "funds_received")
    assert "800 万元" in warning.message and "8,000,000元" in warning.message


@pytest.mark.parametrize("marker", ["—", "/", "无", "-"])
def test_empty_markers(tmp_path, config, marker):
    _, record = read_one(fb.numbers_as_text(tmp_path / "m.xlsx", funds_spent=marker), config)
    assert record.fields["funds_spent"] is None
    assert record.issues == []


def test_unreadable_money_kept_as_text_with_error(tmp_path, config):
    _, record = read_one(fb.numbers_as_text(tmp_path / "u.xlsx", funds_spent="约六百万"), config)
    assert record.fields["funds_spent"] == "约六百万"
    (error,) = [f for f in record.issues if f.code == "R001"]
    assert error.severity == "error" and error.cell == "E7"


def test_rates_with_percent_in_department_rows(tmp_path, config):
    rows = [
        ("预算执行", "资金到位率", "100%", "８５％", "确定能"),
        ("预算执行", "预算执行率", "100%", 0.725, "确定能"),
        ("预算执行", "预算调整率", "≤5%", "基本持平", "确定能"),
    ]
    _, record = read_one(fb.department_book(tmp_path / "r.xlsx", rows=rows), config, "department")
    assert [r.values["actual"] for r in record.table] == [Decimal("85"), Decimal("72.5"), "基本持平"]


@pytest.mark.parametrize(
    "text", ["（2026年度 三季度）", "(2026 年度 第3季度)", "2026年第三季度", "2026 年度（三季度）"]
)
def test_period_spellings(tmp_path, config, text):
    _, record = read_one(
        fb.period_and_unit(tmp_path / "p.xlsx", text, "编报单位：新北区教育局（盖章）"), config
    )
    assert record.period == Period(2026, 3)


def test_unreadable_period_is_a_warning(tmp_path, config):
    _, record = read_one(
        fb.period_and_unit(tmp_path / "p.xlsx", "（    年度   季度）", "编报单位：新北区教育局"), config
    )
    assert record.period is None
    (warning,) = [f for f in record.issues if f.code == "R004"]
    assert warning.cell == "A3"


@pytest.mark.parametrize(
    ("line", "unit"),
    [
        ("编报单位：新北区教育局（盖章）", "新北区教育局"),
        ("编报单位:新北区教育局(盖章)", "新北区教育局"),
        ("编 报 单 位：新北区教育局", "新北区教育局"),
        ("编报单位：|新北区教育局（盖章）", "新北区教育局"),
    ],
)
def test_unit_line(tmp_path, config, line, unit):
    _, record = read_one(fb.period_and_unit(tmp_path / "u.xlsx", "（2026年度 三季度）", line), config)
    assert record.unit == unit


def test_near_miss_enumeration_is_a_warning_and_raw_kept(tmp_path, config):
    rows = [
        ("产出", "产出数量", "改造数量", "12个", "9个", " 可能性较大 "),
        ("产出", "产出质量", "合格率", "100%", "100%", " 确定能 "),
    ]
    _, record = read_one(fb.canonical_project(tmp_path / "q.xlsx", indicators=rows), config)
    assert record.table[0].values["likelihood"] == "可能性较大"
    assert record.table[1].values["likelihood"] == "确定能"
    (warning,) = [f for f in record.issues if f.code == "R003"]
    assert "可能性大" in warning.message
    assert warning.field == "indicators[0].likelihood" and warning.cell == "F12"


def test_formula_typed_into_a_text_cell_stays_text(tmp_path, config):
    path = fb.canonical_project(tmp_path / "f.xlsx", values={"implementation": "=1+1"})
    import openpyxl

    wb = openpyxl.load_workbook(path)
    wb["附表1"]["B8"].data_type = "s"  # a string that looks like a formula, as a clerk's '=1+1
    wb.save(path)
    _, record = read_one(path, config)
    assert record.fields["implementation"] == "=1+1"


def test_input_file_is_not_modified(tmp_path, config):
    path = fb.canonical_project(tmp_path / "a.xlsx")
    before = hashlib.sha256(path.read_bytes()).hexdigest(), path.stat().st_mtime_ns
    read_workbook(path, config)
    assert (hashlib.sha256(path.read_bytes()).hexdigest(), path.stat().st_mtime_ns) == before


def test_xlsm_macros_never_run(tmp_path, config):
    xlsm = fb.as_xlsm(fb.canonical_project(tmp_path / "a.xlsx"), tmp_path / "macro.xlsm")
    content, record = read_one(xlsm, config)
    assert content.file_format == "xlsm"
    assert record.fields["budget_total"] == Decimal("1250.5")


def test_file_name_means_nothing(tmp_path, config):
    path = fb.canonical_project(tmp_path / "a.xlsx")
    renamed = tmp_path / "住建局三季度 (2).dat"
    shutil.copy(path, renamed)
    content, record = read_one(renamed, config)
    assert content.file_format == "xlsx" and record.form == "project"


def _identity(sheet: str) -> Identity:
    return Identity(
        workbook="unit",
        code="U001",
        name="新北区教育局",
        department_code="D01",
        period="2026Q3",
        template_version="1",
        generated_at="2026-09-20T08:00:00",
        sheets=[
            SheetIdentity(
                sheet=sheet, form="project", project_code="P001", prefilled={"budget_total": "1250.5"}
            )
        ],
    ).seal()


def test_identity_sheet_is_read(tmp_path, config):
    wb, ws = fb.new_book()
    fb.lay_project(ws)
    hidden = wb.create_sheet(IDENTITY_SHEET)
    hidden.sheet_state = "veryHidden"
    text = _identity("附表1").to_json()
    hidden["A1"], hidden["A2"], hidden["A3"] = IDENTITY_MARK, text[:100], text[100:]  # split over cells
    content, record = read_one(fb.save(wb, tmp_path / "id.xlsx"), config)
    assert content.identity is not None and content.identity.code == "U001"
    assert record.identity["project_code"] == "P001" and record.identity["code"] == "U001"
    assert record.identity["prefilled"] == {"budget_total": "1250.5"}


def test_broken_identity_is_a_warning(tmp_path, config):
    wb, ws = fb.new_book()
    fb.lay_project(ws)
    hidden = wb.create_sheet(IDENTITY_SHEET)
    hidden["A1"], hidden["A2"] = IDENTITY_MARK, '{"workbook": "unit", broken'
    content, record = read_one(fb.save(wb, tmp_path / "id.xlsx"), config)
    assert content.identity is None and record.identity is None
    assert "R011" in codes(content.findings)


def test_missing_label_is_reported(tmp_path, config):
    _, record = read_one(fb.canonical_project(tmp_path / "l.xlsx", labels={"已支出资金": "花了多少"}), config)
    assert record.fields["funds_spent"] is None
    assert "R007" in codes(record.issues)


def test_workbook_without_forms_has_no_records(tmp_path, config):
    wb, ws = fb.new_book("Sheet1")
    ws["A1"] = "会议纪要"
    content = read_workbook(fb.save(wb, tmp_path / "x.xlsx"), config)
    assert content.rejected is None and content.records == []


def test_read_rules_are_declared():
    assert len({r.code for r in READ_RULES}) == len(READ_RULES)
    assert all(r.code.startswith("R") and r.title and r.description and r.message for r in READ_RULES)


def _convert(src: Path, target: str, outdir: Path) -> Path:
    profile = outdir / f"lo-{uuid.uuid4().hex}"
    subprocess.run(
        [
            soffice(),
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            target,
            "--outdir",
            str(outdir),
            str(src),
        ],
        check=True,
        timeout=120,
        capture_output=True,
    )
    shutil.rmtree(profile, ignore_errors=True)
    return outdir / f"{src.stem}.{target.split(':')[0]}"


@needs_libreoffice
def test_xls_and_ods_saved_by_libreoffice(tmp_path, config):
    src = fb.department_workbook_with_key_project(tmp_path / "dept.xlsx")
    for target, fmt in (("xls", "xls"), ("ods", "ods")):
        converted = _convert(src, target, tmp_path)
        content = read_workbook(converted, config)
        assert content.rejected is None and content.file_format == fmt
        department, key_project = content.records
        assert [r.values["category"] for r in department.table][:3] == ["预算执行"] * 3
        assert key_project.funding["district"] == {"budget": Decimal("400"), "executed": Decimal("250")}
        assert key_project.table[0].values["level2"] == "预算执行"


def test_identity_from_the_custom_property_when_the_sheet_is_gone(tmp_path, config):
    from openpyxl.packaging.custom import StringProperty

    wb, ws = fb.new_book()
    fb.lay_project(ws)
    identity = _identity("附表1")
    identity.sheets = []
    wb.custom_doc_props.append(StringProperty(name="perfcli.identity", value=identity.to_json()))
    content, record = read_one(fb.save(wb, tmp_path / "prop.xlsx"), config)
    assert content.identity is not None and content.identity.code == "U001"
    assert record.identity["code"] == "U001" and "prefilled" not in record.identity


def test_reading_limits_come_from_the_config(tmp_path):
    path = fb.canonical_project(tmp_path / "a.xlsx")
    (tmp_path / "perfcli.toml").write_text("[reading]\nmax_rows = 10\n", encoding="utf-8")
    content = read_workbook(path, load_config(tmp_path / "perfcli.toml"))
    assert content.rejected is not None and "行数过多" in content.rejected


def test_unknown_reading_limit_is_a_usage_error(tmp_path):
    from perfcli.errors import UsageError

    (tmp_path / "perfcli.toml").write_text("[reading]\nmax_rowz = 10\n", encoding="utf-8")
    with pytest.raises(UsageError, match="max_rowz"):
        read_workbook(fb.canonical_project(tmp_path / "a.xlsx"), load_config(tmp_path / "perfcli.toml"))


def test_a_list_that_mentions_the_labels_is_not_a_form(tmp_path, config):
    wb, ws = fb.new_book("问题清单")
    for r, label in enumerate(("项目名称", "资金来源", "已到位资金"), 2):
        ws.cell(r, 1, "附表1")
        ws.cell(r, 2, label)
        ws.cell(r, 3, "未填写")
    content = read_workbook(fb.save(wb, tmp_path / "list.xlsx"), config)
    assert content.records == []


def test_form_without_its_title_is_found_by_labels_and_header(tmp_path, config):
    wb, ws = fb.new_book()
    fb.lay_project(ws)
    ws["A1"], ws["A2"] = None, None  # 附表1 and the title deleted
    _, record = read_one(fb.save(wb, tmp_path / "untitled.xlsx"), config, "project")
    assert record.fields["project_name"] == "老旧小区改造工程"


def test_sheet_order_and_hidden_identity_sheet_skipped(tmp_path, config):
    content = read_workbook(fb.two_forms_in_one_book(tmp_path / "c.xlsx"), config)
    assert all(r.sheet != IDENTITY_SHEET for r in content.records)


def test_unit_line_without_colon(tmp_path, config):
    _, record = read_one(
        fb.period_and_unit(tmp_path / "u.xlsx", "（2026年度 三季度）", "编 报 单 位 新北区教育局"), config
    )
    assert record.unit == "新北区教育局"


def test_value_beside_its_label_is_read_even_when_it_looks_like_a_label(tmp_path, config):
    _, record = read_one(fb.canonical_project(tmp_path / "o.xlsx", values={"fund_source": "其他"}), config)
    assert record.fields["fund_source"] == "其他" and record.cells["fund_source"] == "E6"


def test_indicator_that_starts_like_a_signature_word_is_kept(tmp_path, config):
    rows = [*fb.PROJECT_INDICATORS, ("产出", "产出数量", "负责人培训次数", "4次", "3次", "确定能")]
    _, record = read_one(fb.canonical_project(tmp_path / "s.xlsx", indicators=rows), config)
    assert record.table[-1].values["level3"] == "负责人培训次数"


def test_key_project_without_total_label(tmp_path, config):
    wb, ws = fb.new_book("附表3")
    fb.lay_key_project(ws)
    ws["D6"] = "合计"  # 项目总金额 relabelled
    _, record = read_one(fb.save(wb, tmp_path / "k.xlsx"), config, "key_project")
    assert record.fields["total_budget"] is None and record.fields["total_executed"] is None
    assert "R007" in codes(record.issues)
