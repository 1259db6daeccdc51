"""The Python API the bureau's analysts script against: `import perfcli`, the exported members, and pandas
views whose money stays exact."""

from __future__ import annotations

import ast
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pandas as pd
import pytest

import perfcli
import perfcli.api

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "sample_data"
PACKAGE = ROOT / "perfcli"


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


def _imported_names(path: Path, *, under_type_checking: bool) -> dict[str, str]:
    """The names a module's `from X import a, b` statements bind (top level, or in `if TYPE_CHECKING:`), each
    with its module."""
    tree = ast.parse(path.read_text("utf-8"))
    body: list[ast.stmt] = tree.body
    if under_type_checking:
        blocks = [n for n in tree.body if isinstance(n, ast.If) and ast.unparse(n.test) == "TYPE_CHECKING"]
        assert len(blocks) == 1, "perfcli/__init__.py has one `if TYPE_CHECKING:` block"
        body = blocks[0].body
    names: dict[str, str] = {}
    for node in body:
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("perfcli"):
            for alias in node.names:
                names[alias.asname or alias.name] = node.module
    return names


def test_one_table_of_public_names():
    """`__all__`, the lazy exports and the TYPE_CHECKING imports name the same things from the same modules."""
    table = perfcli._EXPORTS
    assert perfcli.__all__ == ["__version__", *table]
    assert _imported_names(PACKAGE / "__init__.py", under_type_checking=True) == table
    assert sorted(dir(perfcli)) == sorted(perfcli.__all__)
    for name, module in table.items():
        value = getattr(perfcli, name)
        assert value is getattr(__import__(module, fromlist=[name]), name), name
        assert getattr(value, "__module__", module) == module, name


def test_perfcli_api_exports_a_part_of_the_same_table():
    """perfcli.api's `__all__` is exactly what it imports, and every one of those is a public name of perfcli
    (the same object): no second list disagrees with the first."""
    imported = _imported_names(PACKAGE / "api" / "__init__.py", under_type_checking=False)
    assert sorted(perfcli.api.__all__) == sorted(imported)
    for name in perfcli.api.__all__:
        assert name in perfcli._EXPORTS, f"perfcli.api exports {name}, which perfcli._EXPORTS does not list"
        assert getattr(perfcli.api, name) is getattr(perfcli, name), name


def test_no_api_module_is_shadowed_by_an_exported_name():
    """perfcli.api.target_history was once both a function (exported) and a module of that name imported later:
    the import replaced the function on the package, and `ledger targets` called a module. A module of perfcli.api
    may share its name with an export only when the package imports it itself (the export then wins)."""
    folder = Path(perfcli.api.__file__).parent
    modules = {p.stem for p in folder.glob("*.py")} - {"__init__"}
    for name in sorted(modules & set(perfcli.api.__all__)):
        assert f"perfcli.api.{name}" in sys.modules, f"perfcli.api.{name}: module and export share a name"


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
