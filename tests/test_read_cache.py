"""The ledger's read cache: a cache hit gives the same JSON as a cold read for every form kind (a 自评表's
score included), and a damaged, forged or edited cache row is never trusted — nothing in it runs, the file
is read again, the run says so once, and the results equal a --no-cache run."""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import shutil
import zlib
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from perfcli import api
from perfcli.cli.main import app
from perfcli.ledger.returns import LedgerReadCache
from perfcli.ledger.store import Ledger

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "sample_data"
runner = CliRunner()

# (form pack, sample files, the form kinds they hold)
KINDS: dict[str, tuple[str | None, list[Path], set[str]]] = {
    "附表1-3": (
        None,
        [
            SAMPLES / "returns" / "区图书馆_附表1_2026Q3.xlsx",
            SAMPLES / "returns" / "区教育局_附表2附表3_2026Q3.xlsx",
        ],
        {"project", "department", "key_project"},
    ),
    "national": (
        "national",
        sorted((SAMPLES / "national" / "returns").glob("*.xlsx"))[:2],
        {"national_project"},
    ),
    "自评": (None, sorted((SAMPLES / "self_evaluation").glob("*.xlsx"))[:2], {"self_evaluation"}),
}


def workspace_with(tmp_path: Path, pack: str | None, files: list[Path]) -> Path:
    directory = tmp_path / "工作区"
    api.init(directory, pack=pack)
    (directory / "回收").mkdir()
    for file in files:
        shutil.copy2(file, directory / "回收" / file.name)
    return directory


def validate_json(workspace: Path, *extra: str) -> tuple[dict[str, Any], str]:
    result = runner.invoke(
        app,
        ["validate", str(workspace / "回收"), "--json", "--config", str(workspace / "perfcli.toml"), *extra],
    )
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.stdout), result.stderr


@pytest.mark.parametrize("kind", list(KINDS))
def test_a_cache_hit_gives_the_json_of_a_cold_read(tmp_path: Path, reads: list[str], kind: str) -> None:
    pack, files, forms = KINDS[kind]
    workspace = workspace_with(tmp_path, pack, files)
    cold, _ = validate_json(workspace)
    assert len(reads) == len(files)
    records = [r for f in cold["files"] for r in f["records"]]
    assert {r["form"] for r in records} == forms
    if forms == {"self_evaluation"}:
        assert records and all(r.get("score") for r in records)
    reads.clear()
    warm, stderr = validate_json(workspace)
    assert reads == [] and "台账缓存" not in stderr
    assert warm == cold


def test_workers_send_back_what_a_single_process_reads(tmp_path: Path) -> None:
    pack, files, _ = KINDS["自评"]
    workspace = workspace_with(tmp_path, pack, files)
    single, _ = validate_json(workspace, "--no-cache")
    assert validate_json(workspace, "--no-cache", "--jobs", "2")[0] == single


# --- bad rows -------------------------------------------------------------------------------------------
class _Payload:
    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[Any, ...]:
        return (os.system, (f"touch '{self.marker}'",))


def _parts(blob: bytes) -> tuple[bytes, bytes]:
    size = int.from_bytes(blob[:4], "big")
    return blob[4 : 4 + size], blob[4 + size :]


def _join(records: bytes, rest: bytes) -> bytes:
    return len(records).to_bytes(4, "big") + records + rest


def _retyped(blob: bytes) -> bytes:
    """A string where the list of indicators is expected."""
    records, rest = _parts(blob)
    data = json.loads(zlib.decompress(records))
    data[0]["table"] = "指标表"
    return _join(zlib.compress(json.dumps(data, ensure_ascii=False).encode()), rest)


def _edited(blob: bytes) -> bytes:
    """The first 自评 score changed by hand (as valid data: only the checksum can tell)."""
    records, rest = _parts(blob)
    data = json.loads(zlib.decompress(records))
    data[0]["score"] = {**data[0]["score"], "total": {"$d": "100"}}
    return _join(zlib.compress(json.dumps(data, ensure_ascii=False).encode()), rest)


