"""The 绩效目标 forms of the corpus read to their expected JSON (read by eye, tests/real/*.expected.json):
the 项目绩效目标表 of 宁乡 (filled, money typed in words, two indicator tables) and the blank 申报表 of 佳县
(target_declaration), and 宁德's 部门整体支出绩效目标表 (department_target). Only reading is tested here: their
review rules are issue 23's. Planted into the filled ones (by this test's code): an unknown filled column and
error values, which must be named."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from perfcli.model.config import load_config
from perfcli.model.values import canonical_text
from perfcli.returns.read import read_workbook
from tests.real.test_corpus_monitoring import _planted
from tests.real.test_corpus_reading import _same

HERE = Path(__file__).resolve().parent
# expected key -> record key, where the expected JSON names a field otherwise
_FIELD_KEYS = {"period_of_project": "project_period", "reporting_unit": None}
# expected funding source -> the money field it is read into
_FUNDS = {
    "total": "budget_total",
    "fiscal": "fiscal",
    "fiscal_higher_level": "fiscal_higher",
    "fiscal_own_level": "fiscal_own_level",
    "own_funds": "own_funds",
    "other": "other_funds",
    "project": "project_spending",
    "basic": "basic_spending",
}


def _expected(name: str) -> dict[str, Any]:
    return json.loads((HERE / f"{name}.expected.json").read_text("utf-8"))


def _record(path: Path) -> Any:
    [record] = read_workbook(path, load_config()).records
    return record


def _named(record: Any, name_key: str) -> list[Any]:
    """Indicator rows with a name: the template's empty family rows (数量指标 …, "…") are not indicators."""
    return [r for r in record.table if canonical_text(r.values.get(name_key))]


def _fields_match(record: Any, expected: dict[str, Any]) -> None:
    for key, field in expected["fields"].items():
        ours = _FIELD_KEYS.get(key, key)
        if ours is not None:
            assert _same(record.fields[ours]) == _same(field["value"]), key
    assert record.unit == expected["unit"]
    assert record.fields["year"] == (
        expected["period"]["year"] if "year_from" not in expected["period"] else None
    )


@pytest.mark.parametrize("name", ["hunan_ningxiang_mbb_2021", "shaanxi_jiaxian_mbsbb_2016"])
def test_the_target_declarations_read_to_their_expected_json(name):
    expected = _expected(name)
    record = _record(HERE / f"{name}.xlsx")
    assert record.form == "target_declaration"
    _fields_match(record, expected)
    for want in expected["funding"]:
        key = _FUNDS.get(want.get("source", ""))
        if key is not None:
            assert _same(record.fields[key]) == _same(want["amount"]), want["label"]
        elif want["amount"] is None:  # the blank form's 资金总额: 财政拨款: … read as empty
            assert all(
                record.fields[k] is None for k in ("budget_total", "fiscal", "own_funds", "other_funds")
            )
    rows = _named(record, "indicator")
    assert len(rows) == len(expected["indicators"])
    for row, want in zip(rows, expected["indicators"], strict=True):
        assert row.values["section"] == want["table"]
        for key in ("level1", "level2", "indicator", "target", "remark"):
            assert _same(row.values[key]) == _same(want[key]), (row.row, key)
    # both halves are read, each row keeping its caption
    sections = [r.values.get("section") for r in record.table]
    assert set(sections) == set(expected["indicator_tables"])
    if "template_rows" in expected:
        per = expected["template_rows"]["per_table"]
        assert [sections.count(s) for s in expected["indicator_tables"]] == [per, per]


