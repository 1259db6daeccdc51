"""Which outputs of a run to write: new ones, the run's own unfinished ones, and — with --force — any;
files the ledger recorded and that are unchanged are done already (a rerun completes an interrupted run).
A file --force replaces that the ledger does not know, or that was changed by hand, is copied aside first
(旧文件/某单位.xlsx in its folder): a clerk's edits are never lost.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from perfcli.errors import OutputExistsError
from perfcli.io.files.digest import sha256_or_none
from perfcli.io.files.outputs import back_up, check_writable, sweep_stale_temp_files
from perfcli.model.config import Config


@dataclass
class Known:
    """What the ledger knows of a target: the sha256 it recorded (None: numbered or planned by a run that
    did not get to record it, so the file there, if any, is that run's own)."""

    sha256: str | None


@dataclass
class OutputPlan:
    write: list[int] = field(default_factory=list)  # indexes of the targets to write
    done: list[int] = field(default_factory=list)  # recorded by the ledger and unchanged: nothing to do
    backups: dict[int, Path] = field(default_factory=dict)  # index -> the copy of what --force replaces


def settle_outputs(targets: list[Path], known: dict[Path, Known], *, force: bool) -> OutputPlan:
    """Decide for each target (`known` holds what the ledger knows of those it recorded, by the target as
    given); refuse (before anything is written) a file the ledger does not know or that was changed by
    hand, unless `force`."""
    plan, refused = OutputPlan(), []
    for folder in {
        t.parent for t in targets
    }:  # a killed run's temp files go, even where nothing is left to write
        sweep_stale_temp_files(folder)
    for index, target in enumerate(targets):
        if not target.exists():
            plan.write.append(index)
            continue
        record = known.get(target)
        ours = record is not None and record.sha256 is None  # an unfinished run's own file
        if record is not None and record.sha256 is not None:
            found = sha256_or_none(target)
            ours = found is not None and found[0] == record.sha256
            if ours and not force:
                plan.done.append(index)
                continue
        if ours:
            plan.write.append(index)
        elif force:
            plan.write.append(index)
            plan.backups[index] = target  # copied aside once nothing is refused
        else:
            refused.append(target)
    if refused:
        raise OutputExistsError(
            f"输出位置已有 {len(refused)} 个文件不是本工作区台账记录的或已被改动，如 {refused[0]}"
            "（如需覆盖，请加 --force；覆盖前会把原文件复制到同一文件夹的“旧文件”中）"
        )
    plan.backups = {index: back_up(target) for index, target in plan.backups.items()}
    return plan


def plan_recorded_outputs(config: Config, command: str, targets: list[Path], *, force: bool) -> bool:
    """Refuse (before anything is written) each existing target that is not this workspace's own output
    of an earlier run, unchanged since (or planned by a run that was stopped), unless `force`; record the
    targets as planned. Returns whether the writers may replace what is there. Outside a workspace (or on
    a read-only ledger) only new targets are written without `force`."""
    from perfcli.ledger.outputs import record_planned_outputs, recorded_outputs
    from perfcli.ledger.store import open_ledger

    ledger = open_ledger(config, readonly=None) if targets else None
    if ledger is None or ledger.readonly:
        if ledger is not None:
            ledger.close()
        for target in targets:
            check_writable(target, force)
        return force
    with ledger:
        stored = {ledger.root.store(t): t for t in targets}
        known = {stored[file]: Known(sha) for file, sha in recorded_outputs(ledger, list(stored)).items()}
        settle_outputs(targets, known, force=force)
        record_planned_outputs(ledger, command, list(stored))
    return True


def record_outputs(config: Config, written: list[Path]) -> None:
    """The sha256 of each output written (in a workspace whose ledger can be written)."""
    from perfcli.ledger.outputs import record_written_outputs
    from perfcli.ledger.store import open_ledger

    ledger = open_ledger(config, readonly=None) if written else None
    if ledger is None:
        return
    with ledger:
        if not ledger.readonly:
            digests = [(ledger.root.store(p), sha256_or_none(p)) for p in written]
            record_written_outputs(ledger, [(file, found[0]) for file, found in digests if found])
