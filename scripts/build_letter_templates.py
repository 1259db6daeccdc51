"""Build the Word letter templates in templates/ (python-docx, then docxtpl / Jinja2 tags).

Run `python scripts/build_letter_templates.py` after changing this file; the output is reproducible
(fixed core properties, no timestamps), so a diff of templates/*.docx means the layout changed.
The look follows GB/T 9704《党政机关公文格式》: A4, 版心 156×225 mm, 红头 in 小标宋, red separator line,
title 二号 小标宋, body 三号 仿宋 with fixed 28 pt lines, 附件, 落款 and 成文日期, 附注 (contact), 版记.
"""

from __future__ import annotations

import sys
import zipfile
from datetime import datetime
from io import BytesIO
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from perfcli.letters.kinds import LETTER_KIND_RECORDS

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "perfcli" / "templates"

# Fonts by role. Word/WPS on a government PC have the first; elsewhere the PDF converter maps them
# to Noto CJK (perfcli.io.office.pdf), and Word falls back through the w:altName in the font table.
FONT_MARK = "方正小标宋简体"  # 发文机关标志, 标题
FONT_BODY = "仿宋_GB2312"  # 正文
FONT_HEI = "黑体"  # 一级标题, 表头
FONT_KAI = "楷体_GB2312"  # 二级标题
FONT_SONG = "宋体"  # 页码, 版记
LATIN = "Times New Roman"
ALT_NAMES = {
    FONT_MARK: "SimSun",
    FONT_BODY: "FangSong",
    FONT_HEI: "SimHei",
    FONT_KAI: "KaiTi",
    FONT_SONG: "SimSun",
}
RED = RGBColor(0xE0, 0x00, 0x00)
BODY_PT = 16  # 三号: 正文 and every level of heading (一、 in 黑体, （一） in 楷体), as GB/T 9704 has them
TITLE_PT = 22  # 二号: 标题
TABLE_PT = 10.5  # 五号: every table of every letter
CAPTION_PT = 12  # 小四: 图表的题注
LINE_PT = 28  # fixed line pitch: 22 lines of 28 characters per page


# ------------------------------------------------------------------------------------------------
# low-level helpers
# ------------------------------------------------------------------------------------------------


def set_fonts(
    run_or_style,
    east_asia: str,
    size: float | None = None,
    *,
    bold: bool = False,
    color: RGBColor | None = None,
) -> None:
    font = run_or_style.font
    font.name = LATIN
    if size:
        font.size = Pt(size)
    font.bold = bold
    if color is not None:
        font.color.rgb = color
    rpr = run_or_style.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:cs"):
        fonts.set(qn(attr), LATIN)
    fonts.set(qn("w:eastAsia"), east_asia)


def paragraph(
    doc_or_cell,
    text: str = "",
    *,
    font: str = FONT_BODY,
    size: float = BODY_PT,
    align=WD_ALIGN_PARAGRAPH.JUSTIFY,
    indent_chars: int = 2,
    bold: bool = False,
    color: RGBColor | None = None,
    line_pt: float | None = LINE_PT,
    right_chars: int = 0,
    space_before: float = 0,
    space_after: float = 0,
):
    p = doc_or_cell.add_paragraph()
    fmt = p.paragraph_format
    p.alignment = align
    if line_pt:
        fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        fmt.line_spacing = Pt(line_pt)
    else:
        fmt.line_spacing = 1.0
    fmt.space_before, fmt.space_after = Pt(space_before), Pt(space_after)
    pPr = p._p.get_or_add_pPr()
    ind = OxmlElement("w:ind")
    if indent_chars:
        ind.set(qn("w:firstLineChars"), str(indent_chars * 100))
        ind.set(qn("w:firstLine"), str(int(indent_chars * size * 20)))
    if right_chars:
        ind.set(qn("w:rightChars"), str(right_chars * 100))
        ind.set(qn("w:right"), str(int(right_chars * size * 20)))
    pPr.append(ind)
    if text:
        run = p.add_run(text)
        set_fonts(run, font, size, bold=bold, color=color)
    return p


def add_run(p, text: str, font: str = FONT_BODY, size: float = BODY_PT, *, bold: bool = False):
    run = p.add_run(text)
    set_fonts(run, font, size, bold=bold)
    return run


def border(p, side: str, color: str, size_eighths: int, space: int = 1) -> None:
    pPr = p._p.get_or_add_pPr()
    pbdr = pPr.find(qn("w:pBdr"))
    if pbdr is None:
        pbdr = OxmlElement("w:pBdr")
        pPr.insert(0, pbdr)
    edge = OxmlElement(f"w:{side}")
    edge.set(qn("w:val"), "single")
    edge.set(qn("w:sz"), str(size_eighths))
    edge.set(qn("w:space"), str(space))
    edge.set(qn("w:color"), color)
    pbdr.append(edge)


