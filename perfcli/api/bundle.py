"""`render --bundle DIR`: one folder per recipient holding its letter (.docx, .pdf) and exactly the files the
letter lists as 附件 — the annotated copy of each return, its 问题清单, the blank forms of a 催报 — the
package a clerk emails or hands over."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from perfcli.errors import OutputExistsError
from perfcli.findings.report import ValidationReport
from perfcli.io.files.outputs import safe_filename, unique_names
from perfcli.letters.data import LetterData
from perfcli.letters.letter import Attachment
from perfcli.letters.render import PlannedLetter, RenderedLetter
from perfcli.model.config import Config
from perfcli.model.roster import Roster


def bundle_folders(planned: list[PlannedLetter], bundle: Path, *, force: bool) -> list[Path]:
    """Each letter's folder (one per recipient; sanitised, unique names); refuse existing ones unless
    `force`, before anything is written."""
    names = unique_names([safe_filename(p.letter.recipient) for p in planned])
    folders = [bundle / name for name in names]
    taken = [f for f in folders if f.exists()]
    if taken and not force:
        raise OutputExistsError(
            f"打包目录中已有 {len(taken)} 个收文单位的文件夹，如 {taken[0]}（如需覆盖，请加 --force）"
        )
    return folders


def write_bundles(
    planned: list[PlannedLetter],
    letters: list[RenderedLetter],
    folders: list[Path],
    data: LetterData,
    config: Config,
) -> None:
    """Fill each recipient's folder: built beside it, then put in place, so a folder is whole or absent."""
    for item, letter, folder in zip(planned, letters, folders, strict=True):
        folder.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".bundle-", dir=folder.parent))
        try:
            for path in (letter.docx, letter.pdf):
                if path is not None and path.is_file():
                    shutil.copy2(path, staging / path.name)
            for attachment in item.letter.attachments:
                _write(attachment, staging / attachment.name, item, data, config)
            if folder.exists():
                shutil.rmtree(folder)
            staging.rename(folder)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
        letter.bundle = folder
    record_bundles(letters, config)


def record_bundles(letters: list[RenderedLetter], config: Config) -> None:
    """In a workspace, record each letter's attachments in its folder under the letter's sha256, so that
    `perfcli send letters` mails the letter with exactly the 附件 it lists."""
    from perfcli.io.files.digest import sha256_or_none
    from perfcli.ledger.outputs import bundle_command, record_planned_outputs, record_written_outputs
    from perfcli.ledger.store import open_ledger

    ledger = open_ledger(config, readonly=None)
    if ledger is None:
        return
    with ledger:
        if ledger.readonly:
            return
        for letter in letters:
            found = sha256_or_none(letter.docx)
            if letter.bundle is None or found is None or not letter.attachments:
                continue
            files = [(ledger.root.store(letter.bundle / name), sha256_or_none(letter.bundle / name))
                     for name in letter.attachments]  # fmt: skip
            record_planned_outputs(ledger, bundle_command(found[0]), [file for file, _ in files])
            record_written_outputs(ledger, [(file, sha[0]) for file, sha in files if sha is not None])


def _write(
    attachment: Attachment, target: Path, item: PlannedLetter, data: LetterData, config: Config
) -> None:
    if attachment.kind == "annotated":
        from perfcli.io.xlsx.write.annotate import annotate_workbook

        source = next(r for r in data.returns.values() if r.path == attachment.source)
        annotate_workbook(Path(source.path), source.findings, target)
    elif attachment.kind == "findings":
        from perfcli.findings.sheets import write_findings_report
        from perfcli.forms.registry import forms_of

        files = [data.returns[name] for name in item.letter.context.get("files", []) if name in data.returns]
        write_findings_report(ValidationReport(data.period, files), target, forms_of(config))
    elif attachment.kind == "blank_form":
        assert data.roster is not None  # a blank form is only offered with a roster
        _blank_forms(data.roster, attachment.recipient_code, data, config, target)


def _blank_forms(roster: Roster, code: str, data: LetterData, config: Config, target: Path) -> None:
    """The recipient's own workbook, pre-filled as generate writes it (a unit's 附表1, a department's
    附表2/附表3), made from a roster of that recipient alone."""
    from perfcli.issue.generate import generate

    unit = roster.unit_or_none(code)
    department = roster.department(unit.department_code if unit else code)
    units = [unit] if unit else roster.units_of(department.code)
    projects = [p for u in units for p in roster.projects_of(u.code)]
    indicators = [i for p in projects for i in roster.indicators_of(p.code)]
    alone = Roster([department], units, projects, indicators)
    with tempfile.TemporaryDirectory(dir=target.parent) as scratch:
        result = generate(alone, data.period, Path(scratch), config)
        wanted = "unit" if unit else "department"
        made = next(f for f in result.files if f.kind == wanted and f.code == code)
        shutil.move(str(made.path), target)
