"""报送期限: when a form is due and whether it came late (常州新北 第十二、十三条; 黑龙江 7月15日 by config).

The one rule for lateness: the date a return was received (the clerk's last save in the workbook, else
the file's modification time, in the bureau's time zone) is after the due date. V117, `status`, the
汇总 报送情况 sheet and the letters all use it.
"""

from __future__ import annotations

from datetime import date

from perfcli.findings.form_rules import LATE
from perfcli.forms.registry import forms_of
from perfcli.model.config import Config
from perfcli.model.findings import Finding
from perfcli.model.period import Period
from perfcli.model.records import FormRecord

FILLED_BY = {"unit": "预算责任单位", "department": "预算部门"}


def is_late(received: date | str | None, due: date | None) -> bool:
    """Received after the due date (a date, or ISO text as FileResult.received holds it)."""
    if received is None or due is None:
        return False
    day = received if isinstance(received, date) else date.fromisoformat(str(received)[:10])
    return day > due


def late_finding(
    record: FormRecord, config: Config, period: Period, received: date, basis: str
) -> Finding | None:
    """V117 for a form received after its due date, naming the date used (`basis`) and the due date."""
    filled_by = forms_of(config).spec(record.form).filled_by
    due = config.due_date(period, filled_by)
    if not is_late(received, due):
        return None
    return LATE.finding(
        file=record.file,
        sheet=record.sheet,
        basis=basis,
        received=received.isoformat(),
        due=due.isoformat(),
        who=FILLED_BY[filled_by],
        end=period.end.isoformat(),
        days=(due - period.end).days,
    )
