"""How to read a form whose parts are not where the monitoring forms keep them, as spec data (YAML `reading`):
the 绩效目标 forms (项目支出绩效目标申报表, 部门整体支出绩效目标表) read by perfcli.returns.target.

- `sections`: the captions of a table printed twice with the same header (长期绩效指标, 年度绩效指标); both
  halves are read, each row keeping its caption.
- `amounts_from`: a text field where the money may be typed in words ("总额10606.7522万元 / 财政拨款:6923.3552万元
  …"); a money field not found as a label is read from it, by the field's labels.
- `stacked`: fields whose value runs down the rows of the label's merged cell (年度总体目标 as 目标1…目标4).
- `under`: fields whose label repeats once per half (其中：财政拨款 under 中期资金总额 and under 年度资金总额):
  field -> the field whose label heads its column; the label is looked for in that column, below it.
- `halves`: the names of an indicator grid's halves printed side by side (中长期, 年度), left to right: the
  header's columns repeat once per half; a grid printing one set of columns is the last half alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

__all__ = ["ReadingHints"]


def _strings(value: Any) -> tuple[str, ...]:
    return tuple(str(x) for x in value) if isinstance(value, list) else ()


@dataclass(frozen=True)
class ReadingHints:
    sections: tuple[str, ...] = ()
    amounts_from: str | None = None
    stacked: tuple[str, ...] = ()
    under: tuple[tuple[str, str], ...] = ()
    halves: tuple[str, ...] = ()

    @classmethod
    def parse(cls, raw: Any) -> ReadingHints:
        if not raw:
            return cls()
        source = raw.get("amounts_from")
        under = raw.get("under") or {}
        return cls(
            _strings(raw.get("sections")),
            str(source) if source else None,
            _strings(raw.get("stacked")),
            tuple((str(k), str(v)) for k, v in under.items()) if isinstance(under, dict) else (),
            _strings(raw.get("halves")),
        )
