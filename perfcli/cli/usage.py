"""How the command line speaks about itself, in Chinese: the usage line, --help and usage errors.

Typer's own help cuts Chinese descriptions with "…" (a line of Chinese has no space to wrap at) and shows
flags as <bool>; its usage errors are English. main.py installs the three functions here on Typer's command
classes, so every command and group gets them.
"""

from __future__ import annotations

import difflib
import inspect
import re
from typing import Any

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, RenderResult
from rich.markup import escape
from rich.measure import Measurement
from rich.padding import Padding
from rich.panel import Panel
from rich.table import Table
from rich.text import Text
from typer._click import exceptions as click_errors

USAGE_WORDS = {"[OPTIONS]": "[选项]", "COMMAND [ARGS]...": "命令 [参数]..."}
TYPE_WORDS = {"path": "路径", "str": "文本", "int": "整数", "int range": "整数", "float": "数字"}


# --- the usage line -----------------------------------------------------------------------------


def argument_name(param: Any) -> str:
    """路径..., 种类: how an argument is written in the usage line and in the help (its Chinese metavar)."""
    name = (param.metavar or param.name.upper()).removesuffix("...")
    return name + ("..." if param.nargs != 1 else "")


def usage_line(command: Any, ctx: Any) -> str:
    """用法：perfcli validate [选项] 路径..."""
    arguments = {
        piece: param
        for param in command.get_params(ctx)
        if param.param_type_name == "argument"
        for piece in param.get_usage_pieces(ctx)
    }
    shown = []
    for piece in command.collect_usage_pieces(ctx):
        param = arguments.get(piece)
        if param is None:
            shown.append(USAGE_WORDS.get(piece, piece))
        else:
            shown.append(argument_name(param) if param.required else f"[{argument_name(param)}]")
    return f"用法：{ctx.command_path} {' '.join(shown)}"


def format_usage(self: Any, ctx: Any, formatter: Any) -> None:
    """Command.format_usage in Chinese (used by usage errors and by anything asking click for usage)."""
    formatter.write(usage_line(self, ctx) + "\n")


# --- --help -------------------------------------------------------------------------------------


# Where a line of help may break. Prose: at a space or between two Chinese characters, never inside a word
# written with Latin letters, digits or ASCII punctuation, together with the Chinese glued to it (2026Q3,
# --period, self-evaluation-feedback, 问题清单.xlsx, 2026年三季度); brackets stay with what they enclose and
# a line never starts with closing punctuation. Examples (命令行): at spaces only.
_OPEN, _CLOSE = "（「『“‘《【", "）」』”’》】，。、；：！？"
_CHINESE = rf"[^\s!-~{_OPEN}{_CLOSE}]"
PROSE_BREAKS = re.compile(
    rf"\s+|[{_OPEN}]*(?:{_CHINESE}*[!-~]+(?:{_CHINESE}+[!-~]+)*{_CHINESE}*|.)[{_CLOSE}]*"
)
COMMAND_BREAKS = re.compile(r"\s+|\S+")


class Paragraph:
    """Help text wrapped as Chinese is wrapped. Rich breaks only at spaces, and folds a longer run anywhere,
    which in Chinese prose (no spaces) cuts words in half."""

    def __init__(self, text: Text | str, style: str = "", breaks: re.Pattern[str] = PROSE_BREAKS) -> None:
        self.text = text if isinstance(text, Text) else Text(text, style=style)
        self.breaks = breaks

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        pieces = self.breaks.findall(self.text.plain) or [""]
        return Measurement(max(cell_len(p) for p in pieces), self.text.cell_len)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width = max(options.max_width, 1)
        lines = []
        for given in self.text.split("\n"):
            for line in given.divide(line_starts(given.plain, width, self.breaks)):
                line.rstrip()
                lines.append(line)
        yield Text("\n", no_wrap=True).join(lines)


