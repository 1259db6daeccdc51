"""What a form's own note asks of each indicator row and of its money grid, as spec data (YAML `checks`).

湖北's 监控表 says in its 注 that 完成目标可能性 is one of 确定能、有可能、不可能, and that 有可能 or 不可能 needs
偏差或不能完成目标原因分析 and 相关建议或举措 filled. Such a form declares it here; perfcli.findings.row_checks
applies it (N010–N012), and the money cells it names must be filled (V101)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

__all__ = ["Explain", "RowChecks"]


def _strings(value: Any) -> tuple[str, ...]:
    return tuple(str(x) for x in value) if isinstance(value, list) else ()


@dataclass(frozen=True)
class Explain:
    """A row whose `column` says one of `values` needs the form's `fields` filled (原因分析, 建议)."""

    column: str
    values: tuple[str, ...]
    fields: tuple[str, ...]


@dataclass(frozen=True)
class RowChecks:
    row_required: tuple[str, ...] = ()  # table columns every named indicator row fills
    choices: dict[str, tuple[str, ...]] = field(default_factory=dict)  # column -> what it may say
    explain: tuple[Explain, ...] = ()
    funds_required: tuple[str, ...] = ()  # funds columns every row of the money grid fills

    @classmethod
    def parse(cls, raw: Any) -> RowChecks:
        if not raw:
            return cls()
        return cls(
            row_required=_strings(raw.get("row_required")),
            choices={str(k): _strings(v) for k, v in (raw.get("choices") or {}).items()},
            explain=tuple(
                Explain(str(e["column"]), _strings(e["values"]), _strings(e["fields"]))
                for e in raw.get("explain") or ()
            ),
            funds_required=_strings(raw.get("funds_required")),
        )
