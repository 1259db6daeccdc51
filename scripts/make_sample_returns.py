"""Build sample_data/returns/: the attachments the bureau received for 2026Q3, as clerks filled them.

Generates the sample roster's workbooks for 2026Q3 (as if on 2026-09-25) into a temporary folder, fills
them with the clerk library (clerk/), and drops them flat into sample_data/returns/ the way a bureau's
mailbox export looks. Most are clean and on time; the scenarios below add realistic mistakes, late and
missing reports, a re-saved .xls and a superseded version. Deterministic (seeded). Writes
sample_data/returns_manifest.json (what each file holds, for tests) next to the folder.

With --period 2026Q2 it builds the round before (sample_data/returns_2026Q2/, as if generated on
2026-06-25): the same units with less money spent, a few mistakes that the Q3 returns no longer have and
one that they still have (what 整改 tracking follows), all on time.

Run from the repository root (clerk/ is imported from there): .venv/bin/python -m scripts.make_sample_returns
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

from clerk import Mistakes, ProjectFacts, fill_department_workbook, fill_unit_workbook, resave_as_xls
from perfcli.model.config import Config, load_config
from perfcli.model.period import Period
from perfcli.model.roster import Roster
from perfcli.roster.workbook import read_roster

ROOT = Path(__file__).resolve().parent.parent

PERIOD = Period(2026, 3)
GENERATED_AT = datetime(2026, 9, 25, 1, 0)  # UTC: 09:00 Beijing time, the week before quarter end
SEED = 20261010


@dataclass
class Scenario:
    """What happens to one unit's return."""

    description: str  # Chinese, for sample_data/README.md
    mistakes: Mistakes | None = None
    received: tuple[int, int] = (0, 0)  # (month, day) of the received date; (0, 0) = a default on-time day
    filename: str | None = None  # the clerk renamed the attachment
    xls: bool = False
    not_reported: bool = False
    superseded_by_fix: bool = False  # an older version with the mistakes, then a corrected one


# unit name -> scenario; every other unit files a clean return on time
UNIT_SCENARIOS: dict[str, Scenario] = {
    "区第一实验小学": Scenario("已支出资金大于已到位资金", Mistakes(spent_over_received=True)),
    "区人民医院": Scenario("已到位资金大于预算总额", Mistakes(received_over_budget=True)),
    "区农业技术推广中心": Scenario(
        "完成目标可能性写成“可能性较大”（近似值，应提示改为“可能性大”）", Mistakes(near_miss_likelihood=True)
    ),
    "区市政园林管理处": Scenario(
        "完成目标可能性为“可能性小”，但未填写偏离原因分析和改进计划", Mistakes(unlikely_without_analysis=True)
    ),
    "区救助管理站": Scenario("必填项“项目实施情况”为空", Mistakes(missing_required="implementation")),
    "区疾病预防控制中心": Scenario("预填的“预算总额”被改动（篡改预填值）", Mistakes(tamper_budget=True)),
    "区环境监测站": Scenario(
        "在指标表中插入了一行指标（开展督导检查次数）",
        Mistakes(extra_indicator_row=True),
        filename="附件1：区环境监测站三季度项目绩效监控表.xlsx",
    ),
    "区社会福利院": Scenario("金额以文本填写，带千分位：“1,250.50”", Mistakes(text_numbers="thousands")),
    "区文化馆": Scenario("金额以文本填写，带单位：“12.5万元”", Mistakes(text_numbers="wanyuan")),
    "区动物疫病预防控制中心": Scenario(
        "金额以全角数字文本填写：“１２５０．５０”", Mistakes(text_numbers="fullwidth")
    ),
    "区农村经济服务中心": Scenario("逾期报送（10月15日收到，截止10月10日）", received=(10, 15)),
    "区博物馆": Scenario("用旧版 Excel 另存为 .xls 后报送（内容无误）", xls=True, received=(10, 9)),
    "区第二中学": Scenario(
        "先报送的版本（10月5日）漏填“已支出资金”，10月9日又报送了更正版本；旧版本应被新版本取代",
        Mistakes(missing_required="funds_spent"),
        superseded_by_fix=True,
    ),
    "区实验初级中学": Scenario("文件被重命名（内容无误）", filename="实验初中-2026年三季度绩效监控.xlsx"),
    "区殡仪馆": Scenario("未报送", not_reported=True),
}
DEPARTMENT_SCENARIOS: dict[str, Scenario] = {
    "区住房和城乡建设局": Scenario(
        "部门附表2/附表3 逾期报送（10月24日收到，截止10月20日）", received=(10, 24)
    ),
}
# the round before (2026Q2): three mistakes the Q3 returns no longer make, one they still make
Q2_UNIT_SCENARIOS: dict[str, Scenario] = {
    "区图书馆": Scenario("已支出资金大于已到位资金（三季度已更正）", Mistakes(spent_over_received=True)),
    "区妇幼保健院": Scenario("已到位资金大于预算总额（三季度已更正）", Mistakes(received_over_budget=True)),
    "区教师发展中心": Scenario(
        "必填项“项目实施情况”为空（三季度已更正）", Mistakes(missing_required="implementation")
    ),
    "区市政园林管理处": Scenario(
        "完成目标可能性为“可能性小”，但未填写偏离原因分析和改进计划（三季度仍未更正）",
        Mistakes(unlikely_without_analysis=True),
    ),
}


