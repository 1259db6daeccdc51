"""The one exception family for tool failures. Bad *data* is never an exception: it is a finding."""

from __future__ import annotations

import errno

# Exit codes (DESIGN §6)
EXIT_OK = 0
EXIT_DATA_ERRORS = 1
EXIT_USAGE = 2
EXIT_FAILED = 3


class PerfcliError(Exception):
    """A failure the user must see as a message (Chinese) and an exit code, never as a traceback."""

    exit_code = EXIT_FAILED

    def __init__(self, message: str, *, details: list[str] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.details = details or []


class UsageError(PerfcliError):
    """The command was called wrongly (bad option value, missing file)."""

    exit_code = EXIT_USAGE


class InputDataError(PerfcliError):
    """An input the run depends on as a whole (the roster, a config) has errors; nothing was written."""

    exit_code = EXIT_DATA_ERRORS


class OutputExistsError(PerfcliError):
    """An output already exists and --force was not given."""

    exit_code = EXIT_USAGE


class RunFailed(PerfcliError):
    """The run itself failed (disk full, LibreOffice crashed…)."""

    exit_code = EXIT_FAILED


class Notice(UserWarning):
    """Something the clerk should know, once per run, that does not stop the run (how the ledger is kept
    on this drive, a backup that could not be written). The command line shows it on stderr."""


_OS_REASONS = {
    errno.ENOSPC: "磁盘空间不足",
    errno.EDQUOT: "超出磁盘配额",
    errno.EACCES: "没有权限",
    errno.EPERM: "没有权限",
    errno.EROFS: "只读的磁盘或文件夹",
    errno.ENOENT: "文件或文件夹不存在",
    errno.ENOTDIR: "路径中有同名的文件",
    errno.EISDIR: "这是一个文件夹",
    errno.ENAMETOOLONG: "文件名过长",
    errno.EFBIG: "文件超出大小限制",
    errno.EIO: "磁盘读写错误",
}


def os_reason(exc: OSError) -> str:
    """Why a file operation failed, in Chinese (the system's own words for the rare causes)."""
    return _OS_REASONS.get(exc.errno or 0) or exc.strerror or type(exc).__name__
