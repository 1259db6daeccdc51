"""validate_paths on workbooks laid out by the tests themselves: discovery, rejection, supersede, timeliness,
roster matching, missing forms, tamper detection, the JSON report and the 问题清单 workbook."""

from __future__ import annotations

import os
import re
import zipfile
from datetime import datetime
from decimal import Decimal as D
from pathlib import Path

import openpyxl
import pytest

from perfcli.findings.batch import discover, validate_paths
from perfcli.forms.registry import forms_of
from perfcli.model.config import load_config
from perfcli.model.identity import IDENTITY_MARK, IDENTITY_SHEET, Identity, SheetIdentity
from perfcli.model.period import Period
from perfcli.model.roster import Department, IndicatorTarget, Project, Roster, Unit

Q3 = Period.parse("2026Q3")
ON_TIME = datetime(2026, 10, 8, 9, 30)

# --- fixtures laid out by hand (not by perfcli generate) ------------------------------------------------

INDICATORS = [
    ("产出", "产出数量", "改造户数", "≥300户", "已完成260户", "确定能"),
    ("产出", "产出质量", "验收合格率", "100%", "100%", "确定能"),
    ("效果", "社会效益", "居民满意度", "≥90%", "92%", "可能性大"),
]


def project_sheet(
    ws,
    *,
    unit="区住建局（本级）",
    period="（2026年度 三季度）",
    name="老旧小区改造",
    budget=1000,
    source="区级",
    received=900,
    spent=800,
    implementation="按计划推进",
    deviation=None,
    plan=None,
    indicators=INDICATORS,
    top=1,
):
    """附表1 as DESIGN §3 lays it out, starting at row `top`."""
    r = top
    ws.cell(r, 1, "附表1")
    ws.cell(r + 1, 1, "项目预算绩效运行监控表")
    ws.cell(r + 2, 1, period)
    ws.cell(r + 3, 1, f"编报单位：{unit}")
    ws.cell(r + 3, 6, "单位：万元")
    rows = [
        [("项目名称", 1), (name, 2)],
        [("预算总额", 1), (budget, 2), ("资金来源", 4), (source, 5)],
        [("已到位资金", 1), (received, 2), ("已支出资金", 4), (spent, 5)],
        [("项目实施情况", 1), (implementation, 2)],
        [("目标偏离情况及原因分析", 1), (deviation, 2)],
        [("改进计划", 1), (plan, 2)],
    ]
    for i, cells in enumerate(rows):
        row = r + 4 + i
        for value, col in cells:
            cell = ws.cell(row, col, value)
            if isinstance(value, str) and value.startswith("="):
                cell.data_type = "s"  # typed as text by the clerk, not a formula
        if len(cells) == 2:
            ws.merge_cells(start_row=row, start_column=2, end_row=row, end_column=6)
        else:
            ws.merge_cells(start_row=row, start_column=2, end_row=row, end_column=3)
            ws.merge_cells(start_row=row, start_column=5, end_row=row, end_column=6)
    header = r + 10
    for col, text in enumerate(
        ("一级指标", "二级指标", "三级指标", "年度目标", "已完成情况", "完成目标可能性"), 1
    ):
        ws.cell(header, col, text)
    for i, values in enumerate(indicators):
        for col, value in enumerate(values, 1):
            ws.cell(header + 1 + i, col, value)
    ws.cell(header + 1 + len(indicators), 1, "注：本表由预算责任单位填报。")
    return ws


