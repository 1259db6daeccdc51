"""Where things stand on one sheet: every text by position, every label (normalised) by where it is, and
the merged ranges crossing each row — the lookups label-anchored reading is made of (DESIGN §4)."""

from __future__ import annotations

from typing import Any

from perfcli.forms.registry import forms_of
from perfcli.io.xlsx.read.grid import a1, clean_sheet
from perfcli.model.config import Config
from perfcli.model.findings import Finding
from perfcli.model.values import has_control_chars, normalize_label

__all__ = ["SheetIndex", "a1"]


# The longest text (white space included) that can still be a label, a form title with its prefix or a
# table header: the longest of these is under 50 characters; a narrative is longer or never a label.
LONGEST_LABEL = 100


class SheetIndex:
    """One sheet of a Grid (perfcli.io.xlsx.read.grid.Sheet), indexed for reading by labels."""

    def __init__(self, sheet: Any, file: str, config: Config) -> None:
        self.sheet, self.file, self.config = sheet, file, config
        # the forms this sheet may hold: the config's pack's and the installed packs'
        self.forms = forms_of(config)
        self.width = sheet.width
        # every text cell, in reading order (row by row, left to right): the searches below rely on it;
        # and where each label (normalised text) stands. Only texts short enough to be a label, a title
        # or a header go into the label index: narratives (each one new) are never normalised for it.
        self._index_texts(sheet)
        # control characters (raw, _x0001_ or &#1; in the XML) never go further than here: one search over
        # all the texts finds them; the sheet is then cleaned (io.xlsx.read.grid.clean_sheet notes each cell)
        if has_control_chars("".join(self.texts.values())):
            clean_sheet(sheet)
            self._index_texts(sheet)
        # the merged ranges crossing each row (clipped to the sheet): a form has a few per row, so a
        # lookup scans a short list instead of every merged cell being indexed up front
        self.merges_in_row: dict[int, list[tuple[int, int, int, int]]] = {}
        height = len(sheet.rows)
        for r0, c0, r1, c1 in sheet.merged:
            merge = (r0, c0, min(r1, height - 1), min(c1, self.width - 1))
            for r in range(r0, merge[2] + 1):
                self.merges_in_row.setdefault(r, []).append(merge)
        self.issues: list[Finding] = []
        # where the indicator table was read (set by the table readers; perfcli.returns.coverage uses it)
        self.table_top: int | None = None  # its (first) header row
        self.header_first: int | None = None  # the first row of the header _find_header found last
        self.table_columns: set[int] = set()  # the sheet columns read into it
        self.table_data: tuple[int, int] | None = None  # first data row, last row read

    def _index_texts(self, sheet: Any) -> None:
        self.texts: dict[tuple[int, int], str] = {}
        self.labels: dict[str, list[tuple[int, int]]] = {}
        texts, labels = self.texts, self.labels
        for r, line in enumerate(sheet.rows):
            for c, value in enumerate(line):
                # most cells are empty ("", falsy): that test first; isspace() is strip() without a copy
                if value and value.__class__ is str and not value.isspace():
                    pos = (r, c)
                    texts[pos] = value
                    if len(value) > LONGEST_LABEL:
                        continue
                    label = normalize_label(value)
                    if label in labels:
                        labels[label].append(pos)
                    else:
                        labels[label] = [pos]

    def _find(self, labels: tuple[str, ...], limit: int) -> tuple[int, int] | None:
        best = None
        for label in labels:
            for pos in self.labels.get(label, ()):
                if pos[0] < limit and (best is None or pos < best):
                    best = pos
                    break
        return best

    def _merge_at(self, r: int, c: int) -> tuple[int, int, int, int] | None:
        """The merged range holding (r, c); of overlapping ranges the one listed last."""
        for merge in reversed(self.merges_in_row.get(r, ())):
            if merge[1] <= c <= merge[3]:
                return merge
        return None

    def _after(self, r: int, c: int) -> int:
        """The first column right of the merged range holding (r, c)."""
        merge = self._merge_at(r, c)
        return (merge[3] if merge else c) + 1
