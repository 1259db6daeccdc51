"""Build sample_data/roster.xlsx: a realistic 区 with 7 departments, their units, projects and indicators.

Deterministic (seeded), written through perfcli's own roster writer so it reads back with read_roster.
Run: .venv/bin/python scripts/make_sample_roster.py [--out sample_data/roster.xlsx]
"""

from __future__ import annotations

import argparse
import math
import random
import sys
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from perfcli.model.roster import FUNDING_KEYS, Department, IndicatorTarget, Project, Roster, Unit
from perfcli.roster.workbook import read_roster, write_roster

ROOT = Path(__file__).resolve().parent.parent
SEED = 20260930
YEAR = 2026

# An indicator template: (一级, 二级, 三级, 年度目标 with {n}, range for n or None)
Ind = tuple[str, str, str, str, tuple[int, int] | None]
# A project template: (name, key project?, specific indicators)
Tpl = tuple[str, bool, list[Ind]]

DEPARTMENTS: list[tuple[str, str, list[str], list[Tpl]]] = [
    (
        "301",
        "区教育局",
        ["区第一实验小学", "区实验初级中学", "区第二中学", "区教师发展中心"],
        [
            (
                "新建校舍工程",
                True,
                [
                    ("产出", "产出数量", "新建校舍面积", "≥{n}平方米", (8000, 16000)),
                    ("产出", "产出时效", "完工时间", "≤2026年11月30日", None),
                    ("效果", "社会效益", "新增学位数", "≥{n}个", (400, 1200)),
                ],
            ),
            (
                "校舍维修改造工程",
                False,
                [
                    ("产出", "产出数量", "维修改造校舍面积", "≥{n}平方米", (1500, 6000)),
                    ("产出", "产出质量", "工程验收合格率", "=100%", None),
                    ("效果", "社会效益", "办学条件", "明显改善", None),
                ],
            ),
            (
                "义务教育学生营养改善",
                False,
                [
                    ("产出", "产出数量", "受益学生人数", "≥{n}人", (800, 5000)),
                    ("产出", "产出质量", "食品安全事故发生数", "=0起", None),
                    ("效果", "社会效益", "学生营养健康水平", "有效提升", None),
                ],
            ),
            (
                "教师培训与专业发展",
                False,
                [
                    ("产出", "产出数量", "教师培训人次", "≥{n}人次", (300, 2000)),
                    ("产出", "产出质量", "培训考核合格率", "≥95%", None),
                    ("效果", "可持续影响", "教师教学能力", "持续提升", None),
                ],
            ),
            (
                "智慧校园建设",
                True,
                [
                    ("产出", "产出数量", "新增智慧教室", "≥{n}间", (20, 120)),
                    ("产出", "产出质量", "设备完好率", "≥98%", None),
                    ("效果", "可持续影响", "信息化教学覆盖率", "≥95%", None),
                ],
            ),
            (
                "家庭经济困难学生资助",
                False,
                [
                    ("产出", "产出数量", "资助学生人数", "≥{n}人", (150, 900)),
                    ("产出", "产出质量", "资助对象认定准确率", "=100%", None),
                    ("效果", "社会效益", "因贫失学学生数", "=0人", None),
                ],
            ),
            (
                "课后延时服务补助",
                False,
                [
                    ("产出", "产出数量", "参与课后服务学生人数", "≥{n}人", (600, 3000)),
                    ("效果", "服务对象满意度", "家长满意度", "≥90%", None),
                ],
            ),
        ],
    ),
    (
        "302",
        "区卫生健康局",
        ["区人民医院", "区疾病预防控制中心", "区妇幼保健院"],
        [
            (
                "区人民医院门急诊楼改扩建工程",
                True,
                [
                    ("产出", "产出数量", "新增建筑面积", "≥{n}平方米", (9000, 20000)),
                    ("产出", "产出数量", "新增床位数", "≥{n}张", (100, 300)),
                    ("产出", "产出时效", "主体结构封顶时间", "≤2026年10月31日", None),
                ],
            ),
            (
                "基本公共卫生服务",
                False,
                [
                    ("产出", "产出数量", "65岁及以上老年人健康管理人数", "≥{n}人", (8000, 30000)),
                    ("产出", "产出质量", "高血压患者规范管理率", "≥65%", None),
                    ("效果", "社会效益", "居民健康素养水平", "≥30%", None),
                ],
            ),
            (
                "医疗设备购置",
                False,
                [
                    ("产出", "产出数量", "购置医疗设备台套数", "≥{n}台（套）", (10, 80)),
                    ("产出", "产出质量", "设备验收合格率", "=100%", None),
                    ("效果", "经济效益", "设备年使用率", "≥85%", None),
                ],
            ),
            (
                "免疫规划疫苗接种",
                False,
                [
                    ("产出", "产出质量", "适龄儿童免疫规划疫苗接种率", "≥95%", None),
                    ("产出", "产出质量", "疫苗冷链运转合格率", "=100%", None),
                    ("效果", "社会效益", "疫苗针对传染病发病水平", "保持低水平", None),
                ],
            ),
            (
                "妇幼健康服务",
                False,
                [
                    ("产出", "产出质量", "孕产妇系统管理率", "≥90%", None),
                    ("产出", "产出质量", "新生儿遗传代谢性疾病筛查率", "≥98%", None),
                    ("效果", "社会效益", "孕产妇死亡率", "≤10/10万", None),
                ],
            ),
            (
                "传染病防控能力提升",
                True,
                [
                    ("产出", "产出数量", "开展应急演练次数", "≥{n}次", (4, 12)),
                    ("产出", "产出时效", "传染病报告及时率", "=100%", None),
                    ("效果", "社会效益", "突发公共卫生事件处置能力", "有效提升", None),
                ],
            ),
            (
                "家庭医生签约服务",
                False,
                [
                    ("产出", "产出数量", "家庭医生签约人数", "≥{n}人", (20000, 60000)),
                    ("产出", "产出质量", "重点人群签约率", "≥75%", None),
                ],
            ),
        ],
    ),
    (
        "303",
        "区农业农村局",
        ["区农业技术推广中心", "区动物疫病预防控制中心", "区农村经济服务中心"],
        [
            (
                "高标准农田建设",
                True,
                [
                    ("产出", "产出数量", "新建高标准农田面积", "≥{n}亩", (5000, 20000)),
                    ("产出", "产出质量", "工程验收合格率", "=100%", None),
                    ("效果", "经济效益", "亩均粮食产能提高", "≥50公斤", None),
                ],
            ),
            (
                "农业技术推广与农民培训",
                False,
                [
                    ("产出", "产出数量", "培训高素质农民人次", "≥{n}人次", (300, 1500)),
                    ("产出", "产出数量", "推广主推技术", "≥{n}项", (5, 20)),
                    ("效果", "服务对象满意度", "参训农民满意度", "≥90%", None),
                ],
            ),
            (
                "动物疫病强制免疫",
                False,
                [
                    ("产出", "产出质量", "应免畜禽免疫密度", "≥90%", None),
                    ("效果", "社会效益", "区域性重大动物疫情发生数", "=0起", None),
                ],
            ),
            (
                "农村人居环境整治提升",
                True,
                [
                    ("产出", "产出数量", "整治提升村庄数", "≥{n}个", (8, 40)),
                    ("产出", "产出质量", "农村生活垃圾无害化处理率", "≥99%", None),
                    ("效果", "生态效益", "村容村貌", "明显改善", None),
                ],
            ),
            (
                "耕地地力保护补贴",
                False,
                [
                    ("产出", "产出数量", "补贴面积", "≥{n}亩", (20000, 80000)),
                    ("产出", "产出质量", "补贴资金发放准确率", "=100%", None),
                    ("效果", "经济效益", "种粮农民收入", "稳中有升", None),
                ],
            ),
            (
                "农产品质量安全监测",
                False,
                [
                    ("产出", "产出数量", "农产品抽检批次", "≥{n}批次", (300, 1500)),
                    ("产出", "产出质量", "农产品抽检合格率", "≥98%", None),
                ],
            ),
        ],
    ),
    (
        "304",
        "区住房和城乡建设局",
        ["区建设工程质量安全监督站", "区市政园林管理处", "区房屋征收服务中心"],
        [
            (
                "老旧小区改造",
                True,
                [
                    ("产出", "产出数量", "改造老旧小区数", "≥{n}个", (6, 20)),
                    ("产出", "产出数量", "受益居民户数", "≥{n}户", (2000, 8000)),
                    ("效果", "服务对象满意度", "小区居民满意度", "≥90%", None),
                ],
            ),
            (
                "市政道路养护",
                False,
                [
                    ("产出", "产出数量", "道路养护面积", "≥{n}万平方米", (40, 200)),
                    ("产出", "产出质量", "道路完好率", "≥95%", None),
                    ("效果", "社会效益", "市民出行条件", "持续改善", None),
                ],
            ),
            (
                "城市绿化养护",
                False,
                [
                    ("产出", "产出数量", "绿化养护面积", "≥{n}万平方米", (100, 500)),
                    ("产出", "产出质量", "苗木成活率", "≥95%", None),
                    ("效果", "生态效益", "城市建成区绿化覆盖率", "≥43%", None),
                ],
            ),
            (
                "保障性租赁住房补贴",
                False,
                [
                    ("产出", "产出数量", "发放补贴户数", "≥{n}户", (300, 1500)),
                    ("产出", "产出质量", "补贴发放准确率", "=100%", None),
                ],
            ),
            (
                "建筑工地扬尘治理",
                False,
                [
                    ("产出", "产出数量", "检查在建工地", "≥{n}个次", (200, 900)),
                    ("产出", "产出质量", "扬尘治理措施落实率", "≥95%", None),
                    ("效果", "生态效益", "建筑施工扬尘投诉", "同比下降", None),
                ],
            ),
            (
                "背街小巷综合整治",
                True,
                [
                    ("产出", "产出数量", "整治背街小巷条数", "≥{n}条", (15, 60)),
                    ("产出", "产出时效", "完工时间", "≤2026年12月31日", None),
                    ("效果", "社会效益", "街巷环境面貌", "明显改善", None),
                ],
            ),
        ],
    ),
    (
        "305",
        "区民政局",
        ["区社会福利院", "区救助管理站", "区殡仪馆"],
        [
            (
                "城乡居民最低生活保障",
                False,
                [
                    ("产出", "产出数量", "保障困难群众人数", "≥{n}人", (1500, 5000)),
                    ("产出", "产出时效", "保障金按月发放及时率", "=100%", None),
                    ("效果", "社会效益", "困难群众基本生活", "应保尽保", None),
                ],
            ),
            (
                "居家养老服务补贴",
                False,
                [
                    ("产出", "产出数量", "享受居家养老服务老人数", "≥{n}人", (800, 3000)),
                    ("产出", "产出质量", "服务记录抽查合格率", "≥95%", None),
                    ("效果", "服务对象满意度", "服务老人满意度", "≥90%", None),
                ],
            ),
            (
                "特困人员救助供养",
                False,
                [
                    ("产出", "产出数量", "供养特困人员数", "≥{n}人", (200, 800)),
                    ("产出", "产出质量", "失能特困人员集中供养率", "≥60%", None),
                ],
            ),
            (
                "区社会福利院设施改造提升",
                True,
                [
                    ("产出", "产出数量", "改造护理型床位", "≥{n}张", (60, 200)),
                    ("产出", "产出时效", "完工时间", "≤2026年11月30日", None),
                    ("效果", "可持续影响", "养老服务能力", "显著增强", None),
                ],
            ),
            (
                "困难残疾人生活补贴和重度残疾人护理补贴",
                False,
                [
                    ("产出", "产出数量", "补贴发放人次", "≥{n}人次", (3000, 12000)),
                    ("产出", "产出质量", "补贴对象精准率", "=100%", None),
                ],
            ),
            (
                "社区治理能力提升",
                True,
                [
                    ("产出", "产出数量", "社区工作者培训人次", "≥{n}人次", (300, 1200)),
                    ("效果", "社会效益", "社区服务便民程度", "有效提升", None),
                ],
            ),
        ],
    ),
    (
        "306",
        "区生态环境局",
        ["区环境监测站", "区生态环境综合行政执法大队"],
        [
            (
                "水环境综合治理",
                True,
                [
                    ("产出", "产出数量", "整治河道长度", "≥{n}公里", (10, 45)),
                    ("效果", "生态效益", "国省考断面水质达标率", "=100%", None),
                    ("效果", "可持续影响", "河道长效管护机制", "建立健全", None),
                ],
            ),
            (
                "大气污染防治",
                False,
                [
                    ("产出", "产出数量", "完成挥发性有机物治理企业数", "≥{n}家", (20, 80)),
                    ("效果", "生态效益", "PM2.5年均浓度", "≤{n}微克/立方米", (30, 36)),
                    ("效果", "生态效益", "空气质量优良天数比率", "≥80%", None),
                ],
            ),
            (
                "环境监测能力建设",
                False,
                [
                    ("产出", "产出数量", "购置监测设备", "≥{n}台（套）", (5, 30)),
                    ("产出", "产出质量", "监测数据有效率", "≥90%", None),
                ],
            ),
            (
                "土壤污染防治",
                False,
                [
                    ("产出", "产出数量", "完成土壤污染状况调查地块", "≥{n}块", (5, 20)),
                    ("效果", "生态效益", "重点建设用地安全利用率", "=100%", None),
                ],
            ),
            (
                "生态环境执法检查",
                False,
                [
                    ("产出", "产出数量", "执法检查企业数", "≥{n}家次", (300, 1200)),
                    ("产出", "产出质量", "环境违法案件办结率", "=100%", None),
                ],
            ),
            (
                "工业园区污水管网完善",
                True,
                [
                    ("产出", "产出数量", "新建污水管网长度", "≥{n}公里", (8, 30)),
                    ("产出", "产出时效", "完工时间", "≤2026年12月31日", None),
                    ("效果", "生态效益", "园区污水收集率", "≥95%", None),
                ],
            ),
        ],
    ),
    (
        "307",
        "区文化广电和旅游局",
        ["区博物馆", "区图书馆", "区文化馆"],
        [
            (
                "公共图书馆免费开放",
                False,
                [
                    ("产出", "产出数量", "新增馆藏图书", "≥{n}册", (10000, 50000)),
                    ("效果", "社会效益", "年接待读者人次", "≥{n}万人次", (20, 80)),
                ],
            ),
            (
                "文化惠民演出",
                False,
                [
                    ("产出", "产出数量", "组织文化惠民演出", "≥{n}场", (40, 150)),
                    ("效果", "社会效益", "群众参与人次", "≥{n}万人次", (3, 15)),
                    ("效果", "服务对象满意度", "观众满意度", "≥90%", None),
                ],
            ),
            (
                "文物保护修缮",
                True,
                [
                    ("产出", "产出数量", "修缮文物建筑面积", "≥{n}平方米", (800, 3000)),
                    ("产出", "产出质量", "修缮工程验收合格率", "=100%", None),
                    ("效果", "可持续影响", "文物本体安全状况", "有效改善", None),
                ],
            ),
            (
                "全域旅游宣传推广",
                False,
                [
                    ("产出", "产出数量", "开展宣传推广活动", "≥{n}场", (10, 40)),
                    ("效果", "经济效益", "游客接待量增长率", "≥5%", None),
                ],
            ),
            (
                "农家书屋出版物补充更新",
                False,
                [
                    ("产出", "产出数量", "补充更新出版物", "≥{n}册", (5000, 20000)),
                    ("产出", "产出质量", "出版物配送合格率", "=100%", None),
                ],
            ),
            (
                "公共文化服务设施运行维护",
                False,
                [
                    ("产出", "产出数量", "维护文化服务场馆", "≥{n}个", (8, 30)),
                    ("效果", "服务对象满意度", "群众满意度", "≥90%", None),
                ],
            ),
        ],
    ),
]

