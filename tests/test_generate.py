"""generate: every roster value lands in its cell of the official form and reads back equal; dropdowns,
protection, identity, safe names, no silent overwrite.

The generated workbooks are read back with openpyxl and cells are found the way DESIGN §4 says a reader
finds them (by their printed label, the value being the next cell right of the label's merged range),
not through the writer's own bookkeeping.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from perfcli.errors import OutputExistsError, RunFailed, UsageError
from perfcli.forms.spec import normalize_label
from perfcli.io.files.outputs import MAX_NAME_BYTES
from perfcli.issue.generate import generate, generate_blank
from perfcli.model.config import load_config
from perfcli.model.identity import (
    IDENTITY_MARK,
    IDENTITY_PROPERTY,
    IDENTITY_SHEET,
    Identity,
    canonical,
    prefill_digest,
)
from perfcli.model.period import Period
from perfcli.model.roster import Department, IndicatorTarget, Project, Roster, Unit

PERIOD = Period.parse("2026Q3")
FORMULA_NAME = '=HYPERLINK("http://evil.example","点我")'


def make_roster() -> Roster:
    departments = [
        Department("D01", "区教育局", Decimal("12500.50")),
        Department("D02", "区卫生健康局"),  # no budget: 附表2 shows the sum of its projects
    ]
    units = [
        Unit("U01", "区教育局（本级）", "D01"),
        Unit("U02", "区第一实验小学", "D01"),
        Unit("U03", "区人民医院", "D02"),
        Unit("U04", "区疾控中心", "D02"),  # no projects
    ]
    projects = [
        Project(
            "P01",
            "义务教育学校校舍维修改造项目",
            "U01",
            Decimal("1250.50"),
            "区级",
            True,
            {"district": Decimal("1000"), "municipal": Decimal("250.50")},
            date(2026, 3, 1),
            date(2026, 12, 31),
        ),
        Project("P02", "教师培训", "U01", Decimal("80"), "市级"),
        Project("P03", FORMULA_NAME, "U02", Decimal("0.75"), "其他"),
        Project("P04", "基层医疗卫生机构能力提升", "U03", Decimal("300"), "省级", True),
        Project("P05", "教师培训", "U01", Decimal("12"), "区级"),  # same name twice in one unit
    ]
    indicators = [
        IndicatorTarget("P01", "产出", "产出数量", "维修改造校舍面积", "≥12000平方米"),
        IndicatorTarget("P01", "产出", "产出数量", "改造学校数量", "=12所"),
        IndicatorTarget("P01", "产出", "产出质量", "工程验收合格率", "100%"),
        IndicatorTarget("P01", "效果", "社会效益", "改善师生学习生活条件", "明显改善"),
        IndicatorTarget("P01", "效果", "服务对象满意度", "师生满意度", "≥90%"),
        IndicatorTarget("P02", "产出", "产出数量", "培训人次", "≥500人次"),
        IndicatorTarget("P04", "产出", "产出时效", "设备到位时间", "2026年10月底前"),
    ]
    return Roster(departments, units, projects, indicators)


# reading helpers: find by label, as a reader of returned workbooks would ---------------------------
def merged_end(ws, cell) -> int:
    for rng in ws.merged_cells.ranges:
        if cell.coordinate in rng:
            return rng.max_col
    return cell.column


def find_label(ws, label: str):
    wanted = normalize_label(label)
    for row in ws.iter_rows():
        for cell in row:
            if isinstance(cell.value, str) and normalize_label(cell.value) == wanted:
                return cell
    raise AssertionError(f"label {label} not found on {ws.title}")


def value_cell(ws, label: str, nth: int = 0):
    """The nth value cell right of a label (附表3's 预算数 is nth=0, 执行数 nth=1)."""
    cell = find_label(ws, label)
    col = merged_end(ws, cell) + 1
    for _ in range(nth):
        col = merged_end(ws, ws.cell(cell.row, col)) + 1
    return ws.cell(cell.row, col)


def table_rows(ws, first_header: str, keys: list[str]) -> list[dict]:
    """The rows under the table header up to the 注 line, merged cells filled down."""
    header = find_label(ws, first_header)
    rows, last = [], {}
    for r in range(header.row + 1, ws.max_row + 1):
        first = ws.cell(r, 1).value
        if isinstance(first, str) and first.startswith("注"):
            break
        row = {}
        for i, key in enumerate(keys):
            cell = ws.cell(r, i + 1)
            value = cell.value
            if value is None and any(cell.coordinate in rng for rng in ws.merged_cells.ranges):
                value = last.get(key)
            row[key] = value
        last = row
        rows.append(row)
    return rows


def unit_book(result, code: str):
    return next(f for f in result.files if f.kind == "unit" and f.code == code)


@pytest.fixture
def generated(tmp_path):
    config = load_config(None, search_from=tmp_path)
    result = generate(make_roster(), PERIOD, tmp_path / "out", config)
    return result, config


def test_unit_workbook_holds_every_roster_value(generated):
    result, _ = generated
    book = unit_book(result, "U01")
    wb = openpyxl.load_workbook(book.path)
    assert wb.sheetnames == ["义务教育学校校舍维修改造项目", "教师培训", "教师培训（2）", IDENTITY_SHEET]
    ws = wb["义务教育学校校舍维修改造项目"]
    assert ws["A1"].value == "附表1"
    assert any(c.value == "项目预算绩效运行监控表" for c in ws[2])
    assert any(c.value == "（2026年度 三季度）" for c in ws[3])
    assert value_cell(ws, "编报单位").value == "区教育局（本级）"
    assert value_cell(ws, "项目名称").value == "义务教育学校校舍维修改造项目"
    assert Decimal(str(value_cell(ws, "预算总额").value)) == Decimal("1250.50")
    assert value_cell(ws, "预算总额").number_format == "#,##0.00"
    assert value_cell(ws, "资金来源").value == "区级"
    assert value_cell(ws, "已到位资金").value is None
    keys = ["level1", "level2", "level3", "target", "actual", "likelihood"]
    rows = table_rows(ws, "一级指标", keys)
    filled = [r for r in rows if r["level3"]]
    expected = [(i.level1, i.level2, i.level3, i.target) for i in make_roster().indicators_of("P01")]
    assert [(r["level1"], r["level2"], r["level3"], r["target"]) for r in filled] == expected
    # room for more indicators than the roster has
    assert len(rows) - len(filled) == 4
    assert all(not any(r.values()) for r in rows[len(filled) :])
    # the second 教师培训 project is on its own sheet
    assert value_cell(wb["教师培训（2）"], "预算总额").value == 12


def test_unit_without_indicators_gets_skeleton_and_formula_text_stays_text(generated):
    result, _ = generated
    wb = openpyxl.load_workbook(unit_book(result, "U02").path)
    ws = wb.worksheets[0]
    cell = value_cell(ws, "项目名称")
    assert cell.value == FORMULA_NAME and cell.data_type == "s"
    rows = table_rows(ws, "一级指标", ["level1", "level2", "level3", "target", "actual", "likelihood"])
    assert [r["level2"] for r in rows[:4]] == ["产出数量", "产出质量", "产出时效", "产出成本"]
    assert rows[0]["level1"] == "产出" and rows[4]["level1"] == "效果"


def test_department_workbook_holds_department_and_key_projects(generated):
    result, _ = generated
    dept = next(f for f in result.files if f.kind == "department" and f.code == "D01")
    wb = openpyxl.load_workbook(dept.path)
    assert wb.sheetnames[0] == "附表2" and len(wb.sheetnames) == 3
    ws2 = wb["附表2"]
    assert value_cell(ws2, "部门名称").value == "区教育局"
    assert Decimal(str(value_cell(ws2, "本年度预算资金总额（万元）").value)) == Decimal("12500.50")
    rows = table_rows(ws2, "监控内容", ["category", "indicator", "target", "actual", "likelihood"])
    assert [r["indicator"] for r in rows[:3]] == ["资金到位率", "预算执行率", "预算调整率"]
    assert {r["category"] for r in rows[:3]} == {"预算执行"}

    ws3 = wb.worksheets[1]
    assert value_cell(ws3, "项目名称").value == "义务教育学校校舍维修改造项目"
    assert Decimal(str(value_cell(ws3, "项目总金额（万元）").value)) == Decimal("1250.50")
    assert value_cell(ws3, "项目总金额（万元）", nth=1).value is None  # 执行数: the department fills it
    assert value_cell(ws3, "主管部门").value == "区教育局"
    assert value_cell(ws3, "实施单位").value == "区教育局（本级）"
    assert value_cell(ws3, "计划开始时间").value == datetime(2026, 3, 1)
    assert value_cell(ws3, "计划结束时间").value == datetime(2026, 12, 31)
    assert value_cell(ws3, "区级财政（万元）").value == 1000
    assert Decimal(str(value_cell(ws3, "市级财政（万元）").value)) == Decimal("250.50")
    assert value_cell(ws3, "其中：中央、省级财政（万元）").value is None
    rows = table_rows(ws3, "一级指标", ["level1", "level2", "level3", "target", "actual", "likelihood"])
    assert [(r["level1"], r["level2"], r["level3"]) for r in rows[:3]] == [
        ("过程", "预算执行", "资金到位率"),
        ("过程", "预算执行", "预算执行率"),
        ("过程", "预算执行", "预算调整率"),
    ]
    assert [r["level3"] for r in rows[3:8]] == [i.level3 for i in make_roster().indicators_of("P01")]


def test_department_budget_falls_back_to_project_sum_and_funding_to_fund_source(generated):
    result, _ = generated
    dept = next(f for f in result.files if f.kind == "department" and f.code == "D02")
    wb = openpyxl.load_workbook(dept.path)
    assert value_cell(wb["附表2"], "本年度预算资金总额").value == 300
    ws3 = wb.worksheets[1]
    # P04 has no per-source amounts: its whole budget sits on its 资金来源 (省级 -> 中央、省级财政)
    assert value_cell(ws3, "其中：中央、省级财政（万元）").value == 300


def test_unit_without_projects_is_skipped(generated):
    result, _ = generated
    assert [s["code"] for s in result.skipped] == ["U04"]
    assert {f.code for f in result.files if f.kind == "unit"} == {"U01", "U02", "U03"}
    payload = json.loads(json.dumps(result.to_json()))
    assert (
        payload["units"] == 3
        and payload["departments"] == 2
        and payload["sheets"] == sum(f.sheets for f in result.files)
    )


def test_dropdowns_are_inline_lists_on_every_enum_cell(generated):
    result, config = generated
    ws = openpyxl.load_workbook(unit_book(result, "U01").path).worksheets[0]
    lists = {dv.formula1: dv for dv in ws.data_validations.dataValidation if dv.type == "list"}
    fund = lists['"' + ",".join(config.fund_sources) + '"']
    assert value_cell(ws, "资金来源").coordinate in fund.sqref
    likelihood = lists['"' + ",".join(config.likelihood) + '"']
    header = find_label(ws, "完成目标可能性")
    note_row = next(
        r for r in range(header.row, ws.max_row + 1) if str(ws.cell(r, 1).value or "").startswith("注")
    )
    for r in range(header.row + 1, note_row):  # every indicator row, spare rows included
        assert ws.cell(r, header.column).coordinate in likelihood.sqref
    money = [dv for dv in ws.data_validations.dataValidation if dv.type == "decimal"]
    assert all(dv.operator == "greaterThanOrEqual" and dv.formula1 == "0" and dv.promptTitle for dv in money)
    assert value_cell(ws, "已支出资金").coordinate in {str(c) for dv in money for c in dv.sqref.ranges}


def test_protection_on_inputs_unlocked_prefilled_locked(generated):
    result, _ = generated
    ws = openpyxl.load_workbook(unit_book(result, "U01").path).worksheets[0]
    assert ws.protection.sheet
    for label in ("已到位资金", "已支出资金", "项目实施情况", "目标偏离情况及原因分析", "改进计划"):
        assert value_cell(ws, label).protection.locked is False, label
    for label in ("项目名称", "预算总额", "资金来源", "编报单位"):
        assert value_cell(ws, label).protection.locked is True, label
    assert find_label(ws, "项目名称").protection.locked is True
    header = find_label(ws, "一级指标")
    first = header.row + 1
    assert ws.cell(first, 3).protection.locked is True  # 三级指标 from the roster
    assert ws.cell(first, 5).protection.locked is False  # 已完成情况
    assert ws.cell(first, 6).protection.locked is False  # 完成目标可能性
    spare = first + len(make_roster().indicators_of("P01"))
    assert all(ws.cell(spare, c).protection.locked is False for c in range(1, 7))


def test_identity_is_stored_and_matches_the_cells(generated):
    result, _ = generated
    book = unit_book(result, "U01")
    wb = openpyxl.load_workbook(book.path)
    hidden = wb[IDENTITY_SHEET]
    assert hidden.sheet_state == "veryHidden"
    assert hidden["A1"].value == IDENTITY_MARK
    identity = Identity.from_json(hidden["A2"].value)
    assert (identity.workbook, identity.code, identity.department_code, identity.period) == (
        "unit",
        "U01",
        "D01",
        "2026Q3",
    )
    assert identity.digest == prefill_digest(identity.sheets)
    assert [s.sheet for s in identity.sheets] == wb.sheetnames[:-1]
    first = identity.sheets[0]
    assert first.project_code == "P01" and first.form == "project"
    ws = wb[first.sheet]
    assert first.prefilled["project_name"] == canonical(value_cell(ws, "项目名称").value)
    assert first.prefilled["budget_total"] == "1250.5" == canonical(value_cell(ws, "预算总额").value)
    assert first.prefilled["fund_source"] == "区级"
    assert first.prefilled["unit"] == "区教育局（本级）"
    assert first.prefilled["indicators[0].level3"] == "维修改造校舍面积"
    assert first.prefilled["indicators[4].target"] == "≥90%"
    assert not any(k.endswith((".actual", ".likelihood")) for k in first.prefilled)
    prop = {p.name: p.value for p in wb.custom_doc_props.props}[IDENTITY_PROPERTY]
    short = Identity.from_json(prop)
    assert len(prop) <= 255 and short.digest == identity.digest and short.code == "U01"


def test_key_project_identity_uses_record_keys(generated):
    result, _ = generated
    dept = next(f for f in result.files if f.kind == "department" and f.code == "D01")
    wb = openpyxl.load_workbook(dept.path)
    identity = Identity.from_json(wb[IDENTITY_SHEET]["A2"].value)
    key = identity.sheets[1]
    assert key.form == "key_project" and key.project_code == "P01"
    assert key.prefilled["funding.district.budget"] == "1000"
    assert key.prefilled["funding.municipal.budget"] == "250.5"
    assert key.prefilled["planned_start"] == "2026-03-01"
    assert key.prefilled["indicators[0].level3"] == "资金到位率"
    assert "funding.other.budget" not in key.prefilled
    assert identity.sheets[0].prefilled["department_name"] == "区教育局"


def test_hostile_names_give_safe_unique_file_names(tmp_path):
    long_name = "很长的单位名称" * 30  # 210 characters
    names = ["教育/局", "财政\\局", "..", "CON", "con", long_name, long_name]
    departments = [Department("D1", "../../etc"), Department("D2", "CON")]
    units = [Unit(f"U{i}", n, "D1" if i < 4 else "D2") for i, n in enumerate(names)]
    projects = [Project(f"P{i}", f"项目[{i}]:*?/\\", u.code, Decimal(1), "区级") for i, u in enumerate(units)]
    roster = Roster(departments, units, projects, [])
    out = tmp_path / "out"
    result = generate(roster, PERIOD, out, load_config(None, search_from=tmp_path))
    paths = [f.path for f in result.files]
    assert len(set(paths)) == len(paths) == len(units) + len(departments)
    for path in paths:
        assert path.resolve().is_relative_to(out.resolve()) and path.is_file()
        rel = path.relative_to(out)
        for part in rel.parts:
            assert len(part.encode()) <= 255 and not set(part) & set('/\\:*?"<>|')
            assert part not in {".", ".."} and part.split(".")[0].strip().upper() not in {"CON", ""}
        assert len(rel.parts[0].encode()) <= MAX_NAME_BYTES
    folders = sorted({p.relative_to(out).parts[0] for p in paths})
    assert folders == ["_CON", "___etc"]
    assert (out / "___etc" / "U2_附表1_2026Q3.xlsx").is_file()  # ".." leaves nothing: the unit code names it
    sheet = openpyxl.load_workbook(paths[0]).sheetnames[0]
    assert sheet == "项目_0______"


def test_nothing_is_overwritten_without_force(tmp_path):
    config = load_config(None, search_from=tmp_path)
    out = tmp_path / "out"
    first = generate(make_roster(), PERIOD, out, config)
    victim = first.files[-1].path
    kept = first.files[0].path
    victim.unlink()
    before = kept.read_bytes()
    with pytest.raises(OutputExistsError) as info:
        generate(make_roster(), PERIOD, out, config)
    assert str(kept) in info.value.details
    assert not victim.exists()  # all targets are checked before any is written
    assert kept.read_bytes() == before
    again = generate(make_roster(), PERIOD, out, config, force=True)
    assert victim.exists() and len(again.files) == len(first.files)
    assert not list(out.rglob(".~*"))  # no temporary files left behind


def test_parallel_jobs_write_the_same_files(tmp_path):
    config = load_config(None, search_from=tmp_path)
    serial = generate(make_roster(), PERIOD, tmp_path / "a", config)
    parallel = generate(make_roster(), PERIOD, tmp_path / "b", config, jobs=2)
    rel = lambda r, base: sorted(str(f.path.relative_to(base)) for f in r.files)  # noqa: E731
    assert rel(serial, tmp_path / "a") == rel(parallel, tmp_path / "b")
    done = []
    generate(
        make_roster(),
        PERIOD,
        tmp_path / "c",
        config,
        jobs=2,
        progress=lambda n, total, f: done.append((n, total)),
    )
    assert done[-1] == (len(serial.files), len(serial.files))


@pytest.mark.parametrize(
    "code,title",
    [
        ("附表1", "项目预算绩效运行监控表"),
        ("附表2", "部门整体预算绩效运行监控表"),
        ("3", "部门重点项目预算绩效运行监控表"),
    ],
)
def test_blank_forms(tmp_path, code, title):
    result = generate_blank(code, PERIOD, tmp_path, load_config(None, search_from=tmp_path))
    (book,) = result.files
    wb = openpyxl.load_workbook(book.path)
    ws = wb.worksheets[0]
    assert any(c.value == title for c in ws[2])
    assert any(c.value == "（2026年度 三季度）" for c in ws[3])
    assert ws.protection.sheet
    identity = Identity.from_json(wb[IDENTITY_SHEET]["A2"].value)
    assert identity.workbook == "blank" and identity.period == "2026Q3"
    with pytest.raises(OutputExistsError):
        generate_blank(code, PERIOD, tmp_path, load_config(None, search_from=tmp_path))


def test_protection_password_from_config(tmp_path):
    cfg = tmp_path / "perfcli.toml"
    cfg.write_text('[protection]\npassword = "secret"\n', encoding="utf-8")
    result = generate_blank("附表1", None, tmp_path / "o", load_config(cfg))
    ws = openpyxl.load_workbook(result.files[0].path).worksheets[0]
    assert ws.protection.sheet and ws.protection.password


def test_out_dir_that_is_a_file_is_a_usage_error(tmp_path):
    target = tmp_path / "forms"
    target.write_text("x", encoding="utf-8")
    with pytest.raises(UsageError):
        generate(make_roster(), PERIOD, target, load_config(None, search_from=tmp_path))


def test_a_failed_write_is_a_run_failure_and_leaves_no_partial_file(tmp_path, monkeypatch):
    import perfcli.io.xlsx.write.forms as xlsx_forms

    def disk_full(path, *args, **kwargs):
        Path(path).write_bytes(b"PK partial")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(xlsx_forms, "write_forms", disk_full)
    with pytest.raises(RunFailed, match="磁盘空间不足，无法写入 .*附表"):
        generate(make_roster(), PERIOD, tmp_path / "out", load_config(None, search_from=tmp_path))
    assert not [p for p in (tmp_path / "out").rglob("*") if p.is_file()]


def test_department_without_key_projects_gets_only_its_form_2(tmp_path):
    roster = make_roster()
    roster = Roster(
        roster.departments,
        roster.units,
        [p for p in roster.projects if p.code != "P04"],  # 区卫生健康局's only key project
        roster.indicators,
    )
    result = generate(roster, PERIOD, tmp_path / "out", load_config(None, search_from=tmp_path))
    names = {f.code: f.path.name for f in result.files if f.kind == "department"}
    assert names == {"D01": "区教育局_附表2附表3_2026Q3.xlsx", "D02": "区卫生健康局_附表2_2026Q3.xlsx"}
    d02 = next(f for f in result.files if f.kind == "department" and f.code == "D02")
    assert openpyxl.load_workbook(d02.path).sheetnames == ["附表2", IDENTITY_SHEET]


def test_identity_stamps_are_in_the_bureaus_time_zone(tmp_path):
    cfg = tmp_path / "perfcli.toml"
    cfg.write_text('[periods]\ntimezone = "Asia/Tokyo"\n', encoding="utf-8")
    config = load_config(cfg)
    result = generate(make_roster(), PERIOD, tmp_path / "out", config)
    blank = generate_blank("附表2", PERIOD, tmp_path / "blank", config)
    for book in [*result.files, *blank.files]:
        wb = openpyxl.load_workbook(book.path)
        stamp = Identity.from_json(wb[IDENTITY_SHEET]["A2"].value).generated_at
        assert datetime.fromisoformat(stamp).utcoffset().total_seconds() == 9 * 3600, (book.path, stamp)
