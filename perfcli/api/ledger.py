"""The workspace ledger as the commands use it: validation that reads only what changed and records what
it saw, and `perfcli ledger letters|returns|findings|verify`."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from perfcli.api.common import ConfigArg, PeriodArg, config_of, period_of
from perfcli.api.target_intake import declare_targets, record_declared_targets
from perfcli.errors import UsageError
from perfcli.findings.batch import validate_paths
from perfcli.findings.report import ValidationReport
from perfcli.io.files.digest import sha256_or_none
from perfcli.ledger import letters as ledger_letters
from perfcli.ledger import mail as ledger_mail
from perfcli.ledger import rectifications
from perfcli.ledger import returns as ledger_returns
from perfcli.ledger.store import Ledger, ledger_path, open_ledger
from perfcli.model.config import Config
from perfcli.model.period import Period
from perfcli.model.roster import Roster

Progress = Callable[[int, int, str], None]


def cache_key(config: Config, period: Period | None) -> str:
    """What a file's reading depends on besides its bytes: perfcli's own code and form specs (a reader or a
    rule changed without a new version number still reads every file again), the config, the period."""
    settings = json.dumps(config.raw, sort_keys=True, ensure_ascii=False, default=str)
    digest = hashlib.sha256(settings.encode("utf-8")).hexdigest()[:16]
    return f"{code_digest()}|{digest}|{period.code if period else ''}"


@lru_cache(maxsize=1)
def code_digest() -> str:
    """The perfcli version and a digest of the package's code and specs (*.py, *.yaml), as installed."""
    from perfcli import __version__

    package = Path(__file__).resolve().parent.parent
    digest = hashlib.sha256()
    for path in sorted(p for suffix in ("*.py", "*.yaml") for p in package.rglob(suffix)):
        digest.update(path.relative_to(package).as_posix().encode("utf-8") + b"\0" + path.read_bytes())
    return f"{__version__}+{digest.hexdigest()[:12]}"


def checked_returns(
    paths: list[Path],
    config: Config,
    *,
    period: Period | None,
    roster: Roster | None,
    jobs: int = 1,
    progress: Progress | None = None,
    use_cache: bool = True,
    only_reading: bool = False,
) -> ValidationReport:
    """validate_paths, inside a workspace also remembered: files whose content was read before are taken
    from the ledger (unless `use_cache` is False), and the returns and their findings are recorded in one
    transaction. Outside a workspace it is validate_paths itself. A read-only ledger is refused before
    anything is read, unless `only_reading` (status): then it is read, and nothing is recorded."""
    ledger = open_ledger(config, readonly=None if only_reading else False)
    if ledger is None:
        report = validate_paths(paths, config, period=period, roster=roster, jobs=jobs, progress=progress)
        return report
    if ledger.readonly:
        with ledger:
            cache = ledger_returns.LedgerReadCache(ledger, cache_key(config, period))
            report = validate_paths(
                paths, config, period=period, roster=roster, jobs=jobs, progress=progress,
                cache=cache if use_cache else None,
            )  # fmt: skip
        return report
    with ledger:
        cache = ledger_returns.LedgerReadCache(ledger, cache_key(config, period))
        report = validate_paths(
            paths,
            config,
            period=period,
            roster=roster,
            jobs=jobs,
            progress=progress,
            cache=cache if use_cache else _WriteOnly(cache),
            arrivals=ledger_mail.arrival_dates(ledger),
        )
        code = report.period.code if report.period else None
        declare_targets(ledger, report, config, roster)  # T102, T024: given to their files first
        with ledger.transaction() as db:
            cache.flush(db)
            record_declared_targets(db, ledger.root, report, config, roster)  # T101 too
            rebuilt = ledger_returns.record_returns(db, ledger.root, code, report.files, report.findings)
            rectifications.judge(db, ledger.root, code, report.files, config.today().isoformat(), roster)
    report.notes += cache.notes + rebuilt
    return report


