"""Write docs/rules.md (the rule catalogue) from the declared rules; tests/test_rules.py keeps it in sync."""

from __future__ import annotations

import sys
from pathlib import Path

from perfcli.findings.catalogue import all_rules

ROOT = Path(__file__).resolve().parent.parent

SEVERITY = {"error": "错误", "warning": "警告"}


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def render() -> str:
    lines = [
        "# 校验规则目录",
        "",
        "本文件由 `python scripts/gen_rule_docs.py` 根据规则定义（perfcli/returns/rules.py、perfcli/findings/form_rules.py、perfcli/findings/batch_rules.py、perfcli/scoring/rules.py、perfcli/findings/target_rules.py）生成，请勿手工修改。",
        "",
        "- **错误**：数据有误，须修改后重新报送；有错误时 `perfcli validate` 退出码为 1。",
        "- **警告**：提醒核实（如逾期、执行进度滞后），不影响退出码。",
        "- S 开头的规则检查年度绩效自评表（perfcli score / validate），计分口径见配置的 [self_evaluation]。",
        "- T 开头的规则审核项目支出绩效目标申报表（perfcli validate 读到申报表时），“类别”为初审的四个方面："
        "完整性、相关性、适当性、可行性（黑龙江 规程 一、绩效目标申报、审核和批复）；要求和阈值见配置的 [targets]。",
        "- 提示模板中的 `{…}` 在校验时替换为具体的数值、单元格和名称。",
        "",
        "| 代码 | 级别 | 类别 | 名称 | 说明 | 提示模板 |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for rule in all_rules():
        lines.append(
            f"| {rule.code} | {SEVERITY.get(rule.severity, rule.severity)} | {rule.category or ''} | "
            f"{_cell(rule.title)} | "
            f"{_cell(rule.description)} | {_cell(rule.message)} |"
        )
    return "\n".join(lines) + "\n"


def main() -> int:
    target = ROOT / "docs" / "rules.md"
    target.parent.mkdir(exist_ok=True)
    target.write_text(render(), encoding="utf-8")
    print(f"已写入 {target.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