def character_scale(run, percent: int) -> None:
    """Narrow the glyphs (Word's 字符缩放) so a long bureau name fits the 156 mm line."""
    w = OxmlElement("w:w")
    w.set(qn("w:val"), str(percent))
    run.element.get_or_add_rPr().append(w)


def page_number_footer(section) -> None:
    """页码: “— 1 —”, 宋体 四号, outside the 版心."""
    p = section.footer.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    add_run(p, "— ", FONT_SONG, 14)
    run = add_run(p, "", FONT_SONG, 14)
    for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), (None, "1"), ("end", None)):
        if kind:
            fld = OxmlElement("w:fldChar")
            fld.set(qn("w:fldCharType"), kind)
            run._r.append(fld)
        elif text.strip() == "PAGE":
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = text
            run._r.append(instr)
        else:
            t = OxmlElement("w:t")
            t.text = text
            run._r.append(t)
    add_run(p, " —", FONT_SONG, 14)


# ------------------------------------------------------------------------------------------------
# the parts every letter has
# ------------------------------------------------------------------------------------------------


def new_document() -> Document:
    doc = Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(28)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    section.footer_distance = Mm(18)
    normal = doc.styles["Normal"]
    set_fonts(normal, FONT_BODY, BODY_PT)
    normal.paragraph_format.space_after = Pt(0)
    page_number_footer(section)
    props = doc.core_properties
    props.author = props.last_modified_by = "perfcli"
    props.created = props.modified = datetime(2026, 1, 1)
    props.revision = 1
    return doc


def letterhead(doc: Document, *, optional: bool = False) -> None:
    """发文机关标志（红头）, 发文字号, 红色分隔线; `optional`: only when the letter is a 文件 (`red_header`),
    not a 报告 to the bureau's own 局党组."""
    if optional:
        paragraph(doc, "{%p if red_header %}")
    p = paragraph(doc, align=WD_ALIGN_PARAGRAPH.CENTER, indent_chars=0, line_pt=None, space_before=12)
    run = add_run(p, "{{ bureau_mark }}", FONT_MARK, 30)
    set_fonts(run, FONT_MARK, 30, color=RED)
    character_scale(run, 78)
    paragraph(doc, "", indent_chars=0)
    paragraph(doc, "{{ doc_number }}", align=WD_ALIGN_PARAGRAPH.CENTER, indent_chars=0)
    rule = paragraph(doc, "", indent_chars=0, line_pt=8)
    border(rule, "bottom", "E00000", 18, space=4)
    paragraph(doc, "", indent_chars=0)
    if optional:
        paragraph(doc, "{%p else %}")
        paragraph(doc, "", indent_chars=0)
        paragraph(doc, "{%p endif %}")


def title(doc: Document) -> None:
    """标题 in the lines perfcli.letters.letter.title_lines breaks it into (balanced, words whole)."""
    paragraph(doc, "{%p for line in title_lines %}")
    paragraph(
        doc,
        "{{ line }}",
        font=FONT_MARK,
        size=TITLE_PT,
        align=WD_ALIGN_PARAGRAPH.CENTER,
        indent_chars=0,
        line_pt=35,
    )
    paragraph(doc, "{%p endfor %}")
    paragraph(doc, "", indent_chars=0)


def addressee(doc: Document) -> None:
    paragraph(doc, "{{ addressee }}：", indent_chars=0)


def heading(doc: Document, text: str) -> None:
    """一级标题: 黑体 三号, the body's size; never alone at the foot of a page."""
    paragraph(doc, text, font=FONT_HEI, size=BODY_PT).paragraph_format.keep_with_next = True


def hang_under_name(p) -> None:
    """A long 附件 name wraps under its own first character (GB/T 9704 7.3.6): 2 characters of indent,
    附件： (3) and the number with its point (about 0.75 of a character at 三号)."""
    ind = p._p.get_or_add_pPr().find(qn("w:ind"))
    for attr in ("w:firstLineChars", "w:firstLine"):
        ind.attrib.pop(qn(attr), None)
    ind.set(qn("w:leftChars"), "575")
    ind.set(qn("w:left"), str(int(5.75 * BODY_PT * 20)))
    ind.set(qn("w:hangingChars"), "375")
    ind.set(qn("w:hanging"), str(int(3.75 * BODY_PT * 20)))


