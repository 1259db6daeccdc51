"""审阅清单: before letters are issued, one row per letter and per claim it makes — each count, status and
suggested handling, with what it rests on — and an editable 采用/修改为 column. `render --draft` writes it;
`render --from-review` issues the letters with the clerk's choices."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from perfcli.io.xlsx.write.lists import ListSheet
from perfcli.letters.letter import Letter

REVIEW_SHEET = "审阅清单"
ADOPT = "采用"
CHOICE_COLUMN = "采用/修改为"
# the sentences a letter states from the data (top-level context keys) and the table cells that carry a
# number, a status or a suggested handling (key of the list -> its fields), with how the sheet names them
SENTENCES = {
    "summary": "基本情况",
    "units_reporting": "报送情况",
    "assessment": "执行评价",
    "carried_intro": "此前整改事项",
}
CELLS = {
    "findings": (("suggestion", "处理意见"),),
    "warnings": (("execution_rate", "预算执行率"), ("handling", "处置意见")),
    "carried": (("status", "整改情况"),),
    "results": (("requirement", "整改要求"),),
}
COLUMNS = (
    ("函件", 26),
    ("收文单位", 18),
    ("位置", 20),
    ("内容", 12),
    ("函件所写", 60),
    ("依据", 36),
    (CHOICE_COLUMN, 40),
)


@dataclass
class Claim:
    letter: str  # the letter's file stem: which letter
    recipient: str
    place: str  # where in its context: assessment, findings[2].suggestion
    label: str
    text: str
    basis: str


def _basis(row: dict[str, Any]) -> str:
    """What a table row rests on: the unit, project and form cell it is about."""
    parts = [row.get(k) for k in ("unit", "project", "file", "place", "id", "raised") if row.get(k)]
    return "；".join(str(p) for p in parts if p != "—")


def claims_of(letter: Letter, stem: str) -> list[Claim]:
    context = letter.context
    claims = []
    basis = f"台账与汇总，截至成文日期 {context.get('issue_date_iso', '')}"
    for key, label in SENTENCES.items():
        if context.get(key):
            claims.append(Claim(stem, letter.recipient, key, label, str(context[key]), basis))
    for key, fields in CELLS.items():
        for i, row in enumerate(context.get(key) or []):
            for name, label in fields:
                if row.get(name):
                    place = f"{key}[{i}].{name}"
                    claims.append(Claim(stem, letter.recipient, place, label, str(row[name]), _basis(row)))
    return claims


def review_sheet(letters: list[tuple[Letter, str]]) -> ListSheet:
    """The 审阅清单 of the letters (each with its file stem); 采用/修改为 starts as 采用."""
    sheet = ListSheet(REVIEW_SHEET, COLUMNS)
    for letter, stem in letters:
        for claim in claims_of(letter, stem):
            sheet.add(
                [claim.letter, claim.recipient, claim.place, claim.label, claim.text, claim.basis, ADOPT]
            )
    return sheet


def apply_review(letters: list[tuple[Letter, str]], rows: list[dict[str, str]]) -> list[str]:
    """Put the clerk's 修改为 into the letters; returns what changed (函件 位置). A row naming a letter or a
    place the letters do not have is an error: the review was made for other letters."""
    by_stem = {stem: letter for letter, stem in letters}
    changed, unknown = [], []
    for row in rows:
        choice = (row.get(CHOICE_COLUMN) or "").strip()
        if not choice or choice == ADOPT:
            continue
        letter = by_stem.get(row.get("函件") or "")
        place = row.get("位置") or ""
        if letter is None or not _set(letter.context, place, choice):
            unknown.append(f"{row.get('函件')} {place}")
            continue
        changed.append(f"{row.get('函件')} {place}")
    if unknown:
        from perfcli.errors import InputDataError

        raise InputDataError(
            f"审阅清单中有 {len(unknown)} 行对应不到本次出具的函件（清单是否为另一批函件所作？）：",
            details=unknown,
        )
    return changed


def _set(context: dict[str, Any], place: str, text: str) -> bool:
    if "[" not in place:
        if place not in SENTENCES or place not in context:
            return False
        context[place] = text
        return True
    key, rest = place.split("[", 1)
    index, name = rest.split("].", 1)
    rows = context.get(key) or []
    if key not in CELLS or not index.isdigit() or int(index) >= len(rows) or name not in rows[int(index)]:
        return False
    rows[int(index)][name] = text
    return True