# each: (how the row's blob is changed, whether the checksum is forged to match the new blob)
PLANTS = {
    "pickle in the records": (lambda blob, marker: _join(zlib.compress(pickle.dumps(_Payload(marker))), _parts(blob)[1]), True),
    "a pickle for the whole row": (lambda blob, marker: pickle.dumps(_Payload(marker)), True),
    "truncated zlib": (lambda blob, marker: blob[: len(blob) // 2], True),
    "zlib bomb": (lambda blob, marker: _join(zlib.compress(b" " * (70 << 20) + b"[]", 9), _parts(blob)[1]), True),
    "wrong types": (lambda blob, marker: _retyped(blob), True),
    "edited, checksum not matching": (lambda blob, marker: _edited(blob), False),
}  # fmt: skip


@pytest.mark.parametrize("plant", list(PLANTS))
def test_a_bad_cache_row_is_read_again_said_once_and_nothing_in_it_runs(tmp_path: Path, plant: str) -> None:
    change, forge = PLANTS[plant]
    files = [SAMPLES / "returns" / "区图书馆_附表1_2026Q3.xlsx", KINDS["自评"][1][0]]
    workspace = workspace_with(tmp_path, None, files)
    marker = tmp_path / "ran.txt"
    validate_json(workspace)  # fills the cache
    target = hashlib.sha256((workspace / "回收" / files[1].name).read_bytes()).hexdigest()
    with Ledger.open(workspace / "perfcli.db") as ledger:
        row = ledger.db.execute(
            "SELECT rowid, cache_key, result FROM read_cache WHERE sha256 = ?", (target,)
        ).fetchone()
        blob = change(bytes(row["result"]), marker)
        checksum = LedgerReadCache(ledger, row["cache_key"]).checksum(target, blob) if forge else "0" * 64
        with ledger.transaction() as db:
            db.execute(
                "UPDATE read_cache SET result = ?, checksum = ? WHERE rowid = ?",
                (blob, checksum, row["rowid"]),
            )
    planted, stderr = validate_json(workspace)
    assert not marker.exists()
    assert stderr.count("台账缓存") == 1 and f"台账缓存第 {row['rowid']} 行已损坏，已重新读取" in stderr
    assert planted == validate_json(workspace, "--no-cache")[0]
    again, stderr = validate_json(workspace)  # the row was replaced by the new reading
    assert again == planted and "台账缓存" not in stderr


def test_aggregate_and_the_letters_say_it_too(tmp_path: Path) -> None:
    from perfcli.api.common import config_of
    from perfcli.api.render import letter_data

    workspace = workspace_with(tmp_path, None, KINDS["附表1-3"][1])
    config = workspace / "perfcli.toml"
    api.validate(workspace / "回收", config=config)

    def damage() -> str:
        with Ledger.open(workspace / "perfcli.db") as ledger, ledger.transaction() as db:
            db.execute("UPDATE read_cache SET result = x'00'")
            rows = [r[0] for r in db.execute("SELECT rowid FROM read_cache ORDER BY rowid")]
        return f"台账缓存第 {'、'.join(map(str, rows))} 行已损坏，已重新读取"

    note = damage()
    assert api.aggregate_city(workspace / "回收", config=config).notes == [note]
    assert api.aggregate_city(workspace / "回收", config=config).notes == []
    note = damage()
    data = letter_data(workspace / "回收", roster=None, period=None, config=config_of(config))
    assert data.notes == [note]


def test_a_reader_changed_without_a_new_version_reads_every_file_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The cache key carries a digest of perfcli's code and specs: after an upgrade that kept the version
    number, no reading made by the old code is served."""
    from perfcli.api import ledger as api_ledger

    pack, files, _ = KINDS["附表1-3"]
    workspace = workspace_with(tmp_path, pack, files)
    validate_json(workspace)
    monkeypatch.setattr(api_ledger, "code_digest", lambda: "0.1.0+another-build")
    validate_json(workspace)
    with Ledger.open(workspace / "perfcli.db") as ledger:
        keys = [row[0] for row in ledger.db.execute("SELECT DISTINCT cache_key FROM read_cache")]
    assert len(keys) == 2 and sum(key.startswith("0.1.0+another-build|") for key in keys) == 1
