"""The reader's finding types (R…): unreadable values, conversions, near-miss enumerations, rejected files.

Declared as records so the rule catalogue (docs/rules.md) lists them with the validator's rules.
"""

from __future__ import annotations

from perfcli.model.findings import Rule

MONEY_UNREADABLE = Rule(
    "R001",
    "error",
    "金额无法识别",
    "金额栏应填写数字（单位：万元），可带千分位、全角数字或“万元”；其他文字无法读取为金额，原文保留在记录中。",
    "“{label}”填写为“{raw}”，无法识别为金额：请填写数字（单位：万元），如 1250.50。",
)
YUAN_CONVERTED = Rule(
    "R002",
    "warning",
    "元已换算为万元",
    "表中金额单位为万元；填写带“元”的金额时按 ÷10000 换算为万元读取，并提示核对。",
    "“{label}”填写为“{raw}”（以元为单位），已按 {value} 万元读取：本表金额单位为万元，请核对后改为万元数。",
)
ENUM_NEAR_MISS = Rule(
    "R003",
    "warning",
    "近似的规定取值",
    "完成目标可能性、资金来源等栏只能填写规定取值；与规定取值相近的写法（如“可能性较大”）不会自动改写，"
    "原文保留并提示最接近的规定取值。",
    "{where}填写为“{raw}”，不是规定的取值，最接近的是“{proposal}”：请改为规定的取值。",
)
PERIOD_UNREADABLE = Rule(
    "R004",
    "warning",
    "期间无法识别",
    "表头的监控期间应写成如（2026年度 三季度）、2026年第三季度；无法识别时记录中的期间为空。",
    "表头“{raw}”无法识别为监控期间：请写成如“（2026年度 三季度）”。",
)
DATE_UNREADABLE = Rule(
    "R005",
    "warning",
    "日期无法识别",
    "日期栏应填写日期（如 2026-03-01、2026年3月1日）；无法识别时原文保留在记录中。",
    "“{label}”填写为“{raw}”，无法识别为日期：请写成如 2026-03-01。",
)
TABLE_NOT_FOUND = Rule(
    "R006",
    "error",
    "未找到指标表",
    "按表头文字（一级指标、二级指标……或监控内容、监控指标……）查找指标表；找不到表头时指标未能读取，"
    "该表不计分、不评等级。",
    "未找到指标表的表头（{labels}）：指标未能读取，请使用下发的表格，不要改动表头。",
)
LABEL_NOT_FOUND = Rule(
    "R007",
    "warning",
    "未找到栏目",
    "按标签文字查找各栏（忽略空格、换行、冒号和“（万元）”）；找不到的栏目在记录中为空。",
    "表中找不到“{label}”一栏：请使用下发的表格，不要改动栏目名称。",
)
FILE_UNREADABLE = Rule(
    "R010",
    "error",
    "文件无法读取",
    "文件为空、被截断、不是工作簿、设置了打开密码，或超出安全限制（压缩炸弹、XML 实体声明、行数过多）时拒绝读取。",
    "无法读取该文件：{reason}。",
)
IDENTITY_UNREADABLE = Rule(
    "R011",
    "warning",
    "表格身份信息无法识别",
    "perfcli 生成的工作簿带有隐藏的身份信息（工作表 _perfcli）；它被改动或损坏时按普通表格读取。",
    "表格内隐藏的身份信息已损坏，已按普通表格读取（无法核对预填内容）：请使用下发的原表格填报。",
)
SHEET_UNREADABLE = Rule(
    "R012",
    "error",
    "工作表读取出错",
    "某个工作表的内容无法按监控表读取（内容结构异常）；其余工作表照常读取。",
    "工作表“{sheet_name}”无法读取（{reason}）：请检查该表的格式后重新报送。",
)

FORMULA_IN_CELL = Rule(
    "R013",
    "warning",
    "单元格含公式",
    "监控表各栏应直接填写数值或文字。单元格中的公式不会被计算或执行：有计算结果（缓存值）时按计算结果读取，"
    "没有时按公式文本读取（如名册中写成“=12个”的年度目标）。",
    "单元格含公式：{where} 为“={formula}”（已按{how}处理），请直接填写数值或文字，不要使用公式。",
)
CONTROL_CHARACTERS = Rule(
    "R014",
    "warning",
    "单元格含控制字符",
    "单元格文字中不可见的控制字符（0x01–0x1F，制表符和换行除外；含 _x0001_ 形式的转义）在读取时删除，"
    "读出的记录和问题说明中不再含有它们。",
    "单元格 {where} 含不可见的控制字符，读取时已删除：请检查该单元格内容（常见于从其他系统复制粘贴）。",
)

ERROR_IN_FIELD = Rule(
    "R015",
    "error",
    "栏目为错误值",
    "单元格显示错误值（#REF!、#DIV/0!、#N/A、#VALUE!、#NAME?、#NUM!、#NULL!）时没有可读取的内容；"
    "它是表中要读取的栏目（字段、指标表的一格、得分）时按错误处理，不当作未填写。",
    "“{label}”（{where}）为错误值 {error}，无法读取：请改为实际数值或文字（公式引用失效时请直接填写结果）。",
)
ERROR_VALUE = Rule(
    "R016",
    "warning",
    "单元格为错误值",
    "表格范围内不属于任何栏目的单元格显示错误值时提示核对；它不影响读取的内容。",
    "单元格 {where} 为错误值 {error}：请核对该单元格（常见于公式引用的行列被删除）。",
)
UNREAD_CELLS = Rule(
    "R017",
    "warning",
    "未识别的栏目",
    "表格范围内有内容、但不属于任何已识别栏目的单元格不会读入记录；按栏目（指标表的一列，或表头部分的一行）"
    "列出其范围和有内容的格数，不逐格提示。单独一格的文字（标题、说明、“单位：万元”）不在此列。",
    "未识别的栏目「{label}」（{where}，{count} 格有内容），未读取：请把内容填入下发表格的相应栏目，"
    "或确认这些内容无需报送。",
)

NEAR_MISS = Rule(
    "R018",
    "warning",
    "像某种表格但未能识别",
    "工作簿中没有识别出任何表格时，说明它最像哪一种已知表格（按标题、栏目和表头文字比较），"
    "列出找到和缺少的栏目，便于改用下发的表格或补充该表格的识别。",
    "看起来像「{title}」（工作表“{sheet_name}”），找到 {found}，缺少 {missing}：未能按该表读取，"
    "请使用下发的表格填报。",
)

GUIDE_TEXT = Rule(
    "R019",
    "warning",
    "栏目仍是表样的填写说明",
    "表样在待填的栏目里印有填写说明（如“对照年度目标，说明……（100字以内）”）；读到的内容仍是这段说明时，"
    "该栏实际上未填写，原文保留在记录中并提示。说明的写法见表样定义的 guide_text。",
    "“{label}”（{where}）仍是表样的填写说明“{text}”：请按说明填写实际内容。",
)

READ_RULES: tuple[Rule, ...] = (
    MONEY_UNREADABLE,
    YUAN_CONVERTED,
    ENUM_NEAR_MISS,
    PERIOD_UNREADABLE,
    DATE_UNREADABLE,
    TABLE_NOT_FOUND,
    LABEL_NOT_FOUND,
    FILE_UNREADABLE,
    IDENTITY_UNREADABLE,
    SHEET_UNREADABLE,
    FORMULA_IN_CELL,
    CONTROL_CHARACTERS,
    ERROR_IN_FIELD,
    ERROR_VALUE,
    UNREAD_CELLS,
    NEAR_MISS,
    GUIDE_TEXT,
)
