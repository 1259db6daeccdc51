"""A pack is only data: a province copies the national pack, renames the title and labels, moves the
cut-off month to 1-6月 and adds a 备注 column to the funds grid — and generate → fill → validate → aggregate
run on it with no Python changed (the copied folder holds no code)."""

from __future__ import annotations

import shutil

from national_fixtures import fill_national
from openpyxl import load_workbook

from perfcli import api
from perfcli.forms.pack import load_pack

TITLE = "江苏省项目支出绩效运行监控表"


def _province_pack(folder):
    shutil.copytree(load_pack("national").folder, folder)
    spec = folder / "national_project.yaml"
    text = spec.read_text("utf-8")
    for old, new in (
        ("title: 项目支出绩效目标执行监控表", f"title: {TITLE}"),
        ("{key: target, label: 年度指标值,", "{key: target, label: 年度目标值,"),
        ("{key: forecast, label: 全年预计完成情况,", "{key: forecast, label: 全年预计完成值,"),
        ("label: 年度总体目标,", "label: 年度绩效总目标,"),
        ("detect: [项目名称, 年初预算数, 年度总体目标]", "detect: [项目名称, 年初预算数, 年度绩效总目标]"),
        (
            "    - {key: forecast, label: 全年预计执行数, type: money}\n",
            "    - {key: forecast, label: 全年预计执行数, type: money}\n    - {key: note, label: 备注, type: text}\n",
        ),
    ):
        assert old in text, old
        text = text.replace(old, new)
    spec.write_text(text, "utf-8")
    settings = folder / "perfcli.toml"
    text = settings.read_text("utf-8").replace("report_periods = [7]", "report_periods = [6]")
    settings.write_text(text.replace('name = "national"', 'name = "jiangsu"'), "utf-8")
    manifest = folder / "pack.yaml"
    manifest.write_text(manifest.read_text("utf-8").replace("name: national", "name: jiangsu"), "utf-8")
    assert not list(folder.rglob("*.py"))


def test_a_province_copy_of_the_national_pack_runs_the_cycle(tmp_path, sample_roster):
    _province_pack(tmp_path / "江苏监控表")
    config = tmp_path / "perfcli.toml"
    config.write_text('[pack]\npath = "江苏监控表"\n', "utf-8")
    assert api.packs(config).selected == "jiangsu"

    out = tmp_path / "监控表"
    generated = api.generate(sample_roster, period="2026M6", out=out, config=config)
    sheet = load_workbook(generated.files[0].path).worksheets[0]
    texts = {c.value for row in sheet.iter_rows() for c in row if isinstance(c.value, str)}
    assert {TITLE, "1-6月执行数", "1-6月执行率", "年度目标值", "全年预计完成值", "年度绩效总目标"} <= texts
    assert "项目支出绩效目标执行监控表" not in texts and "1-7月执行数" not in texts
    assert sum(1 for t in texts if t == "备注") == 1 and sheet.max_column == 16

    for file in generated.files:
        fill_national(file.path, forecast_label="全年预计完成值")
    report = api.validate([out], roster=sample_roster, period="2026M6", config=config)
    assert [f for r in report.files for f in r.findings if f.severity == "error"] == []
    record = report.files[0].records[0]
    assert record.form == "national_project" and record.period.end_month == 6
    assert set(record.fields["funds"]["total"]) == {"budget", "executed", "rate", "forecast", "note"}
    assert record.table[0].get("forecast") == record.table[0].get("target")

    wrong_month = api.validate([out], roster=sample_roster, period="2026M7", config=config, force_period=True)
    assert "N008" in {f.code for r in wrong_month.files for f in r.findings}

    city = api.aggregate_city(
        report, roster=sample_roster, period="2026M6", config=config, out=tmp_path / "汇总.xlsx"
    )
    assert len(city.projects) == sum(f.sheets for f in generated.files)
    assert "监控表汇总" in load_workbook(tmp_path / "汇总.xlsx").sheetnames
