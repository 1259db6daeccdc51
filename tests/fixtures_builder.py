"""Hand-made returned workbooks: each form laid out cell by cell with openpyxl, as a clerk's copy might be.

Nothing here uses perfcli's generator: these stand for workbooks from outside (downloaded blank forms,
re-typed forms, forms moved to another sheet). One function per variant the reader must tolerate.
"""

from __future__ import annotations

import struct
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.worksheet.worksheet import Worksheet

PROJECT_INDICATORS = [
    ("产出", "产出数量", "改造老旧小区数量", "12个", "9个", "确定能"),
    ("产出", "产出质量", "验收合格率", "100%", "100%", "确定能"),
    ("产出", "产出时效", "完工及时率", "≥95%", "80%", "可能性大"),
    ("效果", "社会效益", "惠及居民户数", "3000户", "2100户", "可能性大"),
    ("效果", "服务对象满意度", "居民满意度", "≥90%", "92%", "确定能"),
]


def _merge(ws: Worksheet, row: int, col: int, span: int) -> None:
    if span > 1:
        ws.merge_cells(start_row=row, start_column=col, end_row=row, end_column=col + span - 1)


def lay_project(
    ws: Worksheet,
    top: int = 1,
    *,
    labels: dict[str, str] | None = None,
    values: dict[str, Any] | None = None,
    indicators: list[tuple[Any, ...]] | None = None,
    period_text: str = "（2026年度 三季度）",
    unit_line: str = "编报单位：新北区住房和城乡建设局（盖章）",
    merge_levels: bool = True,
    note: bool = True,
    spare_rows: int = 2,
) -> int:
    """附表1 as on the official annex, starting at row `top`; returns the row after the form."""
    lab = {
        k: k
        for k in (
            "项目名称",
            "预算总额",
            "资金来源",
            "已到位资金",
            "已支出资金",
            "项目实施情况",
            "目标偏离情况及原因分析",
            "改进计划",
        )
    }
    lab.update(labels or {})
    val = {
        "project_name": "老旧小区改造工程",
        "budget_total": 1250.5,
        "fund_source": "区级",
        "funds_received": 800,
        "funds_spent": "650.25",
        "implementation": "已完成9个小区的改造。",
        "deviation_analysis": None,
        "improvement_plan": None,
    }
    val.update(values or {})
    r = top
    ws.cell(r, 1, "附表1")
    ws.cell(r + 1, 1, "项目预算绩效运行监控表")
    _merge(ws, r + 1, 1, 6)
    ws.cell(r + 2, 1, period_text)
    _merge(ws, r + 2, 1, 6)
    if "：" in unit_line and unit_line.endswith("：") is False and "|" in unit_line:
        left, right = unit_line.split("|", 1)
        ws.cell(r + 3, 1, left)
        ws.cell(r + 3, 2, right)
    else:
        ws.cell(r + 3, 1, unit_line)
        _merge(ws, r + 3, 1, 4)
    ws.cell(r + 3, 5, "单位：万元")
    r += 4
    ws.cell(r, 1, lab["项目名称"])
    ws.cell(r, 2, val["project_name"])
    _merge(ws, r, 2, 5)
    r += 1
    for left, lkey, right, rkey in (
        ("预算总额", "budget_total", "资金来源", "fund_source"),
        ("已到位资金", "funds_received", "已支出资金", "funds_spent"),
    ):
        ws.cell(r, 1, lab[left])
        ws.cell(r, 2, val[lkey])
        _merge(ws, r, 2, 2)
        ws.cell(r, 4, lab[right])
        ws.cell(r, 5, val[rkey])
        _merge(ws, r, 5, 2)
        r += 1
    for label, key in (
        ("项目实施情况", "implementation"),
        ("目标偏离情况及原因分析", "deviation_analysis"),
        ("改进计划", "improvement_plan"),
    ):
        ws.cell(r, 1, lab[label])
        ws.cell(r, 2, val[key])
        _merge(ws, r, 2, 5)
        r += 1
    r = lay_indicator_table(
        ws,
        r,
        indicators if indicators is not None else PROJECT_INDICATORS,
        merge_levels,
        spare_rows=spare_rows,
    )
    if note:
        ws.cell(
            r,
            1,
            "注：本表由预算责任单位在二、三季度终了后10日内填报；完成目标可能性分为：确定能、可能性大、可能性小、不可能。",
        )
        _merge(ws, r, 1, 6)
        r += 1
    return r