def department_sheets(
    wb, *, name="区住建局", budget=5000, key_projects=(("道路提升", 600, 450),), period="（2026年度 三季度）"
):
    """附表2 plus one 附表3 per key project."""
    ws = wb.create_sheet("附表2")
    ws.append(["附表2"])
    ws.append(["部门整体预算绩效运行监控表"])
    ws.append([period])
    ws.append(["部门名称", name, None, "本年度预算资金总额（万元）", budget])
    ws.append(["部门年度重点工作实施情况", "推进顺利"])
    ws.append(["核心目标偏离情况及原因分析", None])
    ws.append(["改进计划", None])
    ws.append(["监控内容", "监控指标", "年度目标", "已完成情况", "完成目标可能性"])
    ws.append(["预算执行", "资金到位率", "100%", "90%", "确定能"])
    ws.append([None, "预算执行率", "100%", "76%", "可能性大"])
    ws.append(["重点工作推进情况", "道路提升改造", "完成12公里", "完成9公里", "确定能"])
    ws.append(["注：本表由预算部门填报。"])
    ws.merge_cells("A9:A10")
    for i, (project, total, executed) in enumerate(key_projects):
        ks = wb.create_sheet(f"附表3-{i + 1}")
        ks.append(["附表3"])
        ks.append(["部门重点项目预算绩效运行监控表"])
        ks.append([period])
        ks.append([None, None, None, None, "预算数", "执行数"])
        ks.append(["项目名称", project, None, "项目总金额（万元）", total, executed])
        ks.append(["主管部门", name, None, "其中：中央、省级财政（万元）", 0, 0])
        ks.append(["实施单位", "区住建局（本级）", None, "市级财政（万元）", 0, 0])
        ks.append(["计划开始时间", "2026-01-01", None, "区级财政（万元）", total, executed])
        ks.append(["计划结束时间", "2026-12-31", None, "其他（万元）", 0, 0])
        ks.append(["项目实施情况", "施工中"])
        ks.append(["目标偏离情况及原因分析", None])
        ks.append(["改进计划", None])
        ks.append(["一级指标", "二级指标", "三级指标", "年度目标", "已完成情况", "完成目标可能性"])
        ks.append(["过程", "预算执行", "资金到位率", "100%", "90%", "确定能"])
        ks.append(["产出", "产出数量", "道路长度", "12公里", "9公里", "可能性大"])
        ks.append(["注：本表由预算部门填报。"])
    return wb


def set_saved_at(path: Path, when: datetime | None, mtime: datetime | None = None) -> Path:
    """Rewrite docProps/core.xml's dcterms:modified (openpyxl always stamps 'now'); set the file mtime."""
    if when is not None:
        tmp = path.with_suffix(".tmp")
        with zipfile.ZipFile(path) as src, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as dst:
            for item in src.infolist():
                data = src.read(item.filename)
                if item.filename == "docProps/core.xml":
                    text = re.sub(
                        r"(<dcterms:modified[^>]*>)[^<]*(<)",
                        rf"\g<1>{when:%Y-%m-%dT%H:%M:%SZ}\g<2>",
                        data.decode(),
                    )
                    data = text.encode()
                dst.writestr(item, data)
        tmp.replace(path)
    stamp = (mtime or when or ON_TIME).timestamp()
    os.utime(path, (stamp, stamp))
    return path


def unit_workbook(
    path: Path,
    *,
    projects=({},),
    identity: Identity | None = None,
    saved: datetime | None = ON_TIME,
    **common,
) -> Path:
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for i, overrides in enumerate(projects):
        project_sheet(wb.create_sheet(f"项目{i + 1}"), **{**common, **overrides})
    if identity is not None:
        ids = wb.create_sheet(IDENTITY_SHEET)
        ids["A1"], ids["A2"] = IDENTITY_MARK, identity.to_json()
        ids.sheet_state = "veryHidden"
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return set_saved_at(path, saved)


def department_workbook(path: Path, *, saved: datetime | None = ON_TIME, **kw) -> Path:
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    department_sheets(wb, **kw)
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return set_saved_at(path, saved)


def roster() -> Roster:
    return Roster(
        departments=[Department("D01", "区住建局", D("5000")), Department("D02", "区水利局")],
        units=[Unit("U01", "区住建局（本级）", "D01"), Unit("U02", "区水利局（本级）", "D02")],
        projects=[
            Project("P01", "老旧小区改造", "U01", D("1000"), "区级"),
            Project(
                "P02",
                "道路提升",
                "U01",
                D("600"),
                "区级",
                True,
                {"central_provincial": D("0"), "municipal": D("0"), "district": D("600"), "other": D("0")},
            ),
            Project("P03", "河道整治", "U02", D("300"), "市级"),
        ],
        indicators=[IndicatorTarget("P01", "产出", "产出数量", "改造户数", "≥300户")],
    )


@pytest.fixture
def config(tmp_path):
    return load_config(search_from=tmp_path)


def codes(findings):
    return sorted(f.code for f in findings)


