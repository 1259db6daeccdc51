"""Rebuilds 黄石市's 项目支出绩效监控表 (申遗, 2019年度, 1-6月), published as a table on a 黄石 site.

湖北's half-year 监控表: 年初预算数 / 1-6月执行数 / 全年预计执行数, "其中:当年一般公共预算拨款", an indicator table
of 一级指标 / 指标名称 / 指标值 / 半年度指标执行情况 / 完成目标可能性(确定能、有可能、不可能) / 备注 (no 二级 or 三级
column: the 二级 names sit in 指标名称), and 偏差或不能完成目标原因分析 / 相关建议或举措 as form-level rows.
"""

from __future__ import annotations

from pathlib import Path

from tests.real._layout import FormSheet

NAME = "hubei_huangshi_jkb_2019"
NOTE = (
    "注: 1.完成目标可能性:对应所设定的实现绩效目标的路径,分确定能、有可能、不可能三级综合判断完成的可能性。 "
    "2.如“完成目标可能性”出现“有可能”、“不可能”选项,请分别在“偏差或不能完成目标原因分析”与“相关建议或举措”栏"
    "填写从相关原因及拟采取的措施 3.偏差或不能完成目标原因分析:针对与预期目标产生偏差的指标值,根据实际情况从"
    "规划和目标设计、投入保障、制度保障、项目管理等方面进行判断和分析,并说明原因。"
)
SOCIAL = (
    "开展黄石矿冶工业遗产突出普遍价值研究、学术交流、对外宣传等工作,先后举办有社会影响力的活动5场;"
    "成立黄石矿冶文化研究中心暨矿冶文学陈列馆,凸显黄石工业遗产文化价值,推动申遗工作。"
)


def build(path: Path) -> None:
    form = FormSheet("Sheet1", {"A": 10, "B": 10, "C": 12, "D": 22, "E": 26, "F": 18, "G": 10})
    put = form.put
    put("A1", "黄石市项目支出绩效监控表 (申遗)", to="G1", bold=True, size=16, border=False)
    put("A2", "(2019年度)", to="G2", border=False)
    put("A3", "项目单位(盖章):", to="D3", border=False, align="left")
    put("E3", "单位:万元", to="G3", border=False, align="right")
    put("A4", "项目名称")
    put("B4", "申遗经费", to="G4")
    put("A5", "主管部门")
    put("B5", "黄石市文化和旅游局", to="C5")
    put("D5", "项目执行单位")
    put("E5", "黄石市文物局(湖北水泥遗址博物馆)", to="G5")
    put("A6", "项目属性")
    put("B6", "1、持续性项目 □ 2、新增性项目 □", to="G6", align="left")
    put("A7", "项目类型", to="A8")
    put("B7", "1、常年性项目 □ √ 2、延续性项目 □ 3、一次性项目 □", to="G7", align="left")
    put("B8", "1、部门预算项目 □ 2、省直专项 □ 3、省对下转移支付项目 □", to="G8", align="left")
    put("A9", "项目资金 (万元)", to="B9")
    form.row(9, {"C": "年初预算数", "D": "1-6月执行数"})
    put("E9", "全年预计执行数", to="G9")
    put("A10", "年度资金总额:", to="B10")
    form.row(10, {"C": 220, "D": 87.57})
    put("E10", None, to="G10")
    put("A11", "其中:当年一般公共预算拨款", to="B11")
    form.row(11, {"C": 220, "D": 87.57})
    put("E11", None, to="G11")
    put("A12", "绩效指标", to="A16")
    form.row(
        12,
        {
            "B": "一级\n指标",
            "C": "指标名称",
            "D": "指标值",
            "E": "半年度\n指标执行情况",
            "F": "完成目标可能性(确定能、有可能、不可能)",
            "G": "备注",
        },
    )
    put("B13", "产\n出\n指\n标", to="B15")
    form.row(13, {"C": "质量", "D": None, "E": None, "F": None, "G": None})
    form.row(14, {"C": "时效", "D": None, "E": None, "F": None, "G": None})
    form.row(
        15, {"C": "成本", "D": "年度预算220万元", "E": "按进度执行,已使用约40%", "F": "确定能", "G": None}
    )
    put("B16", "效\n益\n指\n标")
    put("C16", "社会效益")
    put("D16", SOCIAL, to="E16", align="left")
    form.row(16, {"F": "确定能", "G": None})
    put("A17", "偏差或不能完成目标原因分析", to="B17")
    put("C17", None, to="G17")
    put("A18", "相关建议或举措", to="B18")
    put("C18", None, to="G18")
    put("A19", NOTE, to="G19", border=False, align="left")
    form.save(path)


if __name__ == "__main__":
    build(Path(__file__).resolve().parent / f"{NAME}.xlsx")
