"""Which server ledger a workspace uses: the server ledger gets an identity when its tables are made
(ledger_meta 'ledger_id'), and the workspace keeps it in .perfcli/server-ledger.json. A server database
whose perfcli tables are gone (dropped, restored empty, or [ledger] url pointing at a new database) is then
refused instead of being made again empty — an empty ledger would give out again 文号 already sent, as the
SQLite ledger's guard (perfcli.ledger.failures.LedgerUnusable) prevents for the file. A ledger with another
identity is refused too: the workspace would mix two registers."""

from __future__ import annotations

import json
import os
import uuid
from pathlib import Path

from perfcli.errors import UsageError
from perfcli.ledger.connection import Database

MARKER = Path(".perfcli") / "server-ledger.json"
RESTORE_HINT = (
    "请核对 perfcli.toml 的 [ledger] url 是否指向原来的数据库；台账表被删除时，请管理员从数据库备份恢复。"
    "确需在此重新开始（文号不会与已发出的重复时），删除工作区的 .perfcli/server-ledger.json 后再运行。"
)


def new_identity(db: Database) -> str:
    """Stamp a server ledger being made (inside its creating transaction): its identity."""
    identity = uuid.uuid4().hex
    db.execute("INSERT INTO ledger_meta (name, value) VALUES ('ledger_id', ?)", (identity,))
    return identity


def stored_identity(db: Database) -> str | None:
    row = db.execute("SELECT value FROM ledger_meta WHERE name = 'ledger_id'").fetchone()
    return str(row[0]) if row is not None else None


def remembered(root: Path) -> dict[str, str] | None:
    """What the workspace remembers of its server ledger, or None (never used one, or an unreadable note)."""
    try:
        found = json.loads((root / MARKER).read_text("utf-8"))
    except (OSError, ValueError):
        return None
    return found if isinstance(found, dict) and isinstance(found.get("ledger_id"), str) else None


def remember(root: Path, identity: str, where: str) -> None:
    """Note in the workspace which server ledger it uses (its identity and the masked URL)."""
    note = json.dumps({"ledger_id": identity, "url": where}, ensure_ascii=False, indent=1)
    target = root / MARKER
    target.parent.mkdir(parents=True, exist_ok=True)
    scratch = target.with_name(f".{target.name}.{os.getpid()}")  # whole or absent (the ledger's own folder)
    scratch.write_text(note + "\n", encoding="utf-8")
    os.replace(scratch, target)


def lost(where: str, note: dict[str, str]) -> UsageError:
    return UsageError(
        f"服务器台账 {where} 中没有 perfcli 台账，但本工作区用过的服务器台账（{note.get('url', '')}）"
        "已建立过：台账表可能已被删除，或 [ledger] url 指向了另一个数据库。为免重复使用已发出的文号，"
        "perfcli 不会自动新建空台账。",
        details=[RESTORE_HINT],
    )


def other(where: str, note: dict[str, str]) -> UsageError:
    return UsageError(
        f"服务器台账 {where} 不是本工作区一直使用的那个台账（本工作区记下的是 {note.get('url', '')}）："
        "两个台账的文号和记录会混在一起，perfcli 不在此写入。",
        details=[RESTORE_HINT],
    )
