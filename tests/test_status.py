"""The 报送情况 of a validation report (report.reporting): reported, missing, late or with errors, per department and unit."""

from __future__ import annotations

from datetime import date, datetime

import openpyxl
import pytest
from test_validate import department_workbook, roster, unit_workbook

from perfcli.findings.batch import validate_paths
from perfcli.model.config import load_config
from perfcli.model.period import Period

Q3 = Period.parse("2026Q3")
BOTH = ({}, {"name": "道路提升", "budget": 600, "received": 500, "spent": 450})  # U01's two projects


@pytest.fixture
def config(tmp_path):
    return load_config(search_from=tmp_path)


def test_states_per_department_and_unit(tmp_path, config):
    unit_workbook(tmp_path / "u1.xlsx", projects=BOTH, saved=datetime(2026, 10, 12))  # late (due 10-10)
    unit_workbook(
        tmp_path / "u2.xlsx", unit="区水利局（本级）", name="河道整治", budget=300, received=200, spent=250
    )  # error
    department_workbook(tmp_path / "d1.xlsx")
    (tmp_path / "junk.xlsx").write_bytes(b"")
    report = validate_paths([tmp_path], config, period=Q3, roster=roster())
    table = report.reporting
    rows = {(r.kind, r.code): r for r in table.rows}
    assert rows[("unit", "U01")].state == "late" and rows[("unit", "U01")].received == "2026-10-12"
    assert rows[("unit", "U01")].due == date(2026, 10, 10)
    assert rows[("unit", "U02")].state == "errors" and rows[("unit", "U02")].errors == 1
    assert rows[("department", "D01")].state == "reported" and rows[("department", "D01")].due == date(
        2026, 10, 20
    )
    assert rows[("department", "D02")].state == "missing" and rows[("department", "D02")].files == []
    assert [f.path for f in table.unmatched] == [str(tmp_path / "junk.xlsx")]
    assert table.summary["missing"] == 1 and table.summary["rejected"] == 1
    data = table.to_json()
    assert data["period"] == "2026Q3" and len(data["rows"]) == 4
    assert data["rows"][0]["state_label"] == "已报送"


def test_the_summary_line_adds_up(tmp_path, config):
    """A unit late and with errors is counted once (有错误) and its lateness said apart: the parts sum to 共 N."""
    unit_workbook(tmp_path / "u1.xlsx", projects=BOTH, saved=datetime(2026, 10, 12))  # late
    unit_workbook(
        tmp_path / "u2.xlsx", unit="区水利局（本级）", name="河道整治", budget=300, received=200, spent=250,
        saved=datetime(2026, 10, 13),
    )  # fmt: skip  # late and with an error
    department_workbook(tmp_path / "d1.xlsx")
    table = validate_paths([tmp_path], config, period=Q3, roster=roster()).reporting
    line = table.summary_line()
    import re

    total = int(re.search(r"共 (\d+) 个", line).group(1))
    parts = [int(n) for n in re.findall(r"(?:已报送|逾期报送|有错误|部分报送|未报送) (\d+)", line)]
    assert len(parts) == 5 and sum(parts) == total == len(table.rows)
    assert "逾期报送 1" in line and "有错误 1" in line and "另有 1 个有错误或部分报送的也已逾期" in line


def test_superseded_files_are_listed_but_do_not_count(tmp_path, config):
    unit_workbook(tmp_path / "old.xlsx", projects=BOTH, spent=950, saved=datetime(2026, 10, 3))
    unit_workbook(tmp_path / "new.xlsx", projects=BOTH, saved=datetime(2026, 10, 6))
    report = validate_paths([tmp_path], config, period=Q3, roster=roster())
    row = next(r for r in report.reporting.rows if r.code == "U01")
    assert row.files == [str(tmp_path / "new.xlsx")] and row.superseded == [str(tmp_path / "old.xlsx")]
    assert row.errors == 0


def test_status_workbook(tmp_path, config):
    from perfcli.findings.sheets import STATUS_COLUMNS, write_status_report

    unit_workbook(tmp_path / "in" / "u1.xlsx", projects=BOTH)
    report = validate_paths([tmp_path / "in"], config, period=Q3, roster=roster())
    table = report.reporting
    path = write_status_report(table, tmp_path / "报送情况表.xlsx")
    ws = openpyxl.load_workbook(path)["报送情况"]
    assert [c.value for c in ws[1]] == [c for c, _ in STATUS_COLUMNS]
    rows = [[c.value for c in r] for r in ws.iter_rows(min_row=2)]
    assert len(rows) == 4 and ws.freeze_panes == "A2"
    assert {r[4] for r in rows} == {"已报送", "未报送"}
