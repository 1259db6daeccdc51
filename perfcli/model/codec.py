"""The one exact codec of the typed records: a dataclass becomes JSON by its fields, and JSON comes back
only as the types its fields declare (type hints), checked on the way in.

What the ledger's read cache keeps and what a worker process sends back go through it; neither can
carry code (no pickle), and bytes read back are bounded (MAX_DECODED_BYTES) and type-checked, so a
damaged or edited blob is a CodecError, never a crash or a surprise object. Amounts stay exact
(1250.50 stays Decimal("1250.50")), dates stay dates.
"""

from __future__ import annotations

import base64
import dataclasses
import json
import math
import types
import typing
import zlib
from datetime import date, datetime
from decimal import Decimal
from functools import cache
from typing import Any

import orjson

from perfcli.model.codec_values import (
    DATE,
    DATETIME,
    DECIMAL,
    MAP,
    PERIOD,
    PLAIN,
    SIMPLE,
    TAGS,
    CodecError,
    Decoder,
    decode_any,
    decode_text,
    fail,
    finite,
)
from perfcli.model.period import Period

MAX_DECODED_BYTES = 64 * 1024 * 1024  # a cached reading of one workbook is ~5 KB compressed, ~100 KB decoded

# A field with this metadata is left out (it must have a default): what is held apart or worked out anew.
TRANSIENT: dict[str, Any] = {"codec": False}


# --- encoding ---------------------------------------------------------------------------------------


def encode(value: Any) -> Any:
    """`value` as JSON-ready data (dicts, lists, str, int, float, bool, None) that `decode` gives back
    exactly. Dataclasses go by their fields (TRANSIENT ones left out); anything else unknown is refused."""
    kind = type(value)
    if kind in _VERBATIM:
        return value
    if kind is dict:
        return _encode_dict(value)
    if kind is list or kind is tuple:
        return [item if type(item) in _VERBATIM else encode(item) for item in value]
    names = _RECORD_FIELDS.get(kind)
    if names is not None:
        return _encode_record(value, names)
    if isinstance(value, Decimal):
        return {DECIMAL: str(value)}
    if isinstance(value, datetime):
        return {DATETIME: value.isoformat()}
    if isinstance(value, date):
        return {DATE: value.isoformat()}
    if isinstance(value, Period):  # a form field of type period: tagged, as it may sit where Any is declared
        return {PERIOD: value.code}
    if isinstance(value, float) and not math.isfinite(value):  # orjson would write null
        raise CodecError(f"{value} is not a finite number")
    if isinstance(value, (str, int, float)):  # subclasses (bool is an int) come back as the plain type
        return value
    if isinstance(value, (dict, list, tuple)):
        return _encode_dict(value) if isinstance(value, dict) else [encode(item) for item in value]
    if isinstance(value, bytes):
        return base64.b64encode(value).decode("ascii")
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        _RECORD_FIELDS[kind] = _coded_fields(kind)
        return _encode_record(value, _RECORD_FIELDS[kind])
    raise CodecError(f"cannot encode {kind.__name__}")


_VERBATIM = PLAIN - {float}  # written as they are; a float is checked first (NaN is not JSON)
_RECORD_FIELDS: dict[type, tuple[str, ...]] = {}  # the dataclasses met so far, and their coded fields


def _encode_record(value: Any, names: tuple[str, ...]) -> dict[str, Any]:
    out = {}
    for name in names:
        item = getattr(value, name)
        out[name] = item if type(item) in _VERBATIM else encode(item)
    return out


def _encode_dict(value: dict[Any, Any]) -> dict[str, Any]:
    out = {}
    for key, item in value.items():
        if type(key) is not str:
            raise CodecError(f"dict key {key!r} is not text")
        out[key] = item if type(item) in _VERBATIM else encode(item)
    return {MAP: out} if len(out) == 1 and next(iter(out)) in TAGS else out


def dumps(value: Any) -> bytes:
    """`value` encoded, as compressed JSON."""
    data = encode(value)
    try:
        text = orjson.dumps(data)  # in C; what it cannot write (an integer past 64 bits) json writes
    except orjson.JSONEncodeError:
        text = (
            _BY_JSON + json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode()
        )
    return zlib.compress(text, 1)


# JSON json wrote starts with a space (JSON allows it): it is read by json again, which keeps integers past
# 64 bits exact (orjson reads them as floats); everything else is read by orjson, in C.
_BY_JSON = b" "


# --- decoding ---------------------------------------------------------------------------------------


def decode(kind: Any, data: Any) -> Any:
    """The value of type `kind` (a dataclass, or a type hint such as list[FormRecord]) that `data` encodes;
    CodecError when it does not."""
    try:
        return _decoder(kind)(data)
    except RecursionError as exc:
        raise CodecError("nested too deep") from exc


def loads(kind: Any, blob: bytes, limit: int = MAX_DECODED_BYTES) -> Any:
    """What `dumps` wrote, as `kind`: decompressed to at most `limit` bytes, parsed, type-checked."""
    inflater = zlib.decompressobj()
    try:
        text = inflater.decompress(blob, limit)
    except zlib.error as exc:
        raise CodecError(f"not a compressed stream: {exc}") from exc
    if inflater.unconsumed_tail:
        raise CodecError(f"larger than {limit} bytes once decompressed")
    if not inflater.eof or inflater.unused_data:
        raise CodecError("truncated or followed by other data")
    try:
        data = _parsed(text)
    except ValueError as exc:  # not UTF-8, not JSON, a float too large, an integer of too many digits
        raise CodecError(f"not JSON: {exc}") from exc
    except RecursionError as exc:
        raise CodecError("nested too deep") from exc
    return decode(kind, data)


