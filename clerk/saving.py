"""Saving as a clerk does: the workbook's modified time (the received date), or a re-save as .xls."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
import zipfile
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from perfcli.io.office.pdf import find_soffice


def save(wb: Any, dst: Path, modified: datetime | None) -> None:
    """Save an openpyxl workbook to `dst`, stamped with `modified` when given."""
    dst = Path(dst)
    dst.parent.mkdir(parents=True, exist_ok=True)
    wb.save(dst)
    if modified is not None:
        set_modified(dst, modified)


def set_modified(path: Path, when: datetime) -> None:
    """Set the workbook's docProps modified time (what the validator takes as the received date), and the
    file's mtime. `when` is naive UTC."""
    path = Path(path)
    stamp = when.strftime("%Y-%m-%dT%H:%M:%SZ")
    fd, tmp_name = tempfile.mkstemp(suffix=".xlsx", dir=path.parent)
    os.close(fd)
    with zipfile.ZipFile(path) as zin, zipfile.ZipFile(tmp_name, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "docProps/core.xml":
                text = data.decode("utf-8")
                text, n = re.subn(
                    r"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)", rf"\g<1>{stamp}\g<2>", text
                )
                if n == 0:
                    text = text.replace(
                        "</cp:coreProperties>",
                        f'<dcterms:modified xsi:type="dcterms:W3CDTF">{stamp}</dcterms:modified></cp:coreProperties>',
                    )
                data = text.encode("utf-8")
            zout.writestr(item, data)
    os.chmod(tmp_name, 0o644)
    os.replace(tmp_name, path)
    epoch = (when - datetime(1970, 1, 1)).total_seconds()
    os.utime(path, (epoch, epoch))


def resave_all_as_xls(pairs: Sequence[tuple[Path, Path]], *, timeout: int = 1800) -> list[Path]:
    """Re-save workbooks as .xls (Excel 97–2003) with LibreOffice, as clerks on an old Excel would: one
    soffice run with its own profile for all of them (start-up costs seconds, a file milliseconds). Each
    (src, dst) pair writes dst and leaves src; dst keeps src's file times, as the clerk's save time travels
    with an email attachment. Returns the dsts."""
    soffice = find_soffice()
    if soffice is None:
        raise RuntimeError("LibreOffice (soffice) is not installed")
    pairs = [(Path(src), Path(dst)) for src, dst in pairs]
    with tempfile.TemporaryDirectory(prefix="lo-fill-") as work:
        outdir = Path(work) / "out"
        subprocess.run(
            [
                soffice,
                f"-env:UserInstallation=file://{work}/profile",
                "--headless",
                "--convert-to",
                "xls",
                "--outdir",
                str(outdir),
                *(str(src) for src, _dst in pairs),
            ],
            check=True,
            timeout=timeout,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for src, dst in pairs:
            dst.parent.mkdir(parents=True, exist_ok=True)
            shutil.move(str(outdir / (src.stem + ".xls")), dst)
            stat = src.stat()
            os.utime(dst, (stat.st_atime, stat.st_mtime))
    return [dst for _src, dst in pairs]


def resave_as_xls(src: Path, dst: Path, *, timeout: int = 120) -> Path:
    """Re-save one workbook as .xls, as a clerk on an old Excel would (see resave_all_as_xls)."""
    return resave_all_as_xls([(src, dst)], timeout=timeout)[0]