# filled in when a project's specific indicators are fewer than the count drawn for it
GENERIC: list[Ind] = [
    ("产出", "产出时效", "资金支付及时率", "≥90%", None),
    ("产出", "产出成本", "项目成本控制", "≤{budget}万元", None),
    ("产出", "产出质量", "项目验收合格率", "=100%", None),
    ("产出", "产出时效", "项目完成时间", "≤2026年12月31日", None),
    ("效果", "可持续影响", "长效管理机制", "逐步健全", None),
    ("效果", "服务对象满意度", "服务对象满意度", "≥90%", None),
    ("效果", "社会效益", "社会公众知晓度", "有效提升", None),
]
LEVEL_ORDER = [
    "产出数量",
    "产出质量",
    "产出时效",
    "产出成本",
    "经济效益",
    "社会效益",
    "生态效益",
    "可持续影响",
    "服务对象满意度",
]

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林高罗"
GIVEN = [
    "伟",
    "芳",
    "敏",
    "静",
    "磊",
    "洋",
    "艳",
    "军",
    "杰",
    "娟",
    "涛",
    "明",
    "霞",
    "平",
    "刚",
    "婷",
    "强",
    "丽",
    "鹏",
    "慧",
]
SOURCES = [("区级", 70), ("市级", 10), ("省级", 8), ("中央", 7), ("其他", 5)]
SOURCE_OF_KEY = {"central_provincial": "省级", "municipal": "市级", "district": "区级", "other": "其他"}
CENT = Decimal("0.01")


