"""The exact scalar values of the codec (perfcli.model.codec): amounts, dates, periods, bytes and the values
of fields typed Any, each decoded only from the JSON `codec.encode` writes for it (a tag where JSON has no
such type) and checked on the way in; CodecError when it is not one.
"""

from __future__ import annotations

import base64
import math
from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal, DefaultContext, InvalidOperation
from functools import lru_cache
from typing import Any

from perfcli.errors import UsageError
from perfcli.model.period import Period

# Values of a field typed Any (a form's fields, an identity, a score) carry their exact type in a tag.
DECIMAL, DATETIME, DATE, PERIOD, MAP = "$d", "$dt", "$date", "$period", "$map"
TAGS = frozenset({DECIMAL, DATETIME, DATE, PERIOD, MAP})
PLAIN = frozenset({str, int, float, bool, type(None)})


class CodecError(ValueError):
    """Bytes or JSON that are not an encoding of the type asked for."""


Decoder = Callable[[Any], Any]


def fail(expected: str, data: Any) -> CodecError:
    return CodecError(f"expected {expected}, found {type(data).__name__}")


def finite(text: str) -> float:
    """A JSON number with a fraction or exponent; NaN, Infinity and 1e999 are not amounts."""
    value = float(text)
    if not math.isfinite(value):
        raise CodecError(f"{text} is not a finite number")
    return value


def _exactly_none(data: Any) -> None:
    if data is not None:
        raise fail("null", data)


def decode_text(data: Any) -> str:
    if not isinstance(data, str):
        raise fail("text", data)
    return data


def _integer(data: Any) -> int:
    if not isinstance(data, int) or isinstance(data, bool):
        raise fail("an integer", data)
    return data


def _real(data: Any) -> float:
    if not isinstance(data, (int, float)) or isinstance(data, bool):
        raise fail("a number", data)
    return float(data)


def _boolean(data: Any) -> bool:
    if not isinstance(data, bool):
        raise fail("true or false", data)
    return data


def _tagged(tag: str, data: Any) -> str:
    if not isinstance(data, dict) or len(data) != 1 or not isinstance(data.get(tag), str):
        raise fail(f"{{{tag!r}: text}}", data)
    return str(data[tag])


def _decimal(data: Any) -> Decimal:
    try:
        value = Decimal(_tagged(DECIMAL, data))
    except InvalidOperation as exc:
        raise CodecError(f"{data!r} is not an amount") from exc
    if not value.is_finite() or not DefaultContext.Emin <= value.adjusted() <= DefaultContext.Emax:
        raise CodecError(f"{data!r} is not an amount arithmetic can hold")
    return value


def _iso(kind: type[date], tag: str) -> Decoder:
    """A date or datetime (a datetime is a date), from its ISO text under `tag`."""

    def decode_iso(data: Any) -> date:
        try:
            return kind.fromisoformat(_tagged(tag, data))
        except ValueError as exc:
            raise CodecError(str(exc)) from exc

    return decode_iso


_datetime, _date = _iso(datetime, DATETIME), _iso(date, DATE)


def _period(data: Any) -> Period:
    try:
        return _parsed_period(_tagged(PERIOD, data))
    except UsageError as exc:
        raise CodecError(str(exc)) from exc


_parsed_period = lru_cache(maxsize=64)(Period.parse)  # a Period is frozen: one object serves many records


def _bytes(data: Any) -> bytes:
    try:
        return base64.b64decode(decode_text(data), validate=True)
    except ValueError as exc:
        raise CodecError(str(exc)) from exc


SIMPLE: dict[Any, Decoder] = {
    type(None): _exactly_none,
    str: decode_text,
    int: _integer,
    float: _real,
    bool: _boolean,
    Decimal: _decimal,
    datetime: _datetime,
    date: _date,
    Period: _period,
    bytes: _bytes,
}
ANY_TAGS: dict[str, Decoder] = {DECIMAL: _decimal, DATETIME: _datetime, DATE: _date, PERIOD: _period}


def decode_any(data: Any) -> Any:
    """A value of a field typed Any: plain JSON, with the tags `encode` writes for exact types."""
    kind = type(data)
    if kind in PLAIN:
        return data
    if kind is list:
        return [decode_any(item) for item in data]
    if kind is dict:
        if len(data) == 1:
            tag = next(iter(data))
            if tag in ANY_TAGS:
                return ANY_TAGS[tag](data)
            if tag == MAP:
                inner = data[MAP]
                if not isinstance(inner, dict):
                    raise fail("an object", inner)
                return {key: decode_any(item) for key, item in inner.items()}
        for item in data.values():  # most maps hold text only: checked without building a new one
            if type(item) is not str:
                return {key: item if type(item) is str else decode_any(item) for key, item in data.items()}
        return data
    raise fail("a JSON value", data)
