"""A batch of returns with every hostile file the suite knows among good ones (200 files by default).

Built by test code (tests/fixtures_builder.py: openpyxl and raw zip/XML), never by perfcli's generator:
these stand for files from outside. Used by the slow test of a whole hostile batch and by `make bench`,
which records its time and peak memory.
"""

from __future__ import annotations

import random
import re
import zipfile
from collections.abc import Callable
from pathlib import Path

from tests import fixtures_builder as fb

HYPERLINK = 'HYPERLINK("http://x","y")'
DDE = "cmd|'/C calc'!A0"


def _edit_parts(path: Path, edit: Callable[[str, str], str]) -> Path:
    with zipfile.ZipFile(path) as src:
        parts = {name: src.read(name) for name in src.namelist()}
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for name, data in parts.items():
            dst.writestr(name, edit(name, data.decode()).encode() if name.endswith(".xml") else data)
    return path


def _text_in_place(path: Path, placeholder: str, text: str) -> Path:
    """Text openpyxl refuses to write (control characters, over 32,767 characters), put into the XML."""
    return _edit_parts(path, lambda name, xml: xml.replace(placeholder, text))


def _formulas(path: Path) -> Path:
    import openpyxl

    fb.canonical_project(path, values={"project_name": "公式项目", "funds_spent": 2000})
    book = openpyxl.load_workbook(path)
    book.active["B8"] = f"={HYPERLINK}"
    book.active["B9"] = f"={DDE}"
    book.active["E12"].hyperlink = "http://example.invalid/x"
    book.save(path)
    return _edit_parts(
        path,
        lambda name, xml: re.sub(
            r'<c r="B8"([^>]*)><f>(.*?)</f><v\s*/?>(</v>)?', r'<c r="B8"\1 t="str"><f>\2</f><v>y</v>', xml
        ),
    )


def _word_document(path: Path) -> Path:
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("word/document.xml", "<document/>")
    return path


def _damaged(base: Path, path: Path, seed: int) -> Path:
    data = bytearray(base.read_bytes())
    rng = random.Random(seed)
    for _ in range(20):
        data[rng.randrange(len(data))] = rng.randrange(256)
    path.write_bytes(bytes(data))
    return path


def hostile_builders(base: Path) -> dict[str, Callable[[Path], Path]]:
    """File name -> builder, for every hostile kind (base: a good 附表1 to mutate)."""
    escapes = "_x001B_]0;owned\x07_x001B_[2J"
    return {
        "empty.xlsx": lambda p: (p.write_bytes(b""), p)[1],
        "notes.xlsx": lambda p: (p.write_text("项目名称,预算总额\n", encoding="utf-8"), p)[1],
        "export.xls": lambda p: (p.write_text("<html><table></table></html>", encoding="utf-8"), p)[1],
        "letter.xlsx": _word_document,
        "cut.xlsx": lambda p: fb.truncated(base, p),
        "secret.xlsx": fb.encrypted_ole2,
        "secret.xls": fb.encrypted_ole2,
        "bomb.xlsx": lambda p: fb.zip_bomb(base, p, 2.0),
        "sst-bomb.xlsx": lambda p: fb.zip_bomb(base, p, 1.0, part="xl/sharedStrings.xml"),
        "liar.xlsx": lambda p: fb.zip_bomb(base, p, 1.0, declared=3000),
        "rows.ods": fb.ods_repeated_rows,
        "laughs.xlsx": lambda p: fb.replace_part(base, p, "xl/worksheets/sheet1.xml", fb.BILLION_LAUGHS),
        "xxe.xlsx": lambda p: fb.replace_part(base, p, "xl/worksheets/sheet1.xml", fb.EXTERNAL_ENTITY),
        "rows.xlsx": lambda p: fb.million_rows(base, p),
        "rows2.xlsx": lambda p: fb.million_rows(base, p, declare=False),
        "far.xlsx": lambda p: fb.far_corner(base, p),
        "damaged-1.xlsx": lambda p: _damaged(base, p, 1),
        "damaged-2.xlsx": lambda p: _damaged(base, p, 2),
        "formulas.xlsx": _formulas,
        "controls.xlsx": lambda p: _text_in_place(
            fb.canonical_project(p, values={"project_name": "控制字符项目", "implementation": "RAW"}),
            "RAW",
            "按计划\x01实施\x1b[2J",
        ),
        "escapes.xlsx": lambda p: _text_in_place(
            fb.canonical_project(
                p, unit_line="编报单位：[bold red]新北区PLACEHOLDER局", values={"project_name": "转义项目"}
            ),
            "PLACEHOLDER",
            escapes,
        ),
        "long.xlsx": lambda p: _text_in_place(
            fb.canonical_project(p, values={"project_name": "长文本项目", "implementation": "LONG"}),
            "LONG",
            "长" * 40_000,
        ),
        "\u202eRTLO_xslx.exe_附表1.xlsx": lambda p: fb.canonical_project(
            p, values={"project_name": "RTLO项目"}
        ),
        "已删除.xlsx": lambda p: (p.symlink_to(p.parent / "nowhere.xlsx"), p)[1],
    }


def write_hostile_batch(folder: Path, total: int = 200) -> tuple[list[Path], list[Path]]:
    """Write the hostile files and good 附表1 up to `total` files into `folder`; returns (good, hostile)."""
    folder.mkdir(parents=True, exist_ok=True)
    base = fb.canonical_project(folder.parent / f"{folder.name}-base.xlsx")
    hostile = [build(folder / name) for name, build in hostile_builders(base).items()]
    base.unlink()
    good = []
    for n in range(total - len(hostile)):
        unit = f"编报单位：新北区第{n // 4 + 1}单位"
        values = {"project_name": f"项目{n:03d}", "funds_spent": 2000 if n % 5 == 0 else 600}
        (folder / f"单位{n // 4 + 1}").mkdir(exist_ok=True)
        good.append(
            fb.canonical_project(
                folder / f"单位{n // 4 + 1}" / f"{n:03d}.xlsx", unit_line=unit, values=values
            )
        )
    return good, hostile