def closing(doc: Document, phrase: str) -> None:
    """特此通知 / 附件 / 落款 / 成文日期 / 附注（联系人） / 版记."""
    # from 特此通知 to the 版记 one block: the last page always holds text, never only the 落款 or 版记
    block = [
        paragraph(doc, phrase),
        paragraph(doc, ""),
    ]
    paragraph(doc, "{%p for a in attachments %}")
    attachment = paragraph(
        doc,
        "{% if loop.first %}附件：{% else %}　　　{% endif %}{{ loop.index }}.{{ a }}",
        align=WD_ALIGN_PARAGRAPH.LEFT,  # a file name is not stretched across the line
    )
    hang_under_name(attachment)
    block.append(attachment)
    paragraph(doc, "{%p endfor %}")
    block += [
        paragraph(doc, ""),
        paragraph(doc, ""),
        paragraph(doc, "{{ signatory }}", align=WD_ALIGN_PARAGRAPH.RIGHT, indent_chars=0, right_chars=4),
        paragraph(doc, "{{ issue_date }}", align=WD_ALIGN_PARAGRAPH.RIGHT, indent_chars=0, right_chars=4),
        paragraph(doc, ""),
    ]
    paragraph(doc, "{%p if contact_line %}")
    block.append(paragraph(doc, "{{ contact_line }}"))  # 附注: only what the config sets
    paragraph(doc, "{%p endif %}")
    # kept together from 特此通知 to the date; not chained into the 版记, whose frame sits at the page foot
    for p in block[:-2]:
        p.paragraph_format.keep_with_next = True
    mark = paragraph(doc, "", size=14, indent_chars=0, line_pt=LINE_PT)
    border(mark, "top", "000000", 8)  # 版记: a rule above and below the 印发 line
    add_run(mark, "　{{ bureau }}办公室", FONT_BODY, 14)
    tab_stop = mark.paragraph_format.tab_stops
    tab_stop.add_tab_stop(Mm(154), alignment=2)  # right-aligned tab for the 印发 date
    add_run(
        mark,
        "\t{{ issue_date_iso[:4] }}年{{ issue_date_iso[5:7]|int }}月{{ issue_date_iso[8:10]|int }}日印发　",
        FONT_BODY,
        14,
    )
    border(mark, "bottom", "000000", 8)
    at_foot(mark)  # 版记 at the foot of the last page (GB/T 9704 7.5), whatever the text above


def at_foot(p) -> None:
    """Put the paragraph in a frame anchored to the bottom of the 版心 (consecutive paragraphs with the
    same frame form one block): the 版记 sits on the last lines of the page, not after the text."""
    pPr = p._p.get_or_add_pPr()
    frame = OxmlElement("w:framePr")
    for name, value in (
        ("w:w", str(int(Mm(156).twips))),
        ("w:wrap", "around"),
        ("w:hAnchor", "margin"),
        ("w:vAnchor", "margin"),
        ("w:xAlign", "center"),
        ("w:yAlign", "bottom"),
    ):
        frame.set(qn(name), value)
    pPr.insert(0, frame)


# ------------------------------------------------------------------------------------------------
# tables that loop over data rows
# ------------------------------------------------------------------------------------------------


def _cell_text(
    cell, text: str, *, bold: bool = False, align=WD_ALIGN_PARAGRAPH.CENTER, size: float = 12
) -> None:
    p = cell.paragraphs[0]
    p.alignment = align
    p.paragraph_format.line_spacing = 1.0
    p.paragraph_format.space_before = p.paragraph_format.space_after = Pt(1)
    if text:
        add_run(p, text, FONT_HEI if bold else FONT_BODY, size)


def loop_table(
    doc: Document,
    columns: list[tuple[str, str, float, str]],
    loop: str,
    *,
    total_row: list[str] | None = None,
    size: float = TABLE_PT,
) -> None:
    """A table: header row, then `{%tr for … %}` / data row / `{%tr endfor %}`, optional 合计 row.

    columns: (header, cell template, width mm, align "c"|"l"|"r").
    """
    rows = 4 + (1 if total_row else 0)
    table = doc.add_table(rows=rows, cols=len(columns))
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    aligns = {"c": WD_ALIGN_PARAGRAPH.CENTER, "l": WD_ALIGN_PARAGRAPH.LEFT, "r": WD_ALIGN_PARAGRAPH.RIGHT}
    table.autofit = False
    grid = table._tbl.tblGrid
    for col, (_, _, width, _) in zip(grid.findall(qn("w:gridCol")), columns, strict=True):
        col.set(qn("w:w"), str(int(Mm(width).twips)))
    for i, (header, template, width, align) in enumerate(columns):
        for row in table.rows:
            row.cells[i].width = Mm(width)
        _cell_text(table.rows[0].cells[i], header, bold=True, size=size)
        _cell_text(table.rows[2].cells[i], template, align=aligns[align], size=size)
        if total_row:
            _cell_text(table.rows[4].cells[i], total_row[i], bold=i == 0, align=aligns[align], size=size)
    _cell_text(table.rows[1].cells[0], f"{{%tr for {loop} %}}", size=size)
    _cell_text(table.rows[3].cells[0], "{%tr endfor %}", size=size)
    # the header repeats on every page
    trpr = table.rows[0]._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")
    trpr.append(repeat)
    # a data row may break across pages (GB/T 9704 tables run on): a long row never leaves half a page blank


