"""The command line as a desktop tool in Chinese (issue 11, items 7, 8, 9, 12, 16): --version, usage errors,
--help at 80 columns and wider, --period against the config, python -m perfcli and a GBK console."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import typer
from rich.cells import cell_len
from typer.testing import CliRunner

from perfcli import __version__
from perfcli.cli.main import app
from perfcli.cli.usage import PROSE_BREAKS, argument_name, help_paragraphs, line_starts, type_word

ROOT = Path(__file__).resolve().parent.parent
runner = CliRunner()


def run(*args: str, columns: int = 120):
    return runner.invoke(app, [str(a) for a in args], env={"COLUMNS": str(columns)}, catch_exceptions=False)


def all_commands() -> list[list[str]]:
    """Every command path: [], [init], …, [aggregate], [aggregate, city]."""
    found: list[list[str]] = []

    def walk(command, path: list[str]) -> None:
        found.append(path)
        for name, sub in getattr(command, "commands", {}).items():
            walk(sub, [*path, name])

    walk(typer.main.get_command(app), [])
    return found


# --- 7. --version --------------------------------------------------------------------------------


def test_version_alone_prints_the_version():
    result = run("--version")
    assert result.exit_code == 0
    assert result.output.strip() == f"perfcli {__version__}"


# --- 8. usage errors in Chinese, exit 2 ----------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["validate", "x", "--perod", "2026Q3"], ["没有这个选项：--perod", "您是不是要输入 --period？"]),
        (["validat", "x"], ["没有这个命令：validat", "您是不是要输入 validate？"]),
        (["aggregate", "cty"], ["没有这个命令：cty", "您是不是要输入 city？"]),
        (["aggregate", "department", "x"], ["缺少选项 --out / -o"]),
        (["validate"], ["缺少参数 路径..."]),
        (["validate", "x", "--jobs", "abc"], ["选项 --jobs / -j 的取值无效：应为整数"]),
        (["validate", "x", "--jobs", "0"], ["选项 --jobs / -j 的取值无效：应不小于 1"]),
        (["validate", "x", "--period"], ["选项 --period 后面要写一个取值"]),
        (["validate", "x", "--json=1"], ["选项 --json 是开关，后面不写取值"]),
    ],
)
def test_usage_errors_are_chinese_with_exit_2(args, expected):
    result = run(*args)
    assert result.exit_code == 2
    for text in expected:
        assert text in result.output
    for english in ("Usage:", "Missing", "No such", "Invalid value", "Try ", "Error", "requires an argument"):
        assert english not in result.output


def test_a_usage_error_shows_the_usage_line_in_chinese():
    result = run("validate", "x", "--perod", "2026Q3")
    assert "用法：perfcli validate [选项] 路径..." in result.output
    assert "输入 perfcli validate -h 查看帮助。" in result.output


# --- 9. --help complete at 80 columns and wider --------------------------------------------------


@pytest.mark.parametrize("columns", [80, 100, 160])
@pytest.mark.parametrize("path", all_commands(), ids=lambda p: " ".join(p) or "perfcli")
def test_help_is_complete_and_ends_with_an_example(path, columns):
    result = run(*path, "--help", columns=columns)
    assert result.exit_code == 0, result.output
    text = result.output
    assert "…" not in text
    assert "<bool>" not in text and "<str>" not in text and "<path>" not in text
    assert "Usage" not in text and "[OPTIONS]" not in text
    assert max(cell_len(line) for line in text.splitlines()) <= columns  # nothing runs past the terminal
    before_panels = text.split("╭")[0]
    paragraphs = [p.strip() for p in re.split(r"\n[ \t]*\n", before_panels) if p.strip()]
    assert paragraphs[-1].startswith("示例："), paragraphs[-1]
    assert "perfcli " + " ".join(path) in paragraphs[-1]


def test_the_kind_list_of_render_is_whole_at_80_columns():
    text = "".join(
        line.strip("│ ").strip() for line in run("render", "--help", columns=80).output.splitlines()
    )
    for kind in (
        "reminder（催报通知）",
        "rectification（问题整改通知/纠偏意见）",
        "feedback（绩效监控结果反馈）",
    ):
        assert kind in text
    assert "reevaluation（绩效再评价结果反馈告知书）" in text.replace(" ", "")


def _command(path: list[str]):
    command = typer.main.get_command(app)
    for name in path:
        command = command.commands[name]
    return command


@pytest.mark.parametrize("path", all_commands(), ids=lambda p: " ".join(p) or "perfcli")
def test_no_ascii_metavar_is_left_in_the_help(path):
    """路径..., 种类, 名册 — not PATHS..., KIND, ROSTER — in the usage line and the panels, at 80 columns."""
    text = run(*path, "--help", columns=80).output
    usage = next(line for line in text.splitlines() if "用法：" in line)
    assert not re.search(r"\b[A-Z]{2,}\b", usage), usage
    command = _command(path)
    ctx = typer.main.get_command(app).make_context("perfcli", [], resilient_parsing=True)
    for param in command.params:
        if param.param_type_name == "argument":
            assert not re.search(r"[A-Za-z]", argument_name(param)), argument_name(param)
            assert argument_name(param) in text
        else:
            assert not re.search(r"[A-Za-z]", type_word(param, ctx)), (param.name, type_word(param, ctx))


@pytest.mark.parametrize("path", all_commands(), ids=lambda p: " ".join(p) or "perfcli")
def test_no_word_is_broken_across_lines_at_80_columns(path):
    """Every word written with Latin letters or digits (and the Chinese glued to it: 2026年三季度,
    问题清单.xlsx) is whole on one line of the help, wherever the line breaks."""
    text = run(*path, "--help", columns=80).output
    lines = [line.strip("│ ").strip() for line in text.splitlines()]
    command = _command(path)
    prose = [p.help or "" for p in command.params] + help_paragraphs(command)
    if hasattr(command, "commands"):
        prose += [help_paragraphs(sub)[0] for sub in command.commands.values() if help_paragraphs(sub)]
    for paragraph in prose:
        for word in PROSE_BREAKS.findall(paragraph):
            if re.search(r"[A-Za-z0-9]", word):
                assert any(word in line for line in lines), (word, paragraph)


def test_chinese_prose_breaks_between_characters_and_not_inside_words():
    text = "名册工作簿（perfcli init 生成的格式）；在工作区内省略时使用工作区的 名册.xlsx。"
    starts = line_starts(text, 20)
    lines = [text[a:b].rstrip() for a, b in zip([0, *starts], [*starts, len(text)], strict=True)]
    assert all(cell_len(line) <= 20 for line in lines)
    assert "名册.xlsx。" in lines[-1] and not lines[-1].startswith("。")
    assert any(line.endswith("（perfcli") or "perfcli init" in line for line in lines)


def test_every_option_and_argument_has_chinese_help():
    for path in all_commands():
        text = run(*path, "--help").output
        assert "显示本帮助后退出。" in text
        assert "Show this message" not in text


# --- 12. --period against the config ------------------------------------------------------------


def test_a_period_the_config_does_not_report_is_refused(tmp_path):
    (tmp_path / "x.xlsx").write_bytes(b"")
    result = run("validate", tmp_path, "--period", "2026Q1")
    assert result.exit_code == 2
    assert "2026Q1（2026年一季度）不是需要报送的期间" in result.output
    assert "2026Q2（2026年二季度）、2026Q3（2026年三季度）" in result.output
    assert "--force-period" in result.output


def test_a_half_year_under_a_quarterly_config_is_refused_and_force_period_lets_it_through(tmp_path):
    folder = tmp_path / "returns"
    folder.mkdir()
    refused = run("validate", folder, "--period", "2026H1")
    assert refused.exit_code == 2 and "不是需要报送的期间" in refused.output
    forced = run("validate", folder, "--period", "2026H1", "--force-period")
    assert forced.exit_code == 0 and "不是需要报送的期间" not in forced.output


def test_the_config_names_the_periods(tmp_path):
    config = tmp_path / "perfcli.toml"
    config.write_text('[periods]\nkind = "half"\nreport_periods = [1]\n', "utf-8")
    folder = tmp_path / "returns"
    folder.mkdir()
    result = run("validate", folder, "--period", "2026Q3", "--config", config)
    assert result.exit_code == 2
    assert "2026H1（2026年上半年）" in result.output and str(config) in result.output
    assert run("validate", folder, "--period", "2026H1", "--config", config).exit_code == 0


@pytest.mark.parametrize(
    "args",
    [
        ["generate", "sample_data/roster.xlsx", "--out", "{out}"],
        ["generate", "--blank", "附表1", "--out", "{out}"],
        ["status", "{out}", "--roster", "sample_data/roster.xlsx"],
        ["aggregate", "city", "{out}", "--out", "{out}/汇总.xlsx"],
        ["aggregate", "department", "{out}", "--out", "{out}"],
        ["render", "reminder", "{out}", "--out", "{out}"],
        ["receive", "{out}"],
        ["send", "forms", "--drafts", "{out}"],
    ],
    ids=lambda a: " ".join(a[:2]),
)
def test_every_command_with_a_period_checks_it(tmp_path, args):
    args = [str(ROOT / a) if a.startswith("sample_data") else a.format(out=tmp_path) for a in args]
    result = run(*args, "--period", "2026Q4")
    assert result.exit_code == 2 and "2026Q4（2026年四季度）不是需要报送的期间" in result.output
    assert not any(tmp_path.iterdir())  # refused before anything was written


# --- 16. python -m perfcli and a GBK console -----------------------------------------------------


def _python(*args: str, encoding: str = "utf-8") -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONIOENCODING": encoding, "COLUMNS": "80", "PYTHONUTF8": "0"}
    return subprocess.run([sys.executable, "-m", "perfcli", *args], capture_output=True, env=env, cwd=ROOT)


def test_python_dash_m_perfcli_works():
    result = _python("--version")
    assert result.returncode == 0 and result.stdout.decode().strip() == f"perfcli {__version__}"


def test_a_gbk_console_shows_chinese_and_nothing_breaks(tmp_path):
    """A Chinese Windows console is GBK (cp936): help, results, errors and file names all print."""
    helped = _python("validate", "--help", encoding="gbk")
    assert helped.returncode == 0, helped.stderr.decode("gbk", "replace")
    assert "校验回收的监控表工作簿" in helped.stdout.decode("gbk")
    folder = tmp_path / "回收的报表"
    folder.mkdir()
    (folder / "区教育局_附表1_2026Q3.xlsx").write_bytes(b"not a workbook")
    checked = _python("validate", str(folder), "--period", "2026Q3", encoding="gbk")
    assert checked.returncode == 1, checked.stderr.decode("gbk", "replace")
    both = checked.stdout.decode("gbk") + checked.stderr.decode("gbk")
    assert "区教育局_附表1_2026Q3.xlsx" in both and "内部错误" not in both
    wrong = _python("validate", str(folder), "--perod", "2026Q3", encoding="gbk")
    assert wrong.returncode == 2 and "您是不是要输入 --period？" in wrong.stderr.decode("gbk")