def lay_indicator_table(
    ws: Worksheet,
    r: int,
    rows: list[tuple[Any, ...]],
    merge_levels: bool,
    *,
    header: tuple[str, ...] = (
        "一级指标",
        "二级指标",
        "三级指标",
        "年度目标",
        "已完成情况",
        "完成目标可能性",
    ),
    spare_rows: int = 0,
) -> int:
    for c, text in enumerate(header, 1):
        ws.cell(r, c, text)
    r += 1
    first = r
    for i, row in enumerate(rows):
        for c, value in enumerate(row, 1):
            if (
                c <= 2
                and merge_levels
                and i > 0
                and rows[i - 1][c - 1] == value
                and (c == 1 or rows[i - 1][0] == row[0])
            ):
                continue  # left blank: merged below
            ws.cell(r, c, value)
        r += 1
    if merge_levels:
        for c in (1, 2):
            start = first
            for i in range(1, len(rows) + 1):
                same = (
                    i < len(rows)
                    and rows[i][c - 1] == rows[i - 1][c - 1]
                    and (c == 1 or rows[i][0] == rows[i - 1][0])
                )
                if not same:
                    if first + i - 1 > start:
                        ws.merge_cells(start_row=start, start_column=c, end_row=first + i - 1, end_column=c)
                    start = first + i
    return r + spare_rows


def lay_department(
    ws: Worksheet,
    top: int = 1,
    *,
    rows: list[tuple[Any, ...]] | None = None,
    period_text: str = "（2026年度 三季度）",
    budget: Any = 5600,
) -> int:
    """附表2 as on the official annex."""
    r = top
    ws.cell(r, 1, "附表2")
    ws.cell(r + 1, 1, "部门整体预算绩效运行监控表")
    _merge(ws, r + 1, 1, 5)
    ws.cell(r + 2, 1, period_text)
    ws.cell(r + 3, 5, "单位：万元")
    r += 4
    ws.cell(r, 1, "部门名称")
    ws.cell(r, 2, "新北区住房和城乡建设局")
    _merge(ws, r, 2, 2)
    ws.cell(r, 4, "本年度预算资金总额（万元）")
    ws.cell(r, 5, budget)
    r += 1
    for label, text in (
        ("部门年度重点工作实施情况", "重点工作按计划推进。"),
        ("核心目标偏离情况及原因分析", None),
        ("改进计划", None),
    ):
        ws.cell(r, 1, label)
        ws.cell(r, 2, text)
        _merge(ws, r, 2, 4)
        r += 1
    body = (
        rows
        if rows is not None
        else [
            ("预算执行", "资金到位率", "100%", "85%", "确定能"),
            ("预算执行", "预算执行率", "100%", "72.5%", "可能性大"),
            ("预算执行", "预算调整率", "≤5%", "-3%", "确定能"),
            ("资产管理", "年度计划完成率", "100%", "90%", "确定能"),
            ("重点工作推进情况", "重点工作1", "完成老旧小区改造", "完成9个", "可能性大"),
        ]
    )
    r = lay_indicator_table(
        ws, r, body, True, header=("监控内容", "监控指标", "年度目标", "已完成情况", "完成目标可能性")
    )
    ws.cell(r, 1, "注：本表由预算部门在预算责任单位填报基础上汇总填报。")
    return r + 1


