"""The one writer of the official monitoring form workbooks (附表1–3): templates, generate's pre-filled forms
and a department's roll-up workbook (its 附表2 beside report tables).

Each form sheet is laid out by perfcli.io.xlsx.write.form_sheet; this module makes the workbook (typed text never
becomes a formula, the forms' font, document properties) and stores the workbook identity. It is the only
module that imports XlsxWriter for forms (inside the functions, so importing stays cheap).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import Any

from perfcli.io.xlsx.write.form_sheet import BODY_SIZE, FONT, FormFormats, FormSheetWriter, SheetContent
from perfcli.io.xlsx.write.self_evaluation import SelfEvaluationSheetWriter
from perfcli.io.xlsx.write.tables import ReportTable, add_report_tables
from perfcli.io.xlsx.write.target_sheet import TargetSheetWriter
from perfcli.io.xlsx.write.text import check_sheet_names
from perfcli.io.xlsx.write.ticked_sheet import TickedSheetWriter
from perfcli.model.config import Config
from perfcli.model.identity import IDENTITY_MARK, IDENTITY_PROPERTY, IDENTITY_SHEET, Identity, identity_cells

__all__ = ["SheetContent", "new_form_workbook", "write_forms", "write_identity"]

# the forms laid out by a writer of their own (the others: by the shape of their spec)
_WRITERS: dict[str, type[FormSheetWriter]] = {
    "self_evaluation": SelfEvaluationSheetWriter,
    "project_target": TargetSheetWriter,
}
# Excel limits a custom text property to 255 characters: the property carries the identity without the
# per-sheet pre-filled values (the hidden sheet has the full identity).
_PROPERTY_MAX = 255


def write_forms(
    path: Path | str,
    sheets: list[SheetContent],
    *,
    identity: Identity | None,
    config: Config,
    created: datetime | None = None,
    title: str | None = None,
    tables: list[ReportTable] | None = None,
) -> None:
    """Write the form sheets, then any report tables, (and the identity, when given) to one .xlsx file.

    `created` fixes the document's creation time (templates use a constant so rebuilding gives the same
    bytes); by default it is now. `title` is the document title (by default the form's, for one sheet).
    """
    tables = tables or []
    check_sheet_names([s.name for s in sheets] + [t.sheet for t in tables])
    if title is None:
        titles = {s.spec.title for s in sheets}
        title = titles.pop() if len(titles) == 1 else "预算绩效运行监控表"
    workbook = new_form_workbook(path, title=title, config=config, created=created)
    formats = FormFormats(workbook)
    for content in sheets:
        ticked = content.spec.funds is not None or bool(content.spec.table.ticks)
        writer = _WRITERS.get(content.spec.form) or (
            TickedSheetWriter if ticked else FormSheetWriter  # the national 监控表's shape, or 附表1–3's
        )
        writer(workbook.add_worksheet(content.name), formats, content, config).write()
    if tables:
        add_report_tables(workbook, tables)
    if identity is not None:
        write_identity(workbook, identity)
    workbook.close()


def new_form_workbook(
    path: Path | str, *, title: str, config: Config, created: datetime | None = None
) -> Any:
    """An XlsxWriter workbook set up like every form we write: typed text never becomes a formula, a number
    or a link, the forms' font, and the document properties. Callers add sheets (FormSheetWriter for a form,
    anything else beside it), then write_identity() and close()."""
    import xlsxwriter

    workbook = xlsxwriter.Workbook(
        str(path),
        {
            "in_memory": True,  # no temporary part files: much faster on slow disks
            "strings_to_formulas": False,
            "strings_to_numbers": False,
            "strings_to_urls": False,
            "default_format_properties": {"font_name": FONT, "font_size": BODY_SIZE},
        },
    )
    workbook.set_properties(
        {
            "title": title,
            "subject": "预算绩效运行监控",
            "author": "perfcli",
            "company": config.section("locality").get("finance_bureau", ""),
            "created": created or datetime.now(),
        }
    )
    return workbook


def write_identity(workbook: Any, identity: Identity) -> None:
    """The identity as the very hidden `_perfcli` sheet and the `perfcli.identity` custom property."""
    text = identity.to_json()
    ws = workbook.add_worksheet(IDENTITY_SHEET)
    ws.write_string(0, 0, IDENTITY_MARK)
    for i, chunk in enumerate(identity_cells(text)):
        ws.write_string(1 + i, 0, chunk)
    ws.very_hidden()
    workbook.set_custom_property(IDENTITY_PROPERTY, _property_text(identity))


def _property_text(identity: Identity) -> str:
    """The identity for the custom property: without per-sheet values, within Excel's 255 characters."""
    short = replace(identity, sheets=[])
    text = short.to_json()
    for dropped in ("name", "generated_at", "department_code"):
        if len(text) <= _PROPERTY_MAX:
            break
        setattr(short, dropped, None if dropped == "department_code" else "")
        text = short.to_json()
    return text
