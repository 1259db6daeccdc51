"""Guards that run before any spreadsheet reader opens a file: hostile or broken input becomes a reason.

A Rust-backed reader (calamine) aborts the whole process when a zip bomb exhausts memory, so every check
here looks only at the zip directory, at bounded streamed reads of the XML parts, or at the OLE2 header,
and never trusts the file name: the format is decided from the bytes.
"""

from __future__ import annotations

import io
import re
import struct
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"

# What zipfile raises on damaged archives: its own error, zlib's (bad deflate data), short reads, bad
# headers (struct), and compression methods it does not know.
_ZIP_ERRORS = (
    zipfile.BadZipFile,
    zlib.error,
    OSError,
    EOFError,
    ValueError,
    NotImplementedError,
    struct.error,
)

ENCRYPTED_REASON = "工作簿已加密（设置了打开密码），请取消密码后重新报送"


@dataclass(frozen=True)
class Limits:
    """How big a returned workbook may be before it is refused (generous for a monitoring form)."""

    max_file_bytes: int = 100 * 1024 * 1024
    max_part_bytes: int = 50 * 1024 * 1024  # one part (sheet XML, shared strings) uncompressed
    max_total_bytes: int = 200 * 1024 * 1024  # all parts uncompressed
    max_ratio: int = 200  # compression ratio, checked on parts bigger than ratio_min_bytes
    ratio_min_bytes: int = 1024 * 1024
    max_parts: int = 5000
    max_rows: int = 100_000
    max_cells: int = 5_000_000  # rows × columns of a sheet's used area (calamine allocates it densely)
    prolog_bytes: int = 64 * 1024  # how far into an XML part a DOCTYPE is looked for


_MB = 1024 * 1024
# perfcli.toml [reading] key -> (Limits field, multiplier)
_CONFIG_KEYS = {
    "max_file_mb": ("max_file_bytes", _MB),
    "max_part_mb": ("max_part_bytes", _MB),
    "max_total_mb": ("max_total_bytes", _MB),
    "max_ratio": ("max_ratio", 1),
    "max_rows": ("max_rows", 1),
    "max_cells": ("max_cells", 1),
}


def limits_from_settings(settings: dict[str, object]) -> Limits:
    """Limits from the [reading] section of perfcli.toml; a wrong key or value is a usage error."""
    from perfcli.errors import UsageError

    values: dict[str, int] = {}
    for key, value in settings.items():
        if key not in _CONFIG_KEYS:
            raise UsageError(
                f"配置文件 [reading] 中有无法识别的设置“{key}”：可用的有 {'、'.join(_CONFIG_KEYS)}"
            )
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value <= 0:
            raise UsageError(f"配置文件 [reading] 中“{key}”应为正数，现为“{value}”")
        name, factor = _CONFIG_KEYS[key]
        values[name] = int(value * factor)
    return Limits(**values)


