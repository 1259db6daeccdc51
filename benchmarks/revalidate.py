"""The re-validation lines of `make bench`: quarter end validates the same folder again after every
corrected copy arrives. Inside a workspace the ledger keeps what each file gave, by content, so a second
run reads only what changed. Timed: the first run in a fresh workspace (cold, and recording), the same
folder again unchanged, and the folder after 100 corrected copies have joined it."""

from __future__ import annotations

import re
import shutil
import zipfile
from collections.abc import Callable
from pathlib import Path

from benchmarks.baselines import files_under, mirror
from benchmarks.measure import Measurement

Measure = Callable[[list[str]], Measurement]


def corrected_copy(source: Path, target: Path) -> None:
    """The same workbook saved again a day later (a clerk's corrected copy): other bytes, a later saved
    time in docProps/core.xml, so that it supersedes the file it corrects."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for item in old.infolist():
            data = old.read(item.filename)
            if item.filename == "docProps/core.xml":
                text = data.decode("utf-8")
                text = re.sub(r"(<dcterms:modified[^>]*>)(\d{4})", lambda m: m.group(1) + "2027", text)
                data = text.encode("utf-8")
            new.writestr(item, data)


def with_corrections(returns: Path, dest: Path, count: int) -> int:
    """dest = hard links to every return, plus `count` corrected copies of .xlsx unit returns."""
    files = files_under(returns)
    mirror(returns, dest, files)
    sources = [f for f in files if f.suffix == ".xlsx" and "附表1" in f.name][:count]
    for src in sources:
        target = dest / src.relative_to(returns)
        corrected_copy(src, target.with_name(f"{target.stem}（更正）{target.suffix}"))
    return len(files) + len(sources)


def revalidation_lines(
    perfcli: str, returns: Path, work: Path, period: str, measure: Measure
) -> list[tuple[str, int, Measurement, str, str]]:
    """(operation, files, measurement, target, verdict) of each re-validation line."""
    import subprocess

    workspace = work / "workspace"
    if workspace.exists():
        shutil.rmtree(workspace)
    subprocess.run([perfcli, "init", str(workspace)], check=True, capture_output=True)
    config = ["--config", str(workspace / "perfcli.toml")]
    command = [perfcli, "validate", "--period", period, "--json", "--jobs", "1", *config]
    n = len(files_under(returns))
    first = measure([*command, str(returns)])
    again = measure([*command, str(returns)])
    corrected = work / "returns-corrected"
    n_corrected = with_corrections(returns, corrected, 100)
    after = measure([*command, str(corrected)])

    def verdict(m: Measurement, limit: float) -> str:
        share = m.seconds / first.seconds
        return f"{'达到' if share <= limit else '未达到'}（首次的 {share:.0%}）"

    return [
        ("validate --jobs 1，工作区首次（读取并记入台账）", n, first, "", ""),
        ("validate --jobs 1，工作区再次（未改动）", n, again, "≤ 首次的 20%", verdict(again, 0.20)),
        (
            "validate --jobs 1，工作区再次（另有 100 份更正副本）",
            n_corrected,
            after,
            "≤ 首次的 35%",
            verdict(after, 0.35),
        ),
    ]