def lay_key_project(
    ws: Worksheet,
    top: int = 1,
    *,
    funding: dict[str, tuple[Any, Any]] | None = None,
    totals: tuple[Any, Any] = (1000, 600),
    hint_row: bool = True,
) -> int:
    """附表3 as on the official annex: 预算数 (E) and 执行数 (F) beside each money label."""
    r = top
    ws.cell(r, 1, "附表3")
    ws.cell(r + 1, 1, "部门重点项目预算绩效运行监控表")
    _merge(ws, r + 1, 1, 6)
    ws.cell(r + 2, 1, "(2026 年度 第3季度)")
    ws.cell(r + 3, 5, "单位：万元")
    r += 4
    if hint_row:
        ws.cell(r, 5, "（预算数）")
        ws.cell(r, 6, "（执行数）")
        r += 1
    money = funding or {
        "其中：中央、省级财政（万元）": (200, 100),
        "市级财政（万元）": (300, 200),
        "区级财政（万元）": (400, 250),
        "其他（万元）": (100, 50),
    }
    left = [
        ("项目名称", "城市道路提升工程"),
        ("主管部门", "新北区住房和城乡建设局"),
        ("实施单位", "新北区市政工程管理处"),
        ("计划开始时间", "2026年3月1日"),
        ("计划结束时间", "2026-12-31"),
    ]
    right = [("项目总金额（万元）", totals), *money.items()]
    for (llabel, lvalue), (rlabel, (budget, executed)) in zip(left, right, strict=True):
        ws.cell(r, 1, llabel)
        ws.cell(r, 2, lvalue)
        _merge(ws, r, 2, 2)
        ws.cell(r, 4, rlabel)
        ws.cell(r, 5, budget)
        ws.cell(r, 6, executed)
        r += 1
    for label, text in (
        ("项目实施情况", "路面改造完成六成。"),
        ("目标偏离情况及原因分析", None),
        ("改进计划", None),
    ):
        ws.cell(r, 1, label)
        ws.cell(r, 2, text)
        _merge(ws, r, 2, 5)
        r += 1
    rows = [
        ("过程", "预算执行", "资金到位率", "100%", "60%", "确定能"),
        ("过程", "预算执行", "预算执行率", "100%", 0.6, "可能性大"),
        ("产出", "产出数量", "改造道路长度", "12公里", "7公里", "可能性大"),
    ]
    r = lay_indicator_table(ws, r, rows, True)
    ws.cell(r, 1, "注：完成目标可能性分为：确定能、可能性大、可能性小、不可能。")
    return r + 1


def save(wb: openpyxl.Workbook, path: Path) -> Path:
    wb.save(path)
    return path


def stamp_saved(path: Path, when: str) -> Path:
    """Give a saved workbook the saved time a clerk's Excel would have written (ISO, e.g.
    "2026-10-09T09:30:00Z"): openpyxl always stamps "now", and letters count only returns received by
    their date."""
    import re
    import zipfile

    with zipfile.ZipFile(path) as zf:
        parts = {name: zf.read(name) for name in zf.namelist()}
    core = parts["docProps/core.xml"].decode("utf-8")
    parts["docProps/core.xml"] = re.sub(
        r"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)", rf"\g<1>{when}\g<2>", core
    ).encode("utf-8")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
    return path


def new_book(title: str = "附表1") -> tuple[openpyxl.Workbook, Worksheet]:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = title
    return wb, ws


# --- variants -------------------------------------------------------------------------------------------


def canonical_project(path: Path, **kwargs: Any) -> Path:
    wb, ws = new_book()
    lay_project(ws, **kwargs)
    return save(wb, path)


def money(budget: float, received: float, spent: float) -> dict[str, Any]:
    """附表1 amounts (and a 资金来源) for `values=`."""
    return {"budget_total": budget, "funds_received": received, "funds_spent": spent, "fund_source": "区级"}


def unit_book(path: Path, unit: str, quarter: str, projects: list[tuple[str, dict, Any]]) -> Path:
    """One unit's workbook: a 附表1 sheet per project (name, amounts, indicators or None)."""
    wb, ws = new_book("项目1")
    for i, (name, values, indicators) in enumerate(projects):
        if i:
            ws = wb.create_sheet(f"项目{i + 1}")
        lay_project(
            ws,
            values={"project_name": name, **values},
            indicators=indicators,
            period_text=f"（2026年度 {quarter}）",
            unit_line=f"编报单位：{unit}（盖章）",
        )
    path.parent.mkdir(parents=True, exist_ok=True)
    return save(wb, path)