def nice(n: int) -> int:
    """Round to two significant figures, as a planned target would be."""
    if n < 100:
        return n
    step = 10 ** (int(math.log10(n)) - 1)
    return int(round(n / step) * step)


def money(rng: random.Random, lo: float, hi: float) -> Decimal:
    """Log-uniform amount in 万元 with two decimals."""
    value = math.exp(rng.uniform(math.log(lo), math.log(hi)))
    return Decimal(str(value)).quantize(CENT, ROUND_HALF_UP)


def person(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))


def phone(rng: random.Random) -> str:
    return f"0519-8{rng.randint(0, 9999999):07d}"


def split_funding(rng: random.Random, budget: Decimal) -> dict[str, Decimal]:
    """Four source amounts that sum exactly to `budget`: mostly 区级, some 市级 and 中央/省级, rarely 其他."""
    shares = [
        rng.choice((0, 0, 0.1, 0.2, 0.3)),
        rng.choice((0, 0.1, 0.15, 0.25)),
        0.0,
        rng.choice((0, 0, 0, 0.05)),
    ]
    amounts = [(budget * Decimal(str(s))).quantize(CENT, ROUND_HALF_UP) for s in shares]
    amounts[2] = budget - sum(amounts, Decimal(0))
    return dict(zip(FUNDING_KEYS, amounts, strict=True))


