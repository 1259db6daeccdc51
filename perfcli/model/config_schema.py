"""The schema of perfcli.toml: every section and key, its type, its default and its Chinese comment.

The one home of the defaults (常州新北 口径): `defaults()` is what a command uses when no file sets a key;
perfcli.model.config_file writes the commented perfcli.toml from this table and checks a file against it.
"""

from __future__ import annotations

import json
from typing import Any

from perfcli.model.config_targets import TARGETS
from perfcli.model.config_types import (
    GRADE_LIST,
    HANDLING_TABLE,
    INTEGER,
    INTEGER_LIST,
    MONTH_DAY,
    NUMBER,
    NUMBER_TABLE,
    SERVER_URL,
    TEXT,
    TEXT_LIST,
    TEXT_TABLE,
    Key,
    Section,
)

HEADER: tuple[str, ...] = (
    "perfcli 配置文件（地方设置）。默认值取自《常州国家高新区（新北区）区级部门预算绩效运行监控管理暂行办法》。",
    "修改后无需重启，任何命令都可用 --config 指定本文件。",
)

SCHEMA: tuple[Section, ...] = (
    Section(
        "locality",
        (
            Key("name", TEXT, "常州国家高新区（新北区）", "地区名称"),
            Key("finance_bureau", TEXT, "常州国家高新区（新北区）财政局", "财政部门全称（函件落款）"),
            Key("level", TEXT, "区级", "本级财政：市级 / 区级 / 县级"),
        ),
    ),
    Section(
        "vocabulary",
        (
            Key(
                "fund_sources",
                TEXT_LIST,
                ["中央", "省级", "市级", "区级", "其他"],
                above=(
                    "资金来源、完成目标可能性 的取值（附表注释）。中央系统口径可改为 "
                    '["确定能", "有可能", "完全不可能"]。',
                ),
            ),
            Key("likelihood", TEXT_LIST, ["确定能", "可能性大", "可能性小", "不可能"]),
            Key(
                "likelihood_at_risk",
                TEXT_LIST,
                ["可能性小", "不可能"],
                above=("需要说明偏离原因和改进计划的“可能性”取值（常州新北 第十二条）；汇总时列入预警清单",),
            ),
            Key(
                "reevaluation_grades",
                TEXT_LIST,
                ["优", "良", "中", "差", "优秀", "良好", "中等", "较差", "一般", "合格", "不合格"],
                above=("再评价结果 CSV 中“等级”的取值（财预〔2020〕10号：优、良、中、差，及其常见写法）",),
            ),
        ),
    ),
    Section(
        "periods",
        (
            Key(
                "kind",
                TEXT,
                "quarter",
                "quarter（季度）、half（半年，黑龙江口径）或 month（1 月至截至月份，全国监控表“1-X月”）",
                choices=("quarter", "half", "month"),
            ),
            Key("report_periods", INTEGER_LIST, [2, 3], "需报送的期间：季度、半年或截至月份的序号"),
            Key("unit_due_days", INTEGER, 10, "预算责任单位：期末后 N 日内报送（第十二条）"),
            Key("department_due_days", INTEGER, 20, "预算部门：期末后 N 日内报送（第十三条）"),
            Key(
                "unit_due_date",
                MONTH_DAY,
                "",
                above=('固定报送日（月-日），填写后优先于上面的天数，如黑龙江“7月15日前”："07-15"',),
            ),
            Key("department_due_date", MONTH_DAY, ""),
            Key(
                "timezone",
                TEXT,
                "Asia/Shanghai",
                above=("判断是否逾期时，工作簿内记录的保存时间（UTC）和文件修改时间按此时区换算为报送日期",),
            ),
        ),
    ),
    Section(
        "thresholds",
        (
            Key(
                "execution_lag_margin",
                NUMBER,
                10,
                "预算执行率落后序时进度超过 N 个百分点 ⇒ 执行进度滞后（巴中）",
            ),
            Key(
                "serious_lag_margin", NUMBER, 30, "落后超过 N 个百分点 ⇒ 严重偏离（第十五条第二款的处置建议）"
            ),
        ),
    ),
    Section(
        "protection",
        (Key("password", TEXT, "", "工作表保护密码；留空表示保护但不设密码"),),
    ),
    Section(
        "letters",
        (
            Key("doc_number_prefix", TEXT, "新财绩", "文号：新财绩〔2026〕12号"),
            Key(
                "contact",
                TEXT,
                "",
                above=(
                    '函件附注的联系人、电话：请填写本单位的（如 contact = "绩效管理科 张明"）；未填时函件不印这一行，'
                    "render 会提示",
                ),
            ),
            Key("phone", TEXT, ""),
            Key("signatory", TEXT, "常州国家高新区（新北区）财政局"),
            Key("rectification_working_days", INTEGER, 10, "整改期限：N 个工作日（按法定节假日及调休计算）"),
            Key("reminder_working_days", INTEGER, 3, "催报通知：自发文之日起 N 个工作日内补报"),
            Key(
                "target_return_working_days",
                INTEGER,
                5,
                "绩效目标退回修改通知：自发文之日起 N 个工作日内修改后重新报送",
            ),
            Key(
                "doc_number_start",
                INTEGER,
                1,
                "本批函件的起始文号序号，逐份递增（新财绩〔2026〕1号、2号……）",
            ),
            Key("report_addressee", TEXT, "局党组", "监控总报告的主送机关"),
            Key(
                "report_form",
                TEXT,
                "报告",
                "监控总报告的形式：报告（报局党组的内部报告，不用红头）或 文件（以局名义的红头文件，主送外单位时用）",
                choices=("报告", "文件"),
            ),
            Key("report_signatory", TEXT, "绩效管理科", "“报告”形式的落款（科室）；不填则用 signatory"),
            Key(
                "body_font",
                TEXT,
                "仿宋_GB2312",
                above=(
                    "函件的正式字体（正文、标题）：--pdf 时若本机未安装，会提示一次并说明 PDF 中代替的字体",
                ),
            ),
            Key("title_font", TEXT, "方正小标宋简体"),
        ),
    ),
    Section(
        "handling",
        (
            Key("default_category", TEXT, "一般项目", "“项目类别”未填的项目按此类别处置"),
            Key(
                "categories",
                HANDLING_TABLE,
                {
                    "民生保障": {"一般": ["督促加快执行", "说明原因"], "严重": ["督促加快执行", "说明原因"]},
                    "刚性支出": {"一般": ["督促加快执行", "说明原因"], "严重": ["督促加快执行", "说明原因"]},
                    "一般项目": {"一般": ["调减预算"], "严重": ["暂停拨付"]},
                },
                above=("项目类别 → 一般 / 严重偏离时函件可建议的处置",),
            ),
        ),
        above=(
            "分类处置（常州新北 第十五条）：名册“项目”表的“项目类别”× 偏离程度（一般 / 严重）→ 函件可建议的处置。",
            "处置可选：督促加快执行、说明原因、调减预算（第十五条第一项）、暂停拨付（第十五条第二项：暂停实施、停止拨付）。",
            "单位已填写偏离原因（“无”“正常”等套话不算）的，“暂停拨付”改为“调减预算”，不再要求“说明原因”。",
        ),
    ),
    Section(
        "ledger",
        (
            Key("path", TEXT, "perfcli.db"),
            Key(
                "url",
                SERVER_URL,
                "",
                "服务器台账（两台及以上电脑写同一工作区时用），如 postgresql://jxk@192.168.1.10/perfcli；留空用 path",
            ),
        ),
        above=(
            "工作区台账：记录下发的表、回收的表、发现的问题和函件文号。默认是 SQLite 文件 path（相对本配置文件所在目录）。",
        ),
    ),
    Section(
        "mail",
        (
            Key(
                "returns_folder",
                TEXT,
                "回收",
                "receive 把邮件附件存入此文件夹下的期间子文件夹（如 回收/2026Q3），相对本配置文件所在目录",
            ),
            Key(
                "smtp_host",
                TEXT,
                "",
                "发信服务器，如 smtp.xb.gov.cn",
                above=(
                    "以下用于 perfcli send --smtp（政务邮箱一般为 SSL 465 端口）；密码取环境变量 PERFCLI_MAIL_PASSWORD，"
                    "没有时询问",
                ),
            ),
            Key(
                "smtp_port", INTEGER, 0, "端口；0 表示按 security 取默认值（ssl 465、starttls 587、none 25）"
            ),
            Key("smtp_user", TEXT, "", "登录用户名，通常即邮箱地址"),
            Key(
                "security",
                TEXT,
                "ssl",
                "ssl / starttls / none（none 不加密，只用于本机或内网中继，发送时会警告）",
                choices=("ssl", "starttls", "none"),
            ),
            Key("from_address", TEXT, "", '发件人，如 "绩效管理科 <jxk@xb.gov.cn>"'),
            Key("rate", INTEGER, 30, "每分钟最多发送的邮件数（避免被服务器判为群发垃圾邮件）；0 表示不限"),
        ),
        above=(
            "邮件收发（perfcli receive / perfcli send）。默认 send 只写 .eml 草稿，不连接任何服务器。",
            '邮件正文模板：在 [templates] 中写 mail_forms、mail_letters、mail_receipts = "文件.txt" 即可替换内置模板',
            "（jinja2；第一行“主题：……”为邮件主题）。报送日期按 [periods] timezone 换算为当地日期。",
        ),
    ),
    Section(
        "templates",
        (),
        above=(
            "自定义模板：填写文件路径即可替换内置模板（相对本配置文件所在目录）",
            'reminder = "templates/催报通知.docx"',
            "函件模板的键：reminder（催报通知）、rectification（问题整改通知）、feedback（绩效监控结果反馈）、",
            "report（监控总报告）、reevaluation（绩效再评价结果反馈告知书）。改完可用 perfcli render --check 检查。",
        ),
        any_key=TEXT,
    ),
    Section(
        "reading",
        (
            Key("max_file_mb", NUMBER, 100, "单个文件大小上限（MB）"),
            Key("max_part_mb", NUMBER, 50, "工作簿内单个部件（如某张工作表）解压后的大小上限（MB）"),
            Key("max_total_mb", NUMBER, 200, "工作簿解压后的总大小上限（MB）"),
            Key("max_ratio", NUMBER, 200, "压缩比上限（仅检查解压后超过 1 MB 的部件）"),
            Key("max_rows", INTEGER, 100000, "单张工作表的行数上限"),
            Key("max_cells", INTEGER, 5000000, "单张工作表使用区域（行数 × 列数）上限"),
        ),
        above=("读取回收工作簿的安全上限：超过即拒绝读取该文件并说明原因（防止压缩炸弹、超大表格拖垮程序）",),
    ),
    Section(
        "pack",
        (Key("name", TEXT, "changzhou-xinbei"), Key("path", TEXT, "")),
        above=(
            "表样包：内置 changzhou-xinbei（常州新北 附表1–3）和 national（财预〔2019〕136号 项目支出绩效目标执行监控表）；",
            "也可用 path 指向自备的表样包文件夹（相对本配置文件所在目录），见 docs/packs.md。perfcli packs 列出内置的表样包。",
        ),
    ),
    Section(
        "self_evaluation",
        (
            Key(
                "budget_weight",
                NUMBER,
                10,
                "预算执行率的分值：得分 = 分值 × min(全年执行数 ÷ 全年预算数, 1)",
            ),
            Key("indicator_total", NUMBER, 90, "各指标分值之和"),
            Key(
                "group_weights",
                NUMBER_TABLE,
                {"产出指标": 50, "效益指标": 30, "满意度指标": 10},
                above=("一级指标的分值；名册中的一级指标名称按 group_aliases 归入这里的一级指标",),
            ),
            Key(
                "group_aliases",
                TEXT_TABLE,
                {
                    "产出": "产出指标",
                    "效益": "效益指标",
                    "效果": "效益指标",
                    "效果指标": "效益指标",
                    "满意度": "满意度指标",
                    "服务对象满意度": "满意度指标",
                    "服务对象满意度指标": "满意度指标",
                },
                above=("（二级指标“服务对象满意度”在监控表中属于“效果”，自评时归入满意度指标）",),
            ),
            Key(
                "missing_group_split",
                TEXT,
                "proportional",
                choices=("proportional", "open_row"),
                above=(
                    "名册中某项目没有某一类一级指标（如没有效益指标）时，生成自评表怎样分配 group_weights 的合计（90 分）：",
                    "proportional：按其余各类的 group_weights 比例分配，每类四舍五入到 0.01 分，按上面的次序最后一类取余数，",
                    "合计恰为 90（没有效益指标：产出 75、满意度 15；没有满意度指标：产出 56.25、效益 33.75）；",
                    "open_row：缺少的一类仍留一行空白指标承接其全部分值（分值锁定），由单位填写指标名称，不填则 S004。",
                    "每类之内仍平均分给其下各指标；一个指标也没有的项目各类都留一行空白指标。generate 对每个这样的项目提示一次。",
                    "依据：一级指标分值原则上统一（产出 50%、效益 30%、满意度 10%、预算执行率 10%），特殊情况可适当调整",
                    "（财预〔2020〕10号《项目支出绩效评价管理办法》）；自评“依据批复的绩效目标”开展（黑龙江 规程 三、",
                    "绩效自评价），单位不能自设批复中没有的指标；审核看“绩效指标及相应权重设置的科学合理性”（茌平 办法",
                    "第十六条（三））。",
                ),
            ),
            Key(
                "grades",
                GRADE_LIST,
                [["优", 90], ["良", 80], ["中", 60], ["差", 0]],
                above=(
                    "等级：总分 ≥ 90 优，80 至 90 良，60 至 80 中，60 以下 差（自上而下取第一个达到的等级）",
                ),
            ),
            Key("self_score_tolerance", NUMBER, 0.5, "定量指标的自评得分与计算得分相差超过 N 分 ⇒ 提示核对"),
            Key("deviation_below", NUMBER, 80, "指标得分低于分值的 N% ⇒ 须填写偏差原因分析及改进措施"),
            Key("spot_check_gap", NUMBER, 5, "自评总分与计算总分相差 N 分及以上 ⇒ 列入抽查"),
        ),
        above=(
            "年度绩效自评（项目支出绩效自评表）的计分口径：预算执行率 10 分，产出 50、效益 30、满意度 10",
        ),
    ),
    TARGETS,
)

SECTIONS = {section.name: section for section in SCHEMA}


def defaults() -> dict[str, Any]:
    """Every key's default, by section (a fresh copy: callers may change it)."""
    return {s.name: {k.name: json.loads(json.dumps(k.default)) for k in s.keys} for s in SCHEMA}
