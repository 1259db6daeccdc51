"""Mail fixtures: the .eml files of tests/mail (headers as Outlook, Foxmail and Coremail write them, see
tests/mail/SOURCES.md) with a real workbook put in as the attachment, zips with GBK names, an mbox."""

from __future__ import annotations

import base64
import io
import mailbox
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MAIL = ROOT / "tests" / "mail"
RETURNS = ROOT / "sample_data" / "returns"


def eml(name: str, attachment: bytes | None = None) -> bytes:
    """The fixture `name` with `attachment` (base64, 76 a line) where it says @@ATTACHMENT@@."""
    raw = (MAIL / name).read_bytes()
    data = base64.b64encode(attachment or b"").decode()
    lines = "\n".join(data[i : i + 76] for i in range(0, len(data), 76)).encode()
    return raw.replace(b"@@ATTACHMENT@@", lines)


def sample(name: str) -> bytes:
    return (RETURNS / name).read_bytes()


def gbk_zip(entries: dict[str, bytes]) -> bytes:
    """A zip as Windows' built-in zip and 360压缩 write it: entry names in GBK, no UTF-8 flag."""
    buffer = io.BytesIO()
    names: dict[bytes, bytes] = {}
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for n, (name, data) in enumerate(entries.items()):
            raw = name.encode("gbk")
            # zipfile writes any name outside ASCII in UTF-8 with the flag set: write an ASCII stand-in of
            # the same length, then put the GBK bytes in its place (local header and central directory)
            stand_in = f"@{n:03d}".encode().ljust(len(raw), b"#")
            names[stand_in] = raw
            archive.writestr(zipfile.ZipInfo(stand_in.decode(), (2026, 10, 9, 17, 40, 0)), data)
    blob = buffer.getvalue()
    for stand_in, raw in names.items():
        blob = blob.replace(stand_in, raw)
    return blob


def write_mbox(path: Path, messages: list[bytes]) -> Path:
    box = mailbox.mbox(path)
    try:
        for raw in messages:
            box.add(raw)
        box.flush()
    finally:
        box.close()
    return path


def inbox(folder: Path) -> Path:
    """A folder of .eml files, one per fixture, each with the sample return it stands for."""
    folder.mkdir(parents=True, exist_ok=True)
    mails = {
        "outlook_gb2312.eml": sample("区教育局（本级）_附表1_2026Q3.xlsx"),
        "foxmail_gbk_as_gb2312.eml": sample("区第一实验小学_附表1_2026Q3.xlsx"),
        "coremail_rfc2231_utf8.eml": sample("实验初中-2026年三季度绩效监控.xlsx"),
        "coremail_gb18030_zip.eml": gbk_zip(
            {
                "民政局/区民政局_附表2附表3_2026Q3.xlsx": sample("区民政局_附表2附表3_2026Q3.xlsx"),
                "民政局/区民政局（本级）_附表1_2026Q3.xlsx": sample("区民政局（本级）_附表1_2026Q3.xlsx"),
                "说明.txt": "见表".encode("gbk"),
            }
        ),
        "mailmerge_raw_gbk_path.eml": sample("区图书馆_附表1_2026Q3.xlsx"),
        "foxmail_no_attachment.eml": None,
    }
    for name, data in mails.items():
        (folder / name).write_bytes(eml(name, data))
    return folder
