"""The one place LibreOffice (soffice) is found and run: headless, a private profile per run, in parallel.

Every soffice process gets its own user profile (-env:UserInstallation) and HOME, so parallel workers — and
other people's LibreOffice — never fight over a lock. The government fonts the templates name (仿宋_GB2312,
方正小标宋简体, 黑体, 楷体) are mapped to Noto CJK through a private fontconfig file when absent.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Sequence
from pathlib import Path

from perfcli.errors import RunFailed, UsageError
from perfcli.io.files.scratch import scratch_dir

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
_HEAVY_FACES = ("方正小标宋简体", "小标宋")  # their stand-ins are the bold cut

_USUAL_PLACES = (
    Path("C:/Program Files/LibreOffice/program/soffice.exe"),
    Path("C:/Program Files (x86)/LibreOffice/program/soffice.exe"),
    Path("/Applications/LibreOffice.app/Contents/MacOS/soffice"),
)


def find_soffice() -> str | None:
    """soffice on PATH, else where the Windows and macOS installers put it; None when not installed."""
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found:
        return found
    return next((str(p) for p in _USUAL_PLACES if p.is_file()), None)


def require_soffice(purpose: str, details: list[str] | None = None) -> str:
    """The soffice executable, or a UsageError saying what cannot be done without it."""
    exe = find_soffice()
    if exe is None:
        raise UsageError(f"未找到 LibreOffice（soffice），{purpose}。", details=details)
    return exe


def convert(exe: str, sources: Sequence[Path], out_dir: Path, convert_to: str) -> list[Path]:
    """Convert `sources` into `out_dir` with one soffice process (start-up costs seconds, a file far less).

    `convert_to` is soffice's --convert-to argument ("pdf:writer_pdf_Export", "xlsx"). Returns where each
    output is expected; soffice may exit 0 without writing one, so the caller checks. A timeout, a non-zero
    exit or a program that cannot start raises RunFailed.
    """
    if not sources:
        return []
    label = convert_to.split(":")[0]
    timeout = START_SECONDS + SECONDS_PER_FILE * len(sources)
    profile = scratch_dir("lo-")
    try:
        env = dict(os.environ, FONTCONFIG_FILE=str(_fontconfig(profile)), HOME=str(profile))
        cmd = [
            exe,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--norestore",
            "--nolockcheck",
            "--convert-to",
            convert_to,
            "--outdir",
            str(out_dir),
            *map(str, sources),
        ]
        _run(cmd, env, timeout, label.upper())
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    return [Path(out_dir) / f"{Path(s).stem}.{label}" for s in sources]


def _run(cmd: list[str], env: dict[str, str], timeout: int, label: str) -> None:
    try:
        done = subprocess.run(
            cmd, env=env, capture_output=True, text=True, errors="replace", timeout=timeout, check=False
        )
    except subprocess.TimeoutExpired as exc:
        raise RunFailed(f"LibreOffice 转换 {label} 超时（{timeout} 秒），已中止。") from exc
    except OSError as exc:
        raise RunFailed(f"无法启动 LibreOffice（{cmd[0]}）：{exc.strerror or exc}") from exc
    if done.returncode != 0:
        raise RunFailed(
            f"LibreOffice 转换 {label} 失败（退出码 {done.returncode}）：{done.stderr.strip()[:300]}"
        )


def installed_font_families() -> set[str] | None:
    """The font families fontconfig knows (fc-list), or None when that cannot be asked (Windows)."""
    exe = shutil.which("fc-list")
    if exe is None:
        return None
    try:
        done = subprocess.run([exe, ":", "family"], capture_output=True, text=True, timeout=30, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return {name.strip() for line in done.stdout.splitlines() for name in line.split(",") if name.strip()}


def font_stand_ins(wanted: Sequence[str]) -> dict[str, str] | None:
    """The fonts of `wanted` that are not installed -> the font the PDF shows instead; None when unknown."""
    installed = installed_font_families()
    if installed is None:
        return None
    out = {}
    for name in wanted:
        if name in installed:
            continue
        stand_in = FONT_STAND_INS.get(name) or FONT_STAND_INS.get(name.removesuffix("简体"))
        out[name] = stand_in if stand_in in installed else "系统默认字体"
    return out


def _fontconfig(profile: Path) -> Path:
    aliases = "".join(
        f'<alias binding="same"><family>{name}</family><prefer><family>{stand_in}</family></prefer></alias>'
        for name, stand_in in FONT_STAND_INS.items()
    )
    heavy = "".join(
        f'<match target="pattern"><test name="family"><string>{name}</string></test>'
        '<edit name="weight" mode="assign"><const>bold</const></edit></match>'
        for name in _HEAVY_FACES
    )
    conf = profile / "fonts.conf"
    conf.write_text(
        '<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>'
        '<include ignore_missing="yes">/etc/fonts/fonts.conf</include>'
        f"{aliases}{heavy}</fontconfig>",
        encoding="utf-8",
    )
    return conf
