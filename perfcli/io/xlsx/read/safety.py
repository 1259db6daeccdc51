"""Guards that run before any spreadsheet reader opens a file: hostile or broken input becomes a reason.

A Rust-backed reader (calamine) aborts the whole process when a zip bomb exhausts memory, so every check
here looks only at the zip directory, at bounded streamed reads of the XML parts, or at the OLE2 header,
and never trusts the file name: the format is decided from the bytes. The limits and the answers live in
limits, the bounded part reads in zip_parts, the sheet-size scan in extent.
"""

from __future__ import annotations

import io
import os
import re
import struct
import zipfile
from pathlib import Path

from perfcli.errors import os_reason
from perfcli.io.xlsx.read.extent import check_ods_content, check_xlsx_sheet
from perfcli.io.xlsx.read.limits import (
    ENCRYPTED_REASON,
    PROPERTY_PARTS,
    Checked,
    Limits,
    Rejected,
    limits_from_settings,
)
from perfcli.io.xlsx.read.zip_parts import ZIP_ERRORS, ZIP_MAGIC, ZipPart, bounded_read

# the names other modules import from here (the guards' entry point)
__all__ = ["ENCRYPTED_REASON", "Checked", "Limits", "Rejected", "check_workbook", "limits_from_settings"]

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

_PROPERTY_BYTES = 1024 * 1024  # how much of a (huge) property part is handed on


MISSING_REASON = "文件不存在或已被移走"


def _folder_reason(path: Path) -> str:
    """A folder where a workbook was expected: one that cannot be listed hides the files in it."""
    try:
        with os.scandir(path):
            pass
    except OSError as exc:
        return f"文件夹无法读取（{os_reason(exc)}），其中的工作簿都未能校验"
    return "这是一个文件夹，不是工作簿"


def check_workbook(path: Path, limits: Limits | None = None) -> Checked:
    """Decide the real format of `path` and refuse anything unsafe; raises Rejected with a reason."""
    limits = limits or Limits()
    try:
        size = path.stat().st_size
        with open(path, "rb") as fh:
            head = fh.read(8)
    except FileNotFoundError:
        raise Rejected(MISSING_REASON) from None
    except IsADirectoryError:
        raise Rejected(_folder_reason(path)) from None
    except OSError as exc:
        raise Rejected(f"文件无法打开（{os_reason(exc)}）") from None
    if size == 0:
        raise Rejected("文件是空的（0 字节），请重新报送")
    if size > limits.max_file_bytes:
        raise Rejected(f"文件过大（{size // (1024 * 1024)} MB），不像是监控表，请检查后重新报送")
    if head.startswith(OLE2_MAGIC):
        return _check_ole2(path, size, wps=path.suffix.lower() == ".et")
    if head.startswith(ZIP_MAGIC) or head.startswith(b"PK"):
        try:
            blob = path.read_bytes()  # at most max_file_bytes: every part is then inflated from memory
        except OSError as exc:
            raise Rejected(f"文件无法打开（{os_reason(exc)}）") from None
        return _check_zip(blob, limits)
    raise Rejected(_not_a_workbook(head))


def _not_a_workbook(head: bytes) -> str:
    if head.lstrip().startswith((b"<", b"\xef\xbb\xbf<")):
        return "文件不是 Excel 工作簿（内容是网页或 XML 文本），请用 Excel/WPS 另存为 .xlsx 后重新报送"
    if head.startswith(b"%PDF"):
        return "文件是 PDF，不是 Excel 工作簿，请报送 Excel 格式的监控表"
    return "文件不是 Excel 工作簿（无法识别的文件格式），请用 Excel/WPS 另存为 .xlsx 后重新报送"


# OLE2 (.xls, and encrypted OOXML) ---------------------------------------------------------------------


WPS_REASON = "文件是 WPS 表格（.et）格式，无法读取：请另存为 .xlsx 后重新报送"


def _check_ole2(path: Path, size: int, wps: bool = False) -> Checked:
    """.xls, and WPS .et (the same compound file; read when it holds a BIFF Workbook stream)."""
    names = _ole2_stream_names(path, size)
    if {"EncryptionInfo", "EncryptedPackage"} & names:
        raise Rejected(ENCRYPTED_REASON)
    if not ({"Workbook", "Book"} & names):
        if wps or any(name.upper().startswith(("ET", "WPS", "KSO")) for name in names):
            raise Rejected(WPS_REASON)
        raise Rejected("文件不是 Excel 工作簿（是其他 Office 文档，如 Word），请报送 Excel 格式的监控表")
    return Checked("xls")


