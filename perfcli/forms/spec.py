"""Form specs: the meaning of each monitoring form (fields, labels, types, tables), loaded from YAML.

The Excel template holds the look; the spec holds the meaning. Readers find fields by the labels named
here, generate and the template builder lay the form out from `layout`, and rules are built from the
field types and vocabularies.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Literal

import yaml

FormKind = Literal["project", "department", "key_project"]
FORM_KINDS: tuple[FormKind, ...] = ("project", "department", "key_project")
FieldType = Literal["text", "longtext", "money", "rate", "enum", "date", "period"]

# Everything that is not part of a label's meaning: white space of any width, colons, and a
# trailing unit such as （万元）.
_LABEL_NOISE = re.compile(r"[\s\u3000\u00a0:：]+")
_TRAILING_UNIT = re.compile(r"[（(](万元|元|%|％)[)）]$")


# Full-width ASCII (Ａ, １, ％…) folded to half-width; the full-width brackets and colon stay, since they are
# how labels are printed.
_FULLWIDTH_FOLD = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F) if chr(code) not in "（）："}


def normalize_label(text: str) -> str:
    """The comparable form of a label: no white space or colons, full-width ASCII folded, no trailing unit."""
    folded = _LABEL_NOISE.sub("", text.translate(_FULLWIDTH_FOLD))
    while True:
        stripped = _TRAILING_UNIT.sub("", folded)
        if stripped == folded:
            return stripped
        folded = stripped


@dataclass(frozen=True)
class FieldSpec:
    key: str
    label: str
    type: FieldType = "text"
    required: bool = False
    prefilled: bool = False
    variants: tuple[str, ...] = ()
    vocabulary: str | None = None  # name of a config vocabulary, for enum fields
    column: str | None = None  # for paired value cells under one label (附表3 预算数/执行数)

    @property
    def labels(self) -> tuple[str, ...]:
        """The label and its accepted variants, normalised for matching."""
        return tuple(dict.fromkeys(normalize_label(x) for x in (self.label, *self.variants)))


@dataclass(frozen=True)
class ColumnSpec:
    key: str
    label: str
    type: FieldType = "text"
    prefilled: bool = False
    variants: tuple[str, ...] = ()
    vocabulary: str | None = None

    @property
    def labels(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(normalize_label(x) for x in (self.label, *self.variants)))


@dataclass(frozen=True)
class TableSpec:
    key: str  # "indicators" or "rows"
    columns: tuple[ColumnSpec, ...]
    fill_down: tuple[str, ...]
    skeleton: tuple[tuple[str, ...], ...]
    spare_rows: int
    rate_rows: dict[str, str] = field(default_factory=dict)  # indicator name -> "unit" | "signed"
    level1_values: tuple[str, ...] = ()
    level2_values: tuple[str, ...] = ()

    def column(self, key: str) -> ColumnSpec:
        return next(c for c in self.columns if c.key == key)


@dataclass(frozen=True)
class FundingSource:
    key: str
    label: str
    variants: tuple[str, ...] = ()

    @property
    def labels(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(normalize_label(x) for x in (self.label, *self.variants)))


@dataclass(frozen=True)
class LayoutCell:
    """One cell of the canonical layout: a printed label, a field's value cell, or a funding cell."""

    label: str | None = None
    field: str | None = None
    funding: str | None = None  # "central_provincial.budget"
    span: int = 1
    height: float | None = None
    hint: str | None = None
    indent: int = 0


@dataclass(frozen=True)
class FormSpec:
    form: FormKind
    code: str  # 附表1
    title: str
    filled_by: Literal["unit", "department"]
    columns: tuple[str, ...]
    column_widths: tuple[float, ...]
    header_label: str | None
    note: str
    fields: tuple[FieldSpec, ...]
    layout: tuple[tuple[LayoutCell, ...], ...]
    table: TableSpec
    funding: tuple[FundingSource, ...] = ()

    def field(self, key: str) -> FieldSpec:
        for f in self.fields:
            if f.key == key:
                return f
        raise KeyError(key)

    @property
    def width(self) -> int:
        return len(self.columns)


def _tuple(value: object) -> tuple[str, ...]:
    return tuple(value) if isinstance(value, list) else ()


def _parse(raw: dict) -> FormSpec:
    table = raw["table"]
    return FormSpec(
        form=raw["form"],
        code=raw["code"],
        title=raw["title"],
        filled_by=raw["filled_by"],
        columns=tuple(raw["columns"]),
        column_widths=tuple(float(w) for w in raw["column_widths"]),
        header_label=raw.get("header_label"),
        note=raw["note"],
        fields=tuple(FieldSpec(**{**f, "variants": _tuple(f.get("variants"))}) for f in raw["fields"]),
        layout=tuple(tuple(LayoutCell(**cell) for cell in row) for row in raw["layout"]),
        table=TableSpec(
            key=table["key"],
            columns=tuple(
                ColumnSpec(**{**c, "variants": _tuple(c.get("variants"))}) for c in table["columns"]
            ),
            fill_down=tuple(table.get("fill_down", ())),
            skeleton=tuple(tuple(r) for r in table.get("skeleton", ())),
            spare_rows=int(table.get("spare_rows", 0)),
            rate_rows=dict(table.get("rate_rows", {})),
            level1_values=_tuple(table.get("level1_values")),
            level2_values=_tuple(table.get("level2_values")),
        ),
        funding=tuple(
            FundingSource(**{**f, "variants": _tuple(f.get("variants"))}) for f in raw.get("funding", ())
        ),
    )


@cache
def load_spec(form: FormKind) -> FormSpec:
    """The spec of one form kind, from the YAML shipped in perfcli/forms/specs/."""
    text = resources.files("perfcli.forms").joinpath("specs", f"{form}.yaml").read_text("utf-8")
    return _parse(yaml.safe_load(text))


def all_specs() -> tuple[FormSpec, ...]:
    return tuple(load_spec(kind) for kind in FORM_KINDS)


def spec_by_code(code: str) -> FormSpec:
    """附表1 / 附表2 / 附表3 (also 1, 2, 3) -> spec."""
    wanted = code.strip().removeprefix("附表")
    for spec in all_specs():
        if spec.code.removeprefix("附表") == wanted or spec.form == code:
            return spec
    raise KeyError(code)