class Rejected(Exception):
    """The file cannot be read; `reason` is the Chinese sentence shown to the user."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


# Document-property parts the reader wants after the checks (save time, identity property): handed on
# from the checks' own reads so the file is not opened and inflated a second time.
PROPERTY_PARTS = ("docProps/core.xml", "docProps/custom.xml", "meta.xml")
_PROPERTY_BYTES = 1024 * 1024  # how much of a (huge) property part is handed on


@dataclass(frozen=True)
class Checked:
    """A file that passed the guards: its real format and, for zip formats, its part names and the bytes
    of each PROPERTY_PARTS part it has (whole, CRC and size verified; the first MB of a huge one)."""

    file_format: str  # xlsx | xlsm | xls | ods
    parts: tuple[str, ...] = ()
    properties: dict[str, bytes] = field(default_factory=dict, compare=False)


def check_workbook(path: Path, limits: Limits | None = None) -> Checked:
    """Decide the real format of `path` and refuse anything unsafe; raises Rejected with a reason."""
    limits = limits or Limits()
    try:
        size = path.stat().st_size
        with open(path, "rb") as fh:
            head = fh.read(8)
    except FileNotFoundError:
        raise Rejected("文件不存在") from None
    except IsADirectoryError:
        raise Rejected("这是一个文件夹，不是工作簿") from None
    except OSError as exc:
        raise Rejected(f"文件无法打开（{exc.strerror or exc}）") from None
    if size == 0:
        raise Rejected("文件是空的（0 字节），请重新报送")
    if size > limits.max_file_bytes:
        raise Rejected(f"文件过大（{size // (1024 * 1024)} MB），不像是监控表，请检查后重新报送")
    if head.startswith(OLE2_MAGIC):
        return _check_ole2(path, size)
    if head.startswith(ZIP_MAGIC) or head.startswith(b"PK"):
        try:
            blob = path.read_bytes()  # at most max_file_bytes: every part is then inflated from memory
        except OSError as exc:
            raise Rejected(f"文件无法打开（{exc.strerror or exc}）") from None
        return _check_zip(blob, limits)
    raise Rejected(_not_a_workbook(head))


def _not_a_workbook(head: bytes) -> str:
    if head.lstrip().startswith((b"<", b"\xef\xbb\xbf<")):
        return "文件不是 Excel 工作簿（内容是网页或 XML 文本），请用 Excel/WPS 另存为 .xlsx 后重新报送"
    if head.startswith(b"%PDF"):
        return "文件是 PDF，不是 Excel 工作簿，请报送 Excel 格式的监控表"
    return "文件不是 Excel 工作簿（无法识别的文件格式），请用 Excel/WPS 另存为 .xlsx 后重新报送"


# OLE2 (.xls, and encrypted OOXML) ---------------------------------------------------------------------


def _check_ole2(path: Path, size: int) -> Checked:
    names = _ole2_stream_names(path, size)
    if {"EncryptionInfo", "EncryptedPackage"} & names:
        raise Rejected(ENCRYPTED_REASON)
    if not ({"Workbook", "Book"} & names):
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
    except _ZIP_ERRORS:
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
        # One pass, each part inflated at most once: the prolog check reads a small part whole, and the
        # sheet-size check reuses those bytes instead of inflating the sheet again.
        for info in infos:
            whole = None
            if info.filename.endswith((".xml", ".rels", ".vml")) and info.file_size:
                whole = _check_xml_prolog(_Part(zf, blob, info), limits)
            if file_format != "ods" and _XLSX_SHEET_PART.fullmatch(info.filename):
                if whole is None or not _small_sheet_within_limits(whole, limits):
                    _check_sheet_extent(zf, info, limits, _XLSX_TOKENS, _xlsx_extent)
            elif file_format == "ods" and info.filename == "content.xml":
                _check_sheet_extent(zf, info, limits, _ODS_TOKENS, _ods_extent)
            if info.filename in PROPERTY_PARTS:
                properties[info.filename] = (
                    whole if whole is not None else _Part(zf, blob, info).read(_PROPERTY_BYTES)
                )
    return Checked(file_format, names, properties)


_XLSX_SHEET_PART = re.compile(r"xl/worksheets/[^/]+\.xml")


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
            _bounded_read(zf, "[Content_Types].xml", 256 * 1024) if "[Content_Types].xml" in name_set else b""
        )
        macro = b"macroEnabled" in types or "xl/vbaProject.bin" in name_set
        return "xlsm" if macro else "xlsx"
    if "content.xml" in name_set and "mimetype" in name_set:
        mimetype = _bounded_read(zf, "mimetype", 200)
        if b"opendocument.spreadsheet" in mimetype:
            return "ods"
        raise Rejected("文件不是电子表格（是其他 OpenDocument 文档），请报送 Excel 格式的监控表")
    if "word/document.xml" in name_set:
        raise Rejected("文件是 Word 文档，不是 Excel 工作簿，请报送 Excel 格式的监控表")
    raise Rejected("文件是压缩包而不是 Excel 工作簿，请报送 Excel 格式的监控表")


def _bounded_read(zf: zipfile.ZipFile, name: str | zipfile.ZipInfo, limit: int) -> bytes:
    try:
        with zf.open(name) as fh:
            return fh.read(limit)
    except _ZIP_ERRORS as exc:
        raise Rejected(_damaged(getattr(name, "filename", name), exc)) from None  # type: ignore[arg-type]


_LOCAL_HEADER = struct.Struct("<4s22xHH")  # signature ... file name length, extra field length
_PLAIN_FLAGS = 0x080E  # deflate options (bits 1-2), data descriptor (3), UTF-8 names (11)


@dataclass(frozen=True)
class _Part:
    """One part of a zip whose bytes are in memory.

    A workbook has a dozen small parts: inflating each straight from the archive's bytes with zlib costs
    a fraction of zipfile's per-part file objects. zipfile's own checks are kept (local header signature
    and name, declared size never exceeded, CRC of a whole read); any unusual entry (other compression
    methods, other flags) goes through zipfile itself."""

    zf: zipfile.ZipFile
    blob: bytes
    info: zipfile.ZipInfo

    def read(self, limit: int) -> bytes:
        """At most `limit` bytes; never more than the directory declares (as zipfile)."""
        info = self.info
        plain = info.compress_type in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED)
        if not plain or info.flag_bits & ~_PLAIN_FLAGS:
            return _bounded_read(self.zf, info, limit)
        try:
            raw = self._raw()
            want = min(limit, info.file_size)
            if info.compress_type == zipfile.ZIP_STORED:
                data = raw[:want]
            else:
                data = zlib.decompressobj(-15).decompress(raw, want)
            if limit > info.file_size and zlib.crc32(data) != info.CRC:  # a whole read, as zipfile
                raise zipfile.BadZipFile(f"Bad CRC-32 for file {info.filename!r}")
        except _ZIP_ERRORS as exc:
            raise Rejected(_damaged(info.filename, exc)) from None
        return data

    def _raw(self) -> bytes:
        info, blob = self.info, self.blob
        start = info.header_offset
        if len(blob) < start + _LOCAL_HEADER.size:
            raise EOFError("truncated local header")
        magic, name_len, extra_len = _LOCAL_HEADER.unpack_from(blob, start)
        if magic != ZIP_MAGIC:
            raise zipfile.BadZipFile("Bad magic number for file header")
        name_start = start + _LOCAL_HEADER.size
        encoding = "utf-8" if info.flag_bits & 0x800 else "cp437"
        if blob[name_start : name_start + name_len].decode(encoding, "replace") != info.orig_filename:
            raise zipfile.BadZipFile(f"File name in directory {info.orig_filename!r} and header differ.")
        data_start = name_start + name_len + extra_len
        raw = blob[data_start : data_start + info.compress_size]
        if len(raw) < info.compress_size:
            raise EOFError("truncated part")
        return raw


def _damaged(part: str, exc: BaseException) -> str:
    if "CRC" in str(exc):
        return f"文件已损坏或被篡改（部件 {part} 的实际内容与压缩包目录记录不符），已拒绝读取，请重新报送"
    if isinstance(exc, NotImplementedError):
        return f"文件使用了不支持的压缩方式（部件 {part}），请用 Excel/WPS 另存为 .xlsx 后重新报送"
    return f"文件已损坏或不完整（部件 {part} 无法解压），请重新报送"


_WHOLE_PART_BYTES = 4 * 1024 * 1024
_DECL = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)
_ROOT_START = re.compile(rb"<[A-Za-z_]")


def _check_xml_prolog(part: _Part, limits: Limits) -> bytes | None:
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


# Used area of each sheet, counted from the XML tokens without building a tree. Elements may carry a
# namespace prefix (<x:row><x:c r="XFD1">): calamine reads those too. An address is the attribute r itself
# (white space before it), not x:r. A tag ends at a ">" outside quotes (an attribute value may hold one).
_XLSX_TOKENS = re.compile(rb"<(/?)(?:[A-Za-z_][\w.-]*:)?(row|c)\b((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>")
_ODS_TOKENS = re.compile(
    rb"<(/?)table:(table-row|table-cell|covered-table-cell|table)\b((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>"
)
_R_ATTR = re.compile(rb'\sr\s*=\s*["\']([A-Z]{1,3})?(\d+)["\']')
_ROWS_REPEATED = re.compile(rb'number-rows-repeated="(\d+)"')
_COLS_REPEATED = re.compile(rb'number-columns-repeated="(\d+)"')


# Every cell (row) tag, with its address when it has one: one scan gives the count and the addresses.
_CELL = re.compile(rb'<c(?=[\s>/])(?:[^>]*?\sr="([A-Z]{1,3})(\d+)")?')
_ROW = re.compile(rb'<row(?=[\s>/])(?:[^>]*?\sr="(\d+)")?')
_PREFIXED = re.compile(rb":(?:c|row)[\s>/]")  # a prefixed cell or row (or such text): the walker decides
_R_AFTER_BREAK = re.compile(rb"[\t\n\r]r\s*=")  # an attribute r after a tab or line break


def _small_sheet_within_limits(data: bytes, limits: Limits) -> bool:
    """The fast path for an ordinary sheet part (read whole, every cell addressed): the used area from a
    few regex scans in C. False means "look closer" (the streaming walker then decides)."""
    extent = _addressed_extent(data)
    if extent is None:
        return False
    rows, cols = extent
    return rows <= limits.max_rows and rows * max(cols, 1) <= limits.max_cells


def _addressed_extent(data: bytes) -> tuple[int, int] | None:
    """(rows, columns) of a sheet whose cells all carry an address; None when one does not."""
    if _PREFIXED.search(data):
        return None
    cells = _CELL.findall(data)  # (column letters, row number); (b"", b"") for a cell without one
    columns, numbers = zip(*cells, strict=True) if cells else ((), ())
    letters = set(columns)
    if b"" in letters:
        return None  # cells without an address: count them one by one
    row_numbers = _ROW.findall(data)  # b"" for a row without an address
    # a repeated r attribute (<c r="A1" r="XFD1">: calamine takes the last) must go to the walker: the
    # count of ' r="' is then more than one per addressed tag
    addressed = len(cells) + len(row_numbers) - row_numbers.count(b"")
    if data.count(b' r="') != addressed:
        return None
    if (b"\t" in data or b"\n" in data or b"\r" in data) and _R_AFTER_BREAK.search(data):
        return None
    # a cell's own address places it (calamine), even below the row it is written in
    rows = max(
        len(row_numbers),
        max(map(int, filter(None, set(row_numbers))), default=0),
        max(map(int, set(numbers)), default=0),
    )
    return rows, max(map(_col_number, letters), default=0)


def _col_number(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ch - 64
    return n


class _Extent:
    def __init__(self) -> None:
        self.rows = 0
        self.cols = 0
        self.row_cells = 0
        self.pending_rows = 0  # ods: repeated rows counted only when something follows them
        self.row_repeat = 1
        self.row_has_value = False


def _xlsx_extent(ext: _Extent, m: re.Match[bytes]) -> None:
    closing, tag, attrs = m.group(1), m.group(2), m.group(3)
    if closing:
        return
    # every r attribute counts, a repeated one too (calamine takes the last)
    addresses = _R_ATTR.findall(attrs)
    row = max((int(number) for _, number in addresses), default=0)
    if tag == b"row":
        ext.rows = max(ext.rows + 1, row)
        ext.row_cells = 0
    else:
        ext.row_cells += 1
        letters = [column for column, _ in addresses if column]
        col = max(map(_col_number, letters)) if letters else ext.row_cells
        ext.row_cells = col
        ext.cols = max(ext.cols, col)
        ext.rows = max(ext.rows, row)


def _ods_extent(ext: _Extent, m: re.Match[bytes]) -> None:
    closing, tag, attrs = m.group(1), m.group(2), m.group(3)
    if tag == b"table":
        if not closing:
            ext.pending_rows = 0
        return
    if tag == b"table-row":
        if closing:
            _ods_end_row(ext)
        else:
            rr = _ROWS_REPEATED.search(attrs)
            ext.row_repeat = int(rr.group(1)) if rr else 1
            ext.row_cells = 0
            ext.row_has_value = False
            if attrs.rstrip().endswith(b"/"):
                _ods_end_row(ext)
        return
    if closing:
        return
    cr = _COLS_REPEATED.search(attrs)
    repeat = int(cr.group(1)) if cr else 1
    has_value = b"value-type" in attrs or not attrs.rstrip().endswith(b"/")
    if has_value:
        ext.row_cells += repeat
        ext.cols = max(ext.cols, ext.row_cells)
        ext.row_has_value = True
    else:
        ext.row_cells += repeat  # empty cells widen the sheet only when a value follows them


def _ods_end_row(ext: _Extent) -> None:
    ext.pending_rows += ext.row_repeat
    if ext.row_has_value:
        ext.rows += ext.pending_rows
        ext.pending_rows = 0
    ext.row_repeat = 1


def _check_sheet_extent(
    zf: zipfile.ZipFile,
    info: zipfile.ZipInfo,
    limits: Limits,
    tokens: re.Pattern[bytes],
    step: Callable[[_Extent, re.Match[bytes]], None],
) -> None:
    """Stream one sheet part and refuse it when its used area is beyond the limits."""
    ext = _Extent()
    carry = b""
    try:
        with zf.open(info.filename) as fh:
            while True:
                chunk = fh.read(1024 * 1024)
                data = carry + chunk
                cut = data.rfind(b"<") if chunk else len(data)
                if cut < 0:
                    cut = len(data)
                for m in tokens.finditer(data, 0, cut):
                    step(ext, m)
                carry = data[cut:]
                if ext.rows > limits.max_rows:
                    raise Rejected(
                        f"行数过多：工作表部件 {info.filename} 超过 {limits.max_rows:,} 行，不像是监控表，已拒绝读取"
                    )
                if ext.rows * max(ext.cols, 1) > limits.max_cells:
                    raise Rejected(
                        f"表格范围过大：工作表部件 {info.filename} 使用区域达 {ext.rows:,} 行 × {ext.cols:,} 列，已拒绝读取"
                    )
                if not chunk:
                    break
    except _ZIP_ERRORS as exc:
        raise Rejected(_damaged(info.filename, exc)) from None
