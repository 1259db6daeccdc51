"""perfcli.toml as text: the commented file written from the schema (`render`, what `init` writes), and a
file checked against the schema (`check`: an unknown key or section, a wrong type), naming its line and the
nearest known key. tomllib gives no positions, so lines are found by scanning the text as a clerk reads it.
"""

from __future__ import annotations

import difflib
import json
import re
import unicodedata
from pathlib import Path
from typing import Any

from perfcli.errors import UsageError
from perfcli.model.config_schema import HEADER, SCHEMA, SECTIONS, Section

# writing --------------------------------------------------------------------------------------


def toml_value(value: Any) -> str:
    """`value` as TOML (the types the schema has: text, numbers, lists, inline tables)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)  # a JSON string is a TOML basic string
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{toml_value(str(k))} = {toml_value(v)}" for k, v in value.items()) + " }"
    raise TypeError(f"no TOML for {value!r}")


def _padded(text: str, width: int) -> str:
    """`text` padded with spaces to `width` columns as a terminal shows it (a Chinese character is two)."""
    shown = sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)
    return text + " " * max(width - shown, 0)


def render(
    values: dict[str, Any] | None = None,
    header: tuple[str, ...] = HEADER,
    comments: dict[tuple[str, str], str] | None = None,
) -> str:
    """The commented perfcli.toml: every key of the schema, with `values` (by section) over the defaults
    and `comments` (by section and key: a pack's own words, 项目实施单位 for 预算责任单位) over the schema's."""
    values, comments = values or {}, comments or {}
    lines = [f"# {line}" for line in header]
    for section in SCHEMA:
        given = values.get(section.name, {})
        lines += ["", f"[{section.name}]", *(f"# {line}" for line in section.above)]
        for key in section.keys:
            lines += [f"# {line}" for line in key.above]
            assignment = f"{key.name} = {toml_value(given.get(key.name, key.default))}"
            comment = comments.get((section.name, key.name), key.comment)
            lines.append(f"{_padded(assignment, 32)} # {comment}" if comment else assignment)
        lines += [f"{name} = {toml_value(v)}" for name, v in given.items() if section.key(name) is None]
    return "\n".join(lines) + "\n"


def opening_comment(text: str) -> tuple[str, ...]:
    """The comment lines a settings file opens with, up to a bare `#` (what it is, whose rules)."""
    lines = []
    for line in text.splitlines():
        if not line.startswith("#") or not line.lstrip("#").strip():
            break
        lines.append(line.lstrip("#").strip())
    return tuple(lines)


def key_comments(text: str) -> dict[tuple[str, str], str]:
    """The comment at the end of each `key = value  # comment` line of a settings file, by section and key."""
    found: dict[tuple[str, str], str] = {}
    section = ""
    for line in text.splitlines():
        header = re.fullmatch(r"\s*\[\s*([\w-]+)\s*\]\s*(#.*)?", line)
        if header:
            section = header[1]
            continue
        assignment = re.match(r"\s*([\w-]+)\s*=[^#]*?\s#\s*(.+)$", line)
        if assignment and section:
            found[(section, assignment[1])] = assignment[2].strip()
    return found


# checking -------------------------------------------------------------------------------------


def _line_of(text: str, section: str | None, key: str | None) -> int | None:
    """The line that sets `key` in `[section]` (or the section's header when key is None); tomllib gives
    no positions, so the text is scanned as a clerk would read it."""
    current: str | None = None
    lines = text.splitlines()
    for number, line in enumerate(lines, 1):
        stripped = line.strip()
        header = re.fullmatch(r"\[\s*\"?([^\]\"]+?)\"?\s*\]\s*(#.*)?", stripped)
        if header:
            current = header[1].strip()
            if key is None and current == section:
                return number
            continue
        name = re.match(r"\"?([^\"=\s]+)\"?\s*=", stripped)
        if name is None:
            continue
        if key is None and current is None and (name[1] == section or name[1].startswith(f"{section}.")):
            return number
        if key is not None and name[1] == key and current == section:
            return number
        if key is not None and current is None and name[1] == f"{section}.{key}":
            return number
    if key is not None:  # an inline table or a dotted key the scan above did not follow
        for number, line in enumerate(lines, 1):
            if re.search(rf"(^|[\s{{,.\"]){re.escape(key)}\"?\s*=", line):
                return number
    return None


def _place(path: Path | str, text: str, section: str | None, key: str | None) -> str:
    line = _line_of(text, section, key)
    return f"{path} 第 {line} 行" if line else str(path)


def _closest(name: str, known: list[str]) -> str | None:
    found = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
    return found[0] if found else None


def problems(settings: dict[str, Any], text: str, path: Path | str) -> list[str]:
    """What is wrong with `settings` (read from `text` of the file at `path`), one Chinese sentence each."""
    out: list[str] = []
    for name, body in settings.items():
        section = SECTIONS.get(name)
        if section is None:
            if not isinstance(body, dict):  # a key written above every section header
                where = _place_top(path, text, name)
                every = {k.name: s.name for s in SCHEMA for k in s.keys}
                near = _closest(name, list(every))
                if near == name:
                    hint = f"：它应写在 [{every[near]}] 这一节之下。"
                elif near:
                    hint = f"，是否为 [{every[near]}] 下的 {near}？"
                else:
                    hint = "；配置项应写在某一节（如 [thresholds]）之下。"
                out.append(f"未知的配置项 {name}（{where}）{hint}")
                continue
            near = _closest(name, list(SECTIONS))
            hint = f"，是否为 [{near}]？" if near else f"；可用的节：{'、'.join(SECTIONS)}。"
            out.append(f"未知的配置节 [{name}]（{_place(path, text, name, None)}）{hint}")
            continue
        if not isinstance(body, dict):
            out.append(f"配置 [{name}]（{_place_top(path, text, name)}）应为一节（[{name}] 下写各配置项）")
            continue
        for key_name, value in body.items():
            out += _key_problems(section, key_name, value, text, path)
    return out


def _place_top(path: Path | str, text: str, name: str) -> str:
    for number, line in enumerate(text.splitlines(), 1):
        if re.match(rf"\s*\"?{re.escape(name)}\"?\s*=", line):
            return f"{path} 第 {number} 行"
        if line.strip().startswith("["):
            break
    return str(path)


def _key_problems(section: Section, name: str, value: Any, text: str, path: Path | str) -> list[str]:
    key = section.key(name)
    value_type = key.type if key is not None else section.any_key

    def where() -> str:  # found only for a problem: a scan of the file's lines for each key
        return _place(path, text, section.name, name)

    if value_type is None:
        near = _closest(name, [k.name for k in section.keys])
        elsewhere = [s.name for s in SCHEMA if s.key(name) is not None]
        if near:
            hint = f"，是否为 {near}？"
        elif elsewhere:
            hint = f"：它属于 [{elsewhere[0]}] 这一节，请移到该节之下。"
        else:
            hint = f"；[{section.name}] 可用的配置项：{'、'.join(k.name for k in section.keys)}。"
        return [f"未知的配置项 {name}（{where()}）{hint}"]
    if not value_type.accepts(value):
        return [f"配置项 [{section.name}] {name}（{where()}）应为{value_type.name}，现为 {_shown(value)}"]
    if key is not None and key.choices and value not in key.choices:
        choices = " 或 ".join(key.choices)
        return [f"配置项 [{section.name}] {name}（{where()}）应为 {choices}，现为 {_shown(value)}"]
    return []


def _shown(value: Any) -> str:
    try:
        return toml_value(value)
    except TypeError:  # a TOML date or time
        return str(value)


def check(settings: dict[str, Any], text: str, path: Path | str) -> None:
    """Raise a UsageError (exit 2) listing every unknown key or wrong type in `settings`."""
    found = problems(settings, text, path)
    if found:
        raise UsageError("\n".join(found))
