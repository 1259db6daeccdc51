"""Read and check the bureau's roster workbook (sheets 部门, 单位, 项目, 绩效指标) into a Roster.

read_roster checks the whole workbook and reports every problem at once, naming sheet, row and column,
so a clerk can fix them in one pass; nothing downstream runs on a roster with errors.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from perfcli.errors import InputDataError
from perfcli.model.addresses import split_addresses
from perfcli.model.config import Config, load_config
from perfcli.model.roster import FUNDING_KEYS, Department, IndicatorTarget, Project, Roster, Unit
from perfcli.model.values import (
    as_text,
    header_key,
    normalize_label,
    parse_date,
    parse_money,
    plain_number,
)
from perfcli.roster.schema import (
    DEPARTMENTS,
    INDICATORS,
    KEY_FUNDING_HINT,
    NO,
    PROJECTS,
    ROSTER_SHEETS,
    UNITS,
    YES,
    RosterSheet,
    level1_values,
)

MAX_LISTED_PROBLEMS = 200  # beyond this the message says how many more there are


class _Problems:
    """Collects every problem of the roster; each line names 工作表, 行 and 列 and says what to fix."""

    def __init__(self) -> None:
        self.lines: list[str] = []

    def add(self, sheet: str, row: int | None, column: str | None, message: str) -> None:
        where = f"工作表“{sheet}”"
        if row is not None:
            where += f" 第{row}行"
        if column is not None:
            where += f" “{column}”列"
        self.lines.append(f"{where}：{message}")

    def raise_if_any(self, path: Path) -> None:
        if not self.lines:
            return
        details = self.lines[:MAX_LISTED_PROBLEMS]
        if len(self.lines) > MAX_LISTED_PROBLEMS:
            details.append(f"……另有 {len(self.lines) - MAX_LISTED_PROBLEMS} 处错误未列出")
        raise InputDataError(f"名册有 {len(self.lines)} 处错误，未生成任何文件（{path}）", details=details)


class _SheetReader:
    """Finds the header row of one sheet and yields its data rows as {key: raw value} with the row number."""

    def __init__(
        self, spec: RosterSheet, rows: list[tuple[int, tuple[Any, ...]]], problems: _Problems
    ) -> None:
        self.spec = spec
        self.problems = problems
        self.positions: dict[str, int] = {}
        self.data: list[tuple[int, tuple[Any, ...]]] = []
        wanted = {header_key(c.header): c for c in spec.columns}
        best: tuple[int, int, dict[str, int]] | None = None  # (matches, index, positions)
        for index, (_number, values) in enumerate(rows[:10]):
            positions = {}
            for col, value in enumerate(values):
                column = wanted.get(header_key(value)) if value is not None else None
                if column and column.key not in positions:
                    positions[column.key] = col
            if positions and (best is None or len(positions) > best[0]):
                best = (len(positions), index, positions)
        if best is None:
            problems.add(
                spec.name,
                None,
                None,
                "找不到表头行，请在第2行写上表头：" + "、".join(c.header for c in spec.columns),
            )
            return
        _count, header_index, self.positions = best
        header_row = rows[header_index][0]
        for column in spec.columns:
            if column.key not in self.positions and not column.may_be_absent:
                hint = "（必填列）" if column.required else ""
                problems.add(
                    spec.name,
                    header_row,
                    column.header,
                    f"缺少“{column.header}”列{hint}，请在第{header_row}行表头中补上该列",
                )
        self.data = rows[header_index + 1 :]

    @property
    def usable(self) -> bool:
        return all(c.key in self.positions for c in self.spec.columns if c.required)

    def records(self) -> Iterator[tuple[int, dict[str, Any]]]:
        for number, values in self.data:
            raw = {key: (values[col] if col < len(values) else None) for key, col in self.positions.items()}
            if all(as_text(v) == "" for v in raw.values()):
                continue
            yield number, raw


@dataclass
class _Row:
    """One data row being checked; parsing helpers record problems against the row's cells."""

    sheet: RosterSheet
    number: int
    raw: dict[str, Any]
    problems: _Problems

    def report(self, key: str, message: str) -> None:
        self.problems.add(self.sheet.name, self.number, self.sheet.column(key).header, message)

    def text(self, key: str) -> str:
        value = as_text(self.raw.get(key))
        column = self.sheet.column(key)
        if not value and column.required and key in self.raw:
            self.report(key, f"“{column.header}”不能为空，请填写")
        return value

    def money(self, key: str, *, required: bool | None = None, empty_hint: str = "") -> Decimal | None:
        column = self.sheet.column(key)
        raw = self.raw.get(key)
        parsed = parse_money(raw)
        if parsed.value is None and parsed.problem is None:  # blank, or a "nothing here" mark such as —
            if column.required if required is None else required:
                self.report(key, empty_hint or f"“{column.header}”不能为空，请填写金额（万元）")
            return None
        if parsed.problem == "R002":  # returns convert 元; a roster is the bureau's own and must be exact
            self.report(
                key,
                f"“{as_text(raw)}”以元为单位，名册金额的单位是万元，请改为 {plain_number(parsed.value)}",
            )
            return None
        if parsed.problem is not None:
            self.report(key, f"“{as_text(raw)}”不是有效的金额，请填写数字（万元），如 1250.50")
            return None
        amount: Decimal = parsed.value
        if amount < 0:
            self.report(key, f"金额不能为负数（{as_text(raw)}），请改正")
            return None
        if isinstance(raw, float) and amount == amount.to_integral_value():
            amount = amount.quantize(Decimal(1))  # 12.0 from an .xls or .ods roster is the 12 that was typed
        return amount

    def emails(self) -> tuple[str, ...]:
        """邮箱: one or more addresses; anything that is not one is reported and left out."""
        if "emails" not in self.raw:
            return ()
        addresses, bad = split_addresses(as_text(self.raw.get("emails")))
        for part in bad:
            self.report(
                "emails",
                f"“{part}”不是有效的邮箱地址，请改正（多个邮箱用分号隔开，如 a@x.gov.cn；b@x.gov.cn）",
            )
        return addresses

    def day(self, key: str) -> date | None:
        raw = self.raw.get(key)
        parsed = parse_date(raw)
        if parsed.value is None and parsed.problem is None:
            return None
        if parsed.problem is not None or not isinstance(parsed.value, date):
            self.report(key, f"“{as_text(raw)}”不是有效的日期，请写成 2026-03-01")
            return None
        return parsed.value


