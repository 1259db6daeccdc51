"""What is wrong with a workbook: a Finding, and the Rule that declares each kind of finding.

Bad data is a value, never an exception. Each finding type is a declared Rule (a stable code, severity,
title, description and Chinese message template); the rule catalogue in docs/rules.md is generated from
them (perfcli.findings.catalogue).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from perfcli.model.text import quoted

Severity = Literal["error", "warning"]
SEVERITY_LABELS: dict[str, str] = {
    "error": "错误",
    "warning": "警告",
}  # as printed in 问题清单 and annotations


@dataclass
class Finding:
    """One problem found in a workbook (or in a batch of them)."""

    severity: Severity
    code: str  # stable, documented in docs/rules.md
    message: str  # Chinese: what is wrong and what to do
    file: str | None = None
    sheet: str | None = None
    cell: str | None = None  # A1
    field: str | None = None  # record key, e.g. "funds_spent" or "indicators[3].likelihood"
    suggestion: str | None = None  # handling the rules suggest (常州新北 第十五条), for letters
    category: str | None = None  # a 绩效目标 review finding: 完整性 | 相关性 | 适当性 | 可行性 (seed 004)

    @property
    def place(self) -> str:
        """Where on its form the finding is, as finding IDs and 整改 items know it: the field, else the cell."""
        return self.field or self.cell or ""

    def to_json(self) -> dict[str, Any]:
        out = dict(self.__dict__)
        if out["category"] is None:  # only the 绩效目标 review rules have one
            del out["category"]
        return out

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Finding:
        return cls(**{k: data.get(k) for k in _FINDING_KEYS})  # type: ignore[arg-type]


_FINDING_KEYS = ("severity", "code", "message", "file", "sheet", "cell", "field", "suggestion", "category")


@dataclass(frozen=True)
class Rule:
    """One finding type: a stable code, its severity and a Chinese message template."""

    code: str
    severity: Severity
    title: str  # 名称
    description: str  # 说明: what the rule checks and where it comes from
    message: str  # 提示模板, str.format placeholders
    category: str | None = None  # what a 绩效目标 review rule looks at: 完整性 | 相关性 | 适当性 | 可行性

    def finding(
        self,
        *,
        file: str | None = None,
        sheet: str | None = None,
        cell: str | None = None,
        field: str | None = None,
        suggestion: str | None = None,
        **params: Any,
    ) -> Finding:
        return Finding(
            severity=self.severity,
            code=self.code,
            message=self.message.format(
                **{k: quoted(v) if isinstance(v, str) else v for k, v in params.items()}
            ),
            file=file,
            sheet=sheet,
            cell=cell,
            field=field,
            suggestion=suggestion,
            category=self.category,
        )
