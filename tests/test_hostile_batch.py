"""The whole batch at once: 200 returns, every hostile kind among them, validated with --report --annotate
--jobs 2 in a real process. Every good file is read, every bad one reported by name, no exit 3, and nothing
that could drive a terminal is printed."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from benchmarks.hostile import write_hostile_batch

ROOT = Path(__file__).resolve().parents[1]
PERFCLI = [sys.executable, "-c", "from perfcli.cli.main import run; run()"]


@pytest.mark.slow
def test_hostile_batch_of_200_completes(tmp_path: Path) -> None:
    good, hostile = write_hostile_batch(tmp_path / "returns")
    assert len(good) + len(hostile) == 200
    done = subprocess.run(
        [*PERFCLI, "validate", str(tmp_path / "returns"), "--json", "--jobs", "2"]
        + ["--report", str(tmp_path / "问题清单.xlsx"), "--annotate", str(tmp_path / "annotated")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=600,
        check=False,
    )
    assert done.returncode == 1, done.stderr
    assert "内部错误" not in done.stderr and "Traceback" not in done.stderr
    for stream in (done.stdout, done.stderr):
        assert "\x1b" not in stream and "\x07" not in stream
    assert "\u202e" not in done.stderr

    files = {Path(f["path"]).name: f for f in json.loads(done.stdout)["files"]}
    assert set(files) == {p.name for p in good + hostile}, "every file is accounted for"
    for path in good:
        assert files[path.name]["status"] == "read", files[path.name]
    for path in hostile:
        entry = files[path.name]
        assert entry["status"] == "rejected" or entry["errors"] + entry["warnings"] > 0, entry
        if entry["status"] == "rejected":
            assert entry["reason"]

    copies = list((tmp_path / "annotated").glob("*.xlsx"))
    assert len(copies) == sum(1 for f in files.values() if f["status"] == "read" and f["findings"])
    for copy in copies:
        assert "\u202e" not in copy.name
        with zipfile.ZipFile(copy) as zf:
            sheets = [n for n in zf.namelist() if n.startswith("xl/worksheets/") and n.endswith(".xml")]
            assert not any(b"<f>" in zf.read(n) or b"<f " in zf.read(n) for n in sheets), copy
