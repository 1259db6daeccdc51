"""The two reading baselines, run as their own process on the very same files:

calamine  — python-calamine reading every cell value of every sheet: the floor for any reader;
openpyxl  — what a clerk's script does today: openpyxl.load_workbook on each file, every cell.
"""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Callable
from pathlib import Path

SUFFIXES = {".xlsx", ".xlsm", ".xls"}


def files_under(root: Path) -> list[Path]:
    return sorted(
        p for p in root.rglob("*") if p.suffix.lower() in SUFFIXES and not p.name.startswith(("~$", ".~"))
    )


def mirror(root: Path, dest: Path, files: list[Path], make: Callable[[Path, Path], object] = os.link) -> None:
    """dest = `files` (under `root`) at the same relative paths, each made by `make` (a hard link: same
    bytes, no copy); what was in dest before goes."""
    if dest.exists():
        shutil.rmtree(dest)
    for src in files:
        target = dest / src.relative_to(root)
        target.parent.mkdir(parents=True, exist_ok=True)
        make(src, target)


def read_calamine(path: Path) -> int:
    from python_calamine import CalamineWorkbook

    wb = CalamineWorkbook.from_path(str(path))
    cells = 0
    for name in wb.sheet_names:
        for row in wb.get_sheet_by_name(name).to_python():
            cells += len(row)
    return cells


def read_openpyxl(path: Path) -> int:
    import openpyxl

    if path.suffix.lower() == ".xls":  # openpyxl cannot read .xls: a script would use xlrd there
        import xlrd

        book = xlrd.open_workbook(str(path))
        return sum(len(sh.row_values(r)) for sh in book.sheets() for r in range(sh.nrows))
    wb = openpyxl.load_workbook(path)
    cells = 0
    for ws in wb.worksheets:
        for row in ws.iter_rows(values_only=True):
            cells += len(row)
    return cells


def main(argv: list[str]) -> int:
    kind, root = argv[0], Path(argv[1])
    reader = {"calamine": read_calamine, "openpyxl": read_openpyxl}[kind]
    total = sum(reader(p) for p in files_under(root))
    print(total)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
