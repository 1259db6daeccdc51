"""The sample returns and the fill-like-a-clerk library (clerk/) that made them.

The library is checked on workbooks generated from a tiny roster: filling types the values where a clerk
would, each requested mistake lands where the manifest says, and the input is left untouched.
"""

from __future__ import annotations

import json
import zipfile
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

import clerk
from perfcli.issue.generate import generate
from perfcli.model.config import load_config
from perfcli.model.period import Period
from perfcli.model.roster import Department, IndicatorTarget, Project, Roster, Unit
from perfcli.roster.workbook import read_roster

ROOT = Path(__file__).resolve().parent.parent

SAMPLE = ROOT / "sample_data"
PERIOD = Period(2026, 3)


# the committed sample ----------------------------------------------------------------------------
@pytest.fixture(scope="module")
def manifest() -> list[dict]:
    return json.loads((SAMPLE / "returns_manifest.json").read_text("utf-8"))


def _identity_of(path: Path) -> dict:
    if path.suffix == ".xls":
        import xlrd

        book = xlrd.open_workbook(str(path))
        sheet = book.sheet_by_name("_perfcli")
        assert sheet.cell_value(0, 0) == "perfcli-identity/1"
        return json.loads("".join(str(sheet.cell_value(r, 0)) for r in range(1, sheet.nrows)))
    wb = openpyxl.load_workbook(path, read_only=True)
    try:
        rows = [r[0] for r in wb["_perfcli"].iter_rows(values_only=True)]
    finally:
        wb.close()
    assert rows[0] == "perfcli-identity/1"
    return json.loads("".join(str(x or "") for x in rows[1:]))


def test_manifest_accounts_for_every_file_and_every_unit(manifest):
    files = sorted(p.name for p in (SAMPLE / "returns").iterdir())
    assert sorted(e["file"] for e in manifest if e["file"]) == files
    roster = read_roster(SAMPLE / "roster.xlsx")
    assert {e["code"] for e in manifest if e["kind"] == "unit"} == {u.code for u in roster.units}
    assert {e["code"] for e in manifest if e["kind"] == "department"} == {d.code for d in roster.departments}


def test_sample_has_the_promised_cases(manifest):
    config = load_config(None, search_from=ROOT / "nonexistent")
    due = {"unit": config.due_date(PERIOD, "unit"), "department": config.due_date(PERIOD, "department")}
    late = [e for e in manifest if e["file"] and date.fromisoformat(e["received"]) > due[e["kind"]]]
    assert sorted(e["name"] for e in late) == ["区住房和城乡建设局", "区农村经济服务中心"]
    assert [e["name"] for e in manifest if not e["file"]] == ["区殡仪馆"]
    assert [e["file"] for e in manifest if e["file"] and e["file"].endswith(".xls")] == [
        "区博物馆_附表1_2026Q3.xls"
    ]
    superseded = [e for e in manifest if e.get("superseded")]
    assert len(superseded) == 1
    newer = [e for e in manifest if e["code"] == superseded[0]["code"] and not e.get("superseded")]
    assert newer and newer[0]["received"] > superseded[0]["received"] and not newer[0]["mistakes"]
    with_mistakes = [e for e in manifest if e["mistakes"]]
    assert 6 <= len(with_mistakes) <= 12


def test_each_sample_file_carries_the_identity_the_manifest_names(manifest):
    for entry in manifest:
        if not entry["file"]:
            continue
        identity = _identity_of(SAMPLE / "returns" / entry["file"])
        assert identity["code"] == entry["code"], entry["file"]
        assert identity["period"] == "2026Q3"
        assert identity["workbook"] == entry["kind"]


def test_received_dates_are_the_saved_times(manifest):
    for entry in manifest:
        if entry["file"] and entry["file"].endswith(".xlsx"):
            with zipfile.ZipFile(SAMPLE / "returns" / entry["file"]) as z:
                core = z.read("docProps/core.xml").decode()
            assert f">{entry['received']}T" in core, entry["file"]


def test_clean_sample_values_match_the_manifest(manifest):
    entry = next(e for e in manifest if e["name"] == "区教育局（本级）")
    wb = openpyxl.load_workbook(SAMPLE / "returns" / entry["file"])
    for facts in entry["projects"].values():
        ws = wb[facts["sheet"]]
        assert Decimal(str(clerk.field_cell(ws, "project", "funds_received").value)) == Decimal(
            facts["received"]
        )
        assert Decimal(str(clerk.field_cell(ws, "project", "funds_spent").value)) == Decimal(facts["spent"])
        assert clerk.field_cell(ws, "project", "implementation").value


