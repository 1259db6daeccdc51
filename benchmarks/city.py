"""A synthetic city roster of quarter-end size (deterministic, seeded), written in the roster format.

Full size: 200 departments, 2,000 units (10 each), 10,000 projects (5 per unit), 2 key projects per
department, 5 indicators per project. `scale` shrinks the unit and department counts proportionally.
"""

from __future__ import annotations

import random
from decimal import Decimal
from pathlib import Path

import xlsxwriter

from perfcli.roster.workbook import ROSTER_SHEETS

DEPT_WORDS = [
    "教育",
    "卫生健康",
    "农业农村",
    "住房和城乡建设",
    "民政",
    "生态环境",
    "文化广电和旅游",
    "交通运输",
    "水利",
    "市场监督管理",
    "应急管理",
    "人力资源和社会保障",
    "自然资源和规划",
    "城市管理",
    "退役军人事务",
]
UNIT_WORDS = [
    "本级",
    "第一中心",
    "第二中心",
    "服务站",
    "管理所",
    "监测站",
    "指导中心",
    "综合执法大队",
    "事务中心",
    "研究院",
]
PROJECT_WORDS = [
    "设施维护",
    "信息化建设",
    "专项补助",
    "人才培训",
    "宣传推广",
    "设备购置",
    "运行保障",
    "改造提升",
    "监测评估",
    "示范创建",
]
INDICATORS = [
    ("产出", "产出数量", "完成项目数量", "≥{n}个"),
    ("产出", "产出质量", "验收合格率", "≥95%"),
    ("产出", "产出时效", "完成时间", "≤2026年11月30日"),
    ("产出", "产出成本", "单位成本", "≤{n}万元"),
    ("效果", "社会效益", "服务覆盖人数", "≥{n}人"),
    ("效果", "可持续影响", "长效管理机制", "建立并有效运行"),
    ("效果", "服务对象满意度", "群众满意度", "≥90%"),
]
FUND_SOURCES = ["中央", "省级", "市级", "区级", "其他"]


def _money(rng: random.Random, low: int, high: int) -> Decimal:
    return Decimal(rng.randint(low * 100, high * 100)) / 100


def write_city_roster(path: Path, *, scale: float = 1.0, seed: int = 20261023) -> dict[str, int]:
    """Write the roster workbook; return its counts."""
    rng = random.Random(seed)
    n_departments = max(2, round(200 * scale))
    units_per_dept, projects_per_unit, key_per_dept = 10, 5, 2
    wb = xlsxwriter.Workbook(str(path))
    sheets = {}
    # the columns of perfcli's roster format; the rows below are written in this column order
    headers = {sheet.name: [column.header for column in sheet.columns] for sheet in ROSTER_SHEETS}
    for name, cols in headers.items():
        ws = wb.add_worksheet(name)
        ws.write_string(0, 0, f"基准测试用名册（{name}），由 benchmarks/city.py 生成")
        for c, label in enumerate(cols):
            ws.write_string(1, c, label)
        sheets[name] = [ws, 2]

    def row(sheet: str, values: list) -> None:
        ws, r = sheets[sheet]
        for c, v in enumerate(values):
            if isinstance(v, Decimal):
                ws.write_number(r, c, float(v))
            else:
                ws.write_string(r, c, str(v))
        sheets[sheet][1] = r + 1

    counts = {"departments": 0, "units": 0, "projects": 0, "key_projects": 0, "indicators": 0}
    for d in range(n_departments):
        dcode = f"D{d + 1:03d}"
        dname = f"区{DEPT_WORDS[d % len(DEPT_WORDS)]}局{'' if d < len(DEPT_WORDS) else f'（{d // len(DEPT_WORDS) + 1}）'}"
        dept_projects: list[list] = []
        for u in range(units_per_dept):
            ucode = f"{dcode}U{u + 1:02d}"
            uname = f"{dname}{UNIT_WORDS[u % len(UNIT_WORDS)]}"
            row("单位", [ucode, uname, dcode, "李明", "0519-8500" + f"{u:04d}"])
            counts["units"] += 1
            for p in range(projects_per_unit):
                pcode = f"{ucode}P{p + 1:02d}"
                budget = _money(rng, 5, 3000)
                is_key = u == 0 and p < key_per_dept
                funding = ["", "", "", ""]
                if is_key:
                    parts = [budget * Decimal(x) / 100 for x in (20, 30, 40)]
                    parts = [q.quantize(Decimal("0.01")) for q in parts]
                    funding = [*parts, budget - sum(parts)]
                    counts["key_projects"] += 1
                name = f"{uname.removeprefix(dname)}{PROJECT_WORDS[(p + u) % len(PROJECT_WORDS)]}项目{p + 1}"
                dept_projects.append(
                    [
                        pcode,
                        name,
                        ucode,
                        budget,
                        rng.choice(FUND_SOURCES),
                        "是" if is_key else "否",
                        *funding,
                        "2026-01-01" if is_key else "",
                        "2026-12-31" if is_key else "",
                    ]
                )
                counts["projects"] += 1
                for k in rng.sample(range(len(INDICATORS)), 5):
                    l1, l2, l3, target = INDICATORS[k]
                    row("绩效指标", [pcode, l1, l2, l3, target.format(n=rng.randint(2, 500))])
                    counts["indicators"] += 1
        for values in dept_projects:
            row("项目", values)
        row("部门", [dcode, dname, sum((v[3] for v in dept_projects), Decimal(0)), "王芳", "0519-85001234"])
        counts["departments"] += 1
    wb.close()
    return counts