def project_on_second_sheet_below_rows(path: Path) -> Path:
    """A cover sheet first; the form on the second sheet under a few lines of the unit's own notes."""
    wb, cover = new_book("封面")
    cover["A1"] = "2026年三季度绩效监控材料"
    ws = wb.create_sheet("监控表")
    ws["A1"] = "报送说明：请于10月10日前报送"
    ws["C3"] = "联系人：王芳"
    lay_project(ws, top=6)
    return save(wb, path)


def two_forms_in_one_book(path: Path) -> Path:
    wb, ws = new_book("项目一")
    lay_project(ws)
    ws2 = wb.create_sheet("项目二")
    lay_project(
        ws2,
        values={
            "project_name": "农村道路养护",
            "budget_total": 300,
            "funds_received": 100,
            "funds_spent": 50,
        },
    )
    return save(wb, path)


def messy_labels(path: Path) -> Path:
    """Labels with spaces, line breaks, full-width colons and trailing units."""
    return canonical_project(
        path,
        labels={
            "项目名称": "项 目 名 称：",
            "预算总额": "预算总额\n（万元）",
            "资金来源": "资金来源:",
            "已到位资金": "已到位资金(万元)",
            "已支出资金": "已支出资金　（万元）：",
            "项目实施情况": "项目实施\n情况",
        },
    )


def inserted_indicator_rows(path: Path) -> Path:
    rows = list(PROJECT_INDICATORS)
    rows.insert(1, ("产出", "产出数量", "新增停车位", "200个", "150个", "可能性大"))
    rows.insert(2, ("产出", "产出数量", "加装电梯", "10部", "6部", "可能性小"))
    return canonical_project(
        path, indicators=rows, values={"deviation_analysis": "电梯审批慢", "improvement_plan": "加快审批"}
    )


def unmerged_blank_levels(path: Path) -> Path:
    """一级/二级 typed once, the cells below left blank (not merged)."""
    return canonical_project(
        path,
        merge_levels=False,
        indicators=[
            ("产出", "产出数量", "改造老旧小区数量", "12个", "9个", "确定能"),
            (None, None, "新增停车位", "200个", "150个", "可能性大"),
            (None, "产出质量", "验收合格率", "100%", "100%", "确定能"),
            ("效果", "社会效益", "惠及居民户数", "3000户", "2100户", "可能性大"),
            (None, None, "绿化面积", "2000平方米", "1500平方米", "可能性大"),
        ],
    )


def numbers_as_text(path: Path, **money: Any) -> Path:
    return canonical_project(path, values=money)


def period_and_unit(path: Path, period_text: str, unit_line: str) -> Path:
    return canonical_project(path, period_text=period_text, unit_line=unit_line)


def department_book(path: Path, **kwargs: Any) -> Path:
    wb, ws = new_book("附表2")
    lay_department(ws, **kwargs)
    return save(wb, path)


def department_workbook_with_key_project(path: Path) -> Path:
    wb, ws = new_book("部门整体")
    lay_department(ws)
    ws3 = wb.create_sheet("重点项目-城市道路")
    lay_key_project(ws3)
    return save(wb, path)


def as_xlsm(xlsx: Path, path: Path) -> Path:
    """The same workbook as a macro-enabled .xlsm (content type switched, a vbaProject part added)."""
    with zipfile.ZipFile(xlsx) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "[Content_Types].xml":
                data = data.replace(
                    b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
                    b"application/vnd.ms-excel.sheet.macroEnabled.main+xml",
                )
            dst.writestr(item, data)
        dst.writestr("xl/vbaProject.bin", b"\xd0\xcf\x11\xe0 not really a macro project")
    return path


# --- hostile files ---------------------------------------------------------------------------------------


def truncated(xlsx: Path, path: Path) -> Path:
    data = xlsx.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    return path