def _check_duplicates(
    sheet: RosterSheet, key: str, seen: dict[str, int], code: str, number: int, problems: _Problems
) -> bool:
    if not code:
        return False
    if code in seen:
        header = sheet.column(key).header
        problems.add(
            sheet.name, number, header, f"{header}“{code}”与第{seen[code]}行重复，编码不得重复，请改正"
        )
        return False
    seen[code] = number
    return True


def read_roster(path: Path | str, config: Config | None = None) -> Roster:
    """The roster in `path`, fully checked. Raises InputDataError listing every problem found."""
    path = Path(path)
    config = config or load_config()
    from perfcli.io.xlsx.roster import read_sheets

    marks: dict[str, list[tuple[int, int, str, str | None]]] = {}
    raw_sheets = read_sheets(path, marks)
    by_name = {normalize_label(name): rows for name, rows in raw_sheets.items()}
    problems = _Problems()
    readers: dict[str, _SheetReader] = {}
    for spec in ROSTER_SHEETS:
        rows = by_name.get(normalize_label(spec.name))
        if rows is None:
            problems.add(
                spec.name,
                None,
                None,
                f"缺少工作表“{spec.name}”，请按 perfcli init 生成的空白名册补上该工作表",
            )
            continue
        readers[spec.name] = _SheetReader(spec, rows, problems)

    # references are checked against every code a sheet lists, valid row or not, so one mistake is
    # reported once and not again by every row that refers to it
    departments, department_codes = _read_departments(readers.get(DEPARTMENTS.name), problems)
    units, unit_codes = _read_units(readers.get(UNITS.name), department_codes, problems)
    projects, project_codes = _read_projects(readers.get(PROJECTS.name), unit_codes, config, problems)
    indicators = _read_indicators(readers.get(INDICATORS.name), project_codes, config, problems)
    problems.raise_if_any(path)
    roster = Roster(departments, units, projects, indicators, source=str(path))
    roster.warnings = _cell_warnings(marks, raw_sheets)
    return roster


def _cell_warnings(
    marks: dict[str, list[tuple[int, int, str, str | None]]],
    sheets: dict[str, list[tuple[int, tuple[Any, ...]]]],
) -> list[str]:
    """What the reader did with formulas and control characters, one line per cell, naming sheet and cell."""
    out = []
    for sheet, cells in marks.items():
        values = dict(sheets.get(sheet, ()))
        for number, col, cell, formula in cells:
            if formula is None:
                out.append(f"工作表“{sheet}” {cell}：含不可见的控制字符，读取时已删除，请检查该单元格内容")
                continue
            row = values.get(number, ())
            value = row[col] if col < len(row) else None
            how = "文本" if value is None or value == "=" + formula else f"计算结果“{as_text(value)}”"
            out.append(
                f"工作表“{sheet}” {cell}：单元格含公式“={formula}”（已按{how}处理），请直接填写数值或文字"
                "（年度目标写成 12个、≥12个、≤250万元）"
            )
    return out


def _read_departments(
    reader: _SheetReader | None, problems: _Problems
) -> tuple[list[Department], set[str] | None]:
    if reader is None or not reader.usable:
        return [], None
    out: list[Department] = []
    seen: dict[str, int] = {}
    for number, raw in reader.records():
        row = _Row(DEPARTMENTS, number, raw, problems)
        code, name = row.text("code"), row.text("name")
        budget = row.money("budget_total") if "budget_total" in raw else None
        if _check_duplicates(DEPARTMENTS, "code", seen, code, number, problems) and name:
            out.append(
                Department(
                    code,
                    name,
                    budget,
                    row.text("contact") if "contact" in raw else "",
                    row.text("phone") if "phone" in raw else "",
                    row.text("national_code") if "national_code" in raw else "",
                    row.emails(),
                )
            )
    return out, set(seen)


