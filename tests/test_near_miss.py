"""When no form is recognised, extract, validate and score say which known form the workbook resembles most,
and which of its labels were found and which are missing (issue 20 item 7), on the 湖北 form of the corpus
(tests/real)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from perfcli.cli.main import app
from perfcli.model.config import load_config
from perfcli.returns.read import read_workbook

REAL = Path(__file__).resolve().parent / "real"
runner = CliRunner()

# fixture -> (the form it resembles most, labels it has, labels it lacks); the 四川 and 重庆 forms are now
# recognised (tests/real/test_corpus_self_evaluation.py checks their near misses)
CASES = {
    "hubei_huangshi_jkb_2019.xlsx": (
        "项目支出绩效目标执行监控表",
        ["项目名称", "年初预算数", "1-X月执行数", "全年预计执行数"],
        ["1-X月执行率", "三级指标"],
    ),
}


def run(*args):
    return runner.invoke(app, [str(a) for a in args], catch_exceptions=False, env={"COLUMNS": "200"})


def _check(message: str, name: str) -> None:
    title, found, missing = CASES[name]
    assert message.startswith(f"看起来像「{title}」（工作表“Sheet1”），找到 "), message
    has, lacks = message.split("，找到 ", 1)[1].split("，缺少 ", 1)
    assert all(x in has.split("、") for x in found), has
    assert all(x in lacks for x in missing), lacks


@pytest.mark.parametrize("name", list(CASES))
def test_the_reader_names_the_closest_form(name):
    content = read_workbook(REAL / name, load_config())
    assert not content.records
    [near] = [f for f in content.findings if f.code == "R018"]
    assert near.severity == "warning" and near.sheet == "Sheet1"
    _check(near.message, name)
    assert content.resembles == near.message


@pytest.mark.parametrize("name", list(CASES))
def test_extract_validate_and_score_say_it(name):
    extracted = run("extract", REAL / name)
    assert extracted.exit_code == 1
    line = next(x.strip() for x in extracted.stderr.splitlines() if "看起来像" in x)
    _check(line, name)
    validated = run("validate", REAL / name, "--json")
    assert validated.exit_code == 1
    [file] = json.loads(validated.stdout)["files"]
    codes = {f["code"]: f for f in file["findings"]}
    assert "V202" in codes and "R018" in codes
    _check(codes["R018"]["message"], name)
    scored = run("score", REAL / name)
    assert scored.exit_code == 1
    why = scored.stderr.split("；", 1)[1].strip()
    _check(" ".join(why.split()), name)


def test_a_workbook_like_no_form_gets_no_guess(tmp_path):
    import openpyxl

    wb = openpyxl.Workbook()
    wb.active.append(["姓名", "电话"])
    wb.save(tmp_path / "x.xlsx")
    content = read_workbook(tmp_path / "x.xlsx", load_config())
    assert content.resembles is None