def indicators(rng: random.Random, code: str, budget: Decimal, specific: list[Ind]) -> list[IndicatorTarget]:
    count = rng.randint(4, 8)
    chosen = list(specific)
    # no second 合格率 or 满意度 next to the project's own
    taken = {c[2] for c in chosen} | {c[1] for c in chosen if c[1] in ("产出质量", "服务对象满意度")}
    pool = [g for g in GENERIC if g[2] not in taken and g[1] not in taken]
    rng.shuffle(pool)
    while len(chosen) < count and pool:
        chosen.append(pool.pop())
    if not any(c[0] == "效果" for c in chosen):
        chosen.append(("效果", "服务对象满意度", "服务对象满意度", "≥90%", None))
    chosen.sort(key=lambda c: (c[0] != "产出", LEVEL_ORDER.index(c[1])))
    out = []
    for level1, level2, level3, target, span in chosen:
        n = nice(rng.randint(*span)) if span else 0
        out.append(IndicatorTarget(code, level1, level2, level3, target.format(n=n, budget=f"{budget:,.2f}")))
    return out


def build(seed: int = SEED) -> Roster:
    rng = random.Random(seed)
    departments, units, projects, targets = [], [], [], []
    for dept_code, dept_name, unit_names, templates in DEPARTMENTS:
        dept_units = [Unit(f"{dept_code}001", f"{dept_name}（本级）", dept_code, person(rng), phone(rng))]
        dept_units += [
            Unit(f"{dept_code}{i:03d}", name, dept_code, person(rng), phone(rng))
            for i, name in enumerate(unit_names, start=2)
        ]
        # the first 所属单位 carries the main key project, 本级 the others; every unit gets 3–4 projects
        key_tpls = [t for t in templates if t[1]]
        other_tpls = [t for t in templates if not t[1]]
        used: set[str] = set()
        dept_total = Decimal(0)
        for index, unit in enumerate(dept_units):
            picks: list[Tpl] = []
            if index == 0:
                picks += key_tpls[1:]
            elif index == 1:
                picks += key_tpls[:1]
            picks += rng.sample(other_tpls, k=min(len(other_tpls), rng.randint(3, 4) - min(len(picks), 2)))
            for n, (tpl_name, is_key, specific) in enumerate(picks, start=1):
                name = (
                    tpl_name
                    if tpl_name not in used
                    else unit.name.removeprefix("区").replace("（本级）", "") + tpl_name
                )
                name = f"{YEAR}年{name}"
                used.add(tpl_name)
                code = f"{unit.code}{n:02d}"
                budget = money(rng, 500, 3000) if is_key else money(rng, 5, 900)
                start = date(YEAR, rng.randint(1, 4), rng.choice((1, 10, 15, 20)))
                end = (
                    date(YEAR, rng.choice((10, 11, 12)), rng.choice((15, 30)))
                    if not is_key or rng.random() < 0.6
                    else date(YEAR + 1, 6, 30)
                )
                if is_key:
                    funding = split_funding(rng, budget)
                    source = SOURCE_OF_KEY[max(funding, key=lambda k: funding[k])]
                else:
                    funding = {}
                    source = rng.choices([s for s, _ in SOURCES], weights=[w for _, w in SOURCES])[0]
                category = CATEGORIES.get(tpl_name, "一般项目")
                projects.append(
                    Project(
                        code, name, unit.code, budget, source, is_key, funding, start, end, None, category
                    )
                )
                targets += indicators(rng, code, budget, specific)
                dept_total += budget
        units += dept_units
        # 部门预算 also covers basic expenditure (人员、公用经费), so it exceeds the project total
        total = (dept_total * Decimal(str(rng.uniform(1.4, 2.2)))).quantize(CENT, ROUND_HALF_UP)
        departments.append(Department(dept_code, dept_name, total, person(rng), phone(rng)))
    return Roster(departments, units, projects, targets)