def test_the_department_targets_read_to_their_expected_json():
    expected = _expected("fujian_ningde_bmzt_mbb_2019")
    record = _record(HERE / "fujian_ningde_bmzt_mbb_2019.xlsx")
    assert record.form == "department_target"
    goals = expected["fields"].pop("overall_goals")["value"]
    _fields_match(record, expected)
    assert record.fields["overall_goal"].split("\n") == [g.strip() for g in goals]
    for want in expected["funding"]:
        assert _same(record.fields[_FUNDS[want["source"]]]) == _same(want["amount"])
    rows = _named(record, "level3")
    wanted = [*expected["indicators"], *expected["truncated_rows"]]
    assert len(rows) == len(wanted)
    for row, want in zip(rows, wanted, strict=True):
        for key in ("level1", "level2", "level3", "explanation", "target"):
            assert _same(row.values[key]) == _same(want.get(key)), (row.row, key)


def _ningxiang(ws: Any) -> None:
    ws["G19"] = "原因说明"  # a column right of the first indicator table
    for r in (20, 21, 22, 23):
        ws[f"G{r}"] = f"说明{r}"
    ws["E7"] = "#REF!"  # 项目负责人
    ws["E32"] = "#DIV/0!"  # the annual table's 质量指标 指标值


def _ningde(ws: Any) -> None:
    ws["F16"] = "原因说明"
    for r in range(17, 23):
        ws[f"F{r}"] = f"说明{r}"
    ws["C5"] = "#N/A"  # 项目支出
    ws["E18"] = "#VALUE!"  # 确保日常工作正常运行's 目标值


# fixture -> (layout, (its range, count), error cells -> the field each was read into)
PLANTED = {
    "hunan_ningxiang_mbb_2021": (_ningxiang, ("G20:G23", 4), {"E7": "project_leader", "E32": None}),
    "fujian_ningde_bmzt_mbb_2019": (_ningde, ("F17:F22", 6), {"C5": "project_spending", "E18": None}),
}


@pytest.mark.parametrize("name", list(PLANTED))
def test_an_unknown_column_and_error_values_are_named(tmp_path, name):
    plant, (span, count), errors = PLANTED[name]
    record = _record(_planted(tmp_path, name, plant))
    [unread] = [f for f in record.issues if f.code == "R017" and f.cell == span.split(":")[0]]
    assert unread.message.startswith(f"未识别的栏目「原因说明」（{span}，{count} 格有内容），未读取")
    found = {f.cell: f for f in record.issues if f.code == "R015"}
    assert set(found) == set(errors)
    for cell, field in errors.items():
        assert found[cell].severity == "error" and cell in found[cell].message
        if field is not None:
            assert found[cell].field == field and record.fields[field] is None


def test_a_target_form_is_not_rolled_up_with_the_monitoring_forms(tmp_path):
    """A 绩效目标 form's 资金总额 is the year's plan: the city 汇总 of a period counts the 监控表 beside it,
    never the plan, and says why the target form was not counted."""
    import shutil

    from perfcli import api

    for name in ("hunan_ningxiang_mbb_2021", "central_xmk_jkb_2021"):
        shutil.copy(HERE / f"{name}.xlsx", tmp_path / f"{name}.xlsx")
    city = api.aggregate_city([tmp_path], period="2021M7", force_period=True)
    [project] = city.projects
    assert project.project == "农村饮水安全工程维修养护" and project.budget_total == 480
    target = next(f for f in city.files if f.path.endswith("hunan_ningxiang_mbb_2021.xlsx"))
    assert (target.status, target.reason) == ("rejected", "绩效目标表，不计入监控汇总")


def test_extract_shows_both_halves_and_the_amounts_read_from_words():
    from typer.testing import CliRunner

    from perfcli.cli.main import app

    result = CliRunner().invoke(app, ["extract", "--json", str(HERE / "hunan_ningxiang_mbb_2021.xlsx")])
    assert result.exit_code == 0, result.output
    [record] = json.loads(result.stdout)
    assert record["form"] == "target_declaration" and record["unit"] == "宁乡市坝塘镇人民政府"
    assert (record["fields"]["budget_total"], record["fields"]["other_funds"]) == (10606.7522, 3683.397)
    halves = [r["section"] for r in record["indicators"] if r["indicator"]]
    assert (halves.count("长期绩效指标"), halves.count("年度绩效指标")) == (9, 8)
