"""Content digests of files: what the ledger records and what the re-validation cache is keyed on."""

from __future__ import annotations

import hashlib
from pathlib import Path

_CHUNK = 1 << 20


def sha256_of(path: Path | str) -> tuple[str, int]:
    """(sha256 hex digest, size in bytes) of the file at `path`; OSError when it cannot be read."""
    digest, size = hashlib.sha256(), 0
    with open(path, "rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
            size += len(chunk)
    return digest.hexdigest(), size


def sha256_or_none(path: Path | str) -> tuple[str, int] | None:
    """sha256_of, or None when the file vanished or cannot be read (the reader reports why)."""
    try:
        return sha256_of(path)
    except OSError:
        return None
