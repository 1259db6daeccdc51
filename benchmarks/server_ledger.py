"""The server-ledger lines of `make bench`: validate of the whole city in a workspace whose ledger is the
SQLite file, against the same in a workspace whose ledger is PostgreSQL ([ledger] url), each cold (a fresh
ledger: every file read, and recorded) and warm (the same folder again: every reading from the ledger's
cache). The server is a real PostgreSQL on 127.0.0.1 started for the run (tests/postgres_server.py); where
PostgreSQL is not installed the lines are skipped, with a note."""

from __future__ import annotations

import subprocess
import uuid
from collections.abc import Callable
from pathlib import Path

from benchmarks.baselines import files_under
from benchmarks.measure import Measurement

Measure = Callable[[list[str]], Measurement]
Line = tuple[str, int, Measurement, str, str]
SKIPPED = (
    "validate 的 SQLite 台账与 PostgreSQL 台账对比：跳过（本机未安装 PostgreSQL；.ci/run 安装 postgresql）"
)


def _workspace(perfcli: str, folder: Path, url: str | None) -> list[str]:
    subprocess.run([perfcli, "init", str(folder)], check=True, capture_output=True)
    if url is not None:
        config = folder / "perfcli.toml"
        text = config.read_text(encoding="utf-8")
        config.write_text(text.replace('\nurl = ""', f'\nurl = "{url}"', 1), encoding="utf-8")
    return ["--config", str(folder / "perfcli.toml")]


def server_ledger_lines(
    perfcli: str, returns: Path, work: Path, period: str, measure: Measure
) -> tuple[list[Line], list[str]]:
    """(lines, notes): validate cold and warm with each ledger; the notes say when they were skipped."""
    from tests import postgres_server

    if not postgres_server.available():
        return [], [SKIPPED]
    n = len(files_under(returns))
    lines: list[Line] = []
    with postgres_server.postgres() as server:
        url = server.create_database("bench" + uuid.uuid4().hex[:8])
        timings: dict[str, tuple[Measurement, Measurement]] = {}
        for name, ledger in (("SQLite", None), ("PostgreSQL", url)):
            config = _workspace(perfcli, work / f"ledger-{name.lower()}", ledger)
            command = [
                perfcli,
                "validate",
                str(returns),
                "--period",
                period,
                "--json",
                "--jobs",
                "1",
                *config,
            ]
            timings[name] = (measure(command), measure(command))
    for name, (cold, warm) in timings.items():
        base_cold, base_warm = timings["SQLite"]
        share = "" if name == "SQLite" else f"SQLite 的 {cold.seconds / base_cold.seconds:.2f}×"
        lines.append((f"validate --jobs 1，{name} 台账，首次（冷）", n, cold, "", share))
        share = "" if name == "SQLite" else f"SQLite 的 {warm.seconds / base_warm.seconds:.2f}×"
        lines.append((f"validate --jobs 1，{name} 台账，再次（热）", n, warm, "", share))
    return lines, []
