"""PDF copies of the letters through LibreOffice headless, safe to run in parallel.

Every soffice process gets its own user profile (-env:UserInstallation), so parallel workers — and other
people's LibreOffice — never fight over a lock. The government fonts the templates name (仿宋_GB2312,
方正小标宋简体, 黑体, 楷体) are mapped to Noto CJK through a private fontconfig file when absent.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from perfcli.errors import RunFailed, UsageError
from perfcli.io.files import atomic_path

SECONDS_PER_FILE = 20
START_SECONDS = 90

# template font -> (serif or sans) Noto CJK stand-in, used only when the real font is not installed
FONT_STAND_INS = {
    "方正小标宋简体": "Noto Serif CJK SC",
    "小标宋": "Noto Serif CJK SC",
    "SimSun": "Noto Serif CJK SC",
    "宋体": "Noto Serif CJK SC",
    "仿宋_GB2312": "Noto Serif CJK SC",
    "仿宋": "Noto Serif CJK SC",
    "FangSong": "Noto Serif CJK SC",
    "楷体_GB2312": "Noto Serif CJK SC",
    "楷体": "Noto Serif CJK SC",
    "KaiTi": "Noto Serif CJK SC",
    "黑体": "Noto Sans CJK SC",
    "SimHei": "Noto Sans CJK SC",
}


_USUAL_PLACES = (
    Path("C:/Program Files/LibreOffice/program/soffice.exe"),
    Path("C:/Program Files (x86)/LibreOffice/program/soffice.exe"),
    Path("/Applications/LibreOffice.app/Contents/MacOS/soffice"),
)


def find_soffice() -> str | None:
    """soffice on PATH, else where the Windows and macOS installers put it."""
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found:
        return found
    return next((str(p) for p in _USUAL_PLACES if p.is_file()), None)


def require_soffice() -> str:
    exe = find_soffice()
    if exe is None:
        raise UsageError(
            "未找到 LibreOffice（soffice），无法生成 PDF。",
            details=[
                "Word 文档已照常生成；如需 PDF，请安装 LibreOffice（含中文字体，如 fonts-noto-cjk）后重试，",
                "或用 Word / WPS 打开文档后“另存为 PDF”。",
            ],
        )
    return exe


def _fontconfig(profile: Path) -> Path:
    aliases = "".join(
        f'<alias binding="same"><family>{name}</family><prefer><family>{stand_in}</family></prefer></alias>'
        for name, stand_in in FONT_STAND_INS.items()
    )
    # 小标宋 and 黑体 are heavy faces: their stand-ins are the bold cut
    heavy = "".join(
        f'<match target="pattern"><test name="family"><string>{name}</string></test>'
        '<edit name="weight" mode="assign"><const>bold</const></edit></match>'
        for name in ("方正小标宋简体", "小标宋")
    )
    conf = profile / "fonts.conf"
    conf.write_text(
        '<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>'
        '<include ignore_missing="yes">/etc/fonts/fonts.conf</include>'
        f"{aliases}{heavy}</fontconfig>",
        encoding="utf-8",
    )
    return conf


def _convert_batch(exe: str, sources: list[Path], out_dir: Path) -> None:
    """One soffice process, one private profile, many files (start-up costs seconds, a page milliseconds)."""
    profile = Path(tempfile.mkdtemp(prefix="perfcli-lo-"))
    try:
        env = dict(os.environ, FONTCONFIG_FILE=str(_fontconfig(profile)), HOME=str(profile))
        cmd = [
            exe,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--norestore",
            "--nolockcheck",
            "--convert-to",
            "pdf:writer_pdf_Export",
            "--outdir",
            str(out_dir),
            *map(str, sources),
        ]
        timeout = START_SECONDS + SECONDS_PER_FILE * len(sources)
        try:
            done = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=timeout, check=False)
        except subprocess.TimeoutExpired as exc:
            raise RunFailed(f"LibreOffice 转换 PDF 超时（{timeout} 秒），已中止。") from exc
        if done.returncode != 0:
            raise RunFailed(
                f"LibreOffice 转换 PDF 失败（退出码 {done.returncode}）：{done.stderr.strip()[:300]}"
            )
    finally:
        shutil.rmtree(profile, ignore_errors=True)


def convert_to_pdf(sources: list[Path], *, jobs: int = 1, force: bool = False) -> list[Path]:
    """Write <name>.pdf beside each .docx; returns the PDFs. Raises UsageError when soffice is missing."""
    if not sources:
        return []
    exe = require_soffice()
    targets = [Path(s).with_suffix(".pdf") for s in sources]
    workers = max(1, min(jobs, len(sources)))
    with tempfile.TemporaryDirectory(prefix="perfcli-pdf-") as scratch:
        scratch_dir = Path(scratch)
        # the same stem from two folders would collide in one scratch dir: give each source its own name
        staged = []
        for i, src in enumerate(sources):
            link = scratch_dir / "in" / f"{i:06d}.docx"
            link.parent.mkdir(exist_ok=True)
            shutil.copyfile(src, link)
            staged.append(link)
        chunks = [staged[i::workers] for i in range(workers)]
        with ThreadPoolExecutor(workers) as pool:
            for future in [pool.submit(_convert_batch, exe, chunk, scratch_dir / "out") for chunk in chunks]:
                future.result()
        missing = []
        for link, target in zip(staged, targets, strict=True):
            produced = scratch_dir / "out" / (link.stem + ".pdf")
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
