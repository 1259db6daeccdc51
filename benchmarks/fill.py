"""Fill a generated city the way clerks do, reusing the clerk library (clerk/, the same library the sample
returns and the tests use): most forms clean, a share with realistic mistakes, numbers typed as text,
extra indicator rows, and a share re-saved as .xls by LibreOffice (one batched conversion)."""

from __future__ import annotations

import os
from concurrent.futures import ProcessPoolExecutor
from datetime import datetime
from pathlib import Path

import clerk
from perfcli.io.office.pdf import find_soffice

MISTAKE_KINDS = (
    "spent_over_received",
    "received_over_budget",
    "near_miss_likelihood",
    "unlikely_without_analysis",
    "missing_required",
    "tamper_budget",
)
TEXT_STYLES = ("thousands", "wanyuan", "fullwidth")


def _plan(index: int):
    """What the clerk of the index-th unit workbook does: ~10% mistakes, ~10% numbers as text, ~5% extra rows."""
    m = clerk.Mistakes()
    if index % 10 == 3:
        kind = MISTAKE_KINDS[(index // 10) % len(MISTAKE_KINDS)]
        setattr(m, kind, "funds_spent" if kind == "missing_required" else True)
    if index % 10 == 6:
        m.text_numbers = TEXT_STYLES[(index // 10) % len(TEXT_STYLES)]
    if index % 20 == 9:
        m.extra_indicator_row = True
    return m


def _fill_one(job: tuple[str, str, str, int]) -> tuple[str, str]:
    kind, src, dst, index = job
    on_time = datetime(2026, 10, 8 if kind == "unit" else 18, 9, 30)
    if kind == "unit":
        m = _plan(index)
        clerk.fill_unit_workbook(
            Path(src), Path(dst), seed=index, mistakes=m if m.any() else None, modified=on_time
        )
    else:
        clerk.fill_department_workbook(Path(src), Path(dst), seed=index, modified=on_time)
    return kind, dst


def _replace_with_xls(files: list[Path]) -> None:
    """Re-save files as .xls in one LibreOffice run, replacing each .xlsx with its .xls."""
    if not files or find_soffice() is None:
        return
    clerk.resave_all_as_xls([(src, src.with_suffix(".xls")) for src in files])
    for src in files:
        src.unlink()


def fill_city(
    forms: Path, returns: Path, *, seed: int = 7, jobs: int = 2, xls_share: int = 20
) -> dict[str, int]:
    """Fill every generated workbook under `forms` into `returns` (same relative paths)."""
    sources = sorted(forms.rglob("*.xlsx"))
    jobs_list = []
    for index, src in enumerate(sources):
        kind = "department" if "附表2" in src.name else "unit"
        jobs_list.append((kind, str(src), str(returns / src.relative_to(forms)), index + seed))
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        done = list(pool.map(_fill_one, jobs_list, chunksize=8))
    units = [Path(dst) for kind, dst in done if kind == "unit"]
    to_xls = units[::xls_share]  # every 20th unit workbook comes back as .xls
    _replace_with_xls(to_xls)
    with_mistakes = sum(
        1 for i in range(len(jobs_list)) if _plan(jobs_list[i][3]).any() and jobs_list[i][0] == "unit"
    )
    return {
        "units": len(units),
        "departments": len(done) - len(units),
        "unit_workbooks_with_mistakes_or_text_numbers": with_mistakes,
        "resaved_as_xls": len(to_xls) if find_soffice() else 0,
        "cpu_count": os.cpu_count() or 1,
    }


def _fill_self_evaluation(job: tuple[str, str, int]) -> str:
    """Fill one generated 自评表 workbook as a unit would (scripts/make_sample_self_evaluations.fill_sheet)."""
    import random

    import openpyxl

    from scripts.make_sample_self_evaluations import fill_sheet

    src, dst, index = job
    rng = random.Random(index)
    wb = openpyxl.load_workbook(src)
    for i, ws in enumerate(wb.worksheets):
        if ws.sheet_state == "visible":
            # every 10th workbook has a missing 实际完成值 on its first sheet
            fill_sheet(ws, rng, "actual_missing" if i == 0 and index % 10 == 3 else None)
    Path(dst).parent.mkdir(parents=True, exist_ok=True)
    wb.save(dst)
    return dst


def fill_self_evaluations(forms: Path, returns: Path, *, seed: int = 7, jobs: int = 2) -> int:
    """Fill every generated 自评表 workbook under `forms` into `returns`; returns the number of files."""
    sources = sorted(forms.rglob("*.xlsx"))
    jobs_list = [(str(src), str(returns / src.relative_to(forms)), i + seed) for i, src in enumerate(sources)]
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        return len(list(pool.map(_fill_self_evaluation, jobs_list, chunksize=8)))