# ------------------------------------------------------------------------------------------------
# the five letters
# ------------------------------------------------------------------------------------------------


def reminder() -> Document:
    doc = new_document()
    letterhead(doc)
    title(doc)
    addressee(doc)
    paragraph(
        doc,
        "按照预算绩效运行监控工作安排，{{ recipient_kind }}应于{{ due_date }}前报送{{ period_name }}"
        "预算绩效运行监控表。截至发文之日，我局尚未收到{{ recipient }}报送的以下材料"
        "{% if overdue_days %}，已逾期{{ overdue_days }}天{% endif %}：",
    )
    paragraph(doc, "{%p for f in forms %}")
    paragraph(doc, "{{ loop.index }}．{{ f }}")
    paragraph(doc, "{%p endfor %}")
    paragraph(doc, "{%p if detail %}")
    paragraph(doc, "（{{ detail }}）")
    paragraph(doc, "{%p endif %}")
    paragraph(doc, "{%p if projects %}")
    paragraph(doc, "需填报的项目如下（金额单位：万元）：")
    loop_table(
        doc,
        [
            ("序号", "{{ p.no }}", 14, "c"),
            ("项目名称", "{{ p.name }}", 86, "l"),
            ("资金来源", "{{ p.fund_source }}", 22, "c"),
            ("预算总额", "{{ p.budget_total }}", 34, "r"),
        ],
        "p in projects",
    )
    paragraph(doc, "{%p endif %}")
    paragraph(
        doc,
        "请于{{ deadline }}前（{{ deadline_working_days }}个工作日内）按要求填报上述材料，经单位负责人"
        "审核后报送我局。逾期仍未报送的，我局将按规定予以通报，并作为预算安排的参考因素。",
    )
    closing(doc, "特此通知。")
    return doc


def rectification() -> Document:
    doc = new_document()
    letterhead(doc)
    title(doc)
    addressee(doc)
    paragraph(doc, "{%p if findings %}")
    paragraph(
        doc,
        "经审核，{{ recipient }}报送的{{ period_name }}预算绩效运行监控表存在以下问题"
        "（{% if error_count %}需更正{{ error_count }}项{% endif %}{% if error_count and warning_count %}、{% endif %}"
        "{% if warning_count %}需核实并纠偏{{ warning_count }}项{% endif %}），"
        "具体位置及处理意见如下：",
    )
    loop_table(
        doc,
        [
            ("序号", "{{ f.no }}", 13, "c"),
            ("位置", "{{ f.file }}\n{{ f.place }}", 35, "l"),
            ("项目", "{{ f.project }}", 28, "l"),
            ("问题", "{{ f.message }}", 44, "l"),
            ("处理意见", "{{ f.suggestion }}", 38, "l"),
        ],
        "f in findings",
    )
    paragraph(doc, "{%p endif %}")
    # 整改 items raised before and still open (the workspace ledger's), listed apart with their IDs
    paragraph(doc, "{%p if carried %}")
    paragraph(doc, "{{ carried_intro }}")
    loop_table(
        doc,
        [
            ("序号", "{{ c.no }}", 13, "c"),
            ("整改编号", "{{ c.id }}", 32, "l"),
            ("项目", "{{ c.project }}", 30, "l"),
            ("问题", "{{ c.message }}", 45, "l"),
            ("整改情况", "{{ c.status }}", 38, "l"),
        ],
        "c in carried",
    )
    paragraph(doc, "{%p endif %}")
    paragraph(doc, "")
    paragraph(
        doc,
        "请你{% if recipient_kind == '预算部门' %}部门{% else %}单位{% endif %}对照上述问题逐项核实整改："
        "属填报错误的，更正后重新报送；属目标偏离的，分析原因并提出纠偏措施，因客观原因确需调整的，"
        "按程序申请调减预算并同步调整绩效目标。请于{{ deadline }}前（{{ deadline_working_days }}个工作日内）"
        "将整改后的监控表及整改情况报送我局。",
    )
    closing(doc, "特此通知。")
    return doc


