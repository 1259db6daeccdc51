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

# The one list of public names: each name -> the module that defines it. `__all__`, the lazy loading below
# and `dir(perfcli)` come from it; the TYPE_CHECKING imports at the end name the same pairs for type
# checkers (tests/test_api.py checks they agree, and that perfcli.api re-exports nothing else).
_EXPORTS = {
    # one function per command (perfcli.api)
    "init": "perfcli.api.workspace",
    "generate": "perfcli.api.generate",
    "generate_blank": "perfcli.api.generate",
    "generate_self_evaluation": "perfcli.api.generate",
    "generate_targets": "perfcli.api.targets_generate",
    "extract": "perfcli.api.extract",
    "validate": "perfcli.api.validate",
    "status": "perfcli.api.validate",
    "aggregate_department": "perfcli.api.aggregate",
    "aggregate_city": "perfcli.api.aggregate",
    "render": "perfcli.api.render",
    "roster_from_approved_targets": "perfcli.api.roster_targets",
    "letter_data": "perfcli.api.render",
    "check_template": "perfcli.api.render",
    "packs": "perfcli.api.packs",
    "score": "perfcli.api.score",
    "aggregate_self_evaluation": "perfcli.api.self_evaluation",
    "spot_check": "perfcli.api.self_evaluation",
    "compare": "perfcli.api.compare",
    "ledger_list": "perfcli.api.ledger",
    "verify": "perfcli.api.verify",
    "accept": "perfcli.api.ledger",
    "rectification_list": "perfcli.api.ledger",
    "review_targets": "perfcli.api.target_review",
    "target_history": "perfcli.api.target_ledger",
    "recover": "perfcli.api.recover",
    "doctor": "perfcli.api.doctor",
    "receive": "perfcli.api.mail",
    "send": "perfcli.api.send",
    "all_rules": "perfcli.findings.catalogue",
    # what they return
    "Workspace": "perfcli.api.workspace",
    "RecoverResult": "perfcli.api.recover",
    "DoctorResult": "perfcli.api.doctor",
    "ReceiveResult": "perfcli.api.mail",
    "SendResult": "perfcli.api.send",
    "Extraction": "perfcli.api.extract",
    "WorkbookContent": "perfcli.returns.read",
    "ValidationReport": "perfcli.findings.report",
    "ReportingTable": "perfcli.findings.reporting",
    "ReportingRow": "perfcli.findings.reporting",
    "DepartmentRollups": "perfcli.api.aggregate",
    "DepartmentRollup": "perfcli.rollups.model",
    "CityRollup": "perfcli.rollups.model",
    "GenerateResult": "perfcli.issue.result",
    "GeneratedFile": "perfcli.issue.result",
    "RenderResult": "perfcli.letters.render",
    "RosterTargetsResult": "perfcli.api.roster_targets",
    "TemplateCheck": "perfcli.io.office.docx",
    "PackList": "perfcli.api.packs",
    "ScoreResult": "perfcli.api.score",
    "SelfEvaluationSummary": "perfcli.api.self_evaluation",
    "SpotCheckResult": "perfcli.api.self_evaluation",
    "VerifyResult": "perfcli.api.verify",
    "TargetReviewResult": "perfcli.api.target_review",
    "TargetHistory": "perfcli.api.target_ledger",
    "LETTER_KINDS": "perfcli.letters.kinds",
    "ALL_LETTER_KINDS": "perfcli.letters.kinds",
    "LETTER_KIND_RECORDS": "perfcli.letters.kinds",
    "LetterKind": "perfcli.letters.kinds",
    "TEMPLATE_VERSION": "perfcli.forms.spec",
    # the records and settings they are made of
    "Config": "perfcli.model.config",
    "load_config": "perfcli.model.config",
    "Period": "perfcli.model.period",
    "Roster": "perfcli.model.roster",
    "read_roster": "perfcli.roster.read",
    "FormRecord": "perfcli.model.records",
    "FileResult": "perfcli.model.records",
    "Finding": "perfcli.model.findings",
    # the one exception family
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
    from perfcli.api.compare import compare
    from perfcli.api.doctor import DoctorResult, doctor
    from perfcli.api.extract import Extraction, extract
    from perfcli.api.generate import generate, generate_blank, generate_self_evaluation
    from perfcli.api.ledger import accept, ledger_list, rectification_list
    from perfcli.api.mail import ReceiveResult, receive
    from perfcli.api.packs import PackList, packs
    from perfcli.api.recover import RecoverResult, recover
    from perfcli.api.render import check_template, letter_data, render
    from perfcli.api.roster_targets import RosterTargetsResult, roster_from_approved_targets
    from perfcli.api.score import ScoreResult, score
    from perfcli.api.self_evaluation import (
        SelfEvaluationSummary,
        SpotCheckResult,
        aggregate_self_evaluation,
        spot_check,
    )
    from perfcli.api.send import SendResult, send
    from perfcli.api.target_ledger import TargetHistory, target_history
    from perfcli.api.target_review import TargetReviewResult, review_targets
    from perfcli.api.targets_generate import generate_targets
    from perfcli.api.validate import status, validate
    from perfcli.api.verify import VerifyResult, verify
    from perfcli.api.workspace import Workspace, init
    from perfcli.errors import InputDataError, OutputExistsError, PerfcliError, UsageError
    from perfcli.findings.catalogue import all_rules
    from perfcli.findings.report import ValidationReport
    from perfcli.findings.reporting import ReportingRow, ReportingTable
    from perfcli.forms.spec import TEMPLATE_VERSION
    from perfcli.io.office.docx import TemplateCheck
    from perfcli.issue.result import GeneratedFile, GenerateResult
    from perfcli.letters.kinds import ALL_LETTER_KINDS, LETTER_KIND_RECORDS, LETTER_KINDS, LetterKind
    from perfcli.letters.render import RenderResult
    from perfcli.model.config import Config, load_config
    from perfcli.model.findings import Finding
    from perfcli.model.period import Period
    from perfcli.model.records import FileResult, FormRecord
    from perfcli.model.roster import Roster
    from perfcli.returns.read import WorkbookContent
    from perfcli.rollups.model import CityRollup, DepartmentRollup
    from perfcli.roster.read import read_roster
