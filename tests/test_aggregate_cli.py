"""perfcli aggregate department / city on returned workbooks laid out here (not by generate)."""

from __future__ import annotations

import json
import os
from decimal import Decimal
from pathlib import Path

import pytest
from typer.testing import CliRunner

from perfcli.cli.main import app

openpyxl = pytest.importorskip("openpyxl")
D = Decimal


def unit_return(
    path: Path,
    unit: str,
    projects: list[tuple[str, object, object, object, str]],
    *,
    period: str = "（2026年度 三季度）",
) -> Path:
    """A unit's workbook as a clerk returns it: one 附表1 sheet per project, values typed by hand."""
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, budget, received, spent, likelihood in projects:
        ws = wb.create_sheet(name[:31])
        rows = [
            ["附表1"],
            ["项目预算绩效运行监控表"],
            [period],
            [f"编报单位：{unit}", None, None, None, "单位：万元"],
            ["项目名称", name],
            ["预算总额", budget, None, "资金来源", "区级"],
            ["已到位资金", received, None, "已支出资金", spent],
            ["项目实施情况", "按计划实施"],
            ["目标偏离情况及原因分析", "无"],
            ["改进计划", "继续推进"],
            ["一级指标", "二级指标", "三级指标", "年度目标", "已完成情况", "完成目标可能性"],
            ["产出", "产出数量", "完成数量", "≥10个", "8个", likelihood],
            ["效果", "社会效益", "群众受益", "持续", "持续", "确定能"],
            ["注：本表由预算责任单位在二、三季度终了后10日内填报。"],
        ]
        for row in rows:
            ws.append(row)
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path


@pytest.fixture
def returns(tmp_path: Path) -> Path:
    folder = tmp_path / "returns"
    unit_return(
        folder / "甲.xlsx",
        "区实验小学",
        [("校舍维修", 100.1, 80, "30.05", "可能性小"), ("教师培训", "50", "50", "45.50", "确定能")],
    )
    unit_return(folder / "乙.xlsx", "区人民医院", [("设备更新", "1,000.33", "600", "500.01", "可能性大")])
    (folder / "坏文件.xlsx").write_bytes(b"this is not a workbook")
    for i, p in enumerate(sorted(folder.iterdir())):  # received on time (file times are what validate uses)
        os.utime(p, (1_791_158_400 + i, 1_791_158_400 + i))  # 2026-10-05
    return folder


def test_city_json_and_workbook(tmp_path: Path, returns: Path) -> None:
    target = tmp_path / "汇总.xlsx"
    result = CliRunner().invoke(
        app, ["aggregate", "city", str(returns), "--out", str(target), "--period", "2026Q3", "--json"]
    )
    assert result.exit_code == 1, result.output  # a file was rejected: totals lack it
    data = json.loads(result.stdout)
    assert data["totals"]["budget_total"] == 1150.43
    assert data["totals"]["funds_received"] == 730
    assert data["totals"]["funds_spent"] == 575.56
    assert data["totals"]["execution_rate"] == 50.03
    assert data["file_counts"] == {"included": 2, "rejected": 1, "superseded": 0}
    rejected = next(f for f in data["files"] if f["status"] == "rejected")
    assert rejected["path"].endswith("坏文件.xlsx") and rejected["reason"]
    assert target.is_file()
    wb = openpyxl.load_workbook(target)
    assert {"汇总", "项目明细", "预警清单", "报送情况", "文件清单"} <= set(wb.sheetnames)


def test_city_refuses_to_overwrite(tmp_path: Path, returns: Path) -> None:
    target = tmp_path / "汇总.xlsx"
    target.write_bytes(b"keep")
    result = CliRunner().invoke(
        app, ["aggregate", "city", str(returns), "--out", str(target), "--period", "2026Q3"]
    )
    assert result.exit_code == 2 and "--force" in result.output
    assert target.read_bytes() == b"keep"