def feedback() -> Document:
    doc = new_document()
    letterhead(doc)
    title(doc)
    addressee(doc)
    paragraph(doc, "{{ basis }}，我局对部门预算执行和绩效目标实现情况进行了审核分析，现将监控结果反馈如下：")
    heading(doc, "一、总体情况")
    paragraph(doc, "{{ units_reporting }}")
    paragraph(doc, "{{ assessment }}")
    paragraph(doc, "{%p if projects %}")
    paragraph(doc, "各项目执行情况如下（金额单位：万元{{ uncorrected_note }}）：", indent_chars=2)
    loop_table(
        doc,
        [
            ("序号", "{{ p.no }}", 12, "c"),
            ("项目名称", "{{ p.name }}", 47, "l"),
            ("实施单位", "{{ p.unit }}", 33, "l"),
            ("预算总额", "{{ p.budget_total }}", 24, "r"),
            ("已支出", "{{ p.funds_spent }}", 22, "r"),
            ("执行率", "{{ p.execution_rate }}", 18, "r"),
        ],
        "p in projects",
    )
    paragraph(doc, "{%p endif %}")
    heading(doc, "二、存在的问题及处置意见")
    paragraph(doc, "{%p if warnings %}")
    paragraph(doc, "以下项目执行进度滞后或绩效目标完成可能性低，列入预警清单：")
    loop_table(
        doc,
        [
            ("序号", "{{ w.no }}", 13, "c"),
            ("项目", "{{ w.project }}", 40, "l"),
            ("预警原因", "{{ w.reason }}", 55, "l"),
            ("处置意见", "{{ w.handling }}", 50, "l"),
        ],
        "w in warnings",
    )
    paragraph(doc, "{%p else %}")
    paragraph(doc, "{{ no_warnings }}")
    paragraph(doc, "{%p endif %}")
    paragraph(doc, "{%p if findings %}")
    paragraph(doc, "监控表填报中还存在以下问题：")
    loop_table(
        doc,
        [
            ("序号", "{{ f.no }}", 13, "c"),
            ("位置", "{{ f.file }}\n{{ f.place }}", 40, "l"),
            ("问题", "{{ f.message }}", 55, "l"),
            ("处理意见", "{{ f.suggestion }}", 50, "l"),
        ],
        "f in findings",
    )
    paragraph(doc, "{%p endif %}")
    heading(doc, "三、有关要求")
    paragraph(
        doc,
        "请你部门针对上述问题认真分析原因，督促所属单位加快预算执行，采取有效措施纠正目标偏离，"
        "并于{{ deadline }}前将整改情况报送我局。监控结果将作为预算安排和政策调整的重要依据。",
    )
    closing(doc, "特此反馈。")
    return doc


