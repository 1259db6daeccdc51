"""PDF copies of the letters, converted by LibreOffice headless through perfcli.io.office.soffice, in parallel."""

from __future__ import annotations

import shutil
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from perfcli.errors import RunFailed
from perfcli.io.files.outputs import atomic_path
from perfcli.io.files.scratch import run_dir
from perfcli.io.office import soffice
from perfcli.io.office.soffice import find_soffice

__all__ = ["convert_to_pdf", "find_soffice", "pdf_page_count", "require_soffice"]

PDF_EXPORT = "pdf:writer_pdf_Export"


def require_soffice() -> str:
    """soffice for the PDFs, or a UsageError telling the user the Word letters are there anyway."""
    return soffice.require_soffice(
        "无法生成 PDF",
        details=[
            "Word 文档已照常生成；如需 PDF，请安装 LibreOffice（含中文字体，如 fonts-noto-cjk）后重试，",
            "或用 Word / WPS 打开文档后“另存为 PDF”。",
        ],
    )


def convert_to_pdf(sources: list[Path], *, jobs: int = 1, force: bool = False) -> list[Path]:
    """Write <name>.pdf beside each .docx; returns the PDFs. Raises UsageError when soffice is missing."""
    if not sources:
        return []
    exe = require_soffice()
    targets = [Path(s).with_suffix(".pdf") for s in sources]
    workers = max(1, min(jobs, len(sources)))
    with tempfile.TemporaryDirectory(prefix="pdf-", dir=run_dir()) as scratch:
        scratch_dir = Path(scratch)
        # the same stem from two folders would collide in one scratch dir: give each source its own name
        staged = []
        for i, src in enumerate(sources):
            link = scratch_dir / "in" / f"{i:06d}.docx"
            link.parent.mkdir(exist_ok=True)
            shutil.copyfile(src, link)
            staged.append(link)
        out_dir = scratch_dir / "out"
        # one soffice per worker, each with many files: start-up costs seconds, a page milliseconds
        chunks = [staged[i::workers] for i in range(workers)]
        with ThreadPoolExecutor(workers) as pool:
            for future in [pool.submit(soffice.convert, exe, chunk, out_dir, PDF_EXPORT) for chunk in chunks]:
                future.result()
        missing = []
        for link, target in zip(staged, targets, strict=True):
            produced = out_dir / (link.stem + ".pdf")
            if not produced.is_file():
                missing.append(target.name)
                continue
            with atomic_path(target, force=force) as tmp:
                shutil.move(produced, tmp)
        if missing:
            raise RunFailed(f"LibreOffice 未能生成 {len(missing)} 个 PDF：{'、'.join(missing[:5])}")
    return targets


def pdf_page_count(path: Path) -> int:
    """Pages in a PDF (counts /Type /Page objects; enough for our own LibreOffice output)."""
    data = Path(path).read_bytes()
    return (
        data.count(b"/Type /Page")
        - data.count(b"/Type /Pages")
        + data.count(b"/Type/Page")
        - data.count(b"/Type/Pages")
    )
