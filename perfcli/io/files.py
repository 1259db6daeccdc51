"""Safe output: sanitised file names from unit/project names, atomic writes, no silent overwrite."""

from __future__ import annotations

import os
import re
import tempfile
import unicodedata
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from perfcli.errors import OutputExistsError

_WINDOWS_RESERVED = {
    "CON",
    "PRN",
    "AUX",
    "NUL",
    *(f"COM{i}" for i in range(1, 10)),
    *(f"LPT{i}" for i in range(1, 10)),
}
_FORBIDDEN = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f]')
MAX_NAME_BYTES = 150  # leaves room for a suffix and a directory within common 255-byte limits


def safe_filename(name: str, *, fallback: str = "未命名", max_bytes: int = MAX_NAME_BYTES) -> str:
    """A file or folder name made from a unit/department/project name, safe on Windows and Unix.

    Path separators and characters Windows forbids become "_", leading/trailing dots and spaces go,
    Windows-reserved names (CON, NUL, COM1…) get a "_" prefix, and the UTF-8 length is bounded.
    """
    text = unicodedata.normalize("NFC", name or "")
    text = _FORBIDDEN.sub("_", text)
    text = re.sub(r"\s+", " ", text).strip(" .")
    text = re.sub(r"\.{2,}", "_", text)
    if not text:
        text = fallback
    stem = text.split(".")[0].upper().strip()
    if stem in _WINDOWS_RESERVED:
        text = "_" + text
    encoded = text.encode("utf-8")
    if len(encoded) > max_bytes:
        text = encoded[:max_bytes].decode("utf-8", errors="ignore").rstrip(" .")
    return text


def unique_names(names: list[str]) -> list[str]:
    """Make sanitised names unique case-insensitively by suffixing （2）, （3）…"""
    seen: set[str] = set()
    out = []
    for name in names:
        candidate, n = name, 1
        while candidate.casefold() in seen:
            n += 1
            candidate = f"{name}（{n}）"
        seen.add(candidate.casefold())
        out.append(candidate)
    return out


def check_writable(path: Path, force: bool) -> None:
    if path.exists() and not force:
        raise OutputExistsError(f"输出文件已存在：{path}（如需覆盖，请加 --force）")


@contextmanager
def atomic_path(target: Path, *, force: bool = False) -> Iterator[Path]:
    """Yield a temporary path beside `target`; on success it is renamed over `target` in one step."""
    target = Path(target)
    check_writable(target, force)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(
        prefix=".~" + target.stem[:40] + ".", suffix=target.suffix, dir=target.parent
    )
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        yield tmp
        check_writable(target, force)  # again at the end: another program may have written it meanwhile
        os.replace(tmp, target)
    finally:
        if tmp.exists():
            tmp.unlink()


def write_atomic(target: Path, writer: Callable[[Path], object], *, force: bool = False) -> Path:
    """Call writer(tmp_path) and move the result into place atomically."""
    with atomic_path(target, force=force) as tmp:
        writer(tmp)
    return target


def write_text_atomic(target: Path, text: str, *, force: bool = False) -> Path:
    return write_atomic(target, lambda p: p.write_text(text, encoding="utf-8"), force=force)
