"""Safe output: sanitised file names from unit/project names, atomic writes, no silent overwrite."""

from __future__ import annotations

import errno
import gc
import hashlib
import os
import re
import shutil
import socket
import sys
import tempfile
import threading
import time
import unicodedata
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from perfcli.errors import OutputExistsError, RunFailed, UsageError, os_reason

_WINDOWS_RESERVED = {
    "CON",
    "PRN",
    "AUX",
    "NUL",
    *(f"COM{i}" for i in range(1, 10)),
    *(f"LPT{i}" for i in range(1, 10)),
}
_FORBIDDEN = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f-\x9f]')
# bidi controls (U+202E shows "…xslx.exe" as "…exe.xlsx") and zero-width characters: dropped from names
_SPOOFING = re.compile(
    "[\u061c\u115f\u1160\u180e\u200b-\u200f\u202a-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff]"
)
MAX_NAME_BYTES = 150  # leaves room for a suffix and a directory within common 255-byte limits


def safe_filename(name: str, *, fallback: str = "未命名", max_bytes: int = MAX_NAME_BYTES) -> str:
    """A file or folder name made from a unit/department/project name, safe on Windows and Unix.

    Path separators and characters Windows forbids become "_", bidi controls and zero-width characters
    go (they disguise a name's end), leading/trailing dots and spaces go, a name left empty becomes
    `fallback`, Windows-reserved names (CON, NUL, COM1…) get a "_" prefix, and the UTF-8 length is bounded.
    """
    text = _SPOOFING.sub("", unicodedata.normalize("NFC", name or ""))
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


def beside(path: Path, tag: str = "新") -> Path:
    """A free name next to `path` for a file that must not replace it: 名册.xlsx → 名册（新）.xlsx, then
    名册（新2）.xlsx…"""
    path = Path(path)
    for n in range(1, 1000):
        candidate = path.with_name(f"{path.stem}（{tag}{n if n > 1 else ''}）{path.suffix}")
        if not candidate.exists():
            return candidate
    raise UsageError(f"{path.parent} 中已有太多 {path.stem}（{tag}…）{path.suffix}，请先清理")


BACKUP_FOLDER = "旧文件"  # beside the outputs, not among them: verify and a rerun see only the outputs


def back_up(path: Path) -> Path:
    """Copy `path` into 旧文件/ in its folder (旧文件/某单位.xlsx, then 某单位（2）.xlsx…) before --force
    replaces it; returns the copy."""
    folder = path.parent / BACKUP_FOLDER
    copy, n = folder / path.name, 1
    while copy.exists():
        n += 1
        copy = folder / f"{path.stem}（{n}）{path.suffix}"
    try:
        folder.mkdir(exist_ok=True)
        shutil.copy2(path, copy)
    except OSError as exc:
        raise RunFailed(f"无法备份 {path}（{os_reason(exc)}），未覆盖任何文件") from exc
    return copy


def check_writable(path: Path, force: bool) -> None:
    """Refuse an output that exists (without --force), that is a folder, or whose folder is a file."""
    path = Path(path)
    if path.is_dir():
        raise UsageError(f"输出路径是一个已有的文件夹，不能写成文件：{path}")
    for parent in path.parents:
        if parent.exists():
            if not parent.is_dir():
                raise UsageError(f"输出路径中的 {parent} 是一个文件，不是文件夹：{path}")
            break
    if path.exists() and not force:
        raise OutputExistsError(f"输出文件已存在：{path}（如需覆盖，请加 --force）")


# --- why a write failed ------------------------------------------------------------------------------------
def os_error_in(exc: BaseException) -> OSError | None:
    """The OSError behind `exc` (xlsxwriter wraps it in its args, others chain it as the cause), or None.

    Not the context: a bug raised while an OSError was being handled is still a bug, shown as one.
    """
    seen: set[int] = set()
    todo: list[object] = [exc]
    while todo:
        item = todo.pop()
        if not isinstance(item, BaseException) or id(item) in seen:
            continue
        seen.add(id(item))
        if isinstance(item, OSError):
            return item
        todo.extend([*item.args, item.__cause__])
    return None


def write_failure(target: Path, exc: OSError) -> RunFailed:
    """The one message for an output that could not be written: the path and why, never a temp name."""
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return RunFailed(f"{os_reason(exc)}，无法写入 {target}")
    return RunFailed(f"无法写入 {target}：{os_reason(exc)}")


