"""One function per command — request in, result object out. This is also the Python API: the command line
(perfcli.cli) only turns options into these calls and their results into terminal views."""

from perfcli.api.aggregate import DepartmentRollups, aggregate_city, aggregate_department
from perfcli.api.compare import compare
from perfcli.api.extract import Extraction, extract
from perfcli.api.generate import generate, generate_blank
from perfcli.api.ledger import VerifyResult, ledger_list, rectification_list, verify
from perfcli.api.render import check_template, letter_data, render
from perfcli.api.validate import status, validate
from perfcli.api.workspace import Workspace, init
from perfcli.findings.catalogue import all_rules
from perfcli.findings.report import ValidationReport
from perfcli.findings.reporting import ReportingRow, ReportingTable
from perfcli.io.docx import TemplateCheck
from perfcli.issue.generate import GeneratedFile, GenerateResult
from perfcli.letters.build import LETTER_KINDS
from perfcli.letters.render import RenderResult
from perfcli.returns.read import WorkbookContent
from perfcli.rollups.model import CityRollup, DepartmentRollup

__all__ = [
    "LETTER_KINDS",
    "CityRollup",
    "DepartmentRollup",
    "DepartmentRollups",
    "Extraction",
    "GenerateResult",
    "GeneratedFile",
    "RenderResult",
    "ReportingRow",
    "ReportingTable",
    "TemplateCheck",
    "ValidationReport",
    "VerifyResult",
    "WorkbookContent",
    "Workspace",
    "aggregate_city",
    "aggregate_department",
    "all_rules",
    "check_template",
    "compare",
    "extract",
    "generate",
    "generate_blank",
    "init",
    "ledger_list",
    "letter_data",
    "rectification_list",
    "render",
    "status",
    "validate",
    "verify",
]
