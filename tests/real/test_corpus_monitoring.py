"""The 监控表 of the corpus that are not the national form as issued read to their expected JSON (read by eye,
tests/real/*.expected.json): 湖北's half-year 监控表 (province_monitoring) and the 项目库 export of the 136号
监控表 (national_export). Planted into each (by this test's code): a filled column the form does not know and an
error value, which must be named, never read as blanks (issue 20 items 3 and 4)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from perfcli.model.config import load_config
from perfcli.model.values import normalize_label
from perfcli.returns.read import read_workbook
from tests.real.test_corpus_reading import _same

HERE = Path(__file__).resolve().parent


def _expected(name: str) -> dict[str, Any]:
    return json.loads((HERE / f"{name}.expected.json").read_text("utf-8"))


def _record(path: Path) -> Any:
    [record] = read_workbook(path, load_config()).records
    return record


def test_the_hubei_monitoring_form_reads_to_its_expected_json():
    expected = _expected("hubei_huangshi_jkb_2019")
    record = _record(HERE / "hubei_huangshi_jkb_2019.xlsx")
    assert record.form == "province_monitoring"
    assert (record.period.year, record.period.end_month) == (2019, 6)
    for key in ("reporting_unit", "project_name", "department", "implementer", "project_attribute"):
        assert _same(record.fields[key]) == _same(expected["fields"][key]["value"]), key
    assert _same(record.fields["project_type"]) == _same(expected["fields"]["project_type"]["value"])
    for key in ("deviation_analysis", "suggestions"):  # form-level rows under the table, left empty
        assert record.fields[key] is None and record.cells[key] in ("C17", "C18")
    columns = {"budget_start": "budget", "executed_to_date": "executed", "expected_year": "forecast"}
    for want in expected["funding"]:
        got = record.fields["funds"][want["source"].replace("general_budget_current_year", "fiscal")]
        for theirs, ours in columns.items():
            assert _same(got[ours]) == _same(want[theirs]), (want["source"], theirs)
    assert len(record.table) == len(expected["indicators"])
    for row, want in zip(record.table, expected["indicators"], strict=True):
        assert normalize_label(row.values["level1"]) == want["level1_name"]
        assert row.values["indicator"] == want["indicator"]
        assert _same(row.values["target"]) == _same(want["target"])
        assert _same(row.values["actual_to_date"]) == _same(want["half_year_progress"])
        assert row.values["likelihood"] == want["likelihood"]
        assert row.values["remark"] == want["remark"]


def test_the_project_library_export_reads_to_its_expected_json():
    expected = _expected("central_xmk_jkb_2021")
    record = _record(HERE / "central_xmk_jkb_2021.xlsx")
    assert record.form == "national_export"
    assert (record.period.year, record.period.end_month) == (2021, 7)
    assert record.unit == expected["unit"]
    for key, field in expected["fields"].items():
        assert _same(record.fields[key]) == _same(field["value"]), key
    columns = {
        "budget_start": "initial",
        "budget_adjusted": "budget",
        "executed_to_date": "executed",
        "execution_rate_percent": "rate",
        "expected_year": "forecast",
    }
    for want in expected["funding"]:
        got = record.fields["funds"][want["source"]]
        for theirs, ours in columns.items():
            assert _same(got[ours]) == _same(want[theirs]), (want["source"], theirs)
    assert len(record.table) == len(expected["indicators"]) == 14
    for row, want in zip(record.table, expected["indicators"], strict=True):
        for key, value in want.items():
            assert row.values[key] == value, (row.row, key)
    # every one of the 14 × 2 cells the plain national form left unread is read now
    assert all(r.values["actual_to_date"] and r.values["forecast"] for r in record.table)
    unread = [f.message for f in record.issues if f.code in ("R015", "R016", "R017")]
    assert not unread


def _planted(tmp_path: Path, name: str, plant: Any) -> Path:
    wb = openpyxl.load_workbook(HERE / f"{name}.xlsx")
    plant(wb.active)
    path = tmp_path / f"{name}.xlsx"
    wb.save(path)
    return path


def _hubei(ws: Any) -> None:
    ws["H12"] = "原因说明"  # a column right of the indicator table
    for r in (13, 14, 15, 16):
        ws[f"H{r}"] = f"说明{r}"
    ws["D10"] = "#REF!"  # 年度资金总额's 1-6月执行数
    ws["E15"] = "#N/A"  # 成本's 半年度指标执行情况


def _export(ws: Any) -> None:
    ws["R11"] = "核查意见"  # a column right of the 17 columns
    for r in range(13, 27):
        ws[f"R{r}"] = f"已核{r}"
    ws["L6"] = "#DIV/0!"  # 年度资金总额's 1-7月执行率%
    ws["F14"] = "#VALUE!"  # 水质检测样本数's 1-7月执行数


# fixture -> (layout, (column, its range, count), error cells, the key each error cell was read into)
PLANTED = {
    "hubei_huangshi_jkb_2019": (
        _hubei,
        ("原因说明", "H13:H16", 4),
        {"D10": "funds.total.executed", "E15": None},
    ),
    "central_xmk_jkb_2021": (_export, ("核查意见", "R13:R26", 14), {"L6": "funds.total.rate", "F14": None}),
}


@pytest.mark.parametrize("name", list(PLANTED))
def test_an_unknown_column_and_error_values_are_named(tmp_path, name):
    plant, (label, span, count), errors = PLANTED[name]
    record = _record(_planted(tmp_path, name, plant))
    unread = [f for f in record.issues if f.code == "R017"]
    assert [f.cell for f in unread] == [span.split(":")[0]], [f.message for f in unread]
    assert unread[0].message.startswith(f"未识别的栏目「{label}」（{span}，{count} 格有内容），未读取")
    found = {f.cell: f for f in record.issues if f.code == "R015"}
    assert set(found) == set(errors)
    for cell, field in errors.items():
        assert found[cell].severity == "error" and cell in found[cell].message
        if field is not None:
            assert found[cell].field == field
    for field in filter(None, errors.values()):  # an error is no amount
        _funds, row, column = field.split(".")
        assert record.fields["funds"][row][column] is None


def _findings(path: Path) -> list[Any]:
    from perfcli import api

    result = api.validate([path])
    [file] = result.files
    return list(file.findings)


def test_the_hubei_form_is_checked_by_its_own_note():
    findings = _findings(HERE / "hubei_huangshi_jkb_2019.xlsx")
    incomplete = {(f.cell, f.severity) for f in findings if f.code == "N010"}
    assert {("D13", "error"), ("D14", "error")} <= incomplete  # 质量, 时效: nothing filled
    assert ("E10", "error") in {(f.cell, f.severity) for f in findings if f.code == "V101"}  # 全年预计执行数
    assert not [f for f in findings if f.code in ("N011", "N012")]  # 确定能 twice: nothing to explain


def _doubtful(ws: Any) -> None:
    ws["F15"] = "有可能"  # 成本: now the two form-level rows must say why and what is done
    ws["F16"] = "可能性大"  # 社会效益: not one of 确定能、有可能、不可能


def test_a_doubtful_row_needs_the_forms_explanations(tmp_path):
    findings = _findings(_planted(tmp_path, "hubei_huangshi_jkb_2019", _doubtful))
    explain = {f.cell: f.message for f in findings if f.code == "N012"}
    assert set(explain) == {"C17", "C18"}
    assert "指标“成本”的“完成目标可能性”为“有可能”" in explain["C17"]
    assert "“偏差或不能完成目标原因分析”未填写" in explain["C17"]
    assert "“相关建议或举措”未填写" in explain["C18"]
    [choice] = [f for f in findings if f.code == "N011"]
    assert (
        choice.cell == "F16" and "“可能性大”" in choice.message and "确定能、有可能、不可能" in choice.message
    )


def test_the_export_is_checked_as_the_national_form(tmp_path):
    findings = _findings(HERE / "central_xmk_jkb_2021.xlsx")
    assert not [f for f in findings if f.severity == "error"], [f.message for f in findings]

    def untick(ws: Any) -> None:
        ws["O15"] = None  # 更换老旧管网长度: no 完成目标可能性 ticked
        ws["J6"] = 520  # 1-7月执行数 over 调整后预算数 480

    found = {
        (f.code, f.cell): f.message for f in _findings(_planted(tmp_path, "central_xmk_jkb_2021", untick))
    }
    assert ("N001", "N15") in found
    assert "1-7月执行数 520 万元大于调整后预算数 480 万元" in found[("N005", "J6")]  # the rate's base here


def test_perfcli_packs_shows_the_forms_read_but_never_issued():
    from typer.testing import CliRunner

    from perfcli.cli.main import app

    runner = CliRunner()
    data = json.loads(runner.invoke(app, ["packs", "--json"]).stdout)
    kinds = {f["form"]: f["title"] for f in data["read_only"]}
    assert kinds["national_export"] == "项目支出绩效目标执行监控表"
    assert kinds["province_monitoring"] == "项目支出绩效监控表"
    assert all(f["form"] not in kinds for p in data["packs"] for f in p["forms"])  # never issued by a pack
    text = runner.invoke(app, ["packs"], env={"COLUMNS": "200"}).stdout
    assert "只读取、不下发的表样" in text and "项目库监控表（national_export）" in text


@pytest.mark.parametrize("name", ["hubei_huangshi_jkb_2019", "central_xmk_jkb_2021"])
def test_extract_recognises_the_form(name):
    from typer.testing import CliRunner

    from perfcli.cli.main import app

    result = CliRunner().invoke(app, ["extract", str(HERE / f"{name}.xlsx")], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "没有附表" not in result.output and "看起来像" not in result.output
    _code, title = result.stdout.splitlines()[0].split()[:2]  # 省监控表 项目支出绩效监控表  <file> …
    assert _expected(name)["title"].endswith(title)  # 黄石市项目支出绩效监控表


def test_the_hubei_title_names_its_form_even_with_the_project_after_it(tmp_path):
    """黄石市项目支出绩效监控表 (申遗): the title, with the project in brackets after it, still names the form when a
    label it is otherwise told by is missing; the missing label is then a finding."""

    def drop_label(ws: Any) -> None:
        ws["A17"] = None  # 偏差或不能完成目标原因分析

    record = _record(_planted(tmp_path, "hubei_huangshi_jkb_2019", drop_label))
    assert record.form == "province_monitoring"
    assert any(f.code == "R007" and "偏差或不能完成目标原因分析" in f.message for f in record.issues)
