"""Text from data made safe for where it goes: control characters out before any writer (xlsx, docx) or the
terminal gets it, and cut at Excel's limit with a note saying so. The last line of defence: whatever the
reader let through, no writer receives a character its format forbids.
"""

from __future__ import annotations

import re

CELL_TEXT_MAX = 32767  # characters in an Excel cell or comment
# XML 1.0 forbids C0 controls but tab, line feed and carriage return; lone surrogates and U+FFFE/U+FFFF too
_XML_FORBIDDEN = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")
# Excel writes a control character as the text _x0001_; openpyxl and Excel turn that text back into one
_ESCAPED_CONTROL = re.compile(r"_x(00[01][0-9A-Fa-f]|007[Ff])_")
_KEPT_ESCAPES = {0x09, 0x0A, 0x0D}
# on a terminal: every C0 and C1 control (ESC, BEL, CSI…) but the line break, and the bidi overrides
_TERMINAL_FORBIDDEN = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def _drop_escaped(match: re.Match[str]) -> str:
    return match.group(0) if int(match.group(1), 16) in _KEPT_ESCAPES else ""


def writable_text(text: str) -> str:
    """`text` without the characters an xlsx or docx part cannot hold (nor their _xHHHH_ escapes)."""
    return _ESCAPED_CONTROL.sub(_drop_escaped, _XML_FORBIDDEN.sub("", text))


def truncated(text: str, limit: int = CELL_TEXT_MAX) -> str:
    """`text` cut to `limit` characters, ending with a note of how long the original was."""
    if len(text) <= limit:
        return text
    note = f"…（已截断，原文 {len(text)} 字）"
    return text[: limit - len(note)] + note


QUOTE_MAX = 200  # characters of a cell a finding message quotes


def quoted(text: str, limit: int = QUOTE_MAX) -> str:
    """A cell's text as a message quotes it: at most `limit` characters, then how long it was."""
    if len(text) <= limit:
        return text
    return f"{text[:limit]}…（共 {len(text)} 字）"


def cell_text(text: str, limit: int = CELL_TEXT_MAX) -> str:
    """Text as a cell or a comment may hold it: no forbidden characters, at most `limit` characters."""
    return truncated(writable_text(text), limit)


def terminal_text(text: str) -> str:
    """Text from data as it may reach a terminal: no escape sequence, bell or direction override."""
    return _TERMINAL_FORBIDDEN.sub("", text.replace("\t", " "))
