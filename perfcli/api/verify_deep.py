"""`perfcli ledger verify --deep`: every cached reading of a return is compared with what the normal reader
gives for the file now, with the cache bypassed. A checksum catches a row edited without perfcli's code;
this catches one forged with it (a row consistent with its checksum that is not what the file says)."""

from __future__ import annotations

from dataclasses import dataclass, field

from perfcli.api.ledger import cache_key, code_digest
from perfcli.api.verify import VerifyProblem
from perfcli.findings.reading import FileRead, read_and_check
from perfcli.io.files.digest import sha256_or_none
from perfcli.ledger.store import Ledger
from perfcli.model import codec
from perfcli.model.config import Config
from perfcli.model.period import Period
from perfcli.model.records import pack_records


@dataclass
class CacheComparison:
    problems: list[VerifyProblem] = field(default_factory=list)
    # compared: rows read again and compared; other: rows of another perfcli version or settings (never
    # used by this one); gone: rows whose file is no longer in the workspace
    counts: dict[str, int] = field(default_factory=lambda: {"compared": 0, "other": 0, "gone": 0})


def _differs(cached: FileRead, fresh: FileRead) -> list[str]:
    """What differs between a cached reading and a fresh one of the same file (empty: nothing)."""
    parts = []
    if pack_records(cached.records) != pack_records(fresh.records):
        parts.append("表内数据")
    if codec.dumps(cached) != codec.dumps(fresh):
        parts.append("检查结果")
    return parts


def compare_cache(ledger: Ledger, config: Config) -> CacheComparison:
    """Each read-cache row made by this perfcli with these settings, against a fresh reading of its file
    (found through the returns recorded with that sha256, where it is now)."""
    out = CacheComparison()
    settings = cache_key(config, None).split("|")[1]
    files: dict[str, list[str]] = {}
    for row in ledger.db.execute("SELECT sha256, path FROM returns ORDER BY id"):
        files.setdefault(row["sha256"], []).append(row["path"])
    rows = ledger.db.execute(
        "SELECT rowid, sha256, cache_key, result FROM read_cache ORDER BY rowid"
    ).fetchall()
    for row in rows:
        kind = f"台账 read_cache 表第 {row['rowid']} 行"
        parts = str(row["cache_key"]).split("|")
        if len(parts) != 3 or parts[0] != code_digest() or parts[1] != settings:
            out.counts["other"] += 1
            continue
        found = [
            ledger.root.locate(p)
            for p in files.get(row["sha256"], [])
            if (digest := sha256_or_none(ledger.root.locate(p))) is not None and digest[0] == row["sha256"]
        ]
        if not found:
            out.counts["gone"] += 1
            continue
        out.counts["compared"] += 1
        file = str(found[0])
        period = Period.parse(parts[2]) if parts[2] else None
        fresh = read_and_check(file, config, period)
        try:
            blob = row["result"]
            if not isinstance(blob, bytes):
                raise codec.CodecError("not bytes")
            cached = FileRead.from_blob(blob).moved_to(file, fresh.mtime)
        except codec.CodecError:
            out.problems.append(VerifyProblem(kind, file, "缓存内容无法解码（下次校验时重新读取）"))
            continue
        differs = _differs(cached, fresh)
        if differs:
            out.problems.append(
                VerifyProblem(
                    kind,
                    file,
                    f"缓存的读取结果与重新读取该文件不同（{'、'.join(differs)}）：缓存已被改动；"
                    "请用 perfcli validate --no-cache 重新校验该期",
                )
            )
    return out
