"""The two consoles: results on stdout, progress and errors on stderr.

Every string either console renders passes through terminal_text first: a cell holding ESC]0;…BEL or ESC[2J
must not retitle or clear the clerk's terminal, piped or not. Data put into markup is escaped where it is
put (rich.markup.escape), so "[" in a unit name stays text.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from rich.console import Console
from rich.text import Text

from perfcli.model.text import terminal_text


class SafeConsole(Console):
    """A rich Console that never passes a control character or a direction override from data."""

    def render_str(self, text: str, **kwargs: Any) -> Text:
        return super().render_str(terminal_text(text), **kwargs)


out = SafeConsole(highlight=False, soft_wrap=False)
err = SafeConsole(stderr=True, highlight=False)


def to_json_text(value: Any) -> str:
    """`json.dumps(value, ensure_ascii=False, indent=2, default=str)`, the same JSON, by orjson's C
    encoder: the indented json module falls back to pure Python, about a second for a city's report.
    The text is the same but for the shortest spelling of tiny floats (1e-7, not 1e-07)."""
    import orjson

    options = orjson.OPT_INDENT_2 | orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_PASSTHROUGH_DATACLASS
    try:
        return orjson.dumps(value, default=str, option=options | orjson.OPT_NON_STR_KEYS).decode("utf-8")
    except (TypeError, orjson.JSONEncodeError):  # what orjson refuses (an int beyond 64 bits…)
        return json.dumps(value, ensure_ascii=False, indent=2, default=str)


def print_json(data: Any) -> None:
    """Write JSON to stdout exactly (no rich markup, no wrapping)."""
    sys.stdout.write(to_json_text(data) + "\n")
    sys.stdout.flush()


def print_json_streamed(data: dict[str, Any], key: str, items: Iterable[Any]) -> None:
    """print_json(data) with data[key] = list(items), written item by item so it is never held whole.

    The text is the same as print_json's (a test compares them): a city's report is ~30 MB of JSON.
    """

    def dumps(value: Any, depth: int) -> str:
        return to_json_text(value).replace("\n", "\n" + "  " * depth)  # JSON strings hold no raw newline

    write = sys.stdout.write
    write("{")
    for n, (name, value) in enumerate(data.items()):
        write(("," if n else "") + "\n  " + json.dumps(name, ensure_ascii=False) + ": ")
        if name != key:
            write(dumps(value, 1))
            continue
        count = 0
        write("[")
        for count, item in enumerate(items, 1):
            write(("," if count > 1 else "") + "\n    " + dumps(item, 2))
        write("\n  ]" if count else "]")
    write("\n}\n" if data else "}\n")
    sys.stdout.flush()


@contextmanager
def progress_bar(quiet: bool, label: str) -> Iterator[Callable[[int, int, Any], None] | None]:
    """A transient progress bar on stderr (none with --json or when stderr is not a terminal); yields
    the callback the library calls with (done, total, item)."""
    if quiet or not err.is_terminal:
        yield None
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    with Progress(
        TextColumn(label),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=err,
        transient=True,
    ) as bar:
        task = bar.add_task(label, total=None)

        def advance(done: int, total: int, item: Any) -> None:
            bar.update(task, completed=done, total=total)

        yield advance
