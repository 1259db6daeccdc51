"""The per-file half of validation: read one workbook and check each of its forms (in worker processes
when asked), and the re-validation cache that lets a file whose content has not changed skip it.

What a file gives depends only on its bytes, the perfcli version, the config and the period, so the
cache is keyed on the file's sha256 and a digest of the rest. Whose the file is, which version counts,
lateness and what is missing depend on the whole batch and the roster: they are always worked out anew.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Generator, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Protocol

from perfcli.findings.checks import validate_record
from perfcli.findings.tampering import check_tampering
from perfcli.forms.registry import forms_of
from perfcli.io.files.digest import sha256_or_none
from perfcli.model import codec
from perfcli.model.codec import TRANSIENT
from perfcli.model.config import Config
from perfcli.model.findings import Finding
from perfcli.model.identity import Identity
from perfcli.model.period import Period
from perfcli.model.records import FormRecord, pack_records, unpack_records

Progress = Callable[[int, int, str], None]  # (done, total, path)


class ReadCache(Protocol):
    """Where earlier readings are kept (the workspace ledger), by file content."""

    def get(self, sha256: str) -> bytes | None: ...

    def put(self, sha256: str, blob: bytes) -> None: ...

    def reject(self, sha256: str) -> None:
        """What `get` gave for `sha256` was not a reading (damaged or edited): it was read again."""


@dataclass
class FileRead:
    """What reading one file gave. A worker sends it back, and the ledger's cache keeps it, as `to_blob`
    bytes: the records packed apart (what FileResult keeps), the rest through the same codec."""

    path: str
    identity: Identity | None
    findings: list[Finding]  # the reader's file-level findings
    rejected: str | None
    saved_at: datetime | None
    mtime: datetime
    file_format: str | None
    records: list[FormRecord] = field(default_factory=list, metadata=TRANSIENT)  # packed apart: to_blob
    rule_findings: list[Finding] = field(default_factory=list)  # validate_record on each record
    tamper_findings: list[Finding] = field(default_factory=list)  # pre-filled values changed (V205)
    packed: bytes | None = field(default=None, metadata=TRANSIENT)  # the records as a worker packed them
    sha256: str | None = None
    size: int | None = None
    cached: bool = field(default=False, metadata=TRANSIENT)  # taken from the cache, not read again

    def unpack(self) -> None:
        if self.packed is not None and not self.records:
            self.records = unpack_records(self.packed)

    def to_blob(self) -> bytes:
        """The reading as bytes (never pickle: the ledger is a file others can write to, and nothing
        passed between processes may load code): the packed records' length, the records, the rest."""
        records = self.packed if self.packed is not None else pack_records(self.records)
        return len(records).to_bytes(4, "big") + records + codec.dumps(self)

    @classmethod
    def from_blob(cls, blob: bytes) -> FileRead:
        """What to_blob wrote, its records unpacked and checked (codec.CodecError when the bytes are not a
        reading: damaged, truncated, too large once decompressed, or of the wrong types)."""
        size = int.from_bytes(blob[:4], "big")
        if len(blob) < 4 or 4 + size > len(blob):
            raise codec.CodecError("truncated")
        packed = blob[4 : 4 + size]
        read: FileRead = codec.loads(FileRead, blob[4 + size :])
        read.records, read.packed = unpack_records(packed), packed
        return read

    def moved_to(self, path: str, mtime: datetime) -> FileRead:
        """A cached reading, for the same content now at `path` (it may have been copied or moved)."""
        old, self.mtime, self.cached = self.path, mtime, True
        if path == old:
            return self
        self.path = path
        for finding in self.findings + self.rule_findings + self.tamper_findings:
            finding.file = path if finding.file == old else finding.file
        for record in self.records:  # the records say where they are now (and are packed anew)
            record.file = path if record.file == old else record.file
            for issue in record.issues:
                issue.file = path if issue.file == old else issue.file
        self.packed = pack_records(self.records)
        return self


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
        result.tamper_findings = check_tampering(result.records, result.identity, forms_of(config))
    return result


def read_and_pack(path: str, config: Config, period: Period | None) -> bytes:
    """read_and_check in a worker process: the reading travels back as FileRead.to_blob bytes, so the
    parent decodes data, never objects. The config brings its forms (its FormRegistry) along."""
    return read_and_check(path, config, period).to_blob()


def _read_fresh(
    names: list[str], config: Config, period: Period | None, jobs: int
) -> Generator[FileRead, None, None]:
    if jobs <= 1 or len(names) <= 1:
        yield from (read_and_check(n, config, period) for n in names)
        return
    from perfcli.io.files.scratch import process_pool

    executor = process_pool(jobs)  # fresh workers that end with their parent
    chunk = max(1, min(16, len(names) // (jobs * 4)))
    try:
        blobs: Iterable[bytes] = executor.map(
            read_and_pack, names, [config] * len(names), [period] * len(names), chunksize=chunk
        )
        yield from (FileRead.from_blob(blob) for blob in blobs)
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
        result = None
        if cache is not None and digest is not None and name in hits:
            result = _from_cache(hits.pop(name), name)
            if result is None:
                cache.reject(digest[0])
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
    """The cached reading of the file now at `name`, or None when the blob is not one (the file is read
    again)."""
    try:
        return FileRead.from_blob(blob).moved_to(name, _mtime(name))
    except codec.CodecError:
        return None