# --- tests -------------------------------------------------------------------------------------------------


def test_discovery_is_recursive_sorted_and_skips_lock_files(tmp_path):
    for name in (
        "b/x.xlsx",
        "a.xlsm",
        "c/d/e.xls",
        "f.ods",
        "~$a.xlsx",
        ".~lock.a.xlsx#",
        "c/.~tmp.xlsx",
        "notes.txt",
    ):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes(b"")
    assert [p.relative_to(tmp_path).as_posix() for p in discover([tmp_path])] == [
        "a.xlsm",
        "b/x.xlsx",
        "c/d/e.xls",
        "f.ods",
    ]


def test_missing_path_is_a_usage_error(tmp_path, config):
    from perfcli.errors import UsageError

    with pytest.raises(UsageError, match="找不到"):
        validate_paths([tmp_path / "nope"], config)


def test_clean_unit_workbook_with_two_forms(tmp_path, config):
    path = unit_workbook(
        tmp_path / "u.xlsx", projects=({}, {"name": "道路提升", "budget": 600, "received": 500, "spent": 450})
    )
    report = validate_paths([tmp_path], config, period=Q3)
    [result] = report.files
    assert result.status == "read" and len(result.records) == 2 and result.findings == []
    assert (
        result.received == "2026-10-08"
        and result.workbook_kind == "unit"
        and result.name == "区住建局（本级）"
    )
    assert report.exit_code == 0 and report.summary["forms"] == 2
    assert Path(result.path) == path


def test_fund_source_other_is_a_value_not_a_label(tmp_path, config):
    # "其他" is also 附表3's label for other funding; on 附表1 it is the 资金来源 value
    unit_workbook(tmp_path / "u.xlsx", source="其他")
    report = validate_paths([tmp_path], config, period=Q3)
    assert report.files[0].records[0].fields["fund_source"] == "其他"
    assert report.files[0].findings == []


def test_findings_carry_file_sheet_cell_and_exit_code(tmp_path, config):
    unit_workbook(tmp_path / "u.xlsx", spent=950, top=3)  # 950 > 900 received; form starts below 2 extra rows
    report = validate_paths([tmp_path], config, period=Q3)
    [f] = report.files[0].findings
    assert (f.code, f.sheet, f.cell, f.field) == ("V103", "项目1", "E9", "funds_spent")
    assert f.file == str(tmp_path / "u.xlsx")
    assert report.exit_code == 1


def test_rejected_files_are_accounted_for_and_the_batch_goes_on(tmp_path, config):
    (tmp_path / "a_empty.xlsx").write_bytes(b"")
    (tmp_path / "b_text.xlsx").write_text("这不是工作簿", "utf-8")
    unit_workbook(tmp_path / "c_good.xlsx")
    report = validate_paths([tmp_path], config, period=Q3)
    assert [f.status for f in report.files] == ["rejected", "rejected", "read"]
    assert all(f.reason and f.errors for f in report.files[:2])
    assert report.summary["rejected"] == 2 and report.exit_code == 1


def test_workbook_without_any_form(tmp_path, config):
    wb = openpyxl.Workbook()
    wb.active["A1"] = "通讯录"
    wb.save(tmp_path / "other.xlsx")
    report = validate_paths([tmp_path], config)
    assert codes(report.files[0].findings) == ["V202"] and report.exit_code == 1


def test_late_file_uses_saved_time_else_mtime(tmp_path, config):
    unit_workbook(tmp_path / "late.xlsx", saved=datetime(2026, 10, 12, 8, 0))
    department_workbook(tmp_path / "dept.xlsx", saved=datetime(2026, 10, 19, 8, 0))  # departments: 20 days
    report = validate_paths([tmp_path], config, period=Q3)
    late, dept = report.files[1], report.files[0]
    [f] = [x for x in late.findings if x.code == "V117"]
    assert f.severity == "warning" and "工作簿保存时间 2026-10-12" in f.message and "2026-10-10" in f.message
    assert not any(x.code == "V117" for x in dept.findings)
    assert report.exit_code == 0  # a late file is a warning


