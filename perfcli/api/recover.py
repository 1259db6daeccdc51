"""`perfcli ledger recover`: rebuild a lost or damaged workspace ledger from a backup or from the workspace's
own files (the letters' 文号 in their document properties, the generated forms' identity, the returns
folders), never giving a number already seen again."""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from perfcli.api.common import ConfigArg, config_of
from perfcli.api.ledger import checked_returns, workspace_path
from perfcli.io.files.digest import sha256_or_none
from perfcli.io.office.docx_properties import read_custom_properties
from perfcli.ledger.paths import WorkspaceRoot
from perfcli.ledger.recovery import (
    FoundForm,
    FoundLetter,
    adopt_forms,
    adopt_letters,
    choose_backup,
    move_aside,
    restore,
    sequences,
)
from perfcli.ledger.store import Ledger, integrity_problems, ledger_state, workspace_root
from perfcli.model.identity import IDENTITY_PROPERTY

RETURNS_PREFIX = "回收"  # the workspace's returns folders, as the README lays a workspace out


@dataclass
class RecoverResult:
    ledger: Path
    damaged: Path | None = None  # where the ledger replaced was moved (kept, never deleted)
    backup: Path | None = None  # the backup restored
    letters: int = 0  # letters adopted from their document properties
    forms: int = 0  # generated workbooks adopted from their identity
    returns: int = 0  # returns read again from the returns folders
    sequences: dict[str, int] = field(default_factory=dict)  # "新财绩 2026" -> last number given

    def to_json(self) -> dict[str, Any]:
        return {
            "ledger": str(self.ledger),
            "damaged": str(self.damaged) if self.damaged else None,
            "backup": str(self.backup) if self.backup else None,
            "letters": self.letters,
            "forms": self.forms,
            "returns": self.returns,
            "sequences": self.sequences,
        }


def _files(folder: Path, suffix: str, skip: list[Path]) -> Iterator[Path]:
    for path in sorted(folder.rglob(f"*{suffix}")):
        parts = path.relative_to(folder).parts
        if any(p.startswith(".") for p in parts) or path.name.startswith("~$"):
            continue  # .perfcli, temp files, Office owner files
        if any(path.is_relative_to(s) for s in skip):
            continue
        yield path


def found_letters(root: WorkspaceRoot) -> list[FoundLetter]:
    """The .docx under the workspace that carry a 文号 in their properties (files as the ledger keeps them)."""
    found = []
    for path in _files(root.path, ".docx", []):
        properties = read_custom_properties(path)
        digest = sha256_or_none(path) if properties else None
        if digest is not None:
            letter = FoundLetter.of_properties(properties, root.store(path), digest[0])
            if letter is not None:
                found.append(letter)
    return found


def found_forms(root: WorkspaceRoot, returns: list[Path]) -> list[FoundForm]:
    """The .xlsx under the workspace, outside the returns folders, that carry a perfcli identity."""
    found = []
    for path in _files(root.path, ".xlsx", returns):
        text = read_custom_properties(path).get(IDENTITY_PROPERTY)
        try:
            identity = json.loads(text) if text else None
        except ValueError:
            identity = None
        if not isinstance(identity, dict):
            continue
        workbook, code, period = (str(identity.get(k) or "") for k in ("workbook", "code", "period"))
        digest = sha256_or_none(path)
        if workbook in ("unit", "department") and code and period and digest is not None:
            found.append(
                FoundForm(f"{workbook}:{code}:{period}", workbook, code, period, root.store(path), digest[0])
            )
    return found


def recover(
    *,
    from_backup: bool = False,
    backup: str | None = None,
    returns: Sequence[Path | str] | None = None,
    config: ConfigArg = None,
) -> RecoverResult:
    """Rebuild the workspace ledger. A missing, empty, foreign or damaged ledger is moved aside (kept) and
    replaced by a backup (`from_backup`: the one named `backup`, else the newest) or by an empty ledger;
    a sound ledger is kept. Then the letters and generated forms found in the workspace are adopted and
    every 文号 sequence is raised above the highest number seen, and the returns folders (`returns`, by
    default the workspace's folders named 回收…) are read again into it."""
    settings = config_of(config)
    path = workspace_path(settings)
    workspace = workspace_root(settings) or path.parent
    result = RecoverResult(path)
    chosen = choose_backup(path, backup) if (from_backup or backup) else None
    sound = ledger_state(path) == "ok" and not integrity_problems(path)
    if chosen is not None or not sound:
        result.damaged = move_aside(path)
        if chosen is not None:
            restore(path, chosen)
            result.backup = chosen
    folders = [Path(r) for r in returns] if returns else sorted(
        p for p in workspace.iterdir() if p.is_dir() and p.name.startswith(RETURNS_PREFIX)
    )  # fmt: skip
    with Ledger.open(path, workspace, create=True) as ledger:
        result.letters = adopt_letters(ledger, found_letters(ledger.root))
        result.forms = adopt_forms(ledger, found_forms(ledger.root, [f.resolve() for f in folders]))
        result.sequences = sequences(ledger)
    if folders:
        report = checked_returns(list(folders), settings, period=None, roster=None)
        result.returns = len(report.files)
    return result
