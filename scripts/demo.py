"""`make demo`: the whole quarter-end cycle on sample_data/ into out/, printing each command as a clerk would type it.

`--perfcli PATH --root DIR` runs the same cycle with another perfcli (CI: the one installed from the wheel) in
another folder (CI: an empty one outside the repository, which gets a copy of sample_data/)."""

from __future__ import annotations

import argparse
import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

from demo_targets import CLERK, target_steps  # scripts/ is on the path when this file is run

ROOT = Path(__file__).resolve().parent.parent
# every path below is relative to the folder the demo runs in (the project root by default), as a clerk types it
OUT = Path("out")
# the letter template a clerk copies out to customise (README: 自定义模板); step 5f checks the copy
TEMPLATE_COPY = OUT / "我的催报通知.docx"
SAMPLE = Path("sample_data")
ROSTER = SAMPLE / "roster.xlsx"
RETURNS = SAMPLE / "returns"
PERIOD = "2026Q3"
WORKSPACE = OUT / "workspace"
# the returns arrive by mail: an mbox of sample_data/returns on their received days, and the roster with 邮箱
# (scripts/make_sample_mailbox.py, built into out/mail before the steps run)
MAIL = OUT / "mail"
MAILBOX = MAIL / "样例邮箱.mbox"
ROSTER_WITH_MAIL = MAIL / "名册（含邮箱）.xlsx"
# every step after init works in the workspace init made: its config, and its ledger (文号, what was received)
IN_WORKSPACE = ["--config", str(WORKSPACE / "perfcli.toml")]
# the returned workbooks as `receive` saved them from the mails (step 2c), checked against the roster for the
# period: what validate, status and aggregate take
RECEIVED = WORKSPACE / "回收" / PERIOD
RETURNS_ARGS = [str(RECEIVED), "--roster", str(ROSTER), "--period", PERIOD]

# (title, arguments, exit codes that are a normal outcome, file to send stdout to)
STEPS: list[tuple[str, list[str], set[int], str | None]] = [
    ("1. 初始化工作区（配置文件 + 空白名册 + 台账）", ["init", str(WORKSPACE)], {0}, None),
    (
        "2. 按名册生成各单位、各部门的监控表",
        ["generate", str(ROSTER), "--period", PERIOD, "--out", str(WORKSPACE / "forms")],
        {0},
        None,
    ),
    (
        "2b. 下发：给每个单位、部门写一封附上其监控表的邮件草稿（.eml）",
        ["send", "forms", "--period", PERIOD, "--roster", str(ROSTER_WITH_MAIL)],
        {0},
        None,
    ),
    (
        "2c. 收回：从邮箱文件收取报送的表（邮件日期即报送日期，逾期按它判断）",
        ["receive", str(MAILBOX), "--period", PERIOD, "--roster", str(ROSTER_WITH_MAIL)],
        {0},
        None,
    ),
    (
        "2d. 空白的官方表样",
        ["generate", "--blank", "附表1", "--period", PERIOD, "--out", str(WORKSPACE / "blank")],
        {0},
        None,
    ),
    # validate / status (issue 3): exit 1 means some returns have mistakes, which the demo shows on purpose
    (
        "3. 校验回收的工作簿（问题清单 + 标注副本）",
        [
            "validate",
            *RETURNS_ARGS,
            "--report",
            str(WORKSPACE / "问题清单.xlsx"),
            "--annotate",
            str(WORKSPACE / "annotated"),
        ],
        {0, 1},
        None,
    ),
    (
        "3b. 校验结果 JSON（供脚本使用）",
        ["validate", *RETURNS_ARGS, "--json"],
        {0, 1},
        str(WORKSPACE / "validate.json"),
    ),
    (
        "3c. 报送情况（已报送、未报送、逾期、有错误）",
        [
            "status",
            *RETURNS_ARGS,
            "--out",
            str(WORKSPACE / "报送情况表.xlsx"),
        ],
        {0},
        None,
    ),
    # aggregate (issue 4): exit 1 only means some returned file was rejected and is listed as such
    (
        "4. 按部门汇总单位附表1（预填部门附表2）",
        [
            "aggregate",
            "department",
            *RETURNS_ARGS,
            "--out",
            str(WORKSPACE / "departments"),
        ],
        {0, 1},
        None,
    ),
    (
        "4b. 全区汇总表（汇总、项目明细、预警清单、报送情况、图表）",
        [
            "aggregate",
            "city",
            *RETURNS_ARGS,
            "--out",
            str(WORKSPACE / "汇总.xlsx"),
        ],
        {0, 1},
        None,
    ),
    (
        "4c. 汇总数据 JSON（供函件使用）",
        [
            "aggregate",
            "city",
            *RETURNS_ARGS,
            "--out",
            str(WORKSPACE / "汇总.xlsx"),
            "--force",
            "--json",
        ],
        {0, 1},
        str(WORKSPACE / "汇总.json"),
    ),
]