def test_saved_time_is_turned_into_the_local_date(tmp_path, config):
    # 2026-10-10 17:00 UTC is 2026-10-11 01:00 in Asia/Shanghai (periods.timezone): one day late
    unit_workbook(tmp_path / "u.xlsx", saved=datetime(2026, 10, 10, 17, 0))
    report = validate_paths([tmp_path], config, period=Q3)
    assert report.files[0].received == "2026-10-11"
    assert "V117" in codes(report.files[0].findings)
    unit_workbook(tmp_path / "u.xlsx", saved=datetime(2026, 10, 10, 15, 0))  # 23:00 local: on time
    assert validate_paths([tmp_path], config, period=Q3).files[0].findings == []


def test_late_by_file_mtime_when_no_saved_time(tmp_path, config):
    path = unit_workbook(tmp_path / "u.xlsx")
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(tmp_path / "n.xlsx", "w") as dst:
        for item in src.infolist():
            if item.filename == "docProps/core.xml":
                continue
            dst.writestr(item, src.read(item.filename))
    path.unlink()
    set_saved_at(tmp_path / "n.xlsx", None, mtime=datetime(2026, 10, 15, 12, 0))
    report = validate_paths([tmp_path], config, period=Q3)
    [f] = [x for x in report.files[0].findings if x.code == "V117"]
    assert "文件修改时间 2026-10-15" in f.message
    assert report.files[0].received == "2026-10-15"


def test_period_mismatch_is_an_error(tmp_path, config):
    unit_workbook(tmp_path / "u.xlsx", period="（2026年度 二季度）")
    report = validate_paths([tmp_path], config, period=Q3)
    assert "V115" in codes(report.files[0].findings)


def test_newest_version_counts_others_superseded(tmp_path, config):
    old = unit_workbook(tmp_path / "第一版.xlsx", spent=950, saved=datetime(2026, 10, 5, 9, 0))
    new = unit_workbook(tmp_path / "改正版.xlsx", saved=datetime(2026, 10, 7, 9, 0))
    other = unit_workbook(
        tmp_path / "水利.xlsx", unit="区水利局（本级）", name="河道整治", budget=300, received=200, spent=190
    )
    report = validate_paths([tmp_path], config, period=Q3, roster=roster())
    by_path = {Path(f.path): f for f in report.files}
    assert by_path[old].status == "superseded" and by_path[old].superseded_by == str(new)
    assert by_path[old].findings == []  # the old version's mistakes no longer count
    assert by_path[new].status == "read" and by_path[other].status == "read"
    assert report.summary["superseded"] == 1


def test_same_saved_time_falls_back_to_mtime(tmp_path, config):
    same = datetime(2026, 10, 6, 9, 0)
    a = unit_workbook(tmp_path / "a.xlsx", saved=same)
    b = unit_workbook(tmp_path / "b.xlsx", saved=same, spent=950)
    set_saved_at(a, None, mtime=datetime(2026, 10, 9))  # a arrived later
    set_saved_at(b, None, mtime=datetime(2026, 10, 8))
    report = validate_paths([tmp_path], config, period=Q3)
    statuses = {Path(f.path).name: f.status for f in report.files}
    assert statuses == {"a.xlsx": "read", "b.xlsx": "superseded"}
    assert report.exit_code == 0


def test_roster_matching_by_names_and_unknowns(tmp_path, config):
    unit_workbook(tmp_path / "a.xlsx", projects=({}, {"name": "不存在的项目"}))
    unit_workbook(tmp_path / "b.xlsx", unit="区不存在局", name="也不存在")
    report = validate_paths([tmp_path], config, period=Q3, roster=roster())
    a, b = report.files
    assert a.code == "U01"
    unknown = [f for f in a.findings if f.code == "V204"]
    assert len(unknown) == 1 and "不存在的项目" in unknown[0].message and unknown[0].cell == "B5"
    assert "V203" in codes(b.findings) and b.code is None


def test_unit_found_by_project_names_when_unit_name_differs(tmp_path, config):
    road = {"name": "道路提升", "budget": 600, "received": 500, "spent": 450}  # as in the roster
    unit_workbook(tmp_path / "a.xlsx", unit="住建局本级（盖章）", projects=({}, road))
    report = validate_paths([tmp_path], config, period=Q3, roster=roster())
    assert report.files[0].code == "U01" and report.files[0].findings == []


