"""The perfcli command line: assembles the command modules and turns tool failures into exit codes.

This is the one place where a PerfcliError becomes a Chinese message on stderr and an exit code.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Iterator
from contextlib import contextmanager

import typer
import typer.rich_utils as rich_utils
from typer.core import TyperCommand, TyperGroup
from typer.exceptions import TyperException

from perfcli.cli import usage
from perfcli.errors import EXIT_FAILED, Notice, PerfcliError, os_reason

rich_utils.ARGUMENTS_PANEL_TITLE = "参数"
rich_utils.OPTIONS_PANEL_TITLE = "选项"
rich_utils.COMMANDS_PANEL_TITLE = "命令"
rich_utils.ERRORS_PANEL_TITLE = "错误"
rich_utils.REQUIRED_LONG_STRING = "[必填]"
rich_utils.DEFAULT_STRING = "[默认: {}]"
rich_utils.ABORTED_TEXT = "已中止。"


def _chinese_help_option(original):
    """Typer words the --help option itself in English; every line a clerk reads must be Chinese."""

    def get_help_option(self, ctx):
        option = original(self, ctx)
        if option is not None:
            option.help = "显示本帮助后退出。"
        return option

    return get_help_option


for _cls in (TyperCommand, TyperGroup):
    _cls.get_help_option = _chinese_help_option(_cls.get_help_option)  # type: ignore[method-assign]
    _cls.format_help = usage.format_help  # type: ignore[method-assign]
    _cls.format_usage = usage.format_usage  # type: ignore[method-assign]
rich_utils.rich_format_error = usage.print_usage_error  # type: ignore[assignment]  # Chinese; exit 2 kept

# (module under perfcli.cli, how it is mounted): "commands" merges its commands at the top level,
# "group" mounts its Typer as a sub-command group.
COMMAND_MODULES: tuple[tuple[str, str], ...] = (
    ("init_cmd", "commands"),
    ("generate", "commands"),
    ("extract", "commands"),
    ("validate", "commands"),
    ("status", "commands"),
    ("aggregate", "group"),
    ("render", "commands"),
    ("compare", "commands"),
    ("ledger", "group"),
    ("review", "group"),
    ("roster", "group"),
    ("doctor", "commands"),
    ("packs", "commands"),
    ("score", "commands"),
    ("spot_check", "commands"),
    ("receive", "commands"),
    ("send", "commands"),
)


class PerfcliGroup(TyperGroup):
    """Root group: renders PerfcliError (and unexpected failures) as a message and an exit code."""

    def invoke(self, ctx):
        try:
            with _notices_on_stderr():
                return super().invoke(ctx)
        except PerfcliError as exc:
            _report(exc.message, exc.details)
            raise typer.Exit(exc.exit_code) from None
        except (typer.Exit, typer.Abort, TyperException):  # usage errors and exits: Typer renders them
            raise
        except BrokenPipeError:  # output piped into head or more that stopped reading: Typer ends quietly
            raise
        except OSError as exc:  # a file operation outside the writers' own checks: still say which and why
            if (ctx.obj or {}).get("debug"):
                raise
            where = f" {exc.filename}" if exc.filename else ""
            _report(f"无法读写{where}：{os_reason(exc)}")
            raise typer.Exit(EXIT_FAILED) from None
        except KeyboardInterrupt:
            _report("已中断。")
            raise typer.Exit(130) from None
        except Exception as exc:  # the single last-resort handler: say what broke, never show locals
            if (ctx.obj or {}).get("debug"):
                raise
            _report(f"perfcli 内部错误：{type(exc).__name__}: {exc}", ["加 --debug 可查看详细的出错位置。"])
            raise typer.Exit(EXIT_FAILED) from None


@contextmanager
def _notices_on_stderr() -> Iterator[None]:
    """A Notice from the library (errors.Notice) is shown once per run on stderr as 注意：…"""
    import warnings

    from perfcli.cli.console import err

    with warnings.catch_warnings():  # restores showwarning and the filters afterwards
        warnings.simplefilter("once", Notice)
        original = warnings.showwarning

        def show(message, category, *args, **kwargs):
            if issubclass(category, Notice):
                err.print(f"注意：{message}", markup=False, highlight=False, soft_wrap=True)
            else:
                original(message, category, *args, **kwargs)

        warnings.showwarning = show
        yield


def _report(message: str, details: list[str] | None = None) -> None:
    from rich.markup import escape

    from perfcli.cli.console import err

    # soft_wrap: a detail line (工作表/行/列 + what to fix) stays one line, however narrow the console
    err.print(f"[bold red]错误：[/]{escape(message)}", markup=True, highlight=False, soft_wrap=True)
    for line in details or []:
        err.print(f"  {line}", markup=False, highlight=False, soft_wrap=True)


app = typer.Typer(
    name="perfcli",
    cls=PerfcliGroup,  # its help is main's docstring below
    no_args_is_help=True,
    pretty_exceptions_show_locals=False,
    rich_markup_mode="rich",
    context_settings={"help_option_names": ["-h", "--help"]},
    add_completion=False,
)


def _print_version(value: bool) -> None:
    """--version is eager: it answers before a command is looked for (perfcli --version alone)."""
    if value:
        from perfcli import __version__

        typer.echo(f"perfcli {__version__}")
        raise typer.Exit(0)


@app.callback()
def main(
    ctx: typer.Context,
    debug: bool = typer.Option(False, "--debug", help="出错时显示完整的出错位置（供开发人员排查）。"),
    version: bool = typer.Option(
        False, "--version", help="显示版本号后退出。", is_eager=True, callback=_print_version
    ),
) -> None:
    """预算绩效运行监控工具：生成监控表、校验回收的工作簿、汇总、出具通知函件。

    每个命令加 -h 查看用法，如 perfcli validate -h。

    示例：
    perfcli init 2026绩效监控
    perfcli generate 名册.xlsx --period 2026Q3 --out 监控表
    perfcli validate 回收 --period 2026Q3 --roster 名册.xlsx
    """
    ctx.obj = {"debug": debug}


for _name, _how in COMMAND_MODULES:
    _module = importlib.import_module(f"perfcli.cli.{_name}")
    if _how == "group":
        app.add_typer(_module.app)
    else:
        app.registered_commands.extend(_module.app.registered_commands)


def run() -> None:
    """Console-script entry point."""
    sys.exit(app())  # typer handles exit codes; PerfcliGroup maps our errors