def _ole2_stream_names(path: Path, size: int) -> set[str]:
    """The names in an OLE2 compound file's directory (a minimal, bounded reader of the CFB format)."""
    with open(path, "rb") as fh:
        header = fh.read(512)
        if len(header) < 512:
            raise Rejected("文件已损坏或不完整（OLE 文件头不完整），请重新报送")
        sector_shift = struct.unpack_from("<H", header, 0x1E)[0]
        if sector_shift not in (9, 12):
            raise Rejected("文件已损坏（OLE 文件头无效），请重新报送")
        sector = 1 << sector_shift
        first_dir = struct.unpack_from("<I", header, 0x30)[0]
        first_difat, n_difat = struct.unpack_from("<II", header, 0x44)
        fat_sectors = [s for s in struct.unpack_from("<109I", header, 0x4C) if s < 0xFFFFFFFA]
        max_sector = size // sector + 1
        seen = 0
        while first_difat < 0xFFFFFFFA and seen < min(n_difat, max_sector):
            fh.seek((first_difat + 1) * sector)
            block = fh.read(sector)
            if len(block) < sector:
                break
            entries = struct.unpack(f"<{sector // 4}I", block)
            fat_sectors.extend(s for s in entries[:-1] if s < 0xFFFFFFFA)
            first_difat = entries[-1]
            seen += 1
        fat: list[int] = []
        for s in fat_sectors[:max_sector]:
            fh.seek((s + 1) * sector)
            block = fh.read(sector)
            if len(block) < sector:
                raise Rejected("文件已损坏或不完整（被截断），请重新报送")
            fat.extend(struct.unpack(f"<{sector // 4}I", block))
        names: set[str] = set()
        current, steps = first_dir, 0
        while current < 0xFFFFFFFA and steps <= max_sector:
            fh.seek((current + 1) * sector)
            block = fh.read(sector)
            if len(block) < sector:
                raise Rejected("文件已损坏或不完整（被截断），请重新报送")
            for off in range(0, sector, 128):
                name_len = struct.unpack_from("<H", block, off + 0x40)[0]
                if 2 <= name_len <= 64:
                    names.add(block[off : off + name_len - 2].decode("utf-16-le", errors="replace"))
            current = fat[current] if current < len(fat) else 0xFFFFFFFE
            steps += 1
        return names


# Zip (.xlsx, .xlsm, .ods) -------------------------------------------------------------------------------


def _check_zip(blob: bytes, limits: Limits) -> Checked:
    try:
        zf = zipfile.ZipFile(io.BytesIO(blob))
    except zipfile.BadZipFile:
        raise Rejected("文件已损坏或不完整（压缩包被截断或损坏），请重新报送") from None
    except ZIP_ERRORS:
        raise Rejected("文件已损坏或不完整，无法打开，请重新报送") from None
    with zf:
        infos = zf.infolist()
        if len(infos) > limits.max_parts:
            raise Rejected(f"文件包含的部件过多（{len(infos)} 个），疑似恶意文件，已拒绝读取")
        _check_sizes(infos, limits)
        names = tuple(i.filename for i in infos)
        file_format = _zip_format(zf, names)
        if any(i.flag_bits & 0x1 for i in infos):
            raise Rejected(ENCRYPTED_REASON)
        properties: dict[str, bytes] = {}
        contents: dict[str, bytes] = {}
        # One pass, each part inflated at most once: the prolog check reads a small part whole, and the
        # sheet-size check reuses those bytes instead of inflating the sheet again.
        for info in infos:
            whole = None
            if info.filename.endswith((".xml", ".rels", ".vml")) and info.file_size:
                whole = _check_xml_prolog(ZipPart(zf, blob, info), limits)
            if file_format != "ods" and _XLSX_SHEET_PART.fullmatch(info.filename):
                check_xlsx_sheet(zf, info, whole, limits)
                if whole is not None:
                    contents[info.filename] = whole
            elif whole is not None and info.filename in _XLSX_READER_PARTS:
                contents[info.filename] = whole
            elif file_format == "ods" and info.filename == "content.xml":
                check_ods_content(zf, info, limits)
            if info.filename in PROPERTY_PARTS:
                properties[info.filename] = (
                    whole if whole is not None else ZipPart(zf, blob, info).read(_PROPERTY_BYTES)
                )
    return Checked(file_format, names, properties, contents)