def test_missing_forms_and_not_reported(tmp_path, config):
    unit_workbook(tmp_path / "a.xlsx")  # U01 has P01 and P02: P02's 附表1 is missing
    department_workbook(tmp_path / "d.xlsx", key_projects=())  # D01's key project P02 has no 附表3
    report = validate_paths([tmp_path], config, period=Q3, roster=roster())
    unit_missing = [f for f in report.files[0].findings if f.code == "V206"]
    dept_missing = [f for f in report.files[1].findings if f.code == "V206"]
    assert (
        len(unit_missing) == 1
        and "道路提升" in unit_missing[0].message
        and "附表1" in unit_missing[0].message
    )
    assert len(dept_missing) == 1 and "附表3" in dept_missing[0].message
    not_reported = {f.message for f in report.findings}
    assert any("区水利局（本级）" in m for m in not_reported) and any("区水利局”" in m for m in not_reported)
    assert all(f.severity == "warning" for f in report.findings)


def _identity(code="U01", sheets=None) -> Identity:
    sheets = sheets or [
        SheetIdentity(
            "项目1",
            "project",
            "P01",
            {
                "project_name": "老旧小区改造",
                "budget_total": "1000",
                "fund_source": "区级",
                "indicators[0].level3": "改造户数",
                "indicators[0].target": "≥300户",
                "indicators[1].level3": "验收合格率",
                "indicators[1].target": "100%",
            },
        )
    ]
    return Identity(
        "unit", code, "区住建局（本级）", "D01", "2026Q3", "2026.1", "2026-09-25T10:00:00", sheets
    ).seal()


def test_identity_matches_by_code_and_clean_prefill_passes(tmp_path, config):
    unit_workbook(
        tmp_path / "a.xlsx",
        identity=_identity(),
        unit="写错的单位名",
        projects=({}, {"name": "道路提升", "budget": 600, "received": 500, "spent": 450}),
    )
    report = validate_paths([tmp_path], config, period=Q3, roster=roster())
    result = report.files[0]
    assert result.code == "U01" and result.name == "区住建局（本级）"
    assert result.findings == []


def test_changed_prefilled_values_are_errors_naming_cell_old_and_new(tmp_path, config):
    unit_workbook(
        tmp_path / "a.xlsx",
        identity=_identity(),
        budget=1200,
        projects=({"indicators": [INDICATORS[0][:3] + ("≥200户",) + INDICATORS[0][4:], *INDICATORS[1:]]},),
    )
    report = validate_paths([tmp_path], config, period=Q3)
    changed = {f.field: f for f in report.files[0].findings if f.code == "V205"}
    assert set(changed) == {"budget_total", "indicators[0].target"}
    assert (
        changed["budget_total"].cell == "B6"
        and "“1000”" in changed["budget_total"].message
        and "“1200”" in changed["budget_total"].message
    )
    assert (
        changed["indicators[0].target"].cell == "D12" and "≥200户" in changed["indicators[0].target"].message
    )


def test_inserted_indicator_rows_are_not_tampering(tmp_path, config):
    extra = ("产出", "产出数量", "新增加的指标", "10个", "8个", "确定能")
    unit_workbook(
        tmp_path / "a.xlsx",
        identity=_identity(),
        projects=({"indicators": [INDICATORS[0], extra, *INDICATORS[1:]]},),
    )
    report = validate_paths([tmp_path], config, period=Q3)
    assert not [f for f in report.files[0].findings if f.code == "V205"]


def test_unknown_identity_code(tmp_path, config):
    unit_workbook(tmp_path / "a.xlsx", identity=_identity(code="U99"))
    report = validate_paths([tmp_path], config, period=Q3, roster=roster())
    [f] = [f for f in report.files[0].findings if f.code == "V203"]
    assert "U99" in f.message


def test_jobs_give_the_same_report_in_the_same_order(tmp_path, config):
    for i in range(4):
        unit_workbook(tmp_path / f"{i}.xlsx", spent=950 if i % 2 else 800, unit=f"单位{i}")
    one = validate_paths([tmp_path], config, period=Q3, jobs=1)
    two = validate_paths([tmp_path], config, period=Q3, jobs=2)
    assert one.to_json() == two.to_json()
    assert [f.errors for f in one.files] == [0, 1, 0, 1]


