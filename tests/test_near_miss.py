"""When no form is recognised, extract, validate and score say which known form the workbook resembles most,
and which of its labels were found and which are missing (issue 20 item 7).

Every form of the corpus (tests/real) is recognised now, the 四川 and 重庆 自评表 and the 湖北 监控表 included;
so the cases here are corpus forms made to miss: their title changed (so they are not recognised by it) and
some of their labels gone. Each must still be named, with the labels it lacks."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from typer.testing import CliRunner

from perfcli.cli.main import app
from perfcli.model.config import load_config
from perfcli.returns.read import read_workbook
from tests.real import build_chongqing_kexuecheng_bmzt_zpb_2021 as chongqing
from tests.real import build_sichuan_qingshen_zpb_2023 as qingshen

runner = CliRunner()

# the form it resembles -> (its corpus builder, the title shown instead, labels removed, labels it still has)
CASES: dict[str, tuple[Any, str, tuple[str, ...], tuple[str, ...]]] = {
    "部门整体绩效自评表": (
        chongqing.build,
        "部门整体支出绩效自评表",
        ("执行率权重",),
        ("主管部门", "指标名称", "全年完成值"),
    ),
    "部门预算项目支出绩效自评表": (
        qingshen.build,
        "部门预算项目支出自评表(2023年度)",
        ("调整后预算数", "预算执行数"),
        ("项目名称", "主管部门", "年初预算"),
    ),
}


def _missing(tmp_path: Path, title: str) -> Path:
    """The corpus form of `title` with its title cell changed and some labels removed."""
    build, shown, drop, _ = CASES[title]
    path = tmp_path / "n.xlsx"
    build(path)
    wb = openpyxl.load_workbook(path)
    for row in wb.active.iter_rows():
        for cell in row:
            if not isinstance(cell.value, str):
                continue
            if title in cell.value:
                cell.value = shown
            elif cell.value.replace("\n", "") in drop:
                cell.value = None
    wb.save(path)
    return path


def run(*args):
    return runner.invoke(app, [str(a) for a in args], catch_exceptions=False, env={"COLUMNS": "200"})


def _check(message: str, title: str) -> None:
    _, _, missing, found = CASES[title]
    assert message.startswith(f"看起来像「{title}」（工作表“Sheet1”），找到 "), message
    has, lacks = message.split("，找到 ", 1)[1].split("，缺少 ", 1)
    assert all(x in has.split("、") for x in found), has
    assert all(x in lacks for x in missing), lacks


@pytest.mark.parametrize("title", list(CASES))
def test_the_reader_names_the_closest_form(tmp_path, title):
    content = read_workbook(_missing(tmp_path, title), load_config())
    assert not content.records
    [near] = [f for f in content.findings if f.code == "R018"]
    assert near.severity == "warning" and near.sheet == "Sheet1"
    _check(near.message, title)
    assert content.resembles == near.message


@pytest.mark.parametrize("title", list(CASES))
def test_extract_validate_and_score_say_it(tmp_path, title):
    path = _missing(tmp_path, title)
    extracted = run("extract", path)
    assert extracted.exit_code == 1
    line = next(x.strip() for x in extracted.stderr.splitlines() if "看起来像" in x)
    _check(line, title)
    validated = run("validate", path, "--json")
    assert validated.exit_code == 1
    [file] = json.loads(validated.stdout)["files"]
    codes = {f["code"]: f for f in file["findings"]}
    assert "V202" in codes and "R018" in codes
    _check(codes["R018"]["message"], title)
    scored = run("score", path)
    assert scored.exit_code == 1
    why = scored.stderr.split("；", 1)[1].strip()
    _check(" ".join(why.split()), title)


def test_a_workbook_like_no_form_gets_no_guess(tmp_path):
    wb = openpyxl.Workbook()
    wb.active.append(["姓名", "电话"])
    wb.save(tmp_path / "x.xlsx")
    content = read_workbook(tmp_path / "x.xlsx", load_config())
    assert content.resembles is None
