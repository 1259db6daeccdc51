"""E-mail addresses as the roster's 邮箱 column and mail headers hold them: parsed and compared here only."""

from __future__ import annotations

import re

# several addresses in one cell: separated by ；; ，, 、 or white space (clerks use all of them)
_SEPARATORS = re.compile(r"[;；,，、\s]+")
# deliberately plain: a local part and a dotted domain, no quoted strings or comments (a roster cell, not RFC 5322)
_ADDRESS = re.compile(r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$")


def split_addresses(text: str | None) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(addresses, not addresses) of a 邮箱 cell; full-width ＠ and letters are read as half-width."""
    good: list[str] = []
    bad: list[str] = []
    for part in _SEPARATORS.split((text or "").strip()):
        if not part:
            continue
        address = _half_width(part).strip("<>")
        if _ADDRESS.match(address):
            if address_key(address) not in {address_key(a) for a in good}:
                good.append(address)
        else:
            bad.append(part)
    return tuple(good), tuple(bad)


def address_key(address: str) -> str:
    """How two addresses compare: case-insensitively, as mail systems treat them in practice."""
    return _half_width(address).strip().strip("<>").casefold()


def _half_width(text: str) -> str:
    return "".join(chr(ord(c) - 0xFEE0) if "\uff01" <= c <= "\uff5e" else c for c in text)