def _quietly_collect() -> None:
    """Collect a failed writer's half-closed zip without "Exception ignored in ZipFile.__del__" noise."""
    hook = sys.unraisablehook
    sys.unraisablehook = lambda _unraisable: None
    try:
        gc.collect()
    finally:
        sys.unraisablehook = hook


# --- temp files beside the target ------------------------------------------------------------------------
_TEMP_PREFIX = ".~"
_TEMP_NAME = re.compile(r"^\.~.*\.p(\d+)h([0-9a-f]{4})-[^.]*\.[A-Za-z0-9]+$")
# which machine wrote a temp file: on a shared drive another PC's process ids mean nothing here
_HOST = hashlib.sha1(socket.gethostname().encode()).hexdigest()[:4]
STALE_SECONDS = 24 * 3600  # a temp file of ours no live process owns, or this old, is a killed run's
_swept: set[str] = set()
_umask_lock = threading.Lock()


def _output_mode() -> int:
    """The mode a new file gets under the process's umask (0644 under 022): temp files start 0600."""
    with _umask_lock:
        mask = os.umask(0o022)
        os.umask(mask)
    return 0o666 & ~mask


def pid_alive(pid: int) -> bool:
    """Whether a process with this id runs on this machine (false for our own zombies' ids as well)."""
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True
    return not _zombie(pid)


def _zombie(pid: int) -> bool:
    """A killed process not yet reaped (Linux): it answers kill(pid, 0) but will never finish a write."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat[stat.rfind(")") + 2 : stat.rfind(")") + 3] == "Z"


def sweep_stale_temp_files(folder: Path) -> list[Path]:
    """Remove the temp files a killed run left in `folder` (ours only: `.~name.p<pid>h<host>-xxxx.ext`).

    A file from this machine goes when its process is gone; one from another machine (a shared drive)
    only when it is a day old, since its process cannot be seen from here.
    """
    removed: list[Path] = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    now = time.time()
    for entry in entries:
        match = _TEMP_NAME.match(entry.name)
        if not match or not entry.is_file(follow_symlinks=False):
            continue
        try:
            old = now - entry.stat(follow_symlinks=False).st_mtime > STALE_SECONDS
            ours = match.group(2) == _HOST
            if old or (ours and not pid_alive(int(match.group(1)))):
                os.unlink(entry.path)
                removed.append(Path(entry.path))
        except OSError:
            continue
    return removed


def _sweep_once(folder: Path) -> None:
    key = os.path.abspath(folder)
    if key not in _swept:
        _swept.add(key)
        sweep_stale_temp_files(folder)


@contextmanager
def atomic_path(target: Path, *, force: bool = False) -> Iterator[Path]:
    """Yield a temporary path beside `target`; on success it is renamed over `target` in one step.

    The file gets the mode the umask gives a new file; a write that fails for want of space or permission
    raises RunFailed naming `target` (never the temp name) and leaves nothing behind.
    """
    target = Path(target)
    check_writable(target, force)
    tmp: Path | None = None
    failure: RunFailed | None = None
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        _sweep_once(target.parent)
        fd, tmp_name = tempfile.mkstemp(
            prefix=f"{_TEMP_PREFIX}{target.stem[:40]}.p{os.getpid()}h{_HOST}-",
            suffix=target.suffix,
            dir=target.parent,
        )
        os.close(fd)
        tmp = Path(tmp_name)
        yield tmp
        os.chmod(tmp, _output_mode())
        check_writable(target, force)  # again at the end: another program may have written it meanwhile
        os.replace(tmp, target)
    except (FileExistsError, NotADirectoryError) as exc:
        raise UsageError(f"输出路径无效（其中有同名的文件）：{target}") from exc
    except Exception as exc:
        cause = os_error_in(exc)
        if cause is None or isinstance(exc, (UsageError, RunFailed)):
            raise
        failure = write_failure(target, cause)
    finally:
        if tmp is not None and tmp.exists():
            tmp.unlink()
    if failure is not None:
        _quietly_collect()
        raise failure


def write_atomic(target: Path, writer: Callable[[Path], object], *, force: bool = False) -> Path:
    """Call writer(tmp_path) and move the result into place atomically."""
    with atomic_path(target, force=force) as tmp:
        writer(tmp)
    return target


def write_text_atomic(target: Path, text: str, *, force: bool = False) -> Path:
    return write_atomic(target, lambda p: p.write_text(text, encoding="utf-8"), force=force)
