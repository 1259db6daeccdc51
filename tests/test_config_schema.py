"""perfcli.toml against its schema (issue 19, item 7): an unknown key or section, or a wrong type, is a usage
error naming the file, the line and what was meant; the schema is the one home of the defaults."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
from typer.testing import CliRunner

from perfcli.cli.main import app
from perfcli.errors import UsageError
from perfcli.forms.pack import BUILTIN_PACKS, load_pack
from perfcli.model import config_file, config_schema
from perfcli.model.config import default_config_text, load_config

ROOT = Path(__file__).resolve().parent.parent
runner = CliRunner()


def _config(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "perfcli.toml"
    path.write_text(text, "utf-8")
    return path


def _error(path: Path) -> str:
    with pytest.raises(UsageError) as caught:
        load_config(path)
    return str(caught.value)


def test_a_misspelt_key_names_the_file_the_line_and_the_key_meant(tmp_path):
    path = _config(tmp_path, '[locality]\nname = "某区"\n\n[thresholds]\nexecution_lag_margn = 50\n')
    message = _error(path)
    assert f"未知的配置项 execution_lag_margn（{path} 第 5 行），是否为 execution_lag_margin？" in message


def test_a_misspelt_key_in_the_written_file_is_found_on_its_own_line(tmp_path):
    text = default_config_text().replace("execution_lag_margin = 10", "execution_lag_margn = 50")
    line = next(n for n, row in enumerate(text.splitlines(), 1) if row.startswith("execution_lag_margn"))
    result = runner.invoke(app, ["packs", "--config", str(_config(tmp_path, text))])
    assert result.exit_code == 2
    assert f"第 {line} 行" in result.output and "execution_lag_margin" in result.output


def test_an_unknown_section_suggests_the_nearest(tmp_path):
    message = _error(_config(tmp_path, "\n[threshold]\nexecution_lag_margin = 5\n"))
    assert (
        "未知的配置节 [threshold]" in message and "第 2 行" in message and "是否为 [thresholds]？" in message
    )


def test_a_key_outside_every_section_says_where_it_belongs(tmp_path):
    message = _error(_config(tmp_path, "execution_lag_margin = 5\n"))
    assert "第 1 行" in message and "[thresholds]" in message


def test_an_unknown_key_with_nothing_near_lists_the_sections_keys(tmp_path):
    message = _error(_config(tmp_path, '[protection]\ncolour = "red"\n'))
    assert "未知的配置项 colour" in message and "password" in message


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ('[thresholds]\nexecution_lag_margin = "十"', "应为数字"),
        ("[periods]\nunit_due_days = 10.5", "应为整数"),
        ("[locality]\nname = 3", "应为文本"),
        ('[periods]\nunit_due_date = "7月15日"', "应为日期"),
        ('[vocabulary]\nlikelihood = "确定能"', "应为文本的列表"),
        ('[periods]\nkind = "year"', "应为 quarter 或 half 或 month"),
        ("thresholds = 3", "应为一节"),
    ],
)
def test_a_wrong_type_names_the_expected_one(tmp_path, line, expected):
    message = _error(_config(tmp_path, line + "\n"))
    assert expected in message and re.search(r"第 [12] 行", message)


def test_every_problem_is_listed_at_once(tmp_path):
    message = _error(_config(tmp_path, "[thresholds]\nexecution_lag_margn = 1\nserious_lag_margin = true\n"))
    assert "第 2 行" in message and "第 3 行" in message


def test_templates_take_any_letter_kind_as_text(tmp_path):
    config = load_config(_config(tmp_path, '[templates]\nreminder = "催报.docx"\n'))
    assert config.template_override("reminder") == tmp_path / "催报.docx"


def test_the_written_file_is_the_schemas_defaults():
    assert tomllib.loads(default_config_text()) == config_schema.defaults()
    assert load_config(None, search_from=Path("/nonexistent")).raw == config_schema.defaults()


@pytest.mark.parametrize("name", BUILTIN_PACKS)
def test_every_pack_writes_a_file_that_passes_the_schema(tmp_path, name):
    pack = load_pack(name)
    text = pack.config_text()
    config_file.check(tomllib.loads(text), text, "perfcli.toml")
    assert tomllib.loads(text)["pack"]["name"] == name


def test_a_pack_overlay_passes_the_same_schema(tmp_path):
    folder = tmp_path / "我的表样"
    folder.mkdir()
    national = load_pack("national").folder
    for file in ("pack.yaml", "national_project.yaml"):
        (folder / file).write_text((national / file).read_text("utf-8"), "utf-8")
    (folder / "perfcli.toml").write_text("[periods]\nreport_perods = [6]\n", "utf-8")
    with pytest.raises(UsageError, match=r"report_perods（.*第 2 行），是否为 report_periods"):
        load_pack(folder)


def test_the_readme_lists_every_key_of_the_schema_and_no_other():
    section = (
        (ROOT / "README.md").read_text("utf-8").split("## 配置（perfcli.toml）", 1)[1].split("\n## ", 1)[0]
    )
    listed = set()
    for cell in re.findall(r"^\| (`\[.*?) \|", section, re.M):
        name = re.match(r"`\[(\w+)\] ", cell)
        assert name, cell
        listed |= {(name[1], key) for key in re.findall(r"(\w+)`", cell) if key != "…"}
    schema = {(s.name, k.name) for s in config_schema.SCHEMA for k in s.keys}
    # [templates] takes free names (the letter kinds, the mail templates): not schema keys
    assert {(section, key) for section, key in listed if section != "templates"} == schema


def test_a_key_in_the_wrong_section_names_the_right_one(tmp_path):
    message = _error(_config(tmp_path, "[thresholds]\nunit_due_days = 5\n"))
    assert "未知的配置项 unit_due_days" in message and "[periods]" in message and "第 2 行" in message
