"""Workbooks inside a .zip attachment: entry names decoded as the archiver wrote them (Windows' built-in
zip and 360压缩/WinRAR write GBK without the UTF-8 flag), sizes bounded before anything is inflated."""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

from perfcli.io.xlsx.read.limits import Limits, Rejected
from perfcli.io.xlsx.read.zip_parts import ZIP_ERRORS, bounded_read
from perfcli.mail.decode import bytes_text

_UTF8_FLAG = 0x800
MAX_ENTRIES = 500  # a return zip holds a few workbooks; thousands of entries is a bomb of another kind


@dataclass
class ZipEntry:
    name: str  # the entry's path inside the archive, decoded
    data: bytes | None
    problem: str | None = None  # why it was not taken out


def entry_name(info: zipfile.ZipInfo) -> str:
    """The entry's name: UTF-8 when flagged, else the raw bytes (zipfile read them as cp437) as GBK/UTF-8."""
    if info.flag_bits & _UTF8_FLAG:
        return info.filename
    try:
        raw = info.filename.encode("cp437")
    except UnicodeEncodeError:
        return info.filename
    return bytes_text(raw)


def zip_entries(blob: bytes, limits: Limits, wanted: tuple[str, ...]) -> list[ZipEntry]:
    """The entries of a zip whose names end with one of `wanted` (other files are left in), each read
    within the limits; raises Rejected when the archive itself cannot be read or is too big."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(blob))
        infos = [i for i in archive.infolist() if not i.is_dir()]
    except ZIP_ERRORS as exc:
        raise Rejected(f"压缩包无法打开（{exc}）") from None
    if len(infos) > MAX_ENTRIES:
        raise Rejected(f"压缩包内文件过多（{len(infos)} 个），不像是报送的监控表")
    total = sum(i.file_size for i in infos)
    if total > limits.max_total_bytes:
        raise Rejected(f"压缩包解压后过大（{total // (1024 * 1024)} MB），已拒收")
    out = []
    for info in infos:
        name = entry_name(info)
        if not name.lower().endswith(wanted):
            continue
        if info.flag_bits & 0x1:
            out.append(ZipEntry(name, None, "压缩包内的文件设有密码，无法取出，请不加密重新发送"))
            continue
        if info.file_size > limits.max_file_bytes:
            out.append(ZipEntry(name, None, f"文件过大（{info.file_size // (1024 * 1024)} MB），已拒收"))
            continue
        try:
            data = bounded_read(archive, info, limits.max_file_bytes + 1)
        except Rejected as exc:
            out.append(ZipEntry(name, None, exc.reason))
            continue
        out.append(ZipEntry(name, data))
    return out