def replace_part(xlsx: Path, path: Path, part: str, data: bytes) -> Path:
    with zipfile.ZipFile(xlsx) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            dst.writestr(item, data if item.filename == part else src.read(item.filename))
    return path


def _stream_part(zf: zipfile.ZipFile, name: str, chunks: Iterator[bytes]) -> None:
    info = zipfile.ZipInfo(name, date_time=(2026, 10, 1, 0, 0, 0))
    info.compress_type = zipfile.ZIP_DEFLATED
    with zf.open(info, "w", force_zip64=True) as fh:
        for chunk in chunks:
            fh.write(chunk)


def _deflate_raw(data: bytes) -> bytes:
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    return c.compress(data) + c.flush()


def zip_bomb(
    xlsx: Path,
    path: Path,
    gigabytes: float = 2.0,
    *,
    part: str = "xl/worksheets/sheet1.xml",
    declared: int | None = None,
) -> Path:
    """The workbook with `part` replaced by XML that inflates to `gigabytes` GB (about 2 MB on disk): one
    deflated megabyte of blanks, ended by a full flush, repeated — written as a zip by hand so building
    it takes a second, not the minute compressing gigabytes would. `declared` makes the zip directory
    lie about the part's size (a bomb that looks small)."""
    block = b" " * (1024 * 1024)
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    repeated = c.compress(block) + c.flush(zlib.Z_FULL_FLUSH)
    head = b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
    tail = b"</sheetData></worksheet>"
    count = int(gigabytes * 1024)
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    first = c.compress(head) + c.flush(zlib.Z_FULL_FLUSH)
    last = c.compress(tail) + c.flush()
    crc = zlib.crc32(head)
    for _ in range(count):
        crc = zlib.crc32(block, crc)
    crc = zlib.crc32(tail, crc)
    size = len(head) + count * len(block) + len(tail)
    compressed = first + repeated * count + last
    with zipfile.ZipFile(xlsx) as src:
        parts = [(i.filename, src.read(i.filename)) for i in src.infolist()]
    if part not in dict(parts):
        parts.append((part, b""))
    out, central = bytearray(), bytearray()
    for name, data in parts:
        raw_name = name.encode()
        if name == part:
            entry_crc, body, plain = crc, compressed, declared if declared is not None else size
        else:
            entry_crc, body, plain = zlib.crc32(data), _deflate_raw(data), len(data)
        offset = len(out)
        out += struct.pack(
            "<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0x21, entry_crc, len(body), plain, len(raw_name), 0
        )
        out += raw_name + body
        central += (
            struct.pack(
                "<IHHHHHHIIIHHHHHII",
                0x02014B50,
                20,
                20,
                0,
                8,
                0,
                0x21,
                entry_crc,
                len(body),
                plain,
                len(raw_name),
                0,
                0,
                0,
                0,
                0,
                offset,
            )
            + raw_name
        )
    out += central + struct.pack(
        "<IHHHHIIH", 0x06054B50, 0, 0, len(parts), len(parts), len(central), len(out), 0
    )
    path.write_bytes(bytes(out))
    return path


BILLION_LAUGHS = b"""<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1"><si><t>&lol9;</t></si></sst>"""

EXTERNAL_ENTITY = b"""<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE worksheet [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&xxe;</t></is></c></row></sheetData></worksheet>"""


def million_rows(xlsx: Path, path: Path, rows: int = 1_000_000, declare: bool = True) -> Path:
    """A sheet with `rows` real rows streamed in compressed, each holding its own number (so it compresses
    like real data, not like a bomb). declare=True: addressed rows and cells under a <dimension> that
    says so; declare=False: rows and cells without addresses, as the format allows, and no dimension."""
    row = b'<row r="%d"><c><v>%d</v></c></row>' if declare else b"<row><c><v>%d</v></c></row>"
    per_row = row.count(b"%d")

    def body() -> Iterator[bytes]:
        dim = f'<dimension ref="A1:A{rows}"/>' if declare else ""
        yield (
            '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/'
            f'spreadsheetml/2006/main">{dim}<sheetData>'
        ).encode()
        for start in range(1, rows + 1, 50_000):
            yield b"".join(row % ((i,) * per_row) for i in range(start, min(start + 50_000, rows + 1)))
        yield b"</sheetData></worksheet>"

    with zipfile.ZipFile(xlsx) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            if item.filename == "xl/worksheets/sheet1.xml":
                _stream_part(dst, item.filename, body())
            else:
                dst.writestr(item, src.read(item.filename))
    return path