@dataclass
class Round:
    """One reporting round of the sample: its period, when the forms were generated, what units did."""

    period: Period
    generated_at: datetime  # UTC
    units: dict[str, Scenario]
    departments: dict[str, Scenario]
    share: Decimal = Decimal(1)  # of the Q3 money typed (an earlier round has spent less)

    @property
    def month(self) -> int:  # returns arrive the month after the quarter
        return self.period.end.month + 1


ROUNDS = {
    "2026Q3": Round(PERIOD, GENERATED_AT, UNIT_SCENARIOS, DEPARTMENT_SCENARIOS),
    "2026Q2": Round(Period(2026, 2), datetime(2026, 6, 25, 1, 0), Q2_UNIT_SCENARIOS, {}, Decimal("0.7")),
}


def _generate(roster_path: Path, out_dir: Path, period: Period, at: datetime) -> None:
    """perfcli generate, as run by the bureau at `at` (times fixed so the sample is reproducible)."""
    import perfcli.io.xlsx.write.forms as forms_module
    import perfcli.issue.generate as generate_module

    class _At(datetime):  # the documents' creation time
        @classmethod
        def now(cls, tz=None):  # noqa: ANN001
            return at if tz is None else at.replace(tzinfo=UTC).astimezone(tz)

    class _SampleConfig(Config):  # the identities' generated_at: GENERATED_AT in the bureau's time zone
        def stamp(self) -> str:
            return _At.now(self.zone).isoformat(timespec="seconds")

    saved = forms_module.datetime
    forms_module.datetime = _At
    try:
        loaded = load_config(None, search_from=ROOT / "nonexistent")
        config = _SampleConfig(loaded.raw, loaded.path, loaded.extra)
        generate_module.generate(read_roster(roster_path, config), period, out_dir, config, force=True)
    finally:
        forms_module.datetime = saved


def _received(
    month_day: tuple[int, int], default_day: int, hour: int = 2, default_month: int = 10
) -> datetime:
    month, day = month_day if month_day != (0, 0) else (default_month, default_day)
    return datetime(PERIOD.year, month, day, hour, 0)


def _mistake_sheet(roster: Roster, unit_code: str, mistakes: Mistakes) -> int:
    """The sheet a mistake lands on: the first non-key project (so the department's 附表3 stays clean),
    or for amounts typed as text the largest project (so "1,250.50" really has a thousands separator)."""
    projects = roster.projects_of(unit_code)
    if mistakes.text_numbers:
        return max(range(len(projects)), key=lambda i: projects[i].budget_total)
    return next((i for i, p in enumerate(projects) if not p.is_key), 0)