def report() -> Document:
    doc = new_document()
    letterhead(doc, optional=True)
    title(doc)
    addressee(doc)
    paragraph(
        doc,
        "按照预算绩效运行监控工作安排，我局组织开展了{{ period_name }}预算绩效运行监控，"
        "现将有关情况报告如下：",
    )
    heading(doc, "一、基本情况")
    paragraph(doc, "{{ summary }}")
    heading(doc, "二、各部门预算执行情况")
    paragraph(
        doc,
        "各部门预算执行情况见下表（金额单位：万元；预算执行率＝已支出资金÷预算总额，仅按已报送的项目计算；"
        "已报送单位＝截至发文之日已报送的预算责任单位数/应报送数{{ uncorrected_note }}）：",
    )
    loop_table(
        doc,
        [
            # amounts to 99,999.99 and rates to 100.00% stay on one line (156 mm in all)
            ("序号", "{{ d.no }}", 12, "c"),
            ("预算部门", "{{ d.name }}", 27, "l"),
            ("已报送单位", "{{ d.units_text }}", 15, "c"),
            ("项目数", "{{ d.project_count }}", 12, "c"),
            ("预算总额", "{{ d.projects_budget }}", 24, "r"),
            ("已到位", "{{ d.funds_received }}", 24, "r"),
            ("已支出", "{{ d.funds_spent }}", 24, "r"),
            ("执行率", "{{ d.execution_rate }}", 18, "r"),
        ],
        "d in departments",
        total_row=[
            "合计",
            "",
            "{{ totals.units_text }}",
            "{{ totals.project_count }}",
            "{{ totals.projects_budget }}",
            "{{ totals.funds_received }}",
            "{{ totals.funds_spent }}",
            "{{ totals.execution_rate }}",
        ],
    )
    paragraph(
        doc, "{{ chart }}", align=WD_ALIGN_PARAGRAPH.CENTER, indent_chars=0, line_pt=None, space_before=6
    )
    paragraph(
        doc,
        "图  各部门预算执行率与序时进度（{{ time_progress }}）",
        size=CAPTION_PT,
        align=WD_ALIGN_PARAGRAPH.CENTER,
        indent_chars=0,
    )
    heading(doc, "三、预警清单及处置意见")
    # grouped by handling: each handling stated once, over the table of its projects
    paragraph(doc, "{%p if warning_groups %}")
    paragraph(doc, "{%p for g in warning_groups %}")
    paragraph(doc, "{{ g.title }}，处置意见：{{ g.handling }}。").paragraph_format.keep_with_next = True
    loop_table(
        doc,
        [
            ("序号", "{{ w.no }}", 13, "c"),
            ("部门/单位", "{{ w.department }}\n{{ w.unit }}", 34, "l"),
            ("项目", "{{ w.project }}", 38, "l"),
            ("执行率", "{{ w.execution_rate }}", 18, "r"),
            ("预警原因", "{{ w.brief }}", 55, "l"),
        ],
        "w in g.rows",
    )
    paragraph(doc, "{%p endfor %}")
    paragraph(doc, "{%p else %}")
    paragraph(doc, "本期未发现需要预警的项目。")
    paragraph(doc, "{%p endif %}")
    heading(doc, "四、未报送情况")
    paragraph(doc, "{%p if missing %}")
    loop_table(
        doc,
        [
            ("序号", "{{ m.no }}", 13, "c"),
            ("名称", "{{ m.name }}", 70, "l"),
            ("类别", "{{ m.kind }}", 30, "c"),
            ("主管部门", "{{ m.department }}", 45, "l"),
        ],
        "m in missing",
    )
    paragraph(doc, "我局将对上述单位、部门发出催报通知。")
    paragraph(doc, "{%p else %}")
    paragraph(doc, "各单位、各部门均已报送{% if late_count %}，其中逾期报送{{ late_count }}个{% endif %}。")
    paragraph(doc, "{%p endif %}")
    heading(doc, "五、下一步工作")
    paragraph(
        doc,
        "对列入预警清单的项目，我局将督促相关部门分析原因、落实整改：属客观原因的，按程序调减预算并"
        "同步调整绩效目标；严重偏离绩效目标的，暂停项目实施、调减预算、停止拨付资金。监控结果将作为"
        "下一年度预算安排的重要依据。",
    )
    closing(doc, "特此报告。")
    return doc


def reevaluation() -> Document:
    doc = new_document()
    letterhead(doc)
    title(doc)
    addressee(doc)
    paragraph(
        doc,
        "根据年度绩效再评价工作安排，我局对你部门预算绩效情况开展了再评价，现将再评价结果告知如下：",
    )
    loop_table(
        doc,
        [
            ("序号", "{{ r.no }}", 13, "c"),
            ("项目", "{{ r.project }}", 36, "l"),
            ("得分", "{{ r.score }}", 14, "c"),
            ("等级", "{{ r.grade }}", 14, "c"),
            ("评价结论", "{{ r.conclusion }}", 41, "l"),
            ("整改要求", "{{ r.requirement }}", 40, "l"),
        ],
        "r in results",
    )
    paragraph(doc, "")
    # 整改 is asked only where a result carries a 整改要求 (an 优 with none is not asked to report 整改)
    paragraph(doc, "{%p if rectify %}")
    paragraph(
        doc,
        "请你部门按照“高效奖励、低效问责”的原则，针对{{ rectify }}的整改要求制定整改措施，于{{ deadline }}前"
        "将整改情况报送我局。",
    )
    paragraph(doc, "{%p endif %}")
    paragraph(doc, "再评价结果将作为以后年度预算安排的重要因素，并按有关规定公开。")
    closing(doc, "特此告知。")
    return doc


