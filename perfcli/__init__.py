"""perfcli — 预算绩效运行监控 (budget performance monitoring): generate the forms, validate and roll up the
returns, write the letters.

The Python API is this module's functions (each one command of the CLI), returning result objects with
pandas DataFrame views; money stays exact (Decimal). For example::

    import perfcli
    report = perfcli.validate(["回收/"], roster="名册.xlsx", period="2026Q3")
    report.findings_frame()            # one row per finding
    city = perfcli.aggregate_city(report, roster="名册.xlsx")
    city.departments_frame()           # one row per department, rates and 与序时进度差

Names are loaded on first use, so `import perfcli` (and `perfcli --help`) stays instant.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

# public name -> the module that holds it
_EXPORTS = {
    "init": "perfcli.api",
    "generate": "perfcli.api",
    "generate_blank": "perfcli.api",
    "generate_self_evaluation": "perfcli.api",
    "extract": "perfcli.api",
    "validate": "perfcli.api",
    "status": "perfcli.api",
    "aggregate_department": "perfcli.api",
    "aggregate_city": "perfcli.api",
    "render": "perfcli.api",
    "check_template": "perfcli.api",
    "packs": "perfcli.api",
    "score": "perfcli.api",
    "aggregate_self_evaluation": "perfcli.api",
    "spot_check": "perfcli.api",
    "SelfEvaluationSummary": "perfcli.api",
    "SpotCheckResult": "perfcli.api",
    "ScoreResult": "perfcli.api",
    "all_rules": "perfcli.api",
    "ledger_list": "perfcli.api",
    "verify": "perfcli.api",
    "rectification_list": "perfcli.api",
    "compare": "perfcli.api",
    "VerifyResult": "perfcli.api",
    "ValidationReport": "perfcli.api",
    "ReportingTable": "perfcli.api",
    "CityRollup": "perfcli.api",
    "DepartmentRollup": "perfcli.api",
    "DepartmentRollups": "perfcli.api",
    "GenerateResult": "perfcli.api",
    "RenderResult": "perfcli.api",
    "Extraction": "perfcli.api",
    "Workspace": "perfcli.api",
    "LETTER_KINDS": "perfcli.api",
    "TEMPLATE_VERSION": "perfcli.forms.spec",
    "Config": "perfcli.model.config",
    "load_config": "perfcli.model.config",
    "Period": "perfcli.model.period",
    "Roster": "perfcli.model.roster",
    "read_roster": "perfcli.roster.workbook",
    "FormRecord": "perfcli.model.records",
    "FileResult": "perfcli.model.records",
    "Finding": "perfcli.model.findings",
    "PerfcliError": "perfcli.errors",
    "UsageError": "perfcli.errors",
    "InputDataError": "perfcli.errors",
    "OutputExistsError": "perfcli.errors",
}
__all__ = ["__version__", *_EXPORTS]


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        value = getattr(import_module(_EXPORTS[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'perfcli' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(__all__)


if TYPE_CHECKING:
    from perfcli.api.aggregate import DepartmentRollups, aggregate_city, aggregate_department
    from perfcli.api.extract import Extraction, extract
    from perfcli.api.generate import generate, generate_blank, generate_self_evaluation
    from perfcli.api.packs import packs
    from perfcli.api.render import check_template, render
    from perfcli.api.score import ScoreResult, score
    from perfcli.api.self_evaluation import (
        SelfEvaluationSummary,
        SpotCheckResult,
        aggregate_self_evaluation,
        spot_check,
    )
    from perfcli.api.validate import status, validate
    from perfcli.api.workspace import Workspace, init
    from perfcli.errors import InputDataError, OutputExistsError, PerfcliError, UsageError
    from perfcli.findings.catalogue import all_rules
    from perfcli.findings.report import ValidationReport
    from perfcli.findings.reporting import ReportingTable
    from perfcli.forms.spec import TEMPLATE_VERSION
    from perfcli.issue.generate import GenerateResult
    from perfcli.letters.kinds import LETTER_KINDS
    from perfcli.letters.render import RenderResult
    from perfcli.model.config import Config, load_config
    from perfcli.model.findings import Finding
    from perfcli.model.period import Period
    from perfcli.model.records import FileResult, FormRecord
    from perfcli.model.roster import Roster
    from perfcli.rollups.model import CityRollup, DepartmentRollup
    from perfcli.roster.workbook import read_roster