def line_starts(plain: str, width: int, breaks: re.Pattern[str] = PROSE_BREAKS) -> list[int]:
    """Where each line after the first starts, for lines of at most `width` cells."""
    starts: list[int] = []
    used = 0
    for m in breaks.finditer(plain):
        piece, at = m.group(), m.start()
        if used + cell_len(piece) <= width:
            used += cell_len(piece)
        elif piece.isspace():  # the line ends here; the space stays at its end and is stripped
            starts.append(m.end())
            used = 0
        else:
            if used:
                starts.append(at)
            used = 0
            for offset, char in enumerate(piece):  # a word longer than a line is folded: nothing else fits
                if used + cell_len(char) > width:
                    starts.append(at + offset)
                    used = 0
                used += cell_len(char)
    return starts


def type_word(param: Any, ctx: Any) -> str:
    if getattr(param, "is_flag", False):
        return ""
    shown = (param.display_type_rich(ctx=ctx) or "").strip("<>")
    if shown.startswith("list["):
        shown = shown[5:-1].lower()
    return TYPE_WORDS.get(shown, shown)


def _param_help(param: Any, ctx: Any) -> Paragraph:
    text = Text(param.help or "")
    extra = []
    range_text = param._get_number_range_help_str() if hasattr(param, "_get_number_range_help_str") else ""
    if range_text:
        extra.append(f"[取值 {range_text.replace('<=x<=', '–')}]")
    if (
        param.param_type_name == "option"
        and param.show_default
        and not getattr(param, "is_flag", False)
        and param.default not in (None, "", [], ())
    ):
        extra.append(f"[默认: {param.default}]")
    if param.required:
        extra.append("[必填]")
    if extra:
        text.append(" " + " ".join(extra), style="dim")
    return Paragraph(text)


def _panel(title: str, rows: list[tuple[Any, ...]]) -> Panel:
    table = Table(show_header=False, box=None, expand=True, padding=(0, 1), pad_edge=False)
    widths = [max(Text.from_markup(str(r[i])).cell_len for r in rows) for i in range(len(rows[0]) - 1)]
    for width in widths:
        table.add_column(no_wrap=True, min_width=width, style="bold cyan")
    table.add_column(overflow="fold", ratio=1)
    for row in rows:
        table.add_row(*row)
    return Panel(table, title=title, title_align="left", border_style="dim")


def help_paragraphs(command: Any) -> list[str]:
    """The help text in paragraphs. Lines of a paragraph are joined (without a space between Chinese
    characters); the lines of an example (示例：) stay one command a line."""
    text = inspect.cleandoc(command.help or "").partition("\f")[0]
    paragraphs = []
    for block in (p.strip() for p in text.split("\n\n")):
        if not block or block.startswith("示例"):
            paragraphs += [block] if block else []
            continue
        joined = block.splitlines()[0]
        for line in block.splitlines()[1:]:
            line = line.strip()
            ascii_edge = joined[-1:].isascii() and line[:1].isascii()
            joined += (" " if ascii_edge else "") + line
        paragraphs.append(joined)
    return paragraphs


def format_help(self: Any, ctx: Any, formatter: Any) -> None:
    """--help: nothing cut short at any width of 80 columns or more, flags without a type, types in Chinese."""
    console = Console(highlight=False)
    console.print(Padding(escape(usage_line(self, ctx)), (1, 1)), style="bold")
    for n, paragraph in enumerate(help_paragraphs(self)):
        breaks = COMMAND_BREAKS if paragraph.startswith("示例") else PROSE_BREAKS
        console.print(Padding(Paragraph(paragraph, "" if n == 0 else "dim", breaks), (0, 1, 1, 1)))
    params = [p for p in self.get_params(ctx) if not getattr(p, "hidden", False)]
    arguments = [(argument_name(p), _param_help(p, ctx)) for p in params if p.param_type_name == "argument"]
    if arguments:
        console.print(_panel("参数", arguments))
    options = [
        (", ".join(p.opts + p.secondary_opts), type_word(p, ctx), _param_help(p, ctx))
        for p in params
        if p.param_type_name == "option"
    ]
    if options:
        console.print(_panel("选项", options))
    if hasattr(self, "list_commands"):
        commands = []
        for name in self.list_commands(ctx):
            sub = self.get_command(ctx, name)
            if sub is not None and not sub.hidden:
                first = help_paragraphs(sub)[:1]
                commands.append((name, Paragraph(first[0] if first else "")))
        if commands:
            console.print(_panel("命令", commands))


