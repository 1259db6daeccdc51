"""Which files a batch command reads: workbooks under the given paths, without Office/WPS temp files.

The one place files are found, for extract, validate, status, aggregate and render alike.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from perfcli.errors import UsageError

# .et: WPS 表格, an OLE2 file like .xls (read when it holds BIFF, else refused with a way out)
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods", ".et")


def is_temp(name: str) -> bool:
    """Office lock files (~$…), our own temp files (.~…) and hidden files."""
    return name.startswith(("~$", ".~", "."))


def discover(paths: Iterable[Path]) -> list[Path]:
    """Workbook files under `paths` (folders recursively), sorted, without lock, temp and hidden files.

    A file named explicitly is taken whatever its name or suffix (the reader decides by its bytes); a
    path that does not exist is a usage error. A subfolder that cannot be listed is returned as it is,
    so that the reader rejects it with its reason and the batch counts it, instead of losing its files
    without a word; a file that vanishes (or a dangling link) is listed, and the reader says so.
    """
    found: dict[str, Path] = {}

    def unreadable(exc: OSError) -> None:
        if exc.filename:
            found[str(exc.filename)] = Path(exc.filename)

    for path in paths:
        path = Path(path)
        if path.is_dir():
            for root, dirs, files in os.walk(path, onerror=unreadable):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in files:
                    if name.lower().endswith(WORKBOOK_SUFFIXES) and not is_temp(name):
                        candidate = Path(root) / name
                        found[str(candidate)] = candidate
        elif path.is_file():
            found[str(path)] = path
        else:
            raise UsageError(f"找不到文件或文件夹：{path}")
    return [found[k] for k in sorted(found)]