def self_evaluation_feedback() -> Document:
    """绩效自评结果反馈: one per department — its projects' scores and grades, the problems, the requirements."""
    doc = new_document()
    letterhead(doc)
    title(doc)
    addressee(doc)
    paragraph(
        doc,
        "根据你部门报送的{{ year }}年度项目支出绩效自评表，我局按照绩效自评计分办法对各项目进行了复核计分，"
        "现将结果反馈如下：",
    )
    heading(doc, "一、总体情况")
    paragraph(doc, "{{ assessment }}")
    loop_table(
        doc,
        [
            ("序号", "{{ p.no }}", 13, "c"),
            ("项目名称", "{{ p.name }}", 48, "l"),
            ("实施单位", "{{ p.unit }}", 34, "l"),
            ("自评总分", "{{ p.self_total }}", 18, "r"),
            ("复核总分", "{{ p.total }}", 18, "r"),
            ("等级", "{{ p.grade }}", 14, "c"),
        ],
        "p in projects",
    )
    heading(doc, "二、存在的问题")
    paragraph(doc, "{%p if problems %}")
    loop_table(
        doc,
        [
            ("序号", "{{ f.no }}", 13, "c"),
            ("项目", "{{ f.project }}", 40, "l"),
            ("位置", "{{ f.place }}", 22, "l"),
            ("问题", "{{ f.message }}", 70, "l"),
        ],
        "f in problems",
    )
    paragraph(doc, "{%p else %}")
    paragraph(doc, "自评表填报规范，未发现需要更正的问题。")
    paragraph(doc, "{%p endif %}")
    heading(doc, "三、有关要求")
    paragraph(
        doc,
        "请你部门组织所属单位对照上述问题核实更正，等级为“{{ worst_grade }}”的项目要深入分析原因、"
        "提出改进措施，并于{{ deadline }}前将整改情况报送我局。自评结果将作为以后年度预算安排的重要参考。",
    )
    closing(doc, "特此反馈。")
    return doc


def spot_check_notice() -> Document:
    """自评抽查通知: one per department — the projects picked and why, what to provide and by when."""
    doc = new_document()
    letterhead(doc)
    title(doc)
    addressee(doc)
    paragraph(
        doc,
        "根据预算绩效管理有关规定，我局对{{ year }}年度项目支出绩效自评结果开展抽查复核。"
        "你部门以下项目列入抽查范围：",
    )
    loop_table(
        doc,
        [
            ("序号", "{{ p.no }}", 13, "c"),
            ("项目名称", "{{ p.name }}", 44, "l"),
            ("实施单位", "{{ p.unit }}", 32, "l"),
            ("复核总分", "{{ p.total }}", 18, "r"),
            ("抽查理由", "{{ p.reason }}", 38, "l"),
        ],
        "p in projects",
    )
    paragraph(doc, "")
    paragraph(
        doc,
        "请你部门于{{ deadline }}前，将上述项目的绩效自评报告、自评表及佐证材料（预算执行、指标完成的原始凭证）"
        "报送我局。抽查中发现自评结果与实际明显不符的，将予以通报，并与以后年度预算安排挂钩。",
    )
    closing(doc, "特此通知。")
    return doc


def subheading(doc: Document, text: str) -> None:
    """二级标题 （一）: 楷体 三号; kept with what follows."""
    paragraph(doc, text, font=FONT_KAI, size=BODY_PT).paragraph_format.keep_with_next = True


def target_return() -> Document:
    """绩效目标退回修改通知: one per department — each project returned, the reasons by category (完整性、相关性、
    适当性、可行性) and the reviewer's 审核意见, and the date to declare again by."""
    doc = new_document()
    letterhead(doc)
    title(doc)
    addressee(doc)
    paragraph(
        doc,
        "你部门报送的{{ year }}年度项目支出绩效目标申报表已收悉。经审核，以下{{ count }}个项目的绩效目标尚不符合要求，"
        "现退回修改。具体意见如下：",
    )
    heading(doc, "一、退回修改的项目及意见")
    paragraph(doc, "{%p for p in projects %}")
    subheading(doc, "{{ p.ordinal }}{{ p.name }}（实施单位：{{ p.unit }}）")
    paragraph(doc, "{%p for r in p.reasons %}")
    paragraph(doc, "{%p if r.lines|length == 1 %}")
    paragraph(doc, "{{ r.no }}.{{ r.title }}：{{ r.lines[0] }}")
    paragraph(doc, "{%p else %}")
    paragraph(doc, "{{ r.no }}.{{ r.title }}：").paragraph_format.keep_with_next = True
    paragraph(doc, "{%p for line in r.lines %}")
    paragraph(doc, "（{{ loop.index }}）{{ line }}")
    paragraph(doc, "{%p endfor %}")
    paragraph(doc, "{%p endif %}")
    paragraph(doc, "{%p endfor %}")
    paragraph(doc, "{%p if p.no_reason %}")
    paragraph(doc, "审核记录中未载明具体修改意见，请与我局联系确认后修改。")
    paragraph(doc, "{%p endif %}")
    paragraph(doc, "{%p endfor %}")
    heading(doc, "二、有关要求")
    paragraph(
        doc,
        "请你部门组织项目实施单位对照上述意见修改完善绩效目标申报表，做到目标明确、指标细化量化、与预算资金相匹配，"
        "于{{ deadline }}前（{{ deadline_working_days }}个工作日内）重新报送我局。我局将对重新报送的申报表再次审核。",
    )
    closing(doc, "特此通知。")
    return doc