# --- usage errors -------------------------------------------------------------------------------


def _closest(word: str, candidates: list[str]) -> str | None:
    found = difflib.get_close_matches(word, candidates, n=1, cutoff=0.5)
    return found[0] if found else None


def _option_names(ctx: Any) -> list[str]:
    if ctx is None:
        return []
    return [o for p in ctx.command.get_params(ctx) for o in (*p.opts, *p.secondary_opts) if o.startswith("-")]


def _hint(param: Any) -> str:
    if param is None:
        return ""
    if param.param_type_name == "argument":
        return f"参数 {argument_name(param)}"
    return "选项 " + " / ".join(param.opts)


def _reason(message: str) -> str:
    """Why a value was refused, from the English of the parameter parser."""
    rules = (
        (r"valid integer", "应为整数"),
        (r"valid (number|float|decimal)", "应为数字"),
        (r"greater than or equal to (\S+)", "应不小于 {0}"),
        (r"less than or equal to (\S+)", "应不大于 {0}"),
        (r"greater than (\S+)", "应大于 {0}"),
        (r"less than (\S+)", "应小于 {0}"),
        (r"is not one of (.+?)\.?$", "应为 {0} 之一"),
        (r"does not exist", "不存在"),
        (r"is a directory", "是文件夹，应为文件"),
        (r"is a file", "是文件，应为文件夹"),
    )
    for pattern, chinese in rules:
        m = re.search(pattern, message)
        if m:
            return chinese.format(*m.groups())
    return message


def usage_error_text(exc: Any) -> tuple[str, list[str]]:
    """(the message, the hints) of a click usage error, in Chinese."""
    ctx = getattr(exc, "ctx", None)
    if isinstance(exc, click_errors.NoSuchOption):
        guess = _closest(exc.option_name, list(exc.possibilities or []) or _option_names(ctx))
        return f"没有这个选项：{exc.option_name}", [f"您是不是要输入 {guess}？"] if guess else []
    if isinstance(exc, click_errors.MissingParameter):
        param = exc.param
        what = _hint(param) or "参数"
        help_text = getattr(param, "help", None)
        return f"缺少{what}", [help_text] if help_text else []
    if isinstance(exc, click_errors.BadParameter):
        what = _hint(exc.param) or (f"选项 {exc.param_hint}" if exc.param_hint else "参数")
        return f"{what} 的取值无效：{_reason(exc.message)}", []
    if isinstance(exc, click_errors.BadOptionUsage):
        if "requires an argument" in exc.message:
            return f"选项 {exc.option_name} 后面要写一个取值", []
        if "does not take a value" in exc.message:
            return f"选项 {exc.option_name} 是开关，后面不写取值", []
    message = exc.message
    m = re.match(r"No such command '(.+?)'", message)
    if m and ctx is not None:
        guess = _closest(m[1], ctx.command.list_commands(ctx))
        return f"没有这个命令：{m[1]}", [f"您是不是要输入 {guess}？"] if guess else []
    if message.startswith("Missing command"):
        names = "、".join(ctx.command.list_commands(ctx)) if ctx is not None else ""
        return "缺少命令", [f"可用的命令：{names}"] if names else []
    m = re.match(r"Got unexpected extra arguments? \((.+)\)", message)
    if m:
        return f"多余的参数：{m[1]}", ["文件名含空格时请加引号。"]
    return message, []


def print_usage_error(exc: Any) -> None:
    """Replaces Typer's rich_format_error: usage line, the error and a hint, in Chinese, on stderr."""
    if exc.__class__.__name__ == "NoArgsIsHelpError":
        return
    console = Console(stderr=True, highlight=False)
    ctx = getattr(exc, "ctx", None)
    if ctx is not None:
        console.print(escape(usage_line(ctx.command, ctx)), soft_wrap=True)
    message, hints = usage_error_text(exc)
    console.print(f"[bold red]错误：[/]{escape(message)}", soft_wrap=True)
    for hint in hints:
        console.print(f"  {escape(hint)}", soft_wrap=True)
    if ctx is not None:
        console.print(f"输入 {escape(ctx.command_path)} -h 查看帮助。", style="dim", soft_wrap=True)
