"""Where the ledger's files are. A path is kept relative to the workspace root (the folder of perfcli.toml)
with "/" between its parts, so a workspace moved, renamed, copied or opened from another drive letter or
mount point finds its own files, and a ledger written on Windows reads on Linux; a file outside the
workspace keeps its absolute path (and `ledger verify` says it is outside)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path, PurePath, PurePosixPath, PureWindowsPath


def is_absolute_text(stored: str) -> bool:
    """An absolute path as any system writes one: /srv/x, C:\\x, C:/x, \\\\server\\share\\x."""
    return PurePosixPath(stored).is_absolute() or PureWindowsPath(stored).is_absolute()


def pure_path(stored: str) -> PurePath:
    """An absolute stored path in the flavour of the system that wrote it (C:\\x read on Linux stays C:\\x)."""
    if PureWindowsPath(stored).drive and not PurePosixPath(stored).is_absolute():
        return PureWindowsPath(stored)
    return PurePath(stored)


@dataclass(frozen=True)
class WorkspaceRoot:
    """The folder the ledger's relative paths are relative to, as it is found now."""

    path: Path  # absolute, symbolic links resolved

    @classmethod
    def of(cls, folder: Path | str) -> WorkspaceRoot:
        return cls(Path(folder).resolve())

    def store(self, file: Path | str) -> str:
        """How the ledger keeps `file`: relative with "/" inside the workspace, else its absolute path."""
        path = Path(file).resolve()
        try:
            return path.relative_to(self.path).as_posix()
        except ValueError:
            return str(path)

    def locate(self, stored: str) -> Path:
        """Where a stored path is now: a relative one under the workspace as it is now."""
        if is_absolute_text(stored):
            return Path(stored)
        return self.path.joinpath(*PurePosixPath(stored).parts)

    def shown(self, stored: str) -> str:
        """A stored path as a clerk reads it: relative to the workspace with this system's separators."""
        return stored if is_absolute_text(stored) else str(PurePath(*PurePosixPath(stored).parts))

    @staticmethod
    def inside(stored: str) -> bool:
        return not is_absolute_text(stored)