@dataclass
class _WriteOnly:
    """--no-cache: read every file again, but keep what was read for the next run."""

    cache: ledger_returns.LedgerReadCache

    def get(self, sha256: str) -> bytes | None:
        return None

    def put(self, sha256: str, blob: bytes) -> None:
        self.cache.put(sha256, blob)

    def reject(self, sha256: str) -> None:
        self.cache.reject(sha256)


def workspace_path(config: ConfigArg) -> Path:
    """The workspace's ledger file; outside a workspace a usage error."""
    path = ledger_path(config_of(config))
    if path is None:
        raise UsageError(
            "当前目录及其上级目录中没有 perfcli.toml，不在工作区内：请进入 perfcli init 建立的工作区，"
            "或用 --config 指定其中的 perfcli.toml。"
        )
    return path


def workspace_ledger(config: ConfigArg) -> Ledger:
    """The workspace's ledger for reading: opened read-only (no migration, no journal change) where the
    file or its folder cannot be written, so that listings work on a read-only drive too."""
    ledger = open_ledger(config_of(config), readonly=None)
    if ledger is None:
        workspace_path(config)  # says why
    assert ledger is not None
    return ledger


def ledger_list(what: str, *, period: PeriodArg = None, config: ConfigArg = None) -> list[dict[str, Any]]:
    """The rows of `what` (letters, returns, findings) in the workspace ledger, of one period or all."""
    listers = {
        "letters": ledger_letters.list_letters,
        "returns": ledger_returns.list_returns,
        "findings": ledger_returns.list_findings,
    }
    if what not in listers:
        raise UsageError(f"未知的台账内容“{what}”：可选 {'、'.join(listers)}")
    chosen = period_of(period)
    with workspace_ledger(config) as ledger:
        rows = listers[what](ledger, chosen.code if chosen else None)
        if what == "returns":  # 报送方式: a file whose content came by mail was received by mail
            mailed = ledger_mail.arrival_dates(ledger)
            for row in rows:
                row["received_via"] = "mail" if row["sha256"] in mailed else "folder"
        return rows


def rectification_list(
    *, open_only: bool = False, unit: str | None = None, config: ConfigArg = None
) -> list[dict[str, Any]]:
    """The workspace's 整改 items (`perfcli ledger rectifications`): each with its ID, unit, project, the
    letter that raised it and when, and its status (open, resolved, unverifiable) with the date and the
    file that showed it. `open_only` keeps those not resolved; `unit` those of a unit or department."""
    with workspace_ledger(config) as ledger:
        return rectifications.list_items(ledger, open_only=open_only, unit=unit)


@dataclass
class AcceptedLetter:
    """A hand-edited letter recorded as the issued version (`perfcli ledger accept`)."""

    file: str
    doc_number: str
    edited_by: str
    edited_at: str

    def to_json(self) -> dict[str, Any]:
        return dict(self.__dict__)


def accept(
    files: list[Path | str], *, by: str | None = None, config: ConfigArg = None
) -> list[AcceptedLetter]:
    """Record each letter (edited by hand in Word before it was signed) as the issued version: its new
    sha256, `by` (the clerk; the login name by default) and when. Its 文号 stays; `verify` then finds it
    whole and lists it as 已人工修改. Every file is checked before anything is recorded."""
    import getpass

    who = by or getpass.getuser()
    found = []
    for file in files:
        path = Path(file).resolve()
        digest = sha256_or_none(path)
        if digest is None:
            raise UsageError(f"找不到函件文件或无法读取：{file}")
        found.append((path, digest[0]))
    accepted = []
    with workspace_ledger(config) as ledger:
        stored = [(path, ledger.root.store(path), sha256) for path, sha256 in found]
        known = {row["file"] for row in ledger.db.execute("SELECT file FROM letters WHERE status = 'issued'")}
        unknown = [str(path) for path, file, _ in stored if file not in known]
        if unknown:
            raise UsageError(
                f"台账中没有已出具的函件 {unknown[0]}：只能认可 perfcli render 出具的函件（请给出其原路径）"
            )
        for path, file, sha256 in stored:
            row = ledger_letters.accept_edited(ledger, file, sha256, who)
            assert row is not None
            accepted.append(AcceptedLetter(str(path), row["doc_number"], who, row["edited_at"]))
    return accepted
