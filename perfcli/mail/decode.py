"""Header words and attachment names as Chinese mail clients write them, decoded to text.

Outlook and Foxmail put RFC 2047 encoded words inside quoted parameters (name="=?gb2312?B?…?="), which the
standard forbids and every client accepts; Coremail and Thunderbird write RFC 2231 (filename*=UTF-8''…,
continued as filename*0*, filename*1*); old mail-merge tools send the bytes raw in GBK. A text labelled
GB2312 often holds GBK-only characters (喆, 堃, 镕), so the GB family is always decoded as GB18030, its
superset."""

from __future__ import annotations

import re
import urllib.parse
from email.header import decode_header
from email.message import Message

# every label of the GB family decodes as GB18030, the superset (a "gb2312" name with 堃 in it is common)
_GB_FAMILY = {"gb2312", "gbk", "gb18030", "cp936", "euc-cn", "x-gbk", "csgb2312", "gb_2312-80", "x-euc-cn"}
_ENCODED_WORD = re.compile(r"=\?[^?\s]+\?[bBqQ]\?[^?\s]*\?=")


def codec_of(charset: str | None) -> str:
    """The codec to decode text labelled `charset` with (the GB family as GB18030; unknown → UTF-8)."""
    name = (charset or "").strip().strip('"').lower()
    if not name or name in ("us-ascii", "ascii", "unknown-8bit"):
        return "utf-8"
    if name in _GB_FAMILY:
        return "gb18030"
    try:
        "".encode(name)
    except LookupError:
        return "utf-8"
    return name


def bytes_text(data: bytes, charset: str | None = None) -> str:
    """Bytes as text: in `charset` when it decodes them, else UTF-8, else GB18030 (never raises)."""
    for codec in dict.fromkeys([codec_of(charset), "utf-8", "gb18030"]):
        try:
            return data.decode(codec)
        except UnicodeDecodeError:
            continue
    return data.decode("gb18030", errors="replace")


def raw_text(value: str) -> str:
    """A header value the parser kept as surrogate escapes (8-bit bytes sent raw) as the text it meant."""
    if any("\udc80" <= c <= "\udcff" for c in value):
        return bytes_text(value.encode("utf-8", "surrogateescape"))
    return value


def header_text(value: str | None) -> str:
    """A raw header value with its encoded words decoded (RFC 2047, also inside quotes), one line."""
    if not value:
        return ""
    value = raw_text(str(value))
    if "=?" not in value:
        return " ".join(value.split())
    # adjacent encoded words are one text (a name split over two words may split a character's bytes)
    value = re.sub(r"(\?=)\s+(=\?)", r"\1\2", value)
    out: list[str] = []
    pending: list[tuple[bytes, str | None]] = []
    for chunk, charset in decode_header(value):
        if isinstance(chunk, str):
            chunk, charset = chunk.encode("utf-8", "surrogateescape"), None
        if pending and pending[-1][1] == charset:
            pending[-1] = (pending[-1][0] + chunk, charset)
        else:
            pending.append((chunk, charset))
    for chunk, charset in pending:
        out.append(bytes_text(chunk, charset))
    return " ".join("".join(out).split())


def attachment_name(part: Message) -> str | None:
    """The file name of a MIME part, from Content-Disposition filename, else Content-Type name; RFC 2231
    (with continuations) or RFC 2047 or raw 8-bit; None when the part names no file."""
    for header, param in (("content-disposition", "filename"), ("content-type", "name")):
        raw = _raw_header(part, header)
        if raw is None:
            continue
        name = _rfc2231_param(raw, param)
        if name is None:
            name = _plain_param(raw, param)
        if name:
            return name
    return None


def _raw_header(part: Message, name: str) -> str | None:
    for key, value in part.raw_items():
        if key.lower() == name:
            return str(value)
    return None


def _params(raw: str) -> list[tuple[str, str]]:
    """key=value pairs of a header value (quoted values unquoted), in order, tolerating stray text."""
    pairs = []
    for match in re.finditer(r';\s*([^=;\s]+)\s*=\s*("(?:[^"\\]|\\.)*"|[^;]*)', raw, re.DOTALL):
        key, value = match[1].strip().lower(), match[2].strip()
        if value.startswith('"') and value.endswith('"') and len(value) >= 2:
            value = re.sub(r"\\(.)", r"\1", value[1:-1])
        pairs.append((key, " ".join(value.split("\r\n")).replace("\n", "")))
    return pairs


def _rfc2231_param(raw: str, param: str) -> str | None:
    """filename*=charset'lang'%XX… or filename*0*=…; filename*1*=… joined (RFC 2231 §3–4)."""
    pieces: dict[int, tuple[str, bool]] = {}
    for key, value in _params(raw):
        match = re.fullmatch(re.escape(param) + r"\*(?:(\d+)(\*)?)?", key)
        if match is None:
            continue
        if match[1] is None:  # filename*=…: one encoded piece
            pieces[0] = (value, True)
        else:
            pieces[int(match[1])] = (value, match[2] is not None)
    if not pieces:
        return None
    charset = None
    data = b""
    for index in sorted(pieces):
        value, encoded = pieces[index]
        if index == min(pieces) and encoded and value.count("'") >= 2:
            charset, _lang, value = value.split("'", 2)
        data += urllib.parse.unquote_to_bytes(value) if encoded else raw_text(value).encode("utf-8")
    return bytes_text(data, charset)


def _plain_param(raw: str, param: str) -> str | None:
    for key, value in _params(raw):
        if key == param:
            return header_text(value) if _ENCODED_WORD.search(value) else raw_text(value)
    return None