def test_department_writes_one_workbook_per_department(tmp_path: Path, returns: Path) -> None:
    out_dir = tmp_path / "departments"
    result = CliRunner().invoke(
        app,
        [
            "aggregate",
            "department",
            str(returns / "甲.xlsx"),
            str(returns / "乙.xlsx"),
            "--out",
            str(out_dir),
            "--period",
            "2026Q3",
        ],
    )
    assert result.exit_code == 0, result.output
    assert "合计" in result.stdout and "1,150.43" in result.stdout
    written = sorted(out_dir.glob("*.xlsx"))
    assert len(written) == 1  # no roster: the units' department is not known, one group
    wb = openpyxl.load_workbook(written[0])
    assert wb.sheetnames[:2] == ["附表2", "项目明细"]


def test_missing_input_is_a_usage_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app, ["aggregate", "city", str(tmp_path / "nope"), "--out", str(tmp_path / "x.xlsx")]
    )
    assert result.exit_code == 2 and "找不到" in result.output


def test_json_is_the_library_data(tmp_path: Path, returns: Path) -> None:
    from perfcli.model.config import load_config
    from perfcli.model.period import Period
    from perfcli.rollups.city import aggregate_paths

    result = CliRunner().invoke(
        app,
        [
            "aggregate",
            "city",
            str(returns),
            "--out",
            str(tmp_path / "汇总.xlsx"),
            "--period",
            "2026Q3",
            "--json",
        ],
    )
    data = json.loads(result.stdout)
    city = aggregate_paths([returns], load_config(None, search_from=tmp_path), period=Period.parse("2026Q3"))
    expected = json.loads(json.dumps(city.to_json(), ensure_ascii=False, default=str))
    assert {k: v for k, v in data.items() if k != "output"} == expected


@pytest.mark.libreoffice
def test_department_workbook_survives_a_libreoffice_save(tmp_path: Path, returns: Path) -> None:
    import shutil
    import subprocess

    from conftest import soffice

    from perfcli.model.config import load_config
    from perfcli.returns.read import read_workbook

    office = soffice()
    if office is None:
        pytest.skip("LibreOffice (soffice) 未安装")
    out_dir = tmp_path / "departments"
    CliRunner().invoke(
        app, ["aggregate", "department", str(returns), "--out", str(out_dir), "--period", "2026Q3"]
    )
    [workbook] = out_dir.glob("*.xlsx")
    resaved = tmp_path / "resaved"
    subprocess.run(
        [
            office,
            f"-env:UserInstallation=file://{tmp_path}/lo-profile",
            "--headless",
            "--convert-to",
            "xlsx:Calc MS Excel 2007 XML",
            "--outdir",
            str(resaved),
            str(workbook),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    [record] = read_workbook(resaved / workbook.name, load_config(None, search_from=tmp_path)).records
    assert record.form == "department" and record.identity and record.identity["workbook"] == "department"
    rows = {row.get("indicator"): row.get("actual") for row in record.table}
    assert rows["资金到位率"] == D("63.45") and rows["预算执行率"] == D(
        "50.03"
    )  # 730/1150.43, 575.56/1150.43
    shutil.rmtree(tmp_path / "lo-profile", ignore_errors=True)


def test_city_refuses_an_existing_output_before_reading_any_return(tmp_path: Path) -> None:
    target = tmp_path / "汇总.xlsx"
    target.write_bytes(b"keep")
    never_read = tmp_path / "not-there"  # were the returns read first, this would be the error
    result = CliRunner().invoke(app, ["aggregate", "city", str(never_read), "--out", str(target)])
    assert result.exit_code == 2 and "--force" in result.output and "找不到输入" not in result.output
    assert target.read_bytes() == b"keep"


def test_city_terminal_says_what_the_rates_cover(tmp_path: Path, returns: Path) -> None:
    args = ["aggregate", "city", str(returns), "--out", str(tmp_path / "汇总.xlsx"), "--period", "2026Q3"]
    result = CliRunner().invoke(app, args)
    text = result.output.replace("\n", "")
    assert "金额和比率仅按收到的3个项目的附表1计算；未提供名册，无法核对应报而未报送的项目。" in text