# 项目类别 (第十五条 分类处置, config [handling]): payments people live on, and spending that cannot stop
CATEGORIES = {
    "义务教育学生营养改善": "民生保障",
    "家庭经济困难学生资助": "民生保障",
    "基本公共卫生服务": "民生保障",
    "免疫规划疫苗接种": "民生保障",
    "耕地地力保护补贴": "民生保障",
    "保障性租赁住房补贴": "民生保障",
    "城乡居民最低生活保障": "民生保障",
    "居家养老服务补贴": "民生保障",
    "特困人员救助供养": "民生保障",
    "困难残疾人生活补贴和重度残疾人护理补贴": "民生保障",
    "市政道路养护": "刚性支出",
    "城市绿化养护": "刚性支出",
    "动物疫病强制免疫": "刚性支出",
    "公共文化服务设施运行维护": "刚性支出",
}


def main() -> int:
    parser = argparse.ArgumentParser(description="生成示例名册 sample_data/roster.xlsx")
    parser.add_argument("--out", type=Path, default=ROOT / "sample_data" / "roster.xlsx")
    parser.add_argument("--seed", type=int, default=SEED)
    args = parser.parse_args()
    roster = build(args.seed)
    write_roster(args.out, roster, force=True)
    check = read_roster(args.out)
    keys = sum(p.is_key for p in check.projects)
    print(
        f"已写入 {args.out}：{len(check.departments)} 个部门、{len(check.units)} 个单位、"
        f"{len(check.projects)} 个项目（其中重点项目 {keys} 个）、{len(check.indicators)} 个绩效指标"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
