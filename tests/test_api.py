"""The Python API the bureau's analysts script against: `import perfcli`, the exported members, and pandas
views whose money stays exact."""

from __future__ import annotations

import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pandas as pd
import pytest

import perfcli

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "sample_data"


def test_the_exported_members():
    expected = {
        "init",
        "generate",
        "generate_blank",
        "extract",
        "validate",
        "status",
        "aggregate_department",
        "aggregate_city",
        "render",
        "check_template",
    }
    assert expected <= set(perfcli.__all__)
    for name in perfcli.__all__:
        assert getattr(perfcli, name) is not None, name
    assert callable(perfcli.validate) and callable(perfcli.aggregate_city)
    assert perfcli.validate.__doc__ and perfcli.aggregate_city.__doc__
    with pytest.raises(AttributeError):
        perfcli.no_such_thing  # noqa: B018


def test_import_perfcli_loads_no_heavy_library():
    code = "import sys, perfcli; print(sorted(m for m in ('pandas', 'openpyxl', 'docxtpl', 'xlsxwriter') if m in sys.modules))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


@pytest.fixture(scope="module")
def report():
    return perfcli.validate(SAMPLE / "returns", roster=SAMPLE / "roster.xlsx", period="2026Q3")


def test_findings_frame_has_one_row_per_finding(report):
    frame = report.findings_frame()
    assert isinstance(frame, pd.DataFrame)
    assert len(frame) == len(report.all_findings) > 0
    assert {"file", "unit", "severity", "code", "sheet", "cell", "message", "suggestion"} <= set(
        frame.columns
    )
    errors = frame[frame.severity == "error"]
    assert len(errors) == report.summary["errors"]
    v103 = frame[frame.code == "V103"].iloc[0]
    assert v103.cell and v103.sheet and "已支出资金" in v103.message


def test_records_and_indicators_frames(report):
    records = report.records_frame()
    assert len(records) == report.summary["forms"]
    projects = records[records.form == "project"]
    assert all(isinstance(v, Decimal) for v in projects.budget_total.dropna())  # money stays exact
    indicators = report.indicators_frame()
    assert {"unit", "project", "level1", "level2", "level3", "target", "actual", "likelihood"} <= set(
        indicators.columns
    )
    per_record = sum(len(r.table) for f in report.files if f.status == "read" for r in f.records)
    assert len(indicators) == per_record
    assert set(indicators.likelihood.dropna()) <= {"确定能", "可能性大", "可能性小", "不可能", "可能性较大"}


def test_city_frames_add_up_exactly(report):
    city = perfcli.aggregate_city(report, roster=SAMPLE / "roster.xlsx")
    projects, departments = city.projects_frame(), city.departments_frame()
    assert len(projects) == city.totals.projects
    assert (
        sum(projects.budget_total, Decimal(0)) == city.totals.budget_total
    )  # Decimal: no rounding on the way
    assert sum(departments.funds_spent, Decimal(0)) == city.totals.funds_spent
    # the question of docs/api.md: which departments are more than 10 points behind 序时进度
    behind = departments[departments.progress_gap.map(lambda gap: gap is not None and gap < -10)]
    for _, row in behind.iterrows():
        assert row.execution_rate < city.time_progress - 10


def test_api_refuses_an_existing_output_before_reading(tmp_path):
    target = tmp_path / "问题清单.xlsx"
    target.write_bytes(b"keep me")
    with pytest.raises(perfcli.OutputExistsError):
        perfcli.validate(tmp_path / "nothing-here", report=target)  # refused before the missing path is seen
    assert target.read_bytes() == b"keep me"


def test_the_example_in_docs_api_runs(monkeypatch, capsys):
    """docs/api.md's example answers its question on the sample district."""
    text = (ROOT / "docs" / "api.md").read_text("utf-8")
    code = text.split("```python\n")[1].split("```")[0]
    monkeypatch.chdir(ROOT)
    scope: dict = {}
    exec(compile(code, "docs/api.md", "exec"), scope)
    behind, city = scope["behind"], scope["city"]
    expected = {d.name for d in city.departments if d.progress_gap is not None and d.progress_gap < -10}
    assert set(behind.department) == expected and expected  # the sample district has departments behind
    assert "department" in capsys.readouterr().out