# render (issue 5): letters from the validate / aggregate JSON written above (the workbooks are not re-read),
# with PDFs where LibreOffice is installed
LETTER_PDF = ["--pdf"] if shutil.which("soffice") or shutil.which("libreoffice") else []
LETTER_DATA = [str(WORKSPACE / "validate.json"), str(WORKSPACE / "汇总.json")]
STEPS += [
    (
        "5. 催报通知（发给未报送的单位、部门）",
        [
            "render",
            "reminder",
            *LETTER_DATA,
            "--roster",
            str(ROSTER),
            "--date",
            "2026-10-20",
            "--out",
            str(WORKSPACE / "letters" / "reminder"),
            *LETTER_PDF,
        ],
        {0},
        None,
    ),
    (
        "5b. 问题整改通知 / 纠偏意见（报表有错误或执行偏离的单位）",
        [
            "render",
            "rectification",
            *LETTER_DATA,
            "--date",
            "2026-10-20",
            "--out",
            str(WORKSPACE / "letters" / "rectification"),
            *LETTER_PDF,
        ],
        {0},
        None,
    ),
    (
        "5c. 绩效监控结果反馈（每个部门一份）",
        [
            "render",
            "feedback",
            *LETTER_DATA,
            "--date",
            "2026-10-20",
            "--out",
            str(WORKSPACE / "letters" / "feedback"),
            *LETTER_PDF,
        ],
        {0},
        None,
    ),
    (
        "5d. 监控总报告（含汇总表、预警清单、执行情况图）",
        [
            "render",
            "report",
            *LETTER_DATA,
            "--date",
            "2026-10-20",
            "--out",
            str(WORKSPACE / "letters" / "report"),
            *LETTER_PDF,
        ],
        {0},
        None,
    ),
    (
        "5e. 绩效再评价结果反馈告知书",
        [
            "render",
            "reevaluation",
            str(SAMPLE / "再评价结果.csv"),  # the results: without them there is no letter
            *LETTER_DATA,
            "--date",
            "2026-12-15",
            "--out",
            str(WORKSPACE / "letters" / "reevaluation"),
            *LETTER_PDF,
        ],
        {0},
        None,
    ),
    (
        "5f. 检查函件模板（变量、被拆开的标签）",
        ["render", "reminder", "--check", str(TEMPLATE_COPY)],
        {0},
        None,
    ),
    ("5g. 台账：已出具的函件及文号", ["ledger", "letters", "--period", PERIOD], {0}, None),
    (
        "5i. 回执：答复每封报送邮件（校验通过，或问题及标注副本）",
        ["send", "receipts", "--period", PERIOD, "--roster", str(ROSTER_WITH_MAIL)],
        {0},
        None,
    ),
    ("5j. 台账：回收的表及报送方式（邮件）", ["ledger", "returns", "--period", PERIOD], {0}, None),
    ("5h. 台账：核对已出具的函件和监控表是否完好", ["ledger", "verify"], {0}, None),
]

# the national pack (issue 14): the same roster, the 财预〔2019〕136号 监控表, 2026年1-7月, beside the 常州 quarter;
# sample_data/national/ is made by scripts/make_national_samples.py
NATIONAL = SAMPLE / "national"
NATIONAL_WORKSPACE = OUT / "national"  # its own workspace (and ledger), made by init --pack national
NATIONAL_CONFIG = str(NATIONAL_WORKSPACE / "perfcli.toml")
NATIONAL_ARGS = [
    str(NATIONAL / "returns"),
    "--roster",
    str(ROSTER),
    "--period",
    "2026M7",
    "--config",
    NATIONAL_CONFIG,
]
STEPS += [
    (
        "6. 全国监控表：初始化选用 national 表样包的工作区",
        ["init", str(NATIONAL_WORKSPACE), "--pack", "national"],
        {0},
        None,
    ),
    (
        "6a. 表样包（常州新北 附表1–3、全国监控表）",
        ["packs", "--config", NATIONAL_CONFIG],
        {0},
        None,
    ),
    (
        "6b. 全国监控表：按名册生成各单位的项目支出绩效目标执行监控表（1-7月）",
        [
            "generate",
            str(ROSTER),
            "--period",
            "2026M7",
            "--out",
            str(OUT / "national" / "forms"),
            "--config",
            NATIONAL_CONFIG,
        ],
        {0},
        None,
    ),
    (
        "6c. 全国监控表：校验回收的表（勾选、备注、执行率、截至月份）",
        [
            "validate",
            *NATIONAL_ARGS,
            "--report",
            str(OUT / "national" / "问题清单.xlsx"),
            "--annotate",
            str(OUT / "national" / "annotated"),
        ],
        {0, 1},
        None,
    ),
    (
        "6d. 全国监控表：全区汇总（含监控表汇总：执行率、预计执行率、可能性和偏差原因计数）",
        ["aggregate", "city", *NATIONAL_ARGS, "--out", str(OUT / "national" / "汇总.xlsx")],
        {0, 1},
        None,
    ),
    (
        "6e. 全国监控表：问题整改通知",
        [
            "render",
            "rectification",
            *NATIONAL_ARGS,
            "--date",
            "2026-08-25",
            "--out",
            str(OUT / "national" / "letters"),
        ],
        {0},
        None,
    ),
]

