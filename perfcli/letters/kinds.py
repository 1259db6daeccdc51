"""Every kind of letter, declared once (STYLE 1c): its name and template, title, recipients, what it is built
from, its attachments, what issuing it records in the ledger, its CLI help and its summary line. The
builders (perfcli.letters.notices, .reports, .self_evaluation, .targets) say what each letter contains;
nothing else asks "which kind is this"."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from perfcli.letters import notices, reports, targets

if TYPE_CHECKING:
    from perfcli.letters.letter import Letter, LetterSettings
    from perfcli.model.config import Config

# (what the letters are built from: a LetterData, or a TargetLetterData for the 绩效目标 letters, config,
# letterhead settings, 成文日期) -> one letter per recipient
Builder = Callable[[Any, "Config", "LetterSettings", date], "list[Letter]"]


@dataclass(frozen=True)
class LetterKind:
    key: str  # reminder: the command-line name
    name: str  # 催报通知: the built-in template's file stem and the summary table's title
    short: str  # 催报通知 / 结果反馈: how `ledger letters` lists it
    recipients: str  # who gets one (CLI help)
    title: str  # the 标题: {period_name} of a monitoring period, {year} of a budget year
    summary: Callable[[dict[str, Any]], str]  # one line of the summary table, from a letter's context
    # what it is built from: monitoring (returns, reports, roll-ups), reevaluation (a results CSV),
    # self_evaluation (scored 自评表), targets (the 绩效目标 versions the ledger keeps)
    source: str = "monitoring"
    build: Builder | None = None  # monitoring, reevaluation (a LetterData) and targets (a TargetLetterData)
    attachments: tuple[str, ...] = ()  # annotated | findings | blank_form (delivered by render --bundle)
    raises_items: bool = False  # issuing it records a 整改 item for each finding it lists (ledger)
    # issuing it records this step (批复) on the 绩效目标 of the projects it lists that still await it (ledger)
    records_target_step: str = ""
    yearly: bool = False  # of a budget year (--period 2026): numbered per 年度, not per quarter
    alias: str = ""  # another name it serves as (纠偏意见)

    @property
    def reviewed_as_drafts(self) -> bool:
        """render --draft / --from-review (the 审阅清单) and --bundle serve it: the letters of a period's returns."""
        return self.source in ("monitoring", "reevaluation")

    @property
    def reads_inputs(self) -> bool:
        """It is built from files given on the command line; the 绩效目标 letters come from the ledger alone."""
        return self.source != "targets"

    @property
    def help(self) -> str:
        """How `render --help` lists it."""
        return f"{self.key}（{self.name}{'/' + self.alias if self.alias else ''}）：{self.recipients}"


def _reminder(c: dict[str, Any]) -> str:
    late = f"，已逾期{c['overdue_days']}天" if c["overdue_days"] else ""
    return f"{c['recipient_kind']}，应于{c['due_date']}前报送{late}"


def _rectification(c: dict[str, Any]) -> str:
    parts = [
        f"需更正{c['error_count']}项" if c["error_count"] else "",
        f"需核实或纠偏{c['warning_count']}项" if c["warning_count"] else "",
        f"此前提出尚未整改{len(c['carried'])}项" if c.get("carried") else "",
    ]
    return "，".join(p for p in parts if p)


def _feedback(c: dict[str, Any]) -> str:
    units = f"单位已报送{c['department']['units_text']}"
    return f"{units}，预算执行率{c['department']['execution_rate']}，预警项目{len(c['warnings'])}个"


LETTER_KIND_RECORDS: dict[str, LetterKind] = {
    kind.key: kind
    for kind in (
        LetterKind(
            "reminder", "催报通知", "催报通知", "发给未报送或部分报送的单位、部门",
            "关于{period_name}预算绩效运行监控报表催报的通知", _reminder,
            build=notices.reminders, attachments=("blank_form",),
        ),
        LetterKind(
            "rectification", "问题整改通知", "整改通知", "发给有问题的单位、部门",
            "关于{period_name}预算绩效运行监控问题整改的通知", _rectification,
            build=notices.rectifications, attachments=("annotated", "findings"), raises_items=True,
            alias="纠偏意见",
        ),
        LetterKind(
            "feedback", "绩效监控结果反馈", "结果反馈", "每个已报送的部门一份",
            "关于{period_name}预算绩效运行监控结果的反馈意见", _feedback, build=reports.feedbacks,
        ),
        LetterKind(
            "report", "监控总报告", "总报告", "报送局党组的一份",
            "关于{period_name}预算绩效运行监控情况的报告",
            lambda c: f"{len(c['departments'])}个部门，预警项目{len(c['warnings'])}个", build=reports.report,
        ),
        LetterKind(
            "reevaluation", "绩效再评价结果反馈告知书", "再评价告知书", "据再评价结果 CSV，每个部门一份",
            "{year}年度绩效再评价结果反馈告知书", lambda c: f"再评价结果{len(c['results'])}项",
            source="reevaluation", build=reports.reevaluations, yearly=True,
        ),
        LetterKind(
            "self-evaluation-feedback", "绩效自评结果反馈", "自评反馈", "年度绩效自评，每个部门一份",
            "关于{year}年度项目支出绩效自评结果的反馈意见",
            lambda c: f"{len(c['projects'])}个项目，平均分{c['average']}，问题{len(c['problems'])}条",
            source="self_evaluation", yearly=True,
        ),
        LetterKind(
            "spot-check-notice", "自评抽查通知", "抽查通知", "按 --rate/--seed 抽取，每个有项目被抽中的部门一份",
            "关于开展{year}年度项目支出绩效自评抽查的通知", lambda c: f"抽查项目{len(c['projects'])}个",
            source="self_evaluation", yearly=True,
        ),
        LetterKind(
            "target-return", "绩效目标退回修改通知", "目标退回", "每个有项目绩效目标被退回的部门一份",
            "关于{year}年度项目支出绩效目标退回修改的通知",
            lambda c: f"退回项目{c['count']}个，{c['deadline']}前重新报送",
            source="targets", build=targets.return_letters, yearly=True,
        ),
        LetterKind(
            "target-approval", "绩效目标批复", "目标批复", "每个有项目绩效目标复审通过的部门一份（项目支出绩效目标批复表）",
            "关于批复{year}年度项目支出绩效目标的通知",
            lambda c: f"批复项目{c['count']}个" + (f"，年度资金{c['total']}万元" if c["total"] else ""),
            source="targets", build=targets.approval_letters, yearly=True, records_target_step="批复",
        ),
    )
}  # fmt: skip

# kind -> Chinese name: the letters of a monitoring period (and 再评价), and all of them
LETTER_KINDS: dict[str, str] = {
    k: v.name for k, v in LETTER_KIND_RECORDS.items() if v.source in ("monitoring", "reevaluation")
}
ALL_LETTER_KINDS: dict[str, str] = {k: v.name for k, v in LETTER_KIND_RECORDS.items()}
SELF_EVALUATION_LETTERS: dict[str, str] = {
    k: v.name for k, v in LETTER_KIND_RECORDS.items() if v.source == "self_evaluation"
}
TARGET_LETTERS: dict[str, str] = {k: v.name for k, v in LETTER_KIND_RECORDS.items() if v.source == "targets"}
