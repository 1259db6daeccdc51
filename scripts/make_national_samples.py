"""Build sample_data/national/: a national-pack quarter (2026年1-7月) on the same sample roster.

Generates every unit's 项目支出绩效目标执行监控表 workbook with the national pack (as if on 2026-07-20), fills
them with the clerk library (clerk/national.py) and drops them flat into sample_data/national/returns/. Most
are clean and on time; a few carry the mistakes the national rules catch (two likelihoods ticked, 有可能
without a 备注, a 执行率 that disagrees with 执行数 ÷ 年初预算数), one is late and one unit never reports.
Deterministic. Also writes sample_data/national/perfcli.toml, the config that selects the pack.

Run from the repository root: .venv/bin/python -m scripts.make_national_samples
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from datetime import datetime
from pathlib import Path

from clerk.national import fill_national
from perfcli import api

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "sample_data" / "national"
ROSTER = ROOT / "sample_data" / "roster.xlsx"
PERIOD = "2026M7"
CONFIG_TEXT = """# 示例：选用全国监控表（财预〔2019〕136号）的工作目录配置。其余设置取自 national 表样包。
[pack]
name = "national"
"""
ON_TIME = datetime(2026, 8, 10, 2, 0)  # UTC: 10:00 Beijing time
LATE = datetime(2026, 8, 20, 2, 0)  # after the pack's unit deadline (15 days after 7月31日)
# unit name -> what happens to its return
SCENARIOS: dict[str, dict] = {
    "区第一实验小学": {"mistakes": ("two_ticks",)},
    "区人民医院": {"mistakes": ("no_remark",)},
    "区农业技术推广中心": {"mistakes": ("rate_off",)},
    "区市政园林管理处": {"likelihood": "有可能"},
    "区博物馆": {"modified": LATE},
    "区救助管理站": {"missing": True},
}


def main() -> int:
    if OUT.exists():
        shutil.rmtree(OUT)
    (OUT / "returns").mkdir(parents=True)
    config = OUT / "perfcli.toml"
    config.write_text(CONFIG_TEXT, "utf-8")
    with tempfile.TemporaryDirectory() as tmp:
        generated = api.generate(ROSTER, period=PERIOD, out=Path(tmp), config=config)
        for file in sorted(generated.files, key=lambda f: f.path.name):
            scenario = SCENARIOS.get(file.name, {})
            if scenario.get("missing"):
                continue
            fill_national(
                file.path,
                likelihood=scenario.get("likelihood", "确定能"),
                mistakes=scenario.get("mistakes", ()),
                modified=scenario.get("modified", ON_TIME),
            )
            shutil.copy(file.path, OUT / "returns" / file.path.name)
    print(f"已写入 {OUT.relative_to(ROOT)}：{len(list((OUT / 'returns').iterdir()))} 个回收的监控表")
    return 0


if __name__ == "__main__":
    sys.exit(main())