# year end (issue 13): the 绩效自评 forms, their scores, the 自评结果汇总, the 抽查名单 and the two letters;
# sample_data/self_evaluation/ holds the units' returns (with a few mistakes: score exits 1 on purpose)
SELF_EVALUATION = str(SAMPLE / "self_evaluation")
STEPS += [
    (
        "7. 年终：生成各单位的项目支出绩效自评表（以三季度已支出资金提示全年执行数）",
        ["generate", str(ROSTER), "--stage", "self-evaluation", "--period", "2026", "--returns", str(RECEIVED),
         "--out", str(WORKSPACE / "self_evaluation_forms")],
        {0},
        None,
    ),
    ("7b. 自评表计分（预算执行率、正向/反向/等于/定性）", ["score", SELF_EVALUATION], {0, 1}, None),
    (
        "7c. 自评结果汇总（部门、项目、未报送）",
        ["aggregate", "self-evaluation", SELF_EVALUATION, "--roster", str(ROSTER),
         "--out", str(WORKSPACE / "自评结果汇总.xlsx")],
        {0},
        None,
    ),
    (
        "7d. 自评抽查名单（差、自评与计算相差 5 分及以上、随机 10%）",
        ["spot-check", SELF_EVALUATION, "--rate", "10%", "--seed", "2026", "--roster", str(ROSTER),
         "--out", str(WORKSPACE / "抽查名单.xlsx")],
        {0},
        None,
    ),
    (
        "7e. 绩效自评结果反馈（每个部门一份）",
        ["render", "self-evaluation-feedback", SELF_EVALUATION, "--roster", str(ROSTER), "--date", "2027-01-20",
         "--out", str(WORKSPACE / "letters" / "self-evaluation-feedback"), *LETTER_PDF],
        {0},
        None,
    ),
    (
        "7f. 自评抽查通知（与 7d 同一名单）",
        ["render", "spot-check-notice", SELF_EVALUATION, "--rate", "10%", "--seed", "2026", "--roster",
         str(ROSTER), "--date", "2027-01-20", "--out", str(WORKSPACE / "letters" / "spot-check-notice"), *LETTER_PDF],
        {0},
        None,
    ),
]  # fmt: skip

