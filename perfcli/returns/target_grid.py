"""The indicator grid of the national 项目支出绩效目标申报表: two halves side by side under one header row
(一级 | 二级 | 三级 | 指标值 for 中长期, then 二级 | 三级 | 指标值 for 年度), as the spec's `reading.halves` names
them.

The header's columns are cut into halves where the first repeated label repeats (二级指标 at C and at F); the
columns left of the first half (一级指标) belong to every half. A header printing each label once is the last
half alone (a local form with only the 年度 indicators). A second header row under 指标值 (指标性质 | 指标值 |
度量单位) gives each half its sub-columns. Each half is then read as its own table (perfcli.returns.table), its
一级 and 二级 filled down, and only rows with a 三级 or a 指标值 are indicators.
"""

from __future__ import annotations

from perfcli.forms.spec import FormSpec
from perfcli.model.records import Indicator
from perfcli.returns.table import TableReader, _header_labels

__all__ = ["GridReader"]

Hit = tuple[int, str]  # sheet column, column key


class GridReader(TableReader):
    """Reads a grid of halves side by side (mixed into perfcli.returns.target.TargetReader)."""

    def _read_grid(self, spec: FormSpec, header: int) -> list[Indicator]:
        hits, data_header = self._grid_hits(spec, header)
        halves = self._split_halves(spec, hits)
        until = self._grid_end(spec, data_header, {c for c, _ in hits})
        rows: list[Indicator] = []
        last = data_header
        for name, columns in halves:
            for row in self._read_table(spec, data_header, columns, until):
                last = max(last, (row.row or 1) - 1)
                if _blank(row.values.get("level3")) and _blank(row.values.get("target")):
                    continue  # a 二级 row left empty (the form's own row group), not an indicator
                row.values["half"] = name
                rows.append(row)
        # the whole grid is the table's place (perfcli.returns.coverage): every half's columns, every row read
        self.table_top = header
        self.table_columns = {c for c, _ in hits}
        self.table_data = (data_header + 1, last)
        return rows

    def _grid_hits(self, spec: FormSpec, header: int) -> tuple[list[Hit], int]:
        """Every header label of the row, left to right; with a second header row under it (指标性质 | 指标值 |
        度量单位 under a merged 指标值), its labels replace the group cell they stand under."""
        wanted = _header_labels(spec.form, self.forms)
        upper = self._row_hits(wanted, header)
        lower = self._row_hits(wanted, header + 1)
        if not lower:
            return upper, header
        covered = {c for c, _ in lower}
        kept = []
        for c, key in upper:
            merge = self._merge_at(header, c)
            span = range(merge[1], merge[3] + 1) if merge else range(c, c + 1)
            if not covered.intersection(span):
                kept.append((c, key))
        return sorted(kept + lower), header + 1

    def _row_hits(self, wanted: dict[str, str], r: int) -> list[Hit]:
        hits = {(c, key) for label, key in wanted.items() for rr, c in self.labels.get(label, ()) if rr == r}
        return sorted(hits)

    def _split_halves(self, spec: FormSpec, hits: list[Hit]) -> list[tuple[str, dict[str, int]]]:
        """The halves' names and their columns by key, left to right."""
        names = spec.reading.halves
        seen: set[str] = set()
        boundary = None
        for _c, key in hits:
            if key in seen:
                boundary = key
                break
            seen.add(key)
        if boundary is None:  # one set of columns: the last half alone (年度)
            return [(names[-1], _columns(hits))]
        starts = [c for c, key in hits if key == boundary][: len(names)]
        shared = [(c, key) for c, key in hits if c < starts[0]]
        out = []
        for i, start in enumerate(starts):
            stop = starts[i + 1] if i + 1 < len(starts) else None
            own = [(c, key) for c, key in hits if c >= start and (stop is None or c < stop)]
            out.append((names[len(names) - len(starts) + i], _columns(shared + own)))
        return out

    def _grid_end(self, spec: FormSpec, data_header: int, columns: set[int]) -> int:
        """The row the grid stops before: the 注 line or the first line printed under it (调整说明), else
        after two rows with nothing in any of its columns."""
        end = self._table_end(data_header + 1, spec)
        last = end if end is not None else len(self.sheet.rows)
        blank = 0
        for r in range(data_header + 1, last):
            line = self.sheet.rows[r]
            if any(c < len(line) and not _blank(line[c]) for c in columns):
                blank = 0
                continue
            blank += 1
            if end is None and blank >= 2:
                return r - 1
        return last


def _columns(hits: list[Hit]) -> dict[str, int]:
    """Key -> its column; of a key printed twice in one half, the leftmost."""
    out: dict[str, int] = {}
    for c, key in hits:
        out.setdefault(key, c)
    return out


def _blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())
