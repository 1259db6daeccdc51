"""One function per command — request in, result object out. This is also the Python API: the command line
(perfcli.cli) only turns options into these calls and their results into terminal views.

The public names are listed in perfcli's `_EXPORTS` (`perfcli.__all__`); `__all__` here is the part of that
list this package imports, and tests/test_api.py checks that it stays exactly that."""

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
from perfcli.findings.catalogue import all_rules
from perfcli.findings.report import ValidationReport
from perfcli.findings.reporting import ReportingRow, ReportingTable
from perfcli.io.office.docx import TemplateCheck
from perfcli.issue.result import GeneratedFile, GenerateResult
from perfcli.letters.kinds import ALL_LETTER_KINDS, LETTER_KIND_RECORDS, LETTER_KINDS, LetterKind
from perfcli.letters.render import RenderResult
from perfcli.returns.read import WorkbookContent
from perfcli.rollups.model import CityRollup, DepartmentRollup

__all__ = [
    "ALL_LETTER_KINDS",
    "LETTER_KINDS",
    "LETTER_KIND_RECORDS",
    "LetterKind",
    "CityRollup",
    "DepartmentRollup",
    "DepartmentRollups",
    "DoctorResult",
    "Extraction",
    "GenerateResult",
    "GeneratedFile",
    "PackList",
    "ReceiveResult",
    "RecoverResult",
    "RenderResult",
    "RosterTargetsResult",
    "ReportingRow",
    "ReportingTable",
    "ScoreResult",
    "SendResult",
    "SelfEvaluationSummary",
    "SpotCheckResult",
    "TargetHistory",
    "TargetReviewResult",
    "TemplateCheck",
    "ValidationReport",
    "VerifyResult",
    "WorkbookContent",
    "Workspace",
    "aggregate_city",
    "aggregate_department",
    "aggregate_self_evaluation",
    "all_rules",
    "check_template",
    "compare",
    "doctor",
    "extract",
    "generate",
    "generate_blank",
    "generate_self_evaluation",
    "generate_targets",
    "init",
    "ledger_list",
    "letter_data",
    "packs",
    "receive",
    "recover",
    "rectification_list",
    "review_targets",
    "accept",
    "render",
    "roster_from_approved_targets",
    "score",
    "send",
    "spot_check",
    "status",
    "target_history",
    "validate",
    "verify",
]
