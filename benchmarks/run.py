"""`make bench`: quarter end at city scale, timed end to end, written to docs/benchmarks.md.

Builds a synthetic city (benchmarks/city.py), generates its workbooks with perfcli, fills them the way
clerks do (benchmarks/fill.py), then times generate, validate (--jobs 1 and 2), aggregate city and
render, against two reading baselines on the very same files. `--small` runs a tenth of the size (CI
runs it as a test that the harness works; its numbers are not the project's).
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import sys
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from benchmarks.baselines import files_under, mirror
from benchmarks.city import write_city_roster
from benchmarks.mailbox import receive_line
from benchmarks.measure import Measurement, run_measured
from benchmarks.rectify import rectification_lines
from benchmarks.revalidate import revalidation_lines
from benchmarks.server_ledger import server_ledger_lines
from benchmarks.targets import target_lines

ROOT = Path(__file__).resolve().parent.parent

PERIOD = "2026Q3"
PERFCLI = str(Path(sys.executable).parent / "perfcli")


@dataclass
class Row:
    operation: str
    files: int
    m: Measurement
    target: str = ""
    verdict: str = ""
    vs_calamine: float | None = None
    vs_openpyxl: float | None = None

    @property
    def files_per_s(self) -> float:
        return self.files / self.m.seconds if self.m.seconds else 0.0


def _log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def _subset(returns: Path, fraction: float, dest: Path) -> int:
    """A folder of hard links to the first `fraction` of the return files (same bytes, no copy)."""
    files = files_under(returns)
    chosen = files[: max(1, round(len(files) * fraction))]
    mirror(returns, dest, chosen)
    return len(chosen)


def machine_line() -> str:
    mem_gb = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 1024**3
    return (
        f"{os.cpu_count()} 核 CPU，内存 {mem_gb:.0f} GB，Python {platform.python_version()}，"
        f"{platform.system()} {platform.release()}"
    )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="perfcli 全市规模基准测试")
    ap.add_argument("--small", action="store_true", help="十分之一规模（CI 用来检验基准程序本身）")
    ap.add_argument("--scale", type=float, default=None, help="自定义规模（1.0 = 2,000 个单位）")
    ap.add_argument("--work", type=Path, default=ROOT / "benchmarks" / "work", help="工作目录")
    ap.add_argument("--output", type=Path, default=None, help="结果 Markdown 文件")
    ap.add_argument("--skip-baseline-b", action="store_true", help="不跑 openpyxl 基线（很慢）")
    ap.add_argument(
        "--only",
        type=lambda text: set(text.split(",")),
        default=None,
        metavar="组,…",
        help="只测这几组（名册、生成、填写和基线 (a) 总是要做）："
        + "、".join(GROUPS)
        + "；结果不写入 docs/benchmarks.md",
    )
    args = ap.parse_args(argv)
    if args.only is not None and not args.only <= set(GROUPS):
        ap.error(f"--only 可选：{'、'.join(GROUPS)}")
    if args.only is not None and "receive" in args.only and "validate" not in args.only:
        ap.error("--only receive 需要同时测 validate（receive 与 validate --jobs 1 相比）")
    scale = args.scale if args.scale is not None else (0.1 if args.small else 1.0)
    full = args.only is None

    def want(group: str) -> bool:
        return full or group in args.only

    output = args.output or (
        ROOT / "docs" / "benchmarks.md"
        if scale == 1.0 and full
        else args.work / f"benchmarks-{scale:g}{'' if full else '-' + '+'.join(sorted(args.only))}.md"
    )
    work = args.work / f"scale-{scale:g}"
    if work.exists():
        shutil.rmtree(work)
    work.mkdir(parents=True)

    from benchmarks.fill import fill_city  # imported late: needs the installed perfcli

    rows: list[Row] = []
    _log(f"== 构造名册（规模 {scale:g}）")
    roster = work / "roster.xlsx"
    counts = write_city_roster(roster, scale=scale)
    _log(f"   {counts}")

    _log("== perfcli generate --jobs 2")
    forms = work / "forms"
    m = run_measured(
        [PERFCLI, "generate", str(roster), "--period", PERIOD, "--out", str(forms), "--jobs", "2"]
    )
    n_generated = len(files_under(forms))
    rows.append(Row("generate（--jobs 2）", n_generated, m, "全市 ≤ 60 s"))

    _log("== 按填报习惯填写（部分有错误、部分另存为 .xls、数字写成文本、增加指标行）")
    returns = work / "returns"
    fill_stats = fill_city(forms, returns, seed=7)
    _log(f"   {fill_stats}")
    n_returns = len(files_under(returns))

    _log("== 基线 (a) python-calamine 读取全部单元格")
    base_a = run_measured([sys.executable, "-m", "benchmarks.baselines", "calamine", str(returns)], cwd=ROOT)
    rows.append(Row("基线 (a)：python-calamine 读全部单元格", n_returns, base_a))
    base_b = None
    if not args.skip_baseline_b:
        _log("== 基线 (b) openpyxl.load_workbook 读取全部单元格")
        base_b = run_measured(
            [sys.executable, "-m", "benchmarks.baselines", "openpyxl", str(returns)], cwd=ROOT
        )
        rows.append(Row("基线 (b)：openpyxl.load_workbook 读全部单元格", n_returns, base_b))

    def ratios(row: Row) -> Row:
        row.vs_calamine = row.m.seconds / base_a.seconds
        row.vs_openpyxl = row.m.seconds / base_b.seconds if base_b else None
        return row

    for fraction in (0.1, 0.5, 1.0) if want("validate") else ():
        subset = returns if fraction == 1.0 else work / f"returns-{fraction:g}"
        n = n_returns if fraction == 1.0 else _subset(returns, fraction, subset)
        _log(f"== perfcli validate --jobs 1（{fraction:g}×，{n} 个文件）")
        m = run_measured([PERFCLI, "validate", str(subset), "--period", PERIOD, "--json", "--jobs", "1"])
        row = Row(f"validate --jobs 1（{fraction:g}×）", n, m)
        if fraction == 1.0:
            row.target = "≤ 3× 基线(a)，且比基线(b) 快 ≥ 10×"
            ratios(row)
            floor_ok = row.vs_calamine <= 3
            speedup = 1 / row.vs_openpyxl if row.vs_openpyxl else None
            row.verdict = f"÷(a) {'达到' if floor_ok else '未达到'}（{row.vs_calamine:.2f}×）"
            if speedup is not None:
                row.verdict += f"；比(b) 快 {speedup:.1f} 倍，{'达到' if speedup >= 10 else '未达到'}"
        rows.append(row)

    validate_1x = next((r for r in rows if r.operation == "validate --jobs 1（1×）"), None)
    if want("receive") and validate_1x is not None:
        _log("== perfcli receive：同样的工作簿，每封邮件一个，放在 mbox 中")
        rows.append(Row(*receive_line(PERFCLI, returns, work, PERIOD, run_measured, validate_1x.m)))

    m_v2 = None
    if want("validate-jobs2"):
        _log("== perfcli validate --jobs 2")
        m_v2 = run_measured([PERFCLI, "validate", str(returns), "--period", PERIOD, "--json", "--jobs", "2"])
        rows.append(ratios(Row("validate --jobs 2", n_returns, m_v2)))

    if want("revalidate"):
        _log("== perfcli validate 在工作区内重复校验（台账缓存）")
        for operation, files, measured, target, verdict in revalidation_lines(
            PERFCLI, returns, work, PERIOD, run_measured
        ):
            rows.append(Row(operation, files, measured, target, verdict))

    notes: list[str] = []
    if want("server-ledger"):
        _log("== validate：SQLite 台账与 PostgreSQL 服务器台账（冷、热）")
        server_lines, notes = server_ledger_lines(PERFCLI, returns, work, PERIOD, run_measured)
        for operation, files, measured, target, verdict in server_lines:
            rows.append(Row(operation, files, measured, target, verdict))
        for note in notes:
            _log(f"   {note}")

    if want("rectify"):
        _log("== 整改事项：登记后再次校验（核实每一项）")
        for operation, files, measured, target, verdict in rectification_lines(
            PERFCLI, returns, work, PERIOD, run_measured
        ):
            rows.append(Row(operation, files, measured, target, verdict))

    if want("aggregate"):
        rows.append(aggregate_row(work, roster, returns, n_returns, m_v2, scale))
    if want("render"):
        rows.append(reminder_row(work, roster))
    if want("hostile"):
        rows.append(hostile_batch_row(work))
    if want("self-evaluation"):
        generated, scored = self_evaluation_rows(work, roster, counts, validate_1x)
        rows += [generated, ratios(scored)]
    if want("targets"):
        _log(
            "== 绩效目标：generate --stage targets，按单位填写，在工作区内 validate（记入台账），review targets"
        )
        monitoring_forms = counts["projects"] + counts["departments"] + counts["key_projects"]
        per_sheet = validate_1x.m.seconds / monitoring_forms if validate_1x is not None else None
        for operation, files, measured, target, verdict in target_lines(
            PERFCLI, roster, work, run_measured, per_sheet
        ):
            rows.append(Row(operation, files, measured, target, verdict))

    if scale == 1.0:
        for row in rows:
            if row.operation.startswith("generate（"):
                row.verdict = "达到" if row.m.seconds <= 60 else "未达到"
            if row.operation.startswith("render reminder"):
                row.verdict = "达到" if row.m.seconds <= 30 * row.files / 2000 else "未达到"
    peak = max(r.m.peak_rss_mb for r in rows if not r.operation.startswith("基线"))

    report = render_markdown(rows, scale=scale, counts=counts, fill_stats=fill_stats, peak=peak, notes=notes)
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(report, encoding="utf-8")
    print(report)
    _log(f"结果已写入 {output}")
    return 0


# the groups of lines --only can choose (the roster, the generated and filled forms, baseline (a) always run)
GROUPS = (
    "validate",
    "receive",
    "validate-jobs2",
    "revalidate",
    "server-ledger",
    "rectify",
    "aggregate",
    "render",
    "hostile",
    "self-evaluation",
    "targets",
)


def aggregate_row(
    work: Path, roster: Path, returns: Path, n_returns: int, m_v2: Measurement | None, scale: float
) -> Row:
    _log("== perfcli aggregate city --jobs 2")
    m_agg = run_measured(
        [PERFCLI, "aggregate", "city", str(returns), "--roster", str(roster), "--period", PERIOD, "--out",
         str(work / "汇总.xlsx"), "--jobs", "2", "--force"]
    )  # fmt: skip
    verdict = ""
    if scale == 1.0 and m_v2 is not None:
        both = m_v2.seconds + m_agg.seconds
        verdict = ("达到" if both <= 30 else "未达到") + f"（合计 {both:.1f} s）"
    return Row("aggregate city --jobs 2", n_returns, m_agg, "validate+aggregate ≤ 30 s（全市）", verdict)


def reminder_row(work: Path, roster: Path) -> Row:
    _log("== perfcli render reminder --jobs 2（每个未报送单位一份催报通知）")
    empty = work / "nothing-returned"
    empty.mkdir()
    m_r = run_measured(
        [PERFCLI, "render", "reminder", str(empty), "--roster", str(roster), "--period", PERIOD, "--out",
         str(work / "letters"), "--jobs", "2", "--force"]
    )  # fmt: skip
    n_letters = len(list((work / "letters").rglob("*.docx")))
    return Row("render reminder --jobs 2（docx）", n_letters, m_r, "2,000 份 ≤ 30 s")


def self_evaluation_rows(work: Path, roster: Path, counts: dict, validate_1: Row | None) -> list[Row]:
    """Year end (issue 13): scoring the 自评表 of every project against validating the quarter's forms."""
    _log("== 年终绩效自评：generate --stage self-evaluation --jobs 2，按单位填写，perfcli score")
    from benchmarks.fill import fill_self_evaluations

    se_forms, se_returns = work / "self_evaluation_forms", work / "self_evaluation"
    year = PERIOD[:4]
    m_se = run_measured(
        [PERFCLI, "generate", str(roster), "--stage", "self-evaluation", "--period", year, "--out",
         str(se_forms), "--jobs", "2"]
    )  # fmt: skip
    generated = Row("generate --stage self-evaluation（--jobs 2）", len(files_under(se_forms)), m_se)
    n_se = fill_self_evaluations(se_forms, se_returns)
    m_score = run_measured([PERFCLI, "score", str(se_returns), "--json"])
    verdict = ""
    if validate_1 is not None:
        monitoring_forms = counts["projects"] + counts["departments"] + counts["key_projects"]
        per_sheet = (m_score.seconds / counts["projects"]) / (validate_1.m.seconds / monitoring_forms)
        verdict = (
            f"{'达到' if per_sheet <= 2 else '未达到'}（{per_sheet:.2f}×，监控表 {monitoring_forms} 张）"
        )
    scored = Row(
        f"score 自评表（{counts['projects']} 张）",
        n_se,
        m_score,
        "每张表 ≤ 2× validate --jobs 1 的每张表",
        verdict,
    )
    return [generated, scored]


