"""When no form is recognised in a workbook: which known form it resembles most, and which of that form's
labels were found and which are missing (issue 20 item 7). Only computed for a workbook that gave no record,
so an ordinary return pays nothing for it."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from perfcli.forms.spec import FormSpec
from perfcli.model.findings import Finding
from perfcli.model.values import normalize_label
from perfcli.returns.rules import NEAR_MISS
from perfcli.returns.ticked import generic_label

if TYPE_CHECKING:
    from perfcli.returns.index import SheetIndex

__all__ = ["Resemblance", "near_miss", "resemblance"]

_SHOWN_MISSING = 12  # a message names at most this many missing labels
_LONGER = 12  # a label found inside a longer one: 实施单位(盖章), 项目资金(单位：万元), 产出指标（五十分）


@dataclass(frozen=True)
class Resemblance:
    """How far one sheet is from one known form."""

    spec: FormSpec
    sheet: str
    title: (
        int  # 2: a cell holds the form's title; 1: a cell's title ends as it does (…绩效自评表); 0: neither
    )
    found: tuple[str, ...]
    missing: tuple[str, ...]

    @property
    def rank(self) -> tuple[int, float, int]:
        """The title first (the strongest clue), then the share of the form's labels found."""
        share = len(self.found) / max(1, len(self.found) + len(self.missing))
        return self.title, share, len(self.found)


def _expected(spec: FormSpec) -> list[tuple[str, tuple[str, ...]]]:
    """The labels a form is known by besides its title: (the label as printed, its normalised variants)."""
    out: list[tuple[str, tuple[str, ...]]] = []
    items: list[tuple[str, tuple[str, ...]]] = []
    items += [(f.label, f.labels) for f in spec.fields]
    items += [(s.short_label, s.labels) for s in spec.funding]
    items += [(x, (normalize_label(x),)) for x in spec.paired_columns.values()]
    if spec.funds is not None:
        items += [(c.label, c.labels) for c in spec.funds.columns]
        items += [(r.short_label, r.labels) for r in spec.funds.rows]
    items += [(c.label, c.labels) for c in spec.table.columns]
    seen = {spec.title}
    for label, variants in items:
        if label not in seen:
            seen.add(label)
            out.append((label, tuple(generic_label(v) for v in variants)))
    return out


def resemblance(sheet_name: str, labels: Iterable[str], spec: FormSpec) -> Resemblance:
    """Which of the form's labels the sheet's (normalised) labels hold, exactly or within a longer label
    (产出指标(50分) holds 产出指标; 部门预算项目支出绩效自评表(2023年度) holds the title)."""
    texts = {generic_label(x) for x in labels}
    found: list[str] = []
    missing: list[str] = []
    for label, variants in _expected(spec):
        # within a longer label, not a sentence: a guide text "预算执行率=预算执行数/调整后预算数…" names labels
        hit = any(v in texts for v in variants) or any(
            v and v in t and len(t) <= len(v) + _LONGER for v in variants for t in texts
        )
        (found if hit else missing).append(label)
    return Resemblance(spec, sheet_name, _title_score(spec, texts), tuple(found), tuple(missing))


_TRAILER = re.compile(r"[（(][^（）()]*[)）]?$")  # (2023年度), (申遗) after a title


def _title_score(spec: FormSpec, texts: set[str]) -> int:
    title = normalize_label(spec.title)
    best = 0
    for text in texts:
        if len(text) > 60 or "表" not in text:
            continue
        if title in text:
            return 2
        stem = _TRAILER.sub("", text)
        same = 0
        while same < min(len(stem), len(title)) and stem[-1 - same] == title[-1 - same]:
            same += 1
        if same >= 3 and stem.endswith("表"):
            best = 1
    return best


def near_miss(readers: Iterable[SheetIndex], file: str) -> Finding | None:
    """The finding naming the known form the workbook's sheets resemble most (None: nothing alike)."""
    best: Resemblance | None = None
    for reader in readers:
        for spec in reader.forms.recognised:
            candidate = resemblance(reader.sheet.name, reader.labels, spec)
            if best is None or candidate.rank > best.rank:
                best = candidate
    if best is None or (best.title == 0 and len(best.found) < 3):
        return None
    return NEAR_MISS.finding(
        file=file,
        sheet=best.sheet,
        title=best.spec.title,
        sheet_name=best.sheet,
        found="、".join(best.found),
        missing=_missing_text(best.missing),
    )


def _missing_text(missing: tuple[str, ...]) -> str:
    shown = "、".join(missing[:_SHOWN_MISSING])
    return shown + (f" 等 {len(missing)} 项" if len(missing) > _SHOWN_MISSING else "") or "无"
