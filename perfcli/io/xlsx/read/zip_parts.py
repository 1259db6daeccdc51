"""Bounded reads of one part of a zip held in memory (.xlsx, .xlsm, .ods), and the reason given when a
part is damaged. Used by the workbook guards before any reader opens the file."""

from __future__ import annotations

import struct
import zipfile
import zlib
from dataclasses import dataclass

from perfcli.io.xlsx.read.limits import Rejected

ZIP_MAGIC = b"PK\x03\x04"

# What zipfile raises on damaged archives: its own error, zlib's (bad deflate data), short reads, bad
# headers (struct), and compression methods it does not know.
ZIP_ERRORS = (
    zipfile.BadZipFile,
    zlib.error,
    OSError,
    EOFError,
    ValueError,
    NotImplementedError,
    struct.error,
)


def bounded_read(zf: zipfile.ZipFile, name: str | zipfile.ZipInfo, limit: int) -> bytes:
    """At most `limit` bytes of one part, through zipfile; a damaged part is Rejected."""
    try:
        with zf.open(name) as fh:
            return fh.read(limit)
    except ZIP_ERRORS as exc:
        part = name.filename if isinstance(name, zipfile.ZipInfo) else name
        raise Rejected(damaged_reason(part, exc)) from None


_LOCAL_HEADER = struct.Struct("<4s22xHH")  # signature ... file name length, extra field length
_PLAIN_FLAGS = 0x080E  # deflate options (bits 1-2), data descriptor (3), UTF-8 names (11)


@dataclass(frozen=True)
class ZipPart:
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
            return bounded_read(self.zf, info, limit)
        try:
            raw = self._raw()
            want = min(limit, info.file_size)
            if info.compress_type == zipfile.ZIP_STORED:
                data = raw[:want]
            else:
                data = zlib.decompressobj(-15).decompress(raw, want)
            if limit > info.file_size and zlib.crc32(data) != info.CRC:  # a whole read, as zipfile
                raise zipfile.BadZipFile(f"Bad CRC-32 for file {info.filename!r}")
        except ZIP_ERRORS as exc:
            raise Rejected(damaged_reason(info.filename, exc)) from None
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


def damaged_reason(part: str, exc: BaseException) -> str:
    """The Chinese reason for a part zipfile or zlib could not read."""
    if "CRC" in str(exc):
        return f"文件已损坏或被篡改（部件 {part} 的实际内容与压缩包目录记录不符），已拒绝读取，请重新报送"
    if isinstance(exc, NotImplementedError):
        return f"文件使用了不支持的压缩方式（部件 {part}），请用 Excel/WPS 另存为 .xlsx 后重新报送"
    return f"文件已损坏或不完整（部件 {part} 无法解压），请重新报送"