def _read_units(
    reader: _SheetReader | None, department_codes: set[str] | None, problems: _Problems
) -> tuple[list[Unit], set[str] | None]:
    if reader is None or not reader.usable:
        return [], None
    out: list[Unit] = []
    seen: dict[str, int] = {}
    for number, raw in reader.records():
        row = _Row(UNITS, number, raw, problems)
        code, name, department = row.text("code"), row.text("name"), row.text("department_code")
        if department and department_codes is not None and department not in department_codes:
            row.report(
                "department_code",
                f"所属部门编码“{department}”在“部门”表中不存在，请先在“部门”表登记该部门或改正编码",
            )
        if _check_duplicates(UNITS, "code", seen, code, number, problems) and name and department:
            out.append(
                Unit(
                    code,
                    name,
                    department,
                    row.text("contact") if "contact" in raw else "",
                    row.text("phone") if "phone" in raw else "",
                    row.emails(),
                )
            )
    return out, set(seen)


def _read_projects(
    reader: _SheetReader | None, unit_codes: set[str] | None, config: Config, problems: _Problems
) -> tuple[list[Project], set[str] | None]:
    if reader is None or not reader.usable:
        return [], None
    sources = config.fund_sources
    out: list[Project] = []
    seen: dict[str, int] = {}
    for number, raw in reader.records():
        row = _Row(PROJECTS, number, raw, problems)
        code, name, unit = row.text("code"), row.text("name"), row.text("unit_code")
        budget = row.money("budget_total")
        source = row.text("fund_source")
        if unit and unit_codes is not None and unit not in unit_codes:
            row.report("unit_code", f"单位编码“{unit}”在“单位”表中不存在，请先在“单位”表登记该单位或改正编码")
        if source and source not in sources:
            row.report(
                "fund_source", f"资金来源“{source}”不在规定范围内，请填写其中之一：{'、'.join(sources)}"
            )
        flag = as_text(raw.get("is_key"))
        if flag not in ("", YES, NO):
            row.report("is_key", f"“{flag}”无法识别，请填写“是”或“否”")
        is_key = flag == YES
        funding: dict[str, Decimal] = {}
        for key in FUNDING_KEYS:
            if key in raw or is_key:
                amount = row.money(key, required=is_key, empty_hint=KEY_FUNDING_HINT) if key in raw else None
                if amount is not None:
                    funding[key] = amount
        if is_key and budget is not None and len(funding) == len(FUNDING_KEYS):
            total = sum(funding.values(), Decimal(0))
            if total != budget:
                parts = "+".join(plain_number(funding[k]) for k in FUNDING_KEYS)
                row.report(
                    "budget_total",
                    f"重点项目四类资金合计 {parts}={plain_number(total)} 万元，与预算总额 {plain_number(budget)} 万元不一致，请核对",
                )
        category = row.text("category") if "category" in raw else ""
        if category and category not in config.project_categories:
            row.report(
                "category",
                f"项目类别“{category}”不在配置的类别中，请填写其中之一或留空（按一般项目）："
                + "、".join(config.project_categories),
            )
        start, end = row.day("planned_start"), row.day("planned_end")
        if start and end and end < start:
            row.report(
                "planned_end", f"计划结束时间 {end.isoformat()} 早于计划开始时间 {start.isoformat()}，请核对"
            )
        if (
            _check_duplicates(PROJECTS, "code", seen, code, number, problems)
            and name
            and unit
            and budget is not None
        ):
            forecast = row.money("forecast") if "forecast" in raw else None
            out.append(
                Project(code, name, unit, budget, source, is_key, funding, start, end, forecast, category)
            )
    return out, set(seen)


def _read_indicators(
    reader: _SheetReader | None, project_codes: set[str] | None, config: Config, problems: _Problems
) -> list[IndicatorTarget]:
    if reader is None or not reader.usable:
        return []
    out, level1 = [], level1_values(config)
    for number, raw in reader.records():
        row = _Row(INDICATORS, number, raw, problems)
        values = {key: row.text(key) for key in ("project_code", "level1", "level2", "level3", "target")}
        project = values["project_code"]
        if project and project_codes is not None and project not in project_codes:
            row.report(
                "project_code", f"项目编码“{project}”在“项目”表中不存在，请改正编码或先在“项目”表登记该项目"
            )
        if values["level1"] and values["level1"] not in level1:
            row.report("level1", f"一级指标“{values['level1']}”无法识别，请填写其中之一：{'、'.join(level1)}")
        if all(values.values()):
            out.append(IndicatorTarget(**values))
    return out
