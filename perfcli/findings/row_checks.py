"""The checks a form's note asks for, declared in its spec (`checks`, perfcli.forms.row_checks): columns every
named indicator row fills (N010), what a column may say (N011), form-level explanations a row's answer calls
for (N012), and money cells that must be filled (V101)."""

from __future__ import annotations

from typing import Any

from perfcli.findings import form_rules as R
from perfcli.findings import national_rules as N
from perfcli.forms.spec import FormSpec, month_label
from perfcli.model.findings import Finding
from perfcli.model.records import FormRecord
from perfcli.model.values import canonical_text, is_blank, normalize_label

__all__ = ["check_rows"]


def check_rows(record: FormRecord, spec: FormSpec) -> list[Finding]:
    checks, table = spec.checks, spec.table
    found: list[Finding] = []

    def add(rule: Any, cell: str | None, field: str | None, **params: Any) -> None:
        found.append(rule.finding(file=record.file, sheet=record.sheet, cell=cell, field=field, **params))

    month = record.period.end_month if record.period is not None else None
    calls: dict[str, list[str]] = {}  # form field -> the rows whose answer calls for it
    for i, row in enumerate(record.table):
        name = row.get(table.name_column)
        if is_blank(name):
            continue
        where, base = f"指标“{canonical_text(name)}”", f"{table.key}[{i}]"
        empty = [key for key in checks.row_required if is_blank(row.get(key))]
        if empty:
            labels = "、".join(f"“{month_label(table.column(k).label, month)}”" for k in empty)
            add(N.ROW_INCOMPLETE, row.cells.get(empty[0]), f"{base}.{empty[0]}", where=where, labels=labels)
        for key, allowed in checks.choices.items():
            value = row.get(key)
            if is_blank(value) or normalize_label(str(value)) in {normalize_label(a) for a in allowed}:
                continue
            label = table.column(key).label
            add(
                N.CHOICE_NOT_ALLOWED,
                row.cells.get(key),
                f"{base}.{key}",
                where=where,
                label=label,
                value=canonical_text(value),
                allowed="、".join(allowed),
            )
        for rule in checks.explain:
            value = canonical_text(row.get(rule.column))
            if value is not None and value.strip() in rule.values:
                said = f"{where}的“{table.column(rule.column).label}”为“{value.strip()}”"
                for key in rule.fields:
                    calls.setdefault(key, []).append(said)
    for key, rows in calls.items():
        if is_blank(record.fields.get(key)):
            add(
                N.EXPLANATION_MISSING,
                record.cells.get(key),
                key,
                rows="；".join(rows),
                what=spec.label_of(key),
            )
    if spec.funds is not None:
        grid = record.fields.get(spec.funds.key) or {}
        titles = {c.key: month_label(c.label, month) for c in spec.funds.columns}
        for funds_row in spec.funds.rows:
            for key in checks.funds_required:
                if is_blank((grid.get(funds_row.key) or {}).get(key)):
                    field = f"{spec.funds.key}.{funds_row.key}.{key}"
                    label = f"{funds_row.short_label}的{titles.get(key, key)}"
                    add(R.REQUIRED, record.cells.get(field), field, label=label)
    return found