# the library on freshly generated workbooks --------------------------------------------------------
def tiny_roster() -> Roster:
    indicators = [
        IndicatorTarget("P1", "产出", "产出数量", "维修改造面积", "≥1200平方米"),
        IndicatorTarget("P1", "产出", "产出质量", "验收合格率", "=100%"),
        IndicatorTarget("P1", "产出", "产出时效", "完工时间", "≤2026年11月30日"),
        IndicatorTarget("P1", "效果", "服务对象满意度", "师生满意度", "≥90%"),
        IndicatorTarget("P2", "产出", "产出数量", "新建校舍面积", "≥12000平方米"),
        IndicatorTarget("P2", "效果", "社会效益", "办学条件", "明显改善"),
    ]
    return Roster(
        [Department("D1", "区教育局", Decimal("5000"))],
        [Unit("U1", "区第一实验小学", "D1")],
        [
            Project("P1", "校舍维修改造工程", "U1", Decimal("120.50"), "区级"),
            Project(
                "P2",
                "新建校舍工程",
                "U1",
                Decimal("1500"),
                "区级",
                True,
                {
                    "central_provincial": Decimal("300"),
                    "municipal": Decimal("200"),
                    "district": Decimal("1000"),
                    "other": Decimal("0"),
                },
                date(2026, 3, 1),
                date(2026, 12, 31),
            ),
        ],
        indicators,
    )


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("forms")
    result = generate(tiny_roster(), PERIOD, out, load_config(None, search_from=out), force=True)
    return {f.kind: f.path for f in result.files}


def test_fill_types_what_a_clerk_types_and_leaves_the_source_alone(generated, tmp_path):
    src = generated["unit"]
    before = src.read_bytes()
    facts = clerk.fill_unit_workbook(
        src, tmp_path / "u.xlsx", seed=3, at_risk=0.0, modified=datetime(2026, 10, 8, 2)
    )
    assert src.read_bytes() == before
    assert [f.code for f in facts] == ["P1", "P2"]
    wb = openpyxl.load_workbook(tmp_path / "u.xlsx")
    ws = wb[facts[0].sheet]
    received = Decimal(str(clerk.field_cell(ws, "project", "funds_received").value))
    spent = Decimal(str(clerk.field_cell(ws, "project", "funds_spent").value))
    assert spent <= received <= Decimal("120.50") and (received, spent) == (facts[0].received, facts[0].spent)
    table = clerk.find_table(ws, "project")
    rows = [r for r in table.rows if ws.cell(row=r, column=table.columns["level3"]).value]
    assert len(rows) == 4
    for r in rows:
        assert ws.cell(row=r, column=table.columns["actual"]).value
        assert ws.cell(row=r, column=table.columns["likelihood"]).value in ("确定能", "可能性大")
    assert wb.properties.modified == datetime(2026, 10, 8, 2)
    # deterministic for a seed
    again = clerk.fill_unit_workbook(src, tmp_path / "u2.xlsx", seed=3, at_risk=0.0)
    assert [(f.received, f.spent, f.indicators) for f in again] == [
        (f.received, f.spent, f.indicators) for f in facts
    ]


MISTAKE_CASES = [
    (
        clerk.Mistakes(spent_over_received=True),
        lambda ws, f: _money(ws, "funds_spent") > _money(ws, "funds_received"),
    ),
    (
        clerk.Mistakes(received_over_budget=True),
        lambda ws, f: _money(ws, "funds_received") > Decimal("120.50"),
    ),
    (clerk.Mistakes(near_miss_likelihood=True), lambda ws, f: "可能性较大" in _column(ws, "likelihood")),
    (
        clerk.Mistakes(unlikely_without_analysis=True),
        lambda ws, f: (
            "可能性小" in _column(ws, "likelihood")
            and not _field(ws, "deviation_analysis")
            and not _field(ws, "improvement_plan")
        ),
    ),
    (clerk.Mistakes(missing_required="implementation"), lambda ws, f: _field(ws, "implementation") is None),
    (clerk.Mistakes(text_numbers="thousands"), lambda ws, f: isinstance(_field(ws, "funds_received"), str)),
    (clerk.Mistakes(text_numbers="wanyuan"), lambda ws, f: str(_field(ws, "funds_spent")).endswith("万元")),
    (clerk.Mistakes(text_numbers="fullwidth"), lambda ws, f: "．" in str(_field(ws, "funds_spent"))),
    (clerk.Mistakes(tamper_budget=True), lambda ws, f: _money(ws, "budget_total") != Decimal("120.50")),
    (
        clerk.Mistakes(extra_indicator_row=True),
        lambda ws, f: "开展督导检查次数" in _column(ws, "level3") and len(_column(ws, "level3")) == 5,
    ),
]


