"""`perfcli ledger migrate --to postgresql://…`: the workspace's SQLite ledger copied into an empty server
database, verified (row counts and a digest of each table's rows in key order), and only then the
workspace's [ledger] url set to it. `--check` compares an earlier copy with the file again."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from perfcli.api.common import ConfigArg, config_of
from perfcli.api.ledger import workspace_path
from perfcli.errors import RunFailed, UsageError
from perfcli.io.files.outputs import write_text_atomic
from perfcli.ledger.postgres import masked
from perfcli.ledger.server import ServerLedger, connect, is_server_url
from perfcli.ledger.store import Ledger, ledger_url, workspace_root
from perfcli.ledger.transfer import TableCopy, compare, copy_ledger, server_tables
from perfcli.model.config_file import toml_value


@dataclass
class MigrateResult:
    source: Path
    target: str  # the URL without its password
    tables: list[TableCopy] = field(default_factory=list)
    configured: bool = False  # the workspace's [ledger] url now names the target
    checked_only: bool = False

    @property
    def same(self) -> bool:
        return all(t.same for t in self.tables)

    def to_json(self) -> dict[str, Any]:
        return {
            "source": str(self.source),
            "target": self.target,
            "same": self.same,
            "configured": self.configured,
            "checked_only": self.checked_only,
            "tables": [t.to_json() for t in self.tables],
        }


def migrate_ledger(to: str, *, check: bool = False, config: ConfigArg = None) -> MigrateResult:
    """Copy the workspace's SQLite ledger into the empty PostgreSQL database at `to`, verify the copy and
    set [ledger] url; or with `check` compare a copy made before with the file (nothing is written)."""
    if not is_server_url(to):
        raise UsageError(f"--to 应为 postgresql:// 开头的服务器地址，而不是 {to!r}。")
    settings = config_of(config)
    path = workspace_path(settings)
    current = ledger_url(settings)
    if current is not None and not check:
        raise UsageError(
            f"工作区已经使用服务器台账 {masked(current)}：迁移只从台账文件（{path.name}）出发。",
            details=["如需核对，请加 --check；如需换一台服务器，请由数据库管理员用 pg_dump 迁移。"],
        )
    root = workspace_root(settings) or path.parent
    result = MigrateResult(path, masked(to), checked_only=check)
    with Ledger.open(path, root, create=False) as source:
        target = ServerLedger(to, connect(to), source.root, readonly=check)
        try:
            if check:
                result.tables = compare(source, target.db)
                return result
            existing = server_tables(target.db)
            if existing:
                raise UsageError(
                    f"目标数据库 {result.target} 不是空的（已有 {len(existing)} 张表：{'、'.join(existing[:5])}）："
                    "为免覆盖或混入已有数据，perfcli 只迁入空数据库。",
                    details=["请数据库管理员新建一个空数据库（CREATE DATABASE），把 --to 指向它。"],
                )
            result.tables = copy_ledger(source, target)
        finally:
            target.close()
    if not result.same:
        differing = "、".join(t.name for t in result.tables if not t.same)
        raise RunFailed(
            f"复制到 {result.target} 后核对不符（{differing}）：已全部撤销，目标数据库仍为空，工作区继续使用台账文件。"
        )
    if settings.path is not None:
        set_ledger_url(settings.path, to)
        result.configured = True
    return result


def set_ledger_url(config_file: Path, url: str) -> None:
    """[ledger] url = "<url>" in perfcli.toml, the rest of the file (comments included) as it was."""
    text = config_file.read_text(encoding="utf-8")
    line = f"url = {toml_value(url)}"
    section = re.search(r"(?m)^\[ledger\][ \t]*$", text)
    if section is None:
        text = text.rstrip("\n") + f"\n\n[ledger]\n{line}\n"
    else:
        end = re.search(r"(?m)^\[", text[section.end() :])
        stop = section.end() + end.start() if end else len(text)
        body = text[section.end() : stop]
        if re.search(r"(?m)^url\s*=", body):  # the value replaced, its comment kept
            body = re.sub(r"""(?m)^url\s*=\s*("[^"\n]*"|'[^'\n]*'|[^\s#]*)""", lambda _: line, body, count=1)
        else:
            body = "\n" + line + body
        text = text[: section.end()] + body + text[stop:]
    write_text_atomic(config_file, text, force=True)