_XLSX_SHEET_PART = re.compile(r"xl/worksheets/[^/]+\.xml")
_XLSX_READER_PARTS = frozenset(
    {"xl/workbook.xml", "xl/_rels/workbook.xml.rels", "xl/sharedStrings.xml", "xl/styles.xml"}
)


def _check_sizes(infos: list[zipfile.ZipInfo], limits: Limits) -> None:
    total = 0
    for info in infos:
        total += info.file_size
        if info.file_size > limits.max_part_bytes:
            raise Rejected(
                f"疑似“压缩炸弹”：部件 {info.filename} 解压后达 {_mb(info.file_size)}，超过上限，已拒绝读取"
            )
        if info.file_size > limits.ratio_min_bytes and info.file_size > limits.max_ratio * max(
            info.compress_size, 1
        ):
            raise Rejected(
                f"疑似“压缩炸弹”：部件 {info.filename} 压缩比异常（{info.file_size // max(info.compress_size, 1)} 倍），已拒绝读取"
            )
    if total > limits.max_total_bytes:
        raise Rejected(f"疑似“压缩炸弹”：解压后总大小达 {_mb(total)}，超过上限，已拒绝读取")


def _mb(n: int) -> str:
    return f"{n / (1024 * 1024):,.0f} MB" if n < 1024**3 else f"{n / 1024**3:,.1f} GB"


def _zip_format(zf: zipfile.ZipFile, names: tuple[str, ...]) -> str:
    name_set = set(names)
    if "xl/workbook.xml" in name_set or "xl/workbook.bin" in name_set:
        if "xl/workbook.bin" in name_set:
            raise Rejected("文件是 Excel 二进制工作簿（.xlsb），请另存为 .xlsx 后重新报送")
        types = (
            bounded_read(zf, "[Content_Types].xml", 256 * 1024) if "[Content_Types].xml" in name_set else b""
        )
        macro = b"macroEnabled" in types or "xl/vbaProject.bin" in name_set
        return "xlsm" if macro else "xlsx"
    if "content.xml" in name_set and "mimetype" in name_set:
        mimetype = bounded_read(zf, "mimetype", 200)
        if b"opendocument.spreadsheet" in mimetype:
            return "ods"
        raise Rejected("文件不是电子表格（是其他 OpenDocument 文档），请报送 Excel 格式的监控表")
    if "word/document.xml" in name_set:
        raise Rejected("文件是 Word 文档，不是 Excel 工作簿，请报送 Excel 格式的监控表")
    raise Rejected("文件是压缩包而不是 Excel 工作簿，请报送 Excel 格式的监控表")


_WHOLE_PART_BYTES = 4 * 1024 * 1024
_DECL = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)
_ROOT_START = re.compile(rb"<[A-Za-z_]")


def _check_xml_prolog(part: ZipPart, limits: Limits) -> bytes | None:
    """Refuse XML that declares a DTD or entities (billion laughs, external entities) before its root.

    Parts declared small are read whole, so zipfile checks their CRC and stops at the declared size: a
    part that inflates beyond what the directory says is refused here, before any reader sees it. Returns
    the whole part when it was read whole (None for a big part, of which only the prolog was read)."""
    info = part.info
    whole = info.file_size <= _WHOLE_PART_BYTES
    content = part.read(info.file_size + 1 if whole else limits.prolog_bytes)
    if whole and len(content) > info.file_size:
        raise Rejected(f"文件已损坏（部件 {info.filename} 的实际大小与记录不符，疑似“压缩炸弹”），已拒绝读取")
    data = content[: limits.prolog_bytes]
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        data = data.decode("utf-16", errors="ignore").encode("utf-8")
    data = data.replace(b"\x00", b"")
    root = _ROOT_START.search(data)
    prolog = data[: root.start()] if root else data
    if _DECL.search(prolog) or (root is None and len(data) >= limits.prolog_bytes):
        raise Rejected(
            f"文件包含不安全的 XML 声明（DOCTYPE/ENTITY，可能是实体扩展攻击），部件 {info.filename}，已拒绝读取"
        )
    return content if whole else None
