"""The year's first stage at city scale (issue 23): every project's 项目支出绩效目标申报表 generated, filled as a unit
would (scripts/make_sample_targets.py: last year's indicators carried into the year, every family declared),
validated in a workspace (read, reviewed by the 初审 rules, recorded as versions) and put on a 审核意见表."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import openpyxl

from benchmarks.baselines import files_under
from benchmarks.measure import Measurement

YEAR = "2027"
Line = tuple[str, int, Measurement, str, str]


def fill_targets(forms: Path, returns: Path, roster_path: Path) -> int:
    """Each generated 申报表 workbook under `forms`, filled clean, into `returns`; the number of sheets."""
    from perfcli.roster.read import read_roster
    from scripts.make_sample_targets import (
        complete_rows,
        declared_rows,
        fill_sheet,
        form_values,
        unit_code_of,
    )

    roster = read_roster(roster_path)
    returns.mkdir(parents=True, exist_ok=True)
    sheets = 0
    for path in sorted(forms.rglob("*.xlsx")):
        book = openpyxl.load_workbook(path)
        for project, sheet in zip(
            roster.projects_of(unit_code_of(roster, book)), book.worksheets, strict=False
        ):
            rows = declared_rows(roster, project)
            complete_rows(roster, project, rows)
            fill_sheet(sheet, project, rows, form_values(project))
            sheets += 1
        book.save(returns / path.name)
    return sheets


def target_lines(
    perfcli: str,
    roster: Path,
    work: Path,
    run_measured: Callable[..., Measurement],
    monitoring_per_sheet: float | None,
) -> list[Line]:
    """generate --stage targets; validate outside a workspace, judged per sheet against validating the quarter's
    monitoring forms (`monitoring_per_sheet` seconds: no roster, no ledger, the same as that line); validate in
    a workspace with the roster (each project's version recorded), as a ratio to it; review targets --out."""
    forms, returns, ws = work / "target_forms", work / "targets", work / "targets_workspace"
    m_generate = run_measured(
        [perfcli, "generate", str(roster), "--stage", "targets", "--period", YEAR, "--out", str(forms),
         "--jobs", "2"]
    )  # fmt: skip
    sheets = fill_targets(forms, returns, roster)
    m_read = run_measured([perfcli, "validate", str(returns), "--json", "--jobs", "1"])
    run_measured([perfcli, "init", str(ws)])
    config = ["--config", str(ws / "perfcli.toml")]
    m_validate = run_measured(
        [perfcli, "validate", str(returns), "--roster", str(roster), "--json", "--jobs", "1", *config]
    )
    m_review = run_measured(
        [perfcli, "review", "targets", "--period", YEAR, "--as", "初审", "--out", str(ws / "初审意见表.xlsx"),
         *config]
    )  # fmt: skip
    verdict = ""
    if monitoring_per_sheet:
        per_sheet = (m_read.seconds / sheets) / monitoring_per_sheet
        verdict = f"{'达到' if per_sheet <= 2 else '未达到'}（{per_sheet:.2f}×）"
    recorded = f"工作区外的 {m_validate.seconds / m_read.seconds:.2f} 倍" if m_read.seconds else ""
    n_files = len(files_under(returns))
    return [
        ("generate --stage targets（--jobs 2）", len(files_under(forms)), m_generate, "", ""),
        (f"validate 申报表（{sheets} 张，读取和审核）", n_files, m_read,
         "每张表 ≤ 2× validate --jobs 1 的每张监控表", verdict),
        ("validate 申报表（在工作区内，--roster，记入台账）", n_files, m_validate, "", recorded),
        (f"review targets --out 初审意见表（{sheets} 个项目）", 1, m_review, "", ""),
    ]  # fmt: skip
