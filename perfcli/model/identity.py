"""The identity a generated workbook carries, so the reader knows what it is and can spot tampering.

Stored twice, both of which survive re-saves by Excel, WPS and LibreOffice:
  * a very hidden sheet `_perfcli` whose A1 holds IDENTITY_MARK and A2 the identity as JSON;
  * a custom document property `perfcli.identity` with the same JSON (xlsx only).
The reader prefers the sheet (readable in .xlsx, .xls and .ods alike).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from decimal import Decimal
from typing import Any

from perfcli.model import codec

IDENTITY_SHEET = "_perfcli"
IDENTITY_MARK = "perfcli-identity/1"
IDENTITY_PROPERTY = "perfcli.identity"


@dataclass
class SheetIdentity:
    """One generated form sheet: which form, which project, and the values we pre-filled."""

    sheet: str
    form: str  # project | department | key_project
    project_code: str | None = None
    # record key -> canonical text; keys as in FormRecord: "budget_total", "funding.district.budget",
    # "indicators[0].level3"
    prefilled: dict[str, str] = field(default_factory=dict)


@dataclass
class Identity:
    workbook: str  # "unit" (附表1 workbook) | "department" (附表2 + 附表3 workbook) | "blank"
    code: str  # unit or department code ("" for a blank form)
    name: str
    department_code: str | None
    period: str  # 2026Q3
    template_version: str
    generated_at: str  # ISO 8601
    sheets: list[SheetIdentity] = field(default_factory=list)
    digest: str = ""  # sha256 over every sheet's pre-filled values

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False, separators=(",", ":"), sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> Identity:
        """The identity a workbook carries, checked against the field types (codec.CodecError, a
        ValueError, when it is not one: the sheet is anyone's to edit)."""
        identity: Identity = codec.decode(Identity, json.loads(text))
        return identity

    @classmethod
    def of_record(cls, fields: dict[str, Any]) -> Identity:
        """The workbook identity a FormRecord carries (its `identity` dict), without the sheets."""
        return cls(**{f: fields.get(f) for f in _WORKBOOK_FIELDS})  # type: ignore[arg-type]

    def seal(self) -> Identity:
        self.digest = prefill_digest(self.sheets)
        return self


_WORKBOOK_FIELDS = (
    "workbook",
    "code",
    "name",
    "department_code",
    "period",
    "template_version",
    "generated_at",
    "digest",
)


def canonical(value: Any) -> str:
    """The text a pre-filled value is compared by: numbers normalised (120.50 == 120.5), text stripped."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, (int, float, Decimal)):
        d = Decimal(str(value)).normalize()
        return format(d, "f")
    if hasattr(value, "isoformat"):
        return value.isoformat()[:10]
    return str(value).strip()


def prefill_digest(sheets: list[SheetIdentity]) -> str:
    payload = json.dumps(
        [[s.sheet, s.form, s.project_code, sorted(s.prefilled.items())] for s in sheets],
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


# A cell holds at most 32,767 characters; a long identity continues in A3, A4… of the identity sheet.
IDENTITY_CHUNK = 32000


def identity_cells(text: str) -> list[str]:
    """The identity JSON split over the cells A2, A3… of the identity sheet (readers join them back)."""
    return [text[i : i + IDENTITY_CHUNK] for i in range(0, len(text), IDENTITY_CHUNK)] or [""]