def build(roster_path: Path, dest: Path, *, seed: int = SEED, period: str = "2026Q3") -> list[dict]:
    this = ROUNDS[period]
    roster = read_roster(roster_path)
    manifest: list[dict] = []
    with tempfile.TemporaryDirectory(prefix="perfcli-sample-") as work:
        forms = Path(work) / "forms"
        _generate(roster_path, forms, this.period, this.generated_at)
        generated = {p.name: p for p in forms.rglob("*.xlsx")}
        if dest.exists():
            shutil.rmtree(dest)
        dest.mkdir(parents=True)
        facts_by_project: dict[str, ProjectFacts] = {}
        for n, unit in enumerate(roster.units):
            src = next(p for name, p in generated.items() if name.startswith(unit.name + "_附表1_"))
            scenario = this.units.get(unit.name, Scenario("按时报送，填写无误"))
            entry = {
                "kind": "unit",
                "code": unit.code,
                "name": unit.name,
                "department_code": unit.department_code,
                "scenario": scenario.description,
            }
            if scenario.not_reported:
                manifest.append({**entry, "file": None, "received": None, "mistakes": []})
                continue
            mistakes = scenario.mistakes
            if mistakes is not None:
                mistakes.sheet = _mistake_sheet(roster, unit.code, mistakes)
            unit_seed = seed + n
            default_day = 3 + n % 8  # on-time returns arrive 10月3日–10日
            if scenario.superseded_by_fix:
                older = dest / src.name
                facts = fill_unit_workbook(
                    src, older, seed=unit_seed, mistakes=mistakes, modified=_received((10, 5), 0)
                )
                manifest.append(
                    {
                        **entry,
                        "file": older.name,
                        "received": "2026-10-05",
                        "superseded": True,
                        "mistakes": [f"{f.sheet}!{m}" for f in facts for m in f.mistakes],
                    }
                )
                mistakes = None
                target = dest / src.name.replace(".xlsx", "（更正）.xlsx")
                received = _received((10, 9), 0)
            else:
                target = dest / (scenario.filename or src.name)
                received = _received(scenario.received, default_day, default_month=this.month)
            facts = fill_unit_workbook(
                src, target, seed=unit_seed, mistakes=mistakes, modified=received, share=this.share
            )
            if scenario.xls:
                xls = resave_as_xls(target, target.with_suffix(".xls"))
                target.unlink()
                target = xls
            facts_by_project.update({f.code: f for f in facts if f.code})
            manifest.append(
                {
                    **entry,
                    "file": target.name,
                    "received": received.date().isoformat(),
                    "mistakes": [f"{f.sheet}!{m}" for f in facts for m in f.mistakes],
                    "projects": {f.code: _facts_json(f) for f in facts},
                }
            )
        for n, department in enumerate(roster.departments):
            src = next(
                p for name, p in generated.items() if name.startswith(department.name + "_附表2附表3_")
            )
            scenario = this.departments.get(department.name, Scenario("按时报送，附表2和各附表3填写完整"))
            projects = [p for u in roster.units_of(department.code) for p in roster.projects_of(u.code)]
            reported = [facts_by_project[p.code] for p in projects if p.code in facts_by_project]
            totals = (
                sum((f.budget for f in reported), Decimal(0)),
                sum((f.received or Decimal(0) for f in reported), Decimal(0)),
                sum((f.spent or Decimal(0) for f in reported), Decimal(0)),
            )
            received = _received(scenario.received, 12 + n, default_month=this.month)  # on time: 12日–18日
            target = dest / src.name
            key_facts = fill_department_workbook(
                src, target, seed=seed + 100 + n, projects=facts_by_project, totals=totals, modified=received
            )
            manifest.append(
                {
                    "kind": "department",
                    "code": department.code,
                    "name": department.name,
                    "department_code": department.code,
                    "scenario": scenario.description,
                    "file": target.name,
                    "received": received.date().isoformat(),
                    "mistakes": [],
                    "projects": {f.code: _facts_json(f) for f in key_facts},
                }
            )
    return manifest


def _facts_json(f: ProjectFacts) -> dict:
    return {
        "name": f.name,
        "sheet": f.sheet,
        "budget": str(f.budget),
        "received": None if f.received is None else str(f.received),
        "spent": None if f.spent is None else str(f.spent),
        "at_risk": f.at_risk,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description="生成示例回收文件 sample_data/returns/")
    parser.add_argument("--roster", type=Path, default=ROOT / "sample_data" / "roster.xlsx")
    parser.add_argument("--period", choices=sorted(ROUNDS), default="2026Q3")
    parser.add_argument(
        "--out", type=Path, default=None, help="默认 sample_data/returns（2026Q2：returns_2026Q2）"
    )
    parser.add_argument("--seed", type=int, default=SEED)
    args = parser.parse_args()
    out = args.out or ROOT / "sample_data" / (
        "returns" if args.period == "2026Q3" else f"returns_{args.period}"
    )
    args.out = out
    manifest = build(args.roster, args.out, seed=args.seed, period=args.period)
    manifest_path = args.out.parent / f"{args.out.name}_manifest.json"
    manifest_path.write_text(json.dumps(manifest, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    files = sorted(p.name for p in args.out.iterdir())
    print(f"已写入 {args.out}：{len(files)} 个文件；清单见 {manifest_path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