# across quarters (issue 15): a workspace of its own that sees the Q2 round first — 整改通知 for Q2's
# problems, then the Q3 returns judge them (three fixed, one not), the Q3 letters carry the open ones
# forward, and compare puts the two quarters side by side
CYCLE = OUT / "workspace_cycle"
CYCLE_CONFIG = ["--config", str(CYCLE / "perfcli.toml")]
Q3_ARGS = [str(RETURNS), "--roster", str(ROSTER), "--period", PERIOD]  # the same returns, from the folder
Q2_ARGS = [str(SAMPLE / "returns_2026Q2"), "--roster", str(ROSTER), "--period", "2026Q2"]
STEPS += [
    ("8. 跨季度：另建一个工作区，从二季度开始", ["init", str(CYCLE)], {0}, None),
    ("8a. 校验二季度回收的表", ["validate", *Q2_ARGS, *CYCLE_CONFIG], {0, 1}, None),
    (
        "8b. 二季度问题整改通知（登记整改事项，如 整改-2026Q2-0007）",
        [
            "render",
            "rectification",
            *Q2_ARGS,
            "--date",
            "2026-07-20",
            "--out",
            str(CYCLE / "letters_2026Q2"),
            *CYCLE_CONFIG,
        ],
        {0},
        None,
    ),  # fmt: skip
    (
        "8c. 校验三季度回收的表（据此核实二季度的整改事项）",
        ["validate", *Q3_ARGS, *CYCLE_CONFIG],
        {0, 1},
        None,
    ),
    ("8d. 整改事项：已整改、未整改、无法核实", ["ledger", "rectifications", *CYCLE_CONFIG], {0}, None),
    (
        "8e. 尚未整改的事项（JSON）",
        ["ledger", "rectifications", "--open", "--json", *CYCLE_CONFIG],
        {0},
        str(CYCLE / "rectifications.json"),
    ),  # fmt: skip
    ("8f. 报送情况（含待整改事项数）", ["status", *Q3_ARGS, *CYCLE_CONFIG], {0}, None),
    (
        "8g. 三季度问题整改通知（列出二季度提出、尚未整改的事项）",
        [
            "render",
            "rectification",
            *Q3_ARGS,
            "--date",
            "2026-10-20",
            "--out",
            str(CYCLE / "letters_2026Q3" / "rectification"),
            *CYCLE_CONFIG,
        ],
        {0},
        None,
    ),  # fmt: skip
    (
        "8h. 三季度结果反馈（上期提出问题N项，已整改M项）",
        [
            "render",
            "feedback",
            *Q3_ARGS,
            "--date",
            "2026-10-20",
            "--out",
            str(CYCLE / "letters_2026Q3" / "feedback"),
            *CYCLE_CONFIG,
        ],
        {0},
        None,
    ),  # fmt: skip
    (
        "8i. 两季度对比（执行率变化、停滞和可能性下降的项目）",
        [
            "compare",
            "2026Q2",
            "2026Q3",
            "--roster",
            str(ROSTER),
            "--out",
            str(CYCLE / "对比.xlsx"),
            *CYCLE_CONFIG,
        ],
        {0},
        None,
    ),  # fmt: skip
    (
        "8j. 全区汇总表（含上期执行率及变化）",
        ["aggregate", "city", *Q3_ARGS, "--out", str(CYCLE / "汇总（含上期）.xlsx"), *CYCLE_CONFIG],
        {0, 1},
        None,
    ),  # fmt: skip
]


# the year's first stage (issue 23): 绩效目标 of the 2027 budget, in a workspace of its own
STEPS += target_steps(OUT, SAMPLE, ROSTER, LETTER_PDF)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--perfcli", default=str(Path(sys.executable).parent / "perfcli"), help="perfcli to run"
    )
    parser.add_argument(
        "--root", type=Path, default=ROOT, help="folder to run in (gets a copy of sample_data/)"
    )
    options = parser.parse_args(argv)
    root = options.root.resolve()
    root.mkdir(parents=True, exist_ok=True)
    if root != ROOT:
        shutil.copytree(ROOT / SAMPLE, root / SAMPLE, dirs_exist_ok=True)
    os.chdir(root)
    if OUT.exists():
        shutil.rmtree(OUT)
    OUT.mkdir()
    # the mailbox and the roster with 邮箱, built by the perfcli that runs the demo (its own Python)
    subprocess.run(
        [
            str(Path(options.perfcli).parent / "python"),
            str(ROOT / "scripts" / "make_sample_mailbox.py"),
            str(MAIL),
        ],
        check=True,
    )
    shutil.copy(ROOT / "perfcli" / "templates" / "催报通知.docx", TEMPLATE_COPY)
    return run_steps(options.perfcli, root)


def run_steps(perfcli: str, root: Path) -> int:
    for title, args, ok_codes, stdout_file in STEPS:
        if args[0] == CLERK:  # the reviewer's hand on a 审核意见表 (scripts/review_as_clerk.py)
            clerk = [
                str(Path(perfcli).parent / "python"),
                str(ROOT / "scripts" / "review_as_clerk.py"),
                *args[1:],
            ]
            print(f"\n\033[1m== {title}\033[0m\n$ python scripts/review_as_clerk.py {shlex.join(args[1:])}")
            code = subprocess.call(clerk, cwd=root)
            if code not in ok_codes:
                print(f"!! 第“{title}”步失败，退出码 {code}", file=sys.stderr)
                return 1
            continue
        args = args if args[0] == "init" or "--config" in args else [*args, *IN_WORKSPACE]
        print(f"\n\033[1m== {title}\033[0m\n$ perfcli {shlex.join(args)}", flush=True)
        if stdout_file:
            with open(stdout_file, "w", encoding="utf-8") as fh:
                code = subprocess.call([perfcli, *args], stdout=fh, cwd=root)
            print(f"（结果已写入 {stdout_file}）")
        else:
            code = subprocess.call([perfcli, *args], cwd=root)
        if code not in ok_codes:
            print(f"!! 第“{title}”步失败，退出码 {code}", file=sys.stderr)
            return 1
    print("\n演示完成。请查看：")
    for path in sorted(OUT.iterdir()):
        print(f"  {path.as_posix()}")
        if (path / "perfcli.toml").is_file():  # a workspace: what the cycle wrote into it
            for inner in sorted(path.iterdir()):
                print(f"    {inner.name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
