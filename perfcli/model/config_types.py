"""The types a perfcli.toml value may have (perfcli.model.config_schema): each with the name an error message
says it by, and its check; and the Key and Section records the schema is written in."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _is_month_day(value: Any) -> bool:
    if not isinstance(value, str):
        return False
    found = re.fullmatch(r"(\d{1,2})-(\d{1,2})", value)
    return value == "" or (found is not None and 1 <= int(found[1]) <= 12 and 1 <= int(found[2]) <= 31)


def _is_grades(value: Any) -> bool:
    return isinstance(value, list) and all(
        isinstance(g, list) and len(g) == 2 and isinstance(g[0], str) and _is_number(g[1]) for g in value
    )


@dataclass(frozen=True)
class ValueType:
    """A type a config value may have; `name` is how an error message says it."""

    name: str
    accepts: Callable[[Any], bool]


TEXT = ValueType("文本", lambda v: isinstance(v, str))
INTEGER = ValueType("整数", _is_int)
NUMBER = ValueType("数字", _is_number)
MONTH_DAY = ValueType('日期（月-日，如 "07-15"；留空为不设）', _is_month_day)
TEXT_LIST = ValueType("文本的列表", lambda v: isinstance(v, list) and all(isinstance(x, str) for x in v))
INTEGER_LIST = ValueType("整数的列表", lambda v: isinstance(v, list) and all(_is_int(x) for x in v))
NUMBER_TABLE = ValueType(
    "表（名称 = 数字）", lambda v: isinstance(v, dict) and all(_is_number(x) for x in v.values())
)
TEXT_TABLE = ValueType(
    "表（名称 = 文本）", lambda v: isinstance(v, dict) and all(isinstance(x, str) for x in v.values())
)
SERVER_URL = ValueType(
    '服务器地址（postgresql:// 开头，如 "postgresql://jxk@192.168.1.10/perfcli"；留空为用台账文件）',
    lambda v: (
        isinstance(v, str) and (v.strip() == "" or v.strip().startswith(("postgresql://", "postgres://")))
    ),
)
GRADE_LIST = ValueType('列表（每项为 ["等级", 分数下限]）', _is_grades)
HANDLING_TABLE = ValueType(
    '表（项目类别 = { "一般" = [处置, …], "严重" = [处置, …] }）',
    lambda v: (
        isinstance(v, dict)
        and all(
            isinstance(bands, dict)
            and all(isinstance(m, list) and all(isinstance(x, str) for x in m) for m in bands.values())
            for bands in v.values()
        )
    ),
)


@dataclass(frozen=True)
class Key:
    name: str
    type: ValueType
    default: Any
    comment: str = ""  # after the value, on its line
    above: tuple[str, ...] = ()  # comment lines above the key
    choices: tuple[str, ...] = ()  # the only values a text key may take


@dataclass(frozen=True)
class Section:
    name: str
    keys: tuple[Key, ...]
    above: tuple[str, ...] = ()  # comment lines under the section header
    any_key: ValueType | None = None  # a section of free names ([templates]): each value of this type

    def key(self, name: str) -> Key | None:
        return next((k for k in self.keys if k.name == name), None)
