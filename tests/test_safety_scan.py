"""The sheet-size guard sees every cell calamine would place: prefixed elements, a cell's own address,
the attribute r itself (not x:r, and the last of repeated ones), tags with ">" inside an attribute value;
and the in-memory part reader keeps zipfile's checks."""

from __future__ import annotations

import zipfile
import zlib
from pathlib import Path

import fixtures_builder as fb
import pytest

from perfcli.io.xlsx.read.safety import Limits, Rejected, check_workbook

HEAD = b'<?xml version="1.0" encoding="UTF-8"?>'
MAIN = b"http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def _sheet(body: bytes, prefix: bytes = b"") -> bytes:
    p = prefix + b":" if prefix else b""
    xmlns = b"xmlns:" + prefix if prefix else b"xmlns"
    return (
        HEAD
        + b"<" + p + b"worksheet " + xmlns + b'="' + MAIN + b'"><' + p + b"sheetData>"
        + body
        + b"</" + p + b"sheetData></" + p + b"worksheet>"
    )  # fmt: skip


@pytest.fixture(scope="module")
def base(tmp_path_factory) -> Path:
    return fb.canonical_project(tmp_path_factory.mktemp("base") / "good.xlsx")


# 50 rows × 26 columns = 1,300 cells: refused under max_cells=100, accepted under the default limits
WIDE = {
    "prefixed elements": _sheet(
        b'<x:row r="1"><x:c r="A1"><x:v>1</x:v></x:c></x:row>'
        b'<x:row r="50"><x:c r="Z50"><x:v>1</x:v></x:c></x:row>',
        prefix=b"x",
    ),
    "cell below its row": _sheet(b'<row r="1"><c r="A1"><v>1</v></c><c r="Z50"><v>1</v></c></row>'),
    "x:r before r": _sheet(
        b'<row r="1"><c r="A1"><v>1</v></c><c x:r="A1" r="Z50" xmlns:x="urn:x"><v>1</v></c></row>'
    ),
    "a > inside an attribute value": _sheet(
        b'<row r="1"><c r="A1"><v>1</v></c><c s="0" note="a>b" r="Z50"><v>1</v></c></row>'
    ),
    "r repeated (the last counts)": _sheet(
        b'<row r="1"><c r="A1"><v>1</v></c><c r="B1" r="Z50"><v>1</v></c></row>'
    ),
    "r repeated after a line break": _sheet(b'<row r="1"><c r="A1" note=">"\nr="Z50"><v>1</v></c></row>'),
    "rows without addresses": _sheet(
        b"<row><c><v>1</v></c></row>" * 49 + b'<row><c r="Z50"><v>1</v></c></row>'
    ),
}


@pytest.mark.parametrize("case", list(WIDE))
def test_used_area_counts_every_cell(tmp_path, base, case):
    path = fb.replace_part(base, tmp_path / "wide.xlsx", "xl/worksheets/sheet1.xml", WIDE[case])
    with pytest.raises(Rejected) as refused:
        check_workbook(path, Limits(max_cells=100))
    assert "50 行 × 26 列" in refused.value.reason
    assert check_workbook(path).file_format == "xlsx"


def test_far_corner_with_prefixes_is_refused(tmp_path, base):
    sheet = _sheet(b'<s:row r="1"><s:c r="A1"><s:v>1</s:v></s:c><s:c r="XFD1048576"/></s:row>', prefix=b"s")
    path = fb.replace_part(base, tmp_path / "far.xlsx", "xl/worksheets/sheet1.xml", sheet)
    with pytest.raises(Rejected) as refused:
        check_workbook(path)
    assert "行数过多" in refused.value.reason or "表格范围过大" in refused.value.reason


def test_document_properties_are_handed_on(base):
    checked = check_workbook(base)
    with zipfile.ZipFile(base) as zf:
        assert checked.properties["docProps/core.xml"] == zf.read("docProps/core.xml")


def _rewrite(xlsx: Path, path: Path, part: str, change) -> Path:  # type: ignore[no-untyped-def]
    """Copy `xlsx` with the directory entry and stored bytes of `part` changed by change(info, data)."""
    with zipfile.ZipFile(xlsx) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == part:
                item, data = change(item, data)
            dst.writestr(item, data)
    return path


def test_damaged_part_is_refused_with_its_name(tmp_path, base):
    """A part whose deflated bytes are garbage: refused naming the part, never an exception."""
    path = tmp_path / "garbage.xlsx"
    raw = bytearray(base.read_bytes())
    with zipfile.ZipFile(base) as zf:
        info = zf.getinfo("xl/styles.xml")
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    raw[start : start + 16] = b"\xff" * 16
    path.write_bytes(bytes(raw))
    with pytest.raises(Rejected) as refused:
        check_workbook(path)
    assert "xl/styles.xml" in refused.value.reason


def test_stored_part_with_a_wrong_crc_is_refused(tmp_path, base):
    def stored_with_bad_crc(item, data):  # type: ignore[no-untyped-def]
        item.compress_type = zipfile.ZIP_STORED
        return item, data

    path = _rewrite(base, tmp_path / "crc.xlsx", "xl/styles.xml", stored_with_bad_crc)
    raw = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as zf:
        info = zf.getinfo("xl/styles.xml")
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    end = raw.index(b">", start)  # change one byte of the XML declaration, keep the size
    raw[end - 1 : end] = b"X" if raw[end - 1 : end] != b"X" else b"Y"
    path.write_bytes(bytes(raw))
    assert zlib.crc32(bytes(raw[start : start + info.file_size])) != info.CRC
    with pytest.raises(Rejected) as refused:
        check_workbook(path)
    assert "与压缩包目录记录不符" in refused.value.reason


def test_ods_repeated_rows_behind_a_quoted_gt_are_counted(tmp_path):
    """content.xml whose row carries an attribute value with ">" before number-rows-repeated."""
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        '<office:body><office:spreadsheet><table:table table:name="附表1">'
        '<table:table-row table:style-name="a>b" table:number-rows-repeated="1000000">'
        '<table:table-cell office:value-type="float" office:value="1"><text:p>1</text:p></table:table-cell>'
        "</table:table-row></table:table></office:spreadsheet></office:body></office:document-content>"
    )
    path = tmp_path / "rows.ods"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet", zipfile.ZIP_STORED)
        zf.writestr("content.xml", content, zipfile.ZIP_DEFLATED)
        zf.writestr("META-INF/manifest.xml", "<manifest/>")
    with pytest.raises(Rejected) as refused:
        check_workbook(path)
    assert "行数过多" in refused.value.reason
