"""The per-file half of validation: read one workbook and check each of its forms (in worker processes
when asked), and the re-validation cache that lets a file whose content has not changed skip it.

What a file gives depends only on its bytes, the perfcli version, the config and the period, so the
cache is keyed on the file's sha256 and a digest of the rest. Whose the file is, which version counts,
lateness and what is missing depend on the whole batch and the roster: they are always worked out anew.
"""

from __future__ import annotations

import json
import os
import zlib
from collections.abc import Callable, Generator, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Protocol

from perfcli.findings.checks import validate_record
from perfcli.findings.tampering import check_tampering
from perfcli.io.digest import sha256_or_none
from perfcli.model.config import Config
from perfcli.model.findings import Finding
from perfcli.model.identity import Identity
from perfcli.model.period import Period
from perfcli.model.records import FormRecord, pack_exact, pack_records, unpack_records

Progress = Callable[[int, int, str], None]  # (done, total, path)


class ReadCache(Protocol):
    """Where earlier readings are kept (the workspace ledger), by file content."""

    def get(self, sha256: str) -> bytes | None: ...

    def put(self, sha256: str, blob: bytes) -> None: ...


@dataclass
class FileRead:
    """What reading one file gave (picklable: a worker sends it back)."""

    path: str
    records: list[FormRecord]
    identity: Identity | None
    findings: list[Finding]  # the reader's file-level findings
    rejected: str | None
    saved_at: datetime | None
    mtime: datetime
    file_format: str | None
    rule_findings: list[Finding] = field(default_factory=list)  # validate_record on each record
    tamper_findings: list[Finding] = field(default_factory=list)  # pre-filled values changed (V205)
    packed: bytes | None = None  # the records packed by a worker (cheaper to send; kept as they are)
    sha256: str | None = None
    size: int | None = None
    cached: bool = False  # taken from the cache, not read again

    def unpack(self) -> None:
        if self.packed is not None and not self.records:
            self.records = unpack_records(self.packed)

    def to_blob(self) -> bytes:
        """The reading as compressed JSON (never pickle: the ledger is a file others can write to): the
        records apart, in the form FileResult keeps them (model.records.pack_exact), then the rest."""
        records = pack_exact(self.records)
        data = {
            "path": self.path,
            "identity": self.identity.to_json() if self.identity else None,
            "findings": [f.to_json() for f in self.findings],
            "rejected": self.rejected,
            "saved_at": self.saved_at.isoformat() if self.saved_at else None,
            "file_format": self.file_format,
            "rule_findings": [f.to_json() for f in self.rule_findings],
            "tamper_findings": [f.to_json() for f in self.tamper_findings],
        }
        meta = zlib.compress(json.dumps(data, ensure_ascii=False).encode("utf-8"), 1)
        return len(records).to_bytes(4, "big") + records + meta

    @classmethod
    def from_blob(cls, blob: bytes, path: str, mtime: datetime) -> FileRead:
        """A cached reading, for the same content now at `path` (it may have been copied or moved)."""
        size = int.from_bytes(blob[:4], "big")
        packed, data = blob[4 : 4 + size], json.loads(zlib.decompress(blob[4 + size :]))
        old = data["path"]

        def findings(key: str) -> list[Finding]:
            found = [Finding.from_json(f) for f in data[key]]
            for finding in found:
                finding.file = path if finding.file == old else finding.file
            return found

        records = unpack_records(packed)
        if path != old:  # copied or moved: the records say where they are now (and are packed anew)
            for record in records:
                record.file = path if record.file == old else record.file
                for issue in record.issues:
                    issue.file = path if issue.file == old else issue.file
            packed = pack_exact(records)
        return cls(
            path=path,
            records=records,
            identity=Identity.from_json(data["identity"]) if data["identity"] else None,
            findings=findings("findings"),
            rejected=data["rejected"],
            saved_at=datetime.fromisoformat(data["saved_at"]) if data["saved_at"] else None,
            mtime=mtime,
            file_format=data["file_format"],
            rule_findings=findings("rule_findings"),
            tamper_findings=findings("tamper_findings"),
            packed=packed,
            cached=True,
        )


