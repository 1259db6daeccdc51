"""Rebuilds the layout of the central 项目库 export of the 财预〔2019〕136号 监控表 (17 columns, 1-7月).

No workbook of the export could be found (see SOURCES.md). The layout follows the national 监控表 as the
136号 attachment prints it, with what issue 20 and the 预算绩效 system's own source (the `pmkpi` application:
its money columns 年初预算数 / 调整后预算数 / 1-X月执行数 / 1-X月执行率% / 全年预计执行数) say the export
changes: the indicator columns headed "1-7月执行数" and "全年预计执行数" (not 执行情况 / 预计完成情况), and a
"原因说明" text column as the sixth sub-column under 偏差原因分析, which makes 17 columns (A–Q). The values are
the builder's own stand-ins: every one of the 14 indicator rows has both of its 1-7月 / 全年预计 cells filled,
as the export issue 20 describes did.
"""

from __future__ import annotations

from pathlib import Path

from tests.real._layout import MONEY_2, FormSheet

NAME = "central_xmk_jkb_2021"
GOAL = (
    "完成全县120处农村供水工程维修养护，更换老旧管网35公里，水质检测不少于600份，"
    "保障8.5万农村人口安全饮水，农村自来水普及率达到92%以上。"
)
PROGRESS = (
    "截至7月底完成76处工程维修养护，更换管网14.2公里，水质检测352份；管材招标延后，管网更换进度滞后，"
    "预计9月底前完成30公里。"
)
NOTE = "注：偏差原因可多选，完成目标可能性单选；选择“其他”或“有可能”“完全不可能”的须在备注中说明。"
# 一级, 二级, 三级, 年度指标值, 1-7月执行数, 全年预计执行数, 偏差原因 ticks, 原因说明, 可能性, 备注
INDICATORS = [
    ("产出指标", "数量指标", "维修养护供水工程处数", "≥120处", "76处", "120处", (), None, "确定能", None),
    ("产出指标", "数量指标", "水质检测样本数", "≥600份", "352份", "600份", (), None, "确定能", None),
    (
        "产出指标",
        "数量指标",
        "更换老旧管网长度",
        "≥35公里",
        "14.2公里",
        "30公里",
        ("经费保障",),
        "管材招标延后至6月完成，部分标段7月底才进场",
        "有可能",
        "预计9月底前完成30公里，剩余5公里列入下年",
    ),
    ("产出指标", "质量指标", "工程维修合格率", "≥95%", "97%", "96%", (), None, "确定能", None),
    ("产出指标", "质量指标", "水质检测达标率", "≥90%", "92.6%", "92%", (), None, "确定能", None),
    ("产出指标", "时效指标", "故障报修响应时间", "≤24小时", "18小时", "20小时", (), None, "确定能", None),
    ("产出指标", "时效指标", "维修任务按期完成率", "≥90%", "63%", "90%", (), None, "确定能", None),
    (
        "产出指标",
        "成本指标",
        "单处维修养护平均成本",
        "≤3.5万元",
        "3.1万元",
        "3.4万元",
        (),
        None,
        "确定能",
        None,
    ),
    (
        "效益指标",
        "经济效益指标",
        "减少管网漏损水量",
        "≥20万立方米",
        "9.8万立方米",
        "18万立方米",
        ("其他",),
        "上半年降雨偏多，漏损测算样本不足",
        "有可能",
        "汛期后补测",
    ),
    ("效益指标", "社会效益指标", "受益农村人口", "≥8.5万人", "5.2万人", "8.5万人", (), None, "确定能", None),
    ("效益指标", "社会效益指标", "农村自来水普及率", "≥92%", "91.3%", "92%", (), None, "确定能", None),
    ("效益指标", "生态效益指标", "水源地保护区巡查覆盖率", "100%", "100%", "100%", (), None, "确定能", None),
    (
        "效益指标",
        "可持续影响指标",
        "工程长效管护机制",
        "建立",
        "已制定管护办法",
        "建立",
        (),
        None,
        "确定能",
        None,
    ),
    ("满意度指标", "服务对象满意度指标", "受益群众满意度", "≥90%", "91%", "90%", (), None, "确定能", None),
]
REASONS = ["经费保障", "制度保障", "人员保障", "硬件条件保障", "其他"]
LIKELIHOOD = ["确定能", "有可能", "完全不可能"]
FUNDS = [  # 年初预算数, 调整后预算数, 1-7月执行数, 1-7月执行率%, 全年预计执行数
    ("年度资金总额", 500, 480, 312.6, 65.13, 480),
    ("其中：财政拨款", 480, 460, 300.6, 65.35, 460),
    ("其他资金", 20, 20, 12, 60, 20),
]


