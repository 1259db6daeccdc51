"""再评价结果 as the bureau keeps them: a small CSV, 部门,项目,得分,等级,评价结论,整改要求.

Excel on a Chinese Windows saves CSV in GBK (GB18030 is its superset); "CSV UTF-8" adds a BOM; both are read.
"""

from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path

from perfcli.errors import InputDataError
from perfcli.letters.data import ReevaluationLine
from perfcli.model.values import number_value, plain_number

REEVALUATION_COLUMNS = {
    "部门": "department",
    "项目": "project",
    "得分": "score",
    "等级": "grade",
    "评价结论": "conclusion",
    "结论": "conclusion",
    "整改要求": "requirement",
    "结果应用": "requirement",
}
ENCODINGS = ("utf-8-sig", "gb18030")  # UTF-8 with or without BOM; then GBK/GB18030
MAX_SCORE = Decimal(100)


def _text(path: Path) -> str:
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise InputDataError(f"无法读取再评价结果文件 {path}：{exc.strerror or exc}") from exc
    for encoding in ENCODINGS:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise InputDataError(
        f"无法读取再评价结果文件 {path}：既不是 UTF-8 也不是 GBK 编码",
        details=["请在 Excel 中“另存为”CSV UTF-8（逗号分隔）或 CSV（逗号分隔）后重试。"],
    )


def read_reevaluation_csv(path: Path, grades: tuple[str, ...] = ()) -> list[ReevaluationLine]:
    """再评价结果 as a small CSV (UTF-8 with or without BOM, or GBK): 部门,项目,得分,等级,评价结论,整改要求.

    A 得分 must be a number from 0 to 100 and a 等级 one of `grades` (config [vocabulary]
    reevaluation_grades); every wrong cell is named by row and column, and nothing is read."""
    rows = list(csv.reader(_text(path).splitlines()))
    header = [h.strip() for h in rows[0]] if rows else []
    if "部门" not in header:
        raise InputDataError(f"再评价结果文件 {path} 第 1 行应为表头：部门,项目,得分,等级,评价结论,整改要求")
    problems: list[str] = []
    out = []
    for number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue  # Excel leaves empty lines at the end
        values: dict[str, str] = {}
        for column, (name, cell) in enumerate(zip(header, row, strict=False), start=1):
            if name in REEVALUATION_COLUMNS:
                values[REEVALUATION_COLUMNS[name]] = cell.strip()
                where = f"第 {number} 行第 {column} 列（{name}）"
                problems += _cell_problems(name, cell.strip(), where, grades)
        if not values.get("department"):
            problems.append(f"第 {number} 行缺少“部门”")
        # a row with neither a score nor a conclusion (nor a grade) states no result to tell a department
        if values.get("department") and not any(values.get(k) for k in ("score", "conclusion", "grade")):
            problems.append(
                f"第 {number} 行（{values.get('department')} {values.get('project') or '部门整体'}）没有得分和评价结论："
                "请填写再评价结果，或删除该行"
            )
        out.append(ReevaluationLine(**{"project": "部门整体", **values}))
    if problems:
        raise InputDataError(f"再评价结果文件 {path} 有 {len(problems)} 处需要改正：", details=problems)
    return out


def _cell_problems(name: str, value: str, where: str, grades: tuple[str, ...]) -> list[str]:
    if not value:
        return []
    if name == "得分":
        score = number_value(value)
        if score is None or not (0 <= score <= MAX_SCORE):
            shown = value if score is None else plain_number(score)
            return [f"{where}：“{shown}”不是 0 到 100 之间的分数，请填写数字，如 85 或 72.5"]
    if name == "等级" and grades and value not in grades:
        return [f"{where}：“{value}”不是规定的等级，请填写 {'、'.join(grades)} 之一"]
    return []