def far_corner(xlsx: Path, path: Path) -> Path:
    """Two cells only, A1 and XFD100000: tiny on disk, a dense 1.6-billion-cell range for a reader."""
    sheet = (
        b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b'<sheetData><row r="1"><c r="A1"><v>1</v></c></row><row r="90000"><c r="XFD90000"><v>1</v></c></row>'
        b"</sheetData></worksheet>"
    )
    return replace_part(xlsx, path, "xl/worksheets/sheet1.xml", sheet)


def ods_repeated_rows(path: Path, rows: int = 1_000_000) -> Path:
    """An OpenDocument spreadsheet whose one row, holding a value, is repeated a million times."""
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        '<office:body><office:spreadsheet><table:table table:name="附表1">'
        f'<table:table-row table:number-rows-repeated="{rows}">'
        '<table:table-cell office:value-type="float" office:value="1"><text:p>1</text:p></table:table-cell>'
        "</table:table-row></table:table></office:spreadsheet></office:body></office:document-content>"
    )
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr(
            "mimetype", "application/vnd.oasis.opendocument.spreadsheet", compress_type=zipfile.ZIP_STORED
        )
        zf.writestr("content.xml", content, compress_type=zipfile.ZIP_DEFLATED)
        zf.writestr("META-INF/manifest.xml", "<manifest/>")
    return path


def encrypted_ole2(path: Path) -> Path:
    """A minimal compound file (OLE2) holding EncryptionInfo and EncryptedPackage streams — what Excel
    writes for a workbook with an open password (the ciphertext itself does not matter here)."""
    return ole2_with_streams(path, ("EncryptionInfo", "EncryptedPackage"))


def ole2_with_streams(path: Path, names: tuple[str, str]) -> Path:
    """A minimal compound file (OLE2) holding two 4096-byte streams with the given names."""
    sector = 512
    end, free, fat_mark = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD

    def entry(name: str, kind: int, start: int, size: int, child: int = free, right: int = free) -> bytes:
        raw = name.encode("utf-16-le") + b"\x00\x00"
        return (
            raw.ljust(64, b"\x00")
            + struct.pack("<HBB", len(raw), kind, 1)
            + struct.pack("<III", free, right, child)
            + b"\x00" * 16
            + b"\x00" * 4
            + b"\x00" * 16
            + struct.pack("<IQ", start, size)
        )

    # sectors: 0 = FAT, 1 = directory, 2..9 = EncryptionInfo (4096 bytes), 10..17 = EncryptedPackage
    directory = (
        entry("Root Entry", 5, end, 0, child=1)
        + entry(names[0], 2, 2, 4096, right=2)
        + entry(names[1], 2, 10, 4096)
        + b"\x00" * 128
    )
    fat = [fat_mark, end] + [i + 1 for i in range(2, 9)] + [end] + [i + 1 for i in range(10, 17)] + [end]
    fat += [free] * (sector // 4 - len(fat))
    header = (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
        + b"\x00" * 16
        + struct.pack("<HHHH", 0x3E, 3, 0xFFFE, 9)
        + struct.pack("<H", 6)
        + b"\x00" * 6
        + struct.pack("<IIIIIIIII", 0, 1, 1, 0, 4096, end, 0, end, 0)
    )
    header += struct.pack("<109I", 0, *([free] * 108))
    body = struct.pack(f"<{len(fat)}I", *fat) + directory + b"\x01" * 4096 + b"\x02" * 4096
    path.write_bytes(header.ljust(sector, b"\x00") + body)
    return path