def _field(ws, key):
    return clerk.field_cell(ws, "project", key).value


def _money(ws, key) -> Decimal:
    return Decimal(str(_field(ws, key)))


def _column(ws, key) -> list:
    table = clerk.find_table(ws, "project")
    return [
        ws.cell(row=r, column=table.columns[key]).value
        for r in table.rows
        if ws.cell(row=r, column=table.columns["level3"]).value
    ]


@pytest.mark.parametrize(
    "mistakes,check",
    MISTAKE_CASES,
    ids=[str({k: v for k, v in m.__dict__.items() if v and k != "sheet"}) for m, _ in MISTAKE_CASES],
)
def test_each_mistake_lands_on_the_chosen_sheet(generated, tmp_path, mistakes, check):
    facts = clerk.fill_unit_workbook(
        generated["unit"], tmp_path / "m.xlsx", seed=5, at_risk=0.0, mistakes=mistakes
    )
    wb = openpyxl.load_workbook(tmp_path / "m.xlsx")
    assert check(wb[facts[0].sheet], facts[0])
    assert facts[0].mistakes and not facts[1].mistakes


def test_inserted_row_keeps_merges_and_dropdowns_consistent(generated, tmp_path):
    facts = clerk.fill_unit_workbook(
        generated["unit"],
        tmp_path / "m.xlsx",
        seed=5,
        at_risk=0.0,
        mistakes=clerk.Mistakes(extra_indicator_row=True),
    )
    ws = openpyxl.load_workbook(tmp_path / "m.xlsx")[facts[0].sheet]
    table = clerk.find_table(ws, "project")
    col_a = [
        str(m)
        for m in ws.merged_cells.ranges
        if m.min_col == 1 and m.min_row > table.header_row and m.max_col == 1
    ]
    # 产出 now spans its three original rows and the inserted one
    assert f"A{table.header_row + 1}:A{table.header_row + 4}" in col_a
    likelihood_dv = next(dv for dv in ws.data_validations.dataValidation if "可能性大" in (dv.formula1 or ""))
    last_indicator = max(r for r in table.rows if ws.cell(row=r, column=3).value)
    assert any(c.min_row <= last_indicator <= c.max_row for c in likelihood_dv.sqref.ranges)
    assert ws.cell(row=table.end_row, column=1).value.startswith("注")


def test_department_fill_is_consistent_with_the_units(generated, tmp_path):
    unit_facts = clerk.fill_unit_workbook(generated["unit"], tmp_path / "u.xlsx", seed=1, at_risk=0.0)
    by_code = {f.code: f for f in unit_facts}
    totals = (
        sum(f.budget for f in unit_facts),
        sum(f.received for f in unit_facts),
        sum(f.spent for f in unit_facts),
    )
    key = clerk.fill_department_workbook(
        generated["department"], tmp_path / "d.xlsx", seed=2, projects=by_code, totals=totals
    )
    assert [k.code for k in key] == ["P2"]
    wb = openpyxl.load_workbook(tmp_path / "d.xlsx")
    sheet3 = wb[key[0].sheet]
    total_cell = clerk.field_cell(sheet3, "key_project", "total_budget")
    executed_total = Decimal(str(sheet3.cell(row=total_cell.row, column=total_cell.column + 1).value))
    assert executed_total == by_code["P2"].spent
    executed = [
        Decimal(str(sheet3.cell(row=total_cell.row + i, column=total_cell.column + 1).value))
        for i in range(1, 5)
    ]
    assert sum(executed) == executed_total and executed[3] == 0  # 其他 has no budget, so nothing executed
    sheet2 = next(ws for ws in wb.worksheets if ws.title.startswith("附表2"))
    table = clerk.find_table(sheet2, "department")
    rates = {
        sheet2.cell(row=r, column=table.columns["indicator"]).value: sheet2.cell(
            row=r, column=table.columns["actual"]
        ).value
        for r in table.rows
    }
    expected = (totals[2] * 100 / totals[0]).quantize(Decimal("0.1"))
    assert rates["预算执行率"] == f"{expected}%"
    assert "重点工作1" not in rates and any(str(k).startswith("推进") for k in rates)


def test_set_modified_rewrites_the_saved_time(generated, tmp_path):
    target = tmp_path / "x.xlsx"
    target.write_bytes(generated["unit"].read_bytes())
    clerk.set_modified(target, datetime(2026, 10, 15, 2, 30))
    assert openpyxl.load_workbook(target).properties.modified == datetime(2026, 10, 15, 2, 30)
    assert datetime.utcfromtimestamp(target.stat().st_mtime) == datetime(2026, 10, 15, 2, 30)
