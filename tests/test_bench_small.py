"""`make bench --small` works end to end: a tenth of the city, every operation timed and tabulated.

This checks the harness, not the speed: no timing is asserted (speed lives in docs/benchmarks.md).
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.slow


def test_small_benchmark_runs_and_reports_every_operation(tmp_path):
    output = tmp_path / "bench.md"
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "benchmarks.run",
            "--small",
            "--work",
            str(tmp_path / "work"),
            "--output",
            str(output),
        ],
        capture_output=True,
        text=True,
        timeout=1500,
        cwd=ROOT,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    report = output.read_text("utf-8")
    assert "20 个部门，200 个单位，1000 个项目" in report
    rows = {m[1].strip(): m for m in re.finditer(r"^\| ([^|]+) \| (\d+) \| ([\d.]+) \|", report, re.M)}
    for operation in (
        "generate（--jobs 2）",
        "validate --jobs 1（1×）",
        "validate --jobs 2",
        "aggregate city --jobs 2",
        "render reminder --jobs 2（docx）",
        "validate 恶意样本批（--report --annotate --jobs 2）",
        "generate --stage self-evaluation（--jobs 2）",
        "score 自评表（1000 张）",
    ):
        assert operation in rows, f"{operation} missing from the table:\n{report}"
        assert float(rows[operation][3]) > 0
    # every generated workbook was filled and read: 200 unit + 20 department workbooks
    assert int(rows["generate（--jobs 2）"][2]) == 220
    assert int(rows["validate --jobs 1（1×）"][2]) == 220
    assert int(rows["validate --jobs 1（0.1×）"][2]) == 22
    # one reminder per unit and department when nothing came back
    assert int(rows["render reminder --jobs 2（docx）"][2]) == 220
    assert int(rows["validate 恶意样本批（--report --annotate --jobs 2）"][2]) == 200
    # the server-ledger lines: validate with the SQLite ledger and with PostgreSQL, cold and warm
    import postgres_server

    if postgres_server.available():
        for ledger in ("SQLite", "PostgreSQL"):
            for run in ("首次（冷）", "再次（热）"):
                assert int(rows[f"validate --jobs 1，{ledger} 台账，{run}"][2]) == 220
    else:
        assert "跳过（本机未安装 PostgreSQL" in report
    # the 整改 lines: items raised by a 整改通知, then judged by a validation of every unit's new copy
    assert any(op.startswith("validate --jobs 1 --no-cache，新副本，核实") for op in rows), report
