"""The demo's year-start stage (issue 23): 绩效目标 申报 → 初审 → 退回 → corrected → 初审 → 复审 → 批复 → the roster
of the budget year → its monitoring forms pre-filled from the approved targets, and a 调整 after 批复.

A workspace of its own (the 2027 budget). The reviewer's hand between `review targets --out` and `--from` is
scripts/review_as_clerk.py (a step whose first argument is CLERK), run with the demo's perfcli's Python."""

from __future__ import annotations

from pathlib import Path

CLERK = "@clerk"  # run scripts/review_as_clerk.py with the rest of the arguments


def target_steps(out: Path, sample: Path, roster: Path, letter_pdf: list[str]) -> list:
    """(title, arguments, exit codes that are a normal outcome, file for stdout) of the stage, as demo.STEPS."""
    ws = out / "workspace_targets"
    config = ["--config", str(ws / "perfcli.toml")]
    year = ["--period", "2027"]
    roster_2027 = ws / "名册（2027）.xlsx"

    def review(step: str, sheet: str, *, pass_all: bool = False) -> list:
        path = str(ws / sheet)
        undeclared = ["--roster", str(roster)] if step == "初审" else []  # and who has not declared yet
        return [
            (f"{step}意见表（每个项目一行：审核发现、建议、审核结论）",
             ["review", "targets", *year, "--as", step, "--out", path, *undeclared, *config], {0}, None),
            (f"审核人填写{step}结论（按建议；只有警告的，看过后通过）",
             [CLERK, path, *(["--pass-all"] if pass_all else [])], {0}, None),
            (f"登记{step}结论", ["review", "targets", *year, "--as", step, "--from", path, *config], {0}, None),
        ]  # fmt: skip

    return [
        ("9. 绩效目标（2027 年度预算）：另建一个工作区", ["init", str(ws)], {0}, None),
        ("9a. 按名册生成各单位的项目支出绩效目标申报表（每个项目一张）",
         ["generate", str(roster), "--stage", "targets", *year, "--out", str(ws / "申报表"), *config], {0}, None),
        # exit 1: the first round has mistakes, which the demo shows on purpose
        ("9b. 校验报来的申报表（完整性、相关性、适当性、可行性）",
         ["validate", str(sample / "targets"), "--roster", str(roster),
          "--report", str(ws / "申报表问题清单.xlsx"), *config], {0, 1}, None),
        *review("初审", "初审意见表.xlsx"),
        ("9c. 绩效目标退回修改通知（按部门：退回的项目、理由、重报期限）",
         ["render", "target-return", *year, "--out", str(ws / "letters" / "target-return"), *letter_pdf, *config],
         {0}, None),
        ("9d. 校验修改后重报的申报表", ["validate", str(sample / "targets_corrected"), "--roster", str(roster),
                                       *config], {0}, None),
        *review("初审", "初审意见表（重报）.xlsx"),
        *review("复审", "复审意见表.xlsx", pass_all=True),
        ("9e. 绩效目标批复（随部门预算批复，附年度绩效指标；登记为已批复）",
         ["render", "target-approval", *year, "--out", str(ws / "letters" / "target-approval"), *letter_pdf,
          *config], {0}, None),
        ("9f. 以批复的绩效目标写出 2027 年的名册（绩效指标表、项目年度资金）",
         ["roster", "from-targets", *year, "--roster", str(roster), "--out", str(roster_2027), *config], {0}, None),
        ("9g. 2027 年三季度监控表：年度目标按批复预填",
         ["generate", str(roster_2027), "--period", "2027Q3", "--force-period", "--out", str(ws / "forms_2027Q3"),
          *config], {0}, None),
        ("9h. 批复后调整：报来调整后的申报表（附调整说明）",
         ["validate", str(sample / "targets_adjustment"), "--roster", str(roster), *config], {0}, None),
        ("9i. 台账中的绩效目标：每个项目的版本、审核、批复，调整前后逐项对比",
         ["ledger", "targets", *year, *config], {0}, None),
        ("9j. 同上（JSON）", ["ledger", "targets", *year, "--json", *config], {0}, str(ws / "绩效目标.json")),
    ]  # fmt: skip