def target_approval() -> Document:
    """绩效目标批复: one per department — the projects approved (项目名称、实施单位、年度资金总额) and each one's
    年度 indicators, the 项目支出绩效目标批复表 that goes with the budget 批复."""
    doc = new_document()
    letterhead(doc)
    title(doc)
    addressee(doc)
    paragraph(
        doc,
        "根据预算绩效管理有关规定，我局对你部门报送的{{ year }}年度项目支出绩效目标进行了审核。经审核，"
        "以下{{ count }}个项目的绩效目标符合要求，现随部门预算一并批复如下。",
    )
    heading(doc, "一、批复项目")
    loop_table(
        doc,
        [
            ("序号", "{{ p.no }}", 13, "c"),
            ("项目名称", "{{ p.name }}", 62, "l"),
            ("实施单位", "{{ p.unit }}", 46, "l"),
            ("年度资金总额（万元）", "{{ p.total }}", 33, "r"),
        ],
        "p in projects",
    )
    paragraph(doc, "{%p if total %}")
    paragraph(doc, "以上项目年度资金合计{{ total }}万元。")
    paragraph(doc, "{%p endif %}")
    heading(doc, "二、项目支出绩效目标批复表（年度绩效指标）")
    paragraph(doc, "{%p for p in projects %}")
    subheading(doc, "{{ p.ordinal }}{{ p.name }}")
    paragraph(
        doc, "实施单位：{{ p.unit }}；年度资金总额：{{ p.total }}万元。"
    ).paragraph_format.keep_with_next = True
    paragraph(doc, "{%p if p.no_indicators %}")
    paragraph(doc, "申报表未列年度绩效指标。")
    paragraph(doc, "{%p else %}")
    loop_table(
        doc,
        [
            ("一级指标", "{{ i.level1 }}", 22, "c"),
            ("二级指标", "{{ i.level2 }}", 36, "c"),
            ("三级指标", "{{ i.level3 }}", 56, "l"),
            ("指标值", "{{ i.target }}", 38, "l"),
        ],
        "i in p.indicators",
    )
    paragraph(doc, "{%p endif %}")
    paragraph(doc, "{%p endfor %}")
    heading(doc, "三、有关要求")
    paragraph(
        doc,
        "请你部门及时将批复的绩效目标下达项目实施单位，严格按照批复的绩效目标组织项目实施，做好绩效运行监控，"
        "发现偏离及时纠偏；年度终了，对照批复的绩效目标开展绩效自评。绩效目标一经批复原则上不作调整，"
        "确需调整的，应说明理由，按程序报我局审核。",
    )
    closing(doc, "特此批复。")
    return doc


# each kind's layout; its template's name is the kind's (perfcli.letters.kinds)
LAYOUTS = {
    "reminder": reminder,
    "rectification": rectification,
    "feedback": feedback,
    "report": report,
    "reevaluation": reevaluation,
    "self-evaluation-feedback": self_evaluation_feedback,
    "spot-check-notice": spot_check_notice,
    "target-return": target_return,
    "target-approval": target_approval,
}
BUILDERS = {LETTER_KIND_RECORDS[key].name: layout for key, layout in LAYOUTS.items()}
assert set(LAYOUTS) == set(LETTER_KIND_RECORDS), "every letter kind needs a layout"


def _add_alt_names(data: bytes) -> bytes:
    """Rewrite word/fontTable.xml so every CJK font we use has a w:altName (Word falls back to it)."""
    entries = "".join(
        f'<w:font w:name="{name}"><w:altName w:val="{alt}"/><w:charset w:val="86"/>'
        f'<w:family w:val="{"modern" if name != FONT_HEI else "swiss"}"/><w:pitch w:val="variable"/></w:font>'
        for name, alt in ALT_NAMES.items()
    )
    src, out = zipfile.ZipFile(BytesIO(data)), BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            body = src.read(item.filename)
            if item.filename == "word/fontTable.xml":
                body = body.replace(b"</w:fonts>", entries.encode("utf-8") + b"</w:fonts>")
            fixed = zipfile.ZipInfo(item.filename, date_time=(2026, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(fixed, body)
    return out.getvalue()


def build(out_dir: Path = OUT) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for name, builder in BUILDERS.items():
        buffer = BytesIO()
        builder().save(buffer)
        target = out_dir / f"{name}.docx"
        target.write_bytes(_add_alt_names(buffer.getvalue()))
        written.append(target)
    return written


if __name__ == "__main__":
    for path in build(Path(sys.argv[1]) if len(sys.argv) > 1 else OUT):
        print(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)