def test_progress_is_called_per_file(tmp_path, config):
    for i in range(3):
        unit_workbook(tmp_path / f"{i}.xlsx", unit=f"单位{i}")
    calls = []
    validate_paths([tmp_path], config, progress=lambda done, total, path: calls.append((done, total)))
    assert calls == [(1, 3), (2, 3), (3, 3)]


def test_inputs_are_never_modified(tmp_path, config):
    path = unit_workbook(tmp_path / "u.xlsx", spent=950)
    before = (path.read_bytes(), path.stat().st_mtime)
    validate_paths([tmp_path], config, period=Q3)
    assert (path.read_bytes(), path.stat().st_mtime) == before


def test_report_json_lists_every_file_and_summary(tmp_path, config):
    unit_workbook(tmp_path / "u.xlsx", spent=950)
    (tmp_path / "bad.xlsx").write_bytes(b"PK\x03\x04broken")
    data = validate_paths([tmp_path], config, period=Q3).to_json()
    assert data["period"] == "2026Q3"
    assert [f["status"] for f in data["files"]] == ["rejected", "read"]
    assert data["summary"]["errors"] == 2 and data["files"][1]["findings"][0]["code"] == "V103"
    assert data["files"][1]["records"][0]["fields"]["funds_spent"] == 950


def test_findings_report_xlsx(tmp_path, config):
    from perfcli.findings.sheets import FINDING_COLUMNS, write_findings_report

    unit_workbook(
        tmp_path / "in" / "u.xlsx", spent=950, implementation='=HYPERLINK("http://x","y")', received=-1
    )
    report = validate_paths([tmp_path / "in"], config, period=Q3)
    target = write_findings_report(report, tmp_path / "问题清单.xlsx", forms_of(config))
    wb = openpyxl.load_workbook(target)
    ws = wb["问题清单"]
    assert [c.value for c in ws[1]] == [c for c, _ in FINDING_COLUMNS]
    assert ws.freeze_panes == "A2" and ws.auto_filter.ref
    rows = [[c.value for c in r] for r in ws.iter_rows(min_row=2)]
    assert len(rows) == len(report.files[0].findings) >= 2
    assert {r[6] for r in rows} >= {"V102"} and all(r[5] in ("错误", "警告") for r in rows)
    assert (
        rows[0][0].endswith("u.xlsx")
        and rows[0][1] == "区住建局（本级）"
        and rows[0][2] == "附表1"
        and rows[0][3] == "项目1"
    )
    assert all(
        c.data_type == "s"
        for r in ws.iter_rows(min_row=2)
        for c in r
        if c.value is not None and not isinstance(c.value, int)
    )
    assert ws.column_dimensions["H"].width > 40
    files = wb["文件清单"]
    assert files.max_row == 2


def test_report_text_cells_stay_text(tmp_path, config):
    from perfcli.findings.sheets import write_findings_report

    unit_workbook(tmp_path / "in" / "=cmd.xlsx", unit="=1+1")
    report = validate_paths([tmp_path / "in"], config, period=Q3)
    report.files[0].findings.append(report.files[0].findings[0] if report.files[0].findings else _dummy())
    target = write_findings_report(report, tmp_path / "r.xlsx", forms_of(config))
    with zipfile.ZipFile(target) as z:
        sheet = z.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet


def _dummy():
    from perfcli.model.findings import Finding

    return Finding("error", "V101", "=SUM(1,2)", sheet="=x", cell="A1")


def test_existing_report_is_not_overwritten_without_force(tmp_path, config):
    from perfcli.errors import OutputExistsError
    from perfcli.findings.sheets import write_findings_report

    unit_workbook(tmp_path / "in" / "u.xlsx")
    report = validate_paths([tmp_path / "in"], config, period=Q3)
    (tmp_path / "r.xlsx").write_text("keep")
    with pytest.raises(OutputExistsError):
        write_findings_report(report, tmp_path / "r.xlsx", forms_of(config))
    assert (tmp_path / "r.xlsx").read_text() == "keep"
    write_findings_report(report, tmp_path / "r.xlsx", forms_of(config), force=True)
    assert zipfile.is_zipfile(tmp_path / "r.xlsx")
