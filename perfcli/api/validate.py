"""`perfcli validate` and `perfcli status`: check returned workbooks, say who has reported, and write the
问题清单, the annotated copies and the 报送情况表 when asked."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from perfcli.api.common import (
    ConfigArg,
    PeriodArg,
    RosterArg,
    config_of,
    paths_of,
    period_of,
    refuse_existing,
    roster_of,
)
from perfcli.api.ledger import checked_returns
from perfcli.api.outputs import plan_recorded_outputs, record_outputs
from perfcli.api.rectify import add_open_rectifications
from perfcli.errors import UsageError
from perfcli.findings.report import ValidationReport
from perfcli.findings.reporting import ReportingTable
from perfcli.io.files.locks import output_locks

Progress = Callable[[int, int, str], None]


def validate(
    paths: Iterable[Path | str] | Path | str,
    *,
    roster: RosterArg = None,
    period: PeriodArg = None,
    config: ConfigArg = None,
    jobs: int = 1,
    report: Path | str | None = None,
    annotate: Path | str | None = None,
    force: bool = False,
    force_period: bool = False,
    progress: Progress | None = None,
    use_cache: bool = True,
    only_reading: bool = False,
) -> ValidationReport:
    """Validate every workbook under `paths`; with a roster also who owes what (报送情况).

    `report` writes the 问题清单 workbook there; `annotate` writes an annotated copy of every workbook
    with findings into that folder. Existing outputs are refused before anything is read or written,
    unless `force`. What was written is listed in the report's `written`. `period` must be one the config
    reports (二、三季度) unless `force_period`. A read-only workspace ledger is refused before anything is
    read, unless `only_reading`: then it is read from and nothing is recorded."""
    report_path = Path(report) if report is not None else None
    settings = config_of(config)
    if report_path is not None:  # refused before anything is read unless it is this workspace's own
        plan_recorded_outputs(settings, "validate", [report_path], force=force)
    result = checked_returns(
        paths_of(paths),
        settings,
        period=period_of(period, settings, force=force_period),
        roster=roster_of(roster, settings),
        jobs=jobs,
        progress=progress,
        use_cache=use_cache,
        only_reading=only_reading,
    )
    replace = force
    if annotate is not None:
        from perfcli.io.xlsx.write.annotate import annotation_targets

        planned = [t for _, t in annotation_targets(result.files, Path(annotate))]
        replace = plan_recorded_outputs(settings, "validate", planned, force=force)
    if report_path is not None:
        replace = plan_recorded_outputs(settings, "validate", [report_path], force=force) and replace
    targets: list[tuple[Path, str | None]] = [(report_path, None)] if report_path is not None else []
    targets += [(Path(annotate), "annotate")] if annotate is not None else []
    with output_locks(targets):
        if report_path is not None:
            from perfcli.findings.sheets import write_findings_report
            from perfcli.forms.registry import forms_of

            forms = forms_of(settings)
            result.written["report"] = [write_findings_report(result, report_path, forms, force=replace)]
        if annotate is not None:
            from perfcli.io.xlsx.write.annotate import annotate_results

            result.written["annotated"] = annotate_results(result.files, Path(annotate), force=replace)
    record_outputs(settings, [p for paths in result.written.values() for p in paths])
    return result


def status(
    paths: Iterable[Path | str] | Path | str,
    roster: RosterArg,
    *,
    period: PeriodArg = None,
    config: ConfigArg = None,
    jobs: int = 1,
    out: Path | str | None = None,
    force: bool = False,
    force_period: bool = False,
    progress: Progress | None = None,
    use_cache: bool = True,
) -> ReportingTable:
    """报送情况 of every department and unit of the roster: reported, late, with errors, partial, missing.

    `out` writes the 报送情况表 workbook there (refused before anything is read when it exists)."""
    if roster is None:
        raise UsageError(
            "报送情况需要名册：请用 --roster 指定名册工作簿（在工作区内可省略，使用工作区的 名册.xlsx）"
        )
    out_path = Path(out) if out is not None else None
    if out_path is not None:
        refuse_existing([out_path], force)
    report = validate(
        paths,
        roster=roster,
        period=period,
        config=config,
        jobs=jobs,
        force_period=force_period,
        progress=progress,
        use_cache=use_cache,
        only_reading=True,  # status records nothing of its own: it works on a read-only ledger too
    )
    table = report.reporting
    assert table is not None  # validation always settles the 报送情况
    add_open_rectifications(table, config_of(config))
    if out_path is not None:
        from perfcli.findings.sheets import write_status_report

        with output_locks([(out_path, None)]):
            write_status_report(table, out_path, force=force)
    return table