def build(path: Path) -> None:
    widths = {"A": 5, "B": 10, "C": 11, "D": 18, "E": 12, "F": 12, "G": 12, "M": 22, "Q": 20}
    form = FormSheet("项目支出绩效目标执行监控表", widths)
    put = form.put
    put("A1", "项目支出绩效目标执行监控表", to="Q1", bold=True, size=16, border=False)
    put("A2", "（2021年度）", to="Q2", border=False)
    put("A3", "项目名称", to="B3")
    put("C3", "农村饮水安全工程维修养护", to="Q3")
    put("A4", "主管部门及代码", to="B4")
    put("C4", "水利局（121001）", to="I4")
    put("J4", "实施单位", to="K4")
    put("L4", "县农村供水管理站", to="Q4")
    put("A5", "项目资金（万元）", to="B8")
    put("C5", None, to="E5")
    put("F5", "年初预算数", to="G5")
    put("H5", "调整后预算数", to="I5")
    put("J5", "1-7月执行数", to="K5")
    put("L5", "1-7月执行率%", to="M5")
    put("N5", "全年预计执行数", to="Q5")
    for offset, (label, initial, adjusted, executed, rate, forecast) in enumerate(FUNDS):
        r = 6 + offset
        put(f"C{r}", label, to=f"E{r}")
        put(f"F{r}", initial, to=f"G{r}", number_format=MONEY_2)
        put(f"H{r}", adjusted, to=f"I{r}", number_format=MONEY_2)
        put(f"J{r}", executed, to=f"K{r}", number_format=MONEY_2)
        put(f"L{r}", rate, to=f"M{r}", number_format=MONEY_2)
        put(f"N{r}", forecast, to=f"Q{r}", number_format=MONEY_2)
    put("A9", "年度总体目标", to="B9")
    put("C9", GOAL, to="Q9", align="left")
    put("A10", "1-7月总体目标完成情况", to="B10")
    put("C10", PROGRESS, to="Q10", align="left")
    last = 12 + len(INDICATORS)
    put("A11", "绩效指标", to=f"A{last}")
    heads = ["一级指标", "二级指标", "三级指标", "年度指标值", "1-7月执行数", "全年预计执行数"]
    for column, label in zip("BCDEFG", heads, strict=True):
        put(f"{column}11", label, to=f"{column}12")
    put("H11", "偏差原因分析", to="M11")
    put("N11", "完成目标可能性", to="P11")
    put("Q11", "备注", to="Q12")
    form.row(12, dict(zip("HIJKLMNOP", [*REASONS, "原因说明", *LIKELIHOOD], strict=True)))
    for offset, row in enumerate(INDICATORS):
        r = 13 + offset
        level1, level2, level3, target, to_date, forecast, reasons, why, likelihood, remark = row
        form.row(r, {"B": level1, "C": level2, "D": level3, "E": target, "F": to_date, "G": forecast})
        ticks = {c: ("√" if name in reasons else None) for c, name in zip("HIJKL", REASONS, strict=True)}
        ticks.update(
            {c: ("√" if name == likelihood else None) for c, name in zip("NOP", LIKELIHOOD, strict=True)}
        )
        form.row(r, {**ticks, "M": why, "Q": remark})
    put(f"A{last + 1}", NOTE, to=f"Q{last + 1}", border=False, align="left")
    form.save(path)


if __name__ == "__main__":
    build(Path(__file__).resolve().parent / f"{NAME}.xlsx")
