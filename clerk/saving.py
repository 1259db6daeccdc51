"""Saving as a clerk does: the workbook's modified time (the received date), or a re-save as .xls."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
import zipfile
from datetime import datetime
from pathlib import Path
from typing import Any


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


def resave_as_xls(src: Path, dst: Path, *, timeout: int = 120) -> Path:
    """Re-save a workbook as .xls (Excel 97–2003) with LibreOffice, as a clerk on an old Excel would."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise RuntimeError("LibreOffice (soffice) is not installed")
    src, dst = Path(src), Path(dst)
    with tempfile.TemporaryDirectory(prefix="lo-fill-") as work:
        profile = Path(work) / "profile"
        outdir = Path(work) / "out"
        subprocess.run(
            [
                soffice,
                f"-env:UserInstallation=file://{profile}",
                "--headless",
                "--convert-to",
                "xls",
                "--outdir",
                str(outdir),
                str(src),
            ],
            check=True,
            timeout=timeout,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        produced = outdir / (src.stem + ".xls")
        dst.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(str(produced), dst)
    stat = src.stat()
    os.utime(
        dst, (stat.st_atime, stat.st_mtime)
    )  # LibreOffice keeps the document's saved time; so does the file
    return dst
