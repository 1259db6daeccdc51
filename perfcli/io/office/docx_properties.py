"""Custom document properties of a .docx (docProps/custom.xml): letters carry their 文号, kind, recipient
and period there, where Word and WPS keep them through edits and saves (文件 → 属性 → 自定义), so that a lost
ledger can be rebuilt from the letters on disk."""

from __future__ import annotations

import os
import re
import tempfile
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

CUSTOM_PART = "docProps/custom.xml"
_CUSTOM_TYPE = "application/vnd.openxmlformats-officedocument.custom-properties+xml"
_CUSTOM_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/custom-properties"
_PROPS_NS = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
_VT_NS = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"
_FMTID = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"
MAX_PART_BYTES = 256 * 1024  # a properties part larger than this is not ours: not read


def custom_part(properties: dict[str, str]) -> bytes:
    """docProps/custom.xml holding `properties` as text properties."""
    items = "".join(
        f'<property fmtid="{_FMTID}" pid="{pid}" name="{escape(name, {chr(34): "&quot;"})}">'
        f"<vt:lpwstr>{escape(value)}</vt:lpwstr></property>"
        for pid, (name, value) in enumerate(sorted(properties.items()), start=2)
    )
    return (
        "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
        f'<Properties xmlns="{_PROPS_NS}" xmlns:vt="{_VT_NS}">{items}</Properties>'
    ).encode()


def register_custom_part(name: str, data: bytes) -> bytes:
    """[Content_Types].xml or _rels/.rels with the custom properties part declared (others unchanged)."""
    text = data.decode("utf-8")
    if name == "[Content_Types].xml" and "/docProps/custom.xml" not in text:
        text = text.replace(
            "</Types>", f'<Override PartName="/{CUSTOM_PART}" ContentType="{_CUSTOM_TYPE}"/></Types>'
        )
    elif name == "_rels/.rels" and _CUSTOM_REL not in text:
        text = text.replace(
            "</Relationships>",
            f'<Relationship Id="rIdPerfcli1" Type="{_CUSTOM_REL}" Target="{CUSTOM_PART}"/></Relationships>',
        )
    return text.encode("utf-8")


def copy_with_properties(
    source: zipfile.ZipFile,
    target: zipfile.ZipFile,
    properties: dict[str, str] | None,
    skip: frozenset[str] = frozenset(),
) -> None:
    """Every part of `source` but `skip` into `target`, the custom properties part declared (and, when
    `properties` are given, written; otherwise left for the caller to add)."""
    for item in source.infolist():
        if item.filename == CUSTOM_PART or item.filename in skip:
            continue
        data = source.read(item.filename)
        if item.filename in ("[Content_Types].xml", "_rels/.rels"):
            data = register_custom_part(item.filename, data)
        target.writestr(item, data)
    if properties is not None:
        target.writestr(CUSTOM_PART, custom_part(properties))


def set_custom_properties(path: Path, properties: dict[str, str]) -> None:
    """Rewrite the .docx at `path` with `properties` as its custom properties (atomically)."""
    fd, name = tempfile.mkstemp(prefix=".~props-", suffix=".docx", dir=path.parent)
    os.close(fd)
    try:
        with zipfile.ZipFile(path) as source, zipfile.ZipFile(name, "w", zipfile.ZIP_DEFLATED) as target:
            copy_with_properties(source, target, properties)
        os.replace(name, path)
    finally:
        Path(name).unlink(missing_ok=True)


_PROPERTY = re.compile(r'<property\b[^>]*\bname="([^"]*)"[^>]*>\s*<vt:lpwstr>([^<]*)</vt:lpwstr>', re.S)


def read_custom_properties(path: Path) -> dict[str, str]:
    """The text custom properties of a .docx; empty when it has none or is not a readable .docx. Read by
    pattern, never by an XML parser with entities: the file may come from anywhere."""
    from html import unescape

    try:
        with zipfile.ZipFile(path) as zf:
            info = zf.getinfo(CUSTOM_PART)
            if info.file_size > MAX_PART_BYTES:
                return {}
            text = zf.read(info).decode("utf-8", errors="replace")
    except (OSError, KeyError, zipfile.BadZipFile, RuntimeError, ValueError):
        return {}
    return {unescape(name): unescape(value) for name, value in _PROPERTY.findall(text)}