def _mtime(path: str) -> datetime:
    try:
        return datetime.fromtimestamp(os.stat(path).st_mtime, tz=UTC)
    except OSError:  # gone (or never there: a dangling link); the reader says so for this file alone
        return datetime.now(tz=UTC)


def read_and_check(path: str, config: Config, period: Period | None) -> FileRead:
    """Read one workbook and check each of its forms (top-level, so a process pool can run it)."""
    from perfcli.returns.read import read_workbook

    mtime = _mtime(path)
    content = read_workbook(Path(path), config)
    result = FileRead(
        path=path,
        records=list(content.records),
        identity=content.identity,
        findings=list(content.findings),
        rejected=content.rejected,
        saved_at=content.saved_at,
        mtime=mtime,
        file_format=content.file_format,
    )
    if not result.rejected:
        for record in result.records:
            result.rule_findings.extend(validate_record(record, config, period=period))
        result.tamper_findings = check_tampering(result.records, result.identity)
    return result


def read_and_pack(path: str, config: Config, period: Period | None) -> FileRead:
    """read_and_check in a worker process: the records travel back packed."""
    from perfcli.forms.pack import activate, pack_of

    activate(pack_of(config))  # a fresh worker has not seen the command select the config's pack
    result = read_and_check(path, config, period)
    result.packed, result.records = pack_records(result.records), []
    return result


def _read_fresh(
    names: list[str], config: Config, period: Period | None, jobs: int
) -> Generator[FileRead, None, None]:
    if jobs <= 1 or len(names) <= 1:
        yield from (read_and_check(n, config, period) for n in names)
        return
    from perfcli.io.scratch import process_pool

    executor = process_pool(jobs)  # fresh workers that end with their parent
    chunk = max(1, min(16, len(names) // (jobs * 4)))
    try:
        results: Iterable[FileRead] = executor.map(
            read_and_pack, names, [config] * len(names), [period] * len(names), chunksize=chunk
        )
        yield from results
    finally:
        executor.shutdown(cancel_futures=True)


def read_all(
    paths: list[Path],
    config: Config,
    period: Period | None,
    jobs: int,
    progress: Progress | None,
    cache: ReadCache | None = None,
) -> Iterator[FileRead]:
    """Each file's reading, in path order, as soon as it is there (the batch is never held unpacked).

    With a cache, a file whose content was read before (same sha256, version, config and period) is
    taken from it, and every fresh reading is put into it."""
    names = [str(p) for p in paths]
    digests = {n: sha256_or_none(n) for n in names} if cache is not None else {}
    hits: dict[str, bytes] = {}
    if cache is not None:
        for name, digest in digests.items():
            blob = cache.get(digest[0]) if digest else None
            if blob is not None:
                hits[name] = blob
    tried = set(hits)
    fresh = _read_fresh([n for n in names if n not in tried], config, period, jobs)
    for done, name in enumerate(names, 1):
        digest = digests.get(name)
        result = _from_cache(hits.pop(name), name) if name in hits else None
        if result is None:
            result = next(fresh) if name not in tried else read_and_check(name, config, period)
            result.unpack()
            if cache is not None and digest is not None:
                cache.put(digest[0], result.to_blob())
        if digest is not None:
            result.sha256, result.size = digest
        if progress:
            progress(done, len(names), result.path)
        yield result
    fresh.close()


def _from_cache(blob: bytes, name: str) -> FileRead | None:
    try:
        return FileRead.from_blob(blob, name, _mtime(name))
    except (OSError, ValueError, KeyError, TypeError, zlib.error):
        return None  # vanished since, or a damaged cache entry: read the file itself