def _parsed(text: bytes) -> Any:
    if not text.startswith(_BY_JSON):
        try:
            return orjson.loads(text)  # refuses NaN, Infinity, 1e999 and bytes not UTF-8, as json does
        except orjson.JSONDecodeError:
            pass  # json says what is wrong (or reads what orjson refuses, a lone surrogate escaped)
    return json.loads(text.decode("utf-8"), parse_constant=finite, parse_float=finite)


def _coded_fields(cls: type) -> tuple[str, ...]:
    return tuple(f.name for f in dataclasses.fields(cls) if f.metadata.get("codec", True))


@cache
def _decoder(kind: Any) -> Decoder:
    """A decoder for one type hint, built once."""
    if kind is Any:
        return decode_any
    simple = SIMPLE.get(kind)
    if simple is not None:
        return simple
    if isinstance(kind, type) and dataclasses.is_dataclass(kind):
        return _dataclass_decoder(kind)
    origin, args = typing.get_origin(kind), typing.get_args(kind)
    if origin is typing.Literal:
        return _literal_decoder(args)
    if origin is typing.Union or origin is types.UnionType:
        return _union_decoder(args)
    if origin is list:
        return _list_decoder(_decoder(args[0]), list)
    if origin is tuple:
        if len(args) == 2 and args[1] is Ellipsis:
            return _list_decoder(_decoder(args[0]), tuple)
        return _tuple_decoder(tuple(_decoder(a) for a in args))
    if origin is dict:
        if args[0] is not str:
            raise TypeError(f"the codec keeps dicts keyed by text only, not {kind}")
        return _dict_decoder(_decoder(args[1]))
    raise TypeError(f"the codec has no decoder for {kind!r}")


def _literal_decoder(args: tuple[Any, ...]) -> Decoder:
    allowed = frozenset(args)

    def decode_literal(data: Any) -> Any:
        if not isinstance(data, (str, int)) or isinstance(data, bool) or data not in allowed:
            raise CodecError(f"{data!r} is not one of {sorted(map(str, allowed))}")
        return data

    return decode_literal


def _union_decoder(args: tuple[Any, ...]) -> Decoder:
    optional = type(None) in args
    *choices, last = [_decoder(a) for a in args if a is not type(None)]

    def decode_optional(data: Any) -> Any:  # X | None, most unions
        return None if data is None else last(data)

    def decode_union(data: Any) -> Any:
        if data is None and optional:
            return None
        for choice in choices:
            try:
                return choice(data)
            except CodecError:
                continue
        return last(data)

    return decode_optional if optional and not choices else decode_union


def _list_decoder(item: Decoder, container: type) -> Decoder:
    def decode_list(data: Any) -> Any:
        if not isinstance(data, list):
            raise fail("a list", data)
        return [item(x) for x in data] if container is list else container(item(x) for x in data)

    return decode_list


def _tuple_decoder(items: tuple[Decoder, ...]) -> Decoder:
    def decode_tuple(data: Any) -> tuple[Any, ...]:
        if not isinstance(data, list) or len(data) != len(items):
            raise fail(f"a list of {len(items)}", data)
        return tuple(d(x) for d, x in zip(items, data, strict=True))

    return decode_tuple


def _dict_decoder(value: Decoder) -> Decoder:
    plain = value is decode_text or value is decode_any  # most maps hold text: checked in one pass

    def decode_dict(data: Any) -> dict[str, Any]:
        if type(data) is not dict:
            raise fail("an object", data)
        if len(data) == 1 and MAP in data:
            data = data[MAP]
            if type(data) is not dict:
                raise fail("an object", data)
        if plain:
            for item in data.values():
                if type(item) is not str:
                    break
            else:
                return data
        if plain:  # text comes back as it is from either decoder: no call for it
            return {key: item if type(item) is str else value(item) for key, item in data.items()}
        return {key: value(item) for key, item in data.items()}

    return decode_dict


def _dataclass_decoder(cls: type) -> Decoder:
    """Builds the object without running __init__ (a record is its fields): every coded field must be of
    its declared type and there (unless it has a default), no other key may be; transient fields and
    missing ones take their defaults."""
    hints = typing.get_type_hints(cls)
    coded = {name: hints[name] for name in _coded_fields(cls)}
    required = {
        f.name for f in dataclasses.fields(cls) if f.name in coded and _default(f) is dataclasses.MISSING
    }
    defaulted = [f for f in dataclasses.fields(cls) if f.name not in required]
    transient = [f for f in defaulted if f.name not in coded]  # all a record with every coded key lacks
    every = coded.keys()
    decoders: dict[str, Decoder] = {}

    def decode_record(data: Any) -> Any:
        if not isinstance(data, dict):
            raise fail(f"a {cls.__name__}", data)
        complete = data.keys() == every
        if not complete and not required <= data.keys() <= every:
            raise CodecError(f"{cls.__name__} keys {sorted(data)} are not {sorted(coded)}")
        if not decoders:  # built on first use: a record may hold records of its own type
            decoders.update({name: _decoder(hint) for name, hint in coded.items()})
        record: Any = object.__new__(cls)
        state = record.__dict__  # not setattr: a frozen record (Period) is built the same way
        for name, item in data.items():
            state[name] = decoders[name](item)
        for f in transient if complete else defaulted:
            if f.name not in data:
                default = _default(f)
                if default is dataclasses.MISSING:
                    raise TypeError(f"transient field {cls.__name__}.{f.name} needs a default")
                state[f.name] = default
        return record

    return decode_record


def _default(f: dataclasses.Field[Any]) -> Any:
    if f.default_factory is not dataclasses.MISSING:
        return f.default_factory()
    return f.default