HOSTILE_BATCH = "validate 恶意样本批（--report --annotate --jobs 2）"


def hostile_batch_row(work: Path) -> Row:
    """The hostile batch (benchmarks/hostile.py: 200 files, every hostile kind) as the safety test runs it."""
    from benchmarks.hostile import write_hostile_batch

    _log("== perfcli validate 恶意样本批（200 个文件，--report --annotate --jobs 2）")
    batch = work / "hostile"
    good, hostile = write_hostile_batch(batch / "returns")
    m = run_measured(
        [PERFCLI, "validate", str(batch / "returns"), "--jobs", "2", "--json"]
        + ["--report", str(batch / "问题清单.xlsx"), "--annotate", str(batch / "annotated"), "--force"]
    )
    verdict = "完成（退出码 1：逐个文件报告）" if m.exit_code == 1 else f"退出码 {m.exit_code}"
    return Row(HOSTILE_BATCH, len(good) + len(hostile), m, "不出现退出码 3", verdict)


def render_markdown(
    rows: list[Row],
    *,
    scale: float,
    counts: dict,
    fill_stats: dict,
    peak: float,
    notes: list[str] | None = None,
) -> str:
    def ratio(x: float | None) -> str:
        return "" if x is None else f"{x:.2f}×"

    lines = [
        f"# 基准测试结果（规模 {scale:g}）",
        "",
        f"- 机器：{machine_line()}",
        f"- 时间：{datetime.now(UTC).strftime('%Y-%m-%d %H:%M UTC')}；perfcli 期间 {PERIOD}",
        f"- 名册：{counts['departments']} 个部门，{counts['units']} 个单位，{counts['projects']} 个项目"
        f"（重点项目 {counts['key_projects']} 个），{counts['indicators']} 条绩效指标",
        f"- 填报：{fill_stats}",
        "- 方法：每个命令作为独立进程运行一次（`benchmarks/run.py`），计时为墙钟时间；内存为每 20 ms 采样的"
        "进程树（主进程 + 工作进程）常驻内存之和的峰值。",
        "",
        "| 操作 | 文件数 | 秒 | 文件/秒 | 峰值内存 MB | ÷基线(a) | ÷基线(b) | 目标 | 结论 |",
        "|---|---:|---:|---:|---:|---:|---:|---|---|",
    ]
    for r in rows:
        lines.append(
            f"| {r.operation} | {r.files} | {r.m.seconds:.2f} | {r.files_per_s:.1f} | {r.m.peak_rss_mb:.0f} | "
            f"{ratio(r.vs_calamine)} | {ratio(r.vs_openpyxl)} | {r.target} | {r.verdict} |"
        )
    lines += [f"\n{note}" for note in notes or []]
    lines += [
        "",
        f"perfcli 各命令的峰值内存最大为 {peak:.0f} MB（目标 < 500 MB，"
        f"{'达到' if peak < 500 else '未达到'}）。",
        "",
    ]
    analysis = ROOT / "benchmarks" / "analysis.md"  # the profile, written by hand; kept when numbers change
    if analysis.exists():
        lines.append(analysis.read_text("utf-8"))
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
