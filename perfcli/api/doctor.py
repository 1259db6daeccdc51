"""`perfcli doctor`: what the workspace's drive offers the ledger (locks, shared memory, atomic rename, free
space), the state of the ledger itself, and other workspaces in sight that would give out the same 文号."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from perfcli.api.common import ConfigArg, config_of
from perfcli.api.ledger import workspace_path
from perfcli.errors import PerfcliError
from perfcli.ledger.filesystem import LOW_FREE_BYTES, probe_folder
from perfcli.ledger.postgres import masked
from perfcli.ledger.schema import SCHEMA_VERSION
from perfcli.ledger.server import BACKUPS_NOTE, server_status
from perfcli.ledger.store import integrity_problems, ledger_state, ledger_url, work_folder
from perfcli.letters.letter import LetterSettings
from perfcli.model.config import CONFIG_NAME, Config, load_config

_MB = 1024 * 1024


@dataclass(frozen=True)
class Check:
    """One line of the doctor's findings: what was checked, whether it is there, and what it means."""

    name: str
    ok: bool
    text: str

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "ok": self.ok, "text": self.text}


@dataclass
class DoctorResult:
    ledger: Path | str  # the file, or the server ledger's URL (without its password)
    checks: list[Check] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return all(c.ok for c in self.checks)

    def to_json(self) -> dict[str, Any]:
        return {"ledger": str(self.ledger), "ok": self.ok, "checks": [c.to_json() for c in self.checks]}


def _drive_checks(folder: Path) -> list[Check]:
    probe = probe_folder(folder)
    if not probe.writable:
        return [Check("可写入", False, f"无法在 {folder} 写入：台账只读，只能查看。")]
    free = probe.free_bytes
    return [
        Check("可写入", True, "台账所在文件夹可以写入。"),
        Check(
            "文件锁",
            bool(probe.byte_locks),
            "支持文件锁（字节范围锁）。"
            if probe.byte_locks
            else "不支持文件锁：多人同时写入会损坏台账，perfcli 在此只读；多台电脑共用时请改用服务器台账。",
        ),
        Check(
            "共享内存",
            bool(probe.shared_memory),
            "支持共享内存：台账使用 WAL 模式，读写可以同时进行。"
            if probe.shared_memory
            else "不支持共享内存（常见于网络共享盘）：台账改用回滚日志，运行期间独占，其他命令需等待。",
        ),
        Check(
            "原子改名",
            bool(probe.atomic_rename),
            "改名替换文件是原子的：输出文件不会只写一半。"
            if probe.atomic_rename
            else "改名替换文件不可靠：中断时输出文件可能不完整，请把工作区放在本机磁盘上。",
        ),
        Check(
            "剩余空间",
            free is None or free >= LOW_FREE_BYTES,
            "无法得知剩余空间。"
            if free is None
            else f"剩余空间 {free // _MB} MB"
            + ("。" if free >= LOW_FREE_BYTES else f"，不足 {LOW_FREE_BYTES // _MB} MB：请先腾出空间。"),
        ),
    ]


def _ledger_check(path: Path) -> Check:
    state = ledger_state(path)
    if state != "ok":
        names = {"missing": "不存在", "empty": "是空文件", "foreign": "不是 perfcli 台账"}
        return Check("台账", False, f"台账 {path} {names[state]}：请运行 perfcli ledger recover。")
    problems = integrity_problems(path)
    if problems:
        return Check("台账", False, f"台账 {path} 已损坏（{problems[0]}）：请运行 perfcli ledger recover。")
    return Check("台账", True, f"台账 {path} 完好。")


def _server_checks(url: str, root: Path) -> list[Check]:
    """The server ledger: reachable, its PostgreSQL and schema versions; backups are the server's."""
    try:
        server, version = server_status(url, root)
    except PerfcliError as exc:
        return [Check("服务器台账", False, exc.message)]
    if version > SCHEMA_VERSION:
        state = f"结构版本 {version}，比本 perfcli 新：请升级 perfcli。"
    elif version == 0:
        state = "尚未建表（首次使用时建立）。"
    else:
        state = f"结构版本 {version}" + ("。" if version == SCHEMA_VERSION else "（首次使用时升级）。")
    ok = version <= SCHEMA_VERSION
    return [
        Check("服务器台账", ok, f"已连接服务器台账 {masked(url)}（PostgreSQL {server}），{state}"),
        Check("台账备份", True, BACKUPS_NOTE),
    ]


def _workspaces_in_sight(workspace: Path) -> list[Path]:
    """perfcli.toml files above the workspace, in the folders beside it and up to two levels below it (not
    its own): a drive-wide search would take minutes on a network share."""
    found: set[Path] = set()
    for parent in workspace.parents:
        if (parent / CONFIG_NAME).is_file():
            found.add(parent / CONFIG_NAME)
    for base, pattern in (
        (workspace.parent, f"*/{CONFIG_NAME}"),
        (workspace, f"*/{CONFIG_NAME}"),
        (workspace, f"*/*/{CONFIG_NAME}"),
    ):
        try:
            found.update(p for p in base.glob(pattern) if not p.parent.name.startswith("."))
        except OSError:
            continue
    found.discard(workspace / CONFIG_NAME)
    return sorted(found)


def _prefix(config: Config) -> str:
    return LetterSettings.from_config(config).doc_number_prefix


def _shared_prefix_checks(config: Config, workspace: Path) -> list[Check]:
    mine = _prefix(config)
    checks = []
    for other in _workspaces_in_sight(workspace):
        try:
            theirs = _prefix(load_config(other))
        except (PerfcliError, OSError):  # another workspace's broken config is that workspace's business
            continue
        if mine and theirs == mine:
            checks.append(
                Check(
                    "发文机关代字",
                    False,
                    f"工作区 {other.parent} 也用发文机关代字“{mine}”：两个台账各自编号，会发出重复的文号。"
                    "请只在一个工作区出具函件，或为其中一个改用不同的代字（[letters] doc_number_prefix）。",
                )
            )
    if not checks:
        checks.append(Check("发文机关代字", True, f"附近没有其他工作区使用发文机关代字“{mine}”。"))
    return checks


def doctor(*, config: ConfigArg = None) -> DoctorResult:
    """Probe the workspace: the drive's features the ledger relies on, the ledger's state, and workspaces
    in sight that share its 发文机关代字. `ok` is false when anything is missing."""
    settings = config_of(config)
    path = workspace_path(settings)
    result = DoctorResult(path)
    url = ledger_url(settings)
    if url is None:
        result.checks += _drive_checks(work_folder(path))
        result.checks.append(_ledger_check(path))
    else:  # the drive holds the outputs only: shared memory (SQLite's WAL) does not matter
        result.ledger = masked(url)
        result.checks += [c for c in _drive_checks(path.parent) if c.name != "共享内存"]
        result.checks += _server_checks(url, path.parent)
    result.checks += _shared_prefix_checks(settings, path.parent)
    return result
