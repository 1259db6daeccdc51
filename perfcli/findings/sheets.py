"""What the validation workbooks say: the 问题清单 (one row per finding, one per file) and the 报送情况表
(one row per department and unit). perfcli.io.xlsx.write.lists writes them."""

from __future__ import annotations

from pathlib import Path

from perfcli.findings.report import ValidationReport
from perfcli.findings.reporting import KIND_LABELS, ReportingTable
from perfcli.forms.registry import FormRegistry
from perfcli.io.xlsx.write.lists import ListSheet, write_list_workbook
from perfcli.model.findings import SEVERITY_LABELS, Finding
from perfcli.model.records import FileResult

FILE_STATUS_LABELS = {"read": "已读取", "rejected": "无法读取", "superseded": "已被新版本取代"}

FINDING_COLUMNS: tuple[tuple[str, float], ...] = (
    ("文件", 30),
    ("单位", 20),
    ("表", 7),
    ("工作表", 12),
    ("单元格", 7),
    ("级别", 6),
    ("代码", 7),
    ("问题", 60),
    ("处理建议", 36),
)
FILE_COLUMNS: tuple[tuple[str, float], ...] = (
    ("文件", 48),
    ("单位", 24),
    ("状态", 14),
    ("错误", 6),
    ("警告", 6),
    ("说明", 60),
)
STATUS_COLUMNS: tuple[tuple[str, float], ...] = (
    ("部门", 24),
    ("单位", 28),
    ("类别", 8),
    ("编码", 10),
    ("报送情况", 10),
    ("报送期限", 12),
    ("报送日期", 12),
    ("逾期", 6),
    ("错误", 6),
    ("警告", 6),
    ("说明", 40),
    ("文件", 60),
)
STATE_STYLES = {"missing": "error", "errors": "error", "partial": "warning", "late": "warning"}


CATEGORY_COLUMN: tuple[str, float] = ("类别", 8)  # after 代码, when a 绩效目标 review finding is listed


def findings_sheets(report: ValidationReport, forms: FormRegistry) -> list[ListSheet]:
    """问题清单 (file order, then the roster-level findings) and 文件清单 (what became of each file). When a
    finding of the 绩效目标 review is among them, a 类别 column (完整性、相关性、适当性、可行性) follows 代码: the
    clerk sorts the 退回 reasons by it; a monitoring batch's list keeps its columns."""
    categorised = any(f.category for f in report.all_findings)
    columns = FINDING_COLUMNS
    if categorised:
        at = [name for name, _ in FINDING_COLUMNS].index("代码") + 1
        columns = (*FINDING_COLUMNS[:at], CATEGORY_COLUMN, *FINDING_COLUMNS[at:])
    findings = ListSheet("问题清单", columns)
    for result in report.files:
        codes = {r.sheet: forms.spec(r.form).code for r in result.records} if result.findings else {}
        for f in result.findings:
            findings.add(_finding_row(f, result, codes, categorised), f.severity)
    for f in report.findings:
        findings.add(_finding_row(f, None, {}, categorised), f.severity)
    return [findings, _files_sheet("文件清单", report.files)]


def _finding_row(
    f: Finding, result: FileResult | None, forms: dict[str, str], categorised: bool = False
) -> list[str]:
    return [
        f.file or (result.path if result else ""),
        (result.name if result else None) or "",
        forms.get(f.sheet or "", ""),
        f.sheet or "",
        f.cell or "",
        SEVERITY_LABELS.get(f.severity, f.severity),
        f.code,
        *([f.category or ""] if categorised else []),
        f.message,
        f.suggestion or "",
    ]


def _files_sheet(name: str, files: list[FileResult]) -> ListSheet:
    sheet = ListSheet(name, FILE_COLUMNS)
    for result in files:
        sheet.add(
            [
                result.path,
                result.name or "",
                FILE_STATUS_LABELS[result.status],
                result.errors,
                result.warnings,
                result.reason or "",
            ]
        )
    return sheet


def status_sheets(table: ReportingTable) -> list[ListSheet]:
    """报送情况 (one row per department and unit) and 未匹配文件 (files no roster entry claims)."""
    sheet = ListSheet("报送情况", STATUS_COLUMNS)
    for row in table.rows:
        forms = "、".join(row.forms)
        unit = row.name if row.kind == "unit" else f"（部门本级报表：{forms}）"
        sheet.add(
            [
                row.department_name,
                unit,
                KIND_LABELS[row.kind],
                row.code,
                row.state_label,
                row.due.isoformat() if row.due else "",
                row.received or "",
                "是" if row.late else "否",
                row.errors,
                row.warnings,
                row.detail,
                "\n".join(row.files),
            ],
            STATE_STYLES.get(row.state, "text"),
        )
    return [sheet, _files_sheet("未匹配文件", table.unmatched)]


def write_findings_report(
    report: ValidationReport, target: Path, forms: FormRegistry, *, force: bool = False
) -> Path:
    """问题清单.xlsx (`forms` names each sheet's form: 附表1, 监控表)"""
    return write_list_workbook(target, findings_sheets(report, forms), force=force)


def write_status_report(table: ReportingTable, target: Path, *, force: bool = False) -> Path:
    """报送情况表.xlsx"""
    return write_list_workbook(target, status_sheets(table), force=force)
