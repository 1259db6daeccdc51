"""The 整改 lines of `make bench`: what tracking 整改 items costs a validation. Two workspaces see the same
returns and then the same folder in which every unit has sent a new copy; in one of them a 整改通知 was
issued in between, so its second validation also judges every item (each unit's new copy is evidence).
Both second validations read everything again (--no-cache) and record it; they are run in turn, three
times each, and the fastest of each is compared: the items may add at most 10% to the validation."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

from benchmarks.baselines import files_under, mirror
from benchmarks.measure import Measurement
from benchmarks.revalidate import corrected_copy

Measure = Callable[[list[str]], Measurement]
LIMIT = 0.10


def _corrected_or_linked(src: Path, target: Path) -> None:
    if src.suffix == ".xlsx":
        corrected_copy(src, target)
    else:
        os.link(src, target)


def all_corrected(returns: Path, dest: Path) -> int:
    """dest = a corrected copy of every .xlsx return under the same name (.xls ones hard-linked)."""
    files = files_under(returns)
    mirror(returns, dest, files, _corrected_or_linked)
    return len(files)


def _items(perfcli: str, config: list[str]) -> int:
    done = subprocess.run(
        [perfcli, "ledger", "rectifications", "--json", *config], capture_output=True, text=True
    )
    return done.stdout.count('"id"')


def rectification_lines(
    perfcli: str, returns: Path, work: Path, period: str, measure: Measure
) -> list[tuple[str, int, Measurement, str, str]]:
    """(operation, files, measurement, target, verdict) of each 整改 line."""
    corrected = work / "returns-all-corrected"
    n = all_corrected(returns, corrected)
    validate: dict[str, list[str]] = {}
    issued: Measurement | None = None
    items = 0
    for name in ("plain", "tracked"):
        workspace = work / f"workspace-{name}"
        if workspace.exists():
            shutil.rmtree(workspace)
        subprocess.run([perfcli, "init", str(workspace)], check=True, capture_output=True)
        config = ["--config", str(workspace / "perfcli.toml")]
        validate[name] = [perfcli, "validate", "--period", period, "--json", "--jobs", "1", *config]
        measure([*validate[name], str(returns)])
        if name == "tracked":
            letters = work / "letters-rectification"
            issued = measure(
                [perfcli, "render", "rectification", str(returns), "--period", period, "--out", str(letters),
                 "--jobs", "2", "--force", *config]
            )  # fmt: skip
            items = _items(perfcli, config)
    # alternate the two, so that a load the machine takes on in the meantime weighs on both alike
    runs: dict[str, list[Measurement]] = {"plain": [], "tracked": []}
    for _ in range(3):
        for name in runs:
            runs[name].append(measure([*validate[name], "--no-cache", str(corrected)]))
    timed = {name: min(found, key=lambda m: m.seconds) for name, found in runs.items()}
    plain, tracked = timed["plain"], timed["tracked"]
    share = tracked.seconds / plain.seconds - 1
    verdict = f"{'达到' if share <= LIMIT else '未达到'}（{share:+.1%}）"
    assert issued is not None
    return [
        (f"render rectification --jobs 2（登记整改事项 {items} 项）", n, issued, "", ""),
        ("validate --jobs 1 --no-cache，新副本，无整改事项（三次取最快）", n, plain, "", ""),
        (
            f"validate --jobs 1 --no-cache，新副本，核实 {items} 项整改事项（三次取最快）",
            n,
            tracked,
            "比无整改事项时多 ≤ 10%",
            verdict,
        ),
    ]
