"""Bounded text (issue 24, item 10): a finding quotes at most 200 characters of a cell, says how long the
cell was, and one huge cell does not flood the terminal."""

from __future__ import annotations

import random
import re
import zipfile
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from perfcli import api
from perfcli.cli.main import app
from perfcli.model.text import QUOTE_MAX, quoted

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "sample_data" / "returns" / "区人民医院_附表1_2026Q3.xlsx"
HUGE = 3_000_000


def test_quoted_keeps_short_text_and_cuts_long_text_saying_how_long() -> None:
    assert quoted("一二三") == "一二三"
    text = "字" * 5000
    assert quoted(text) == "字" * QUOTE_MAX + "…（共 5000 字）"


def huge_cell_workbook(folder: Path) -> Path:
    """The sample return with 3 million characters typed into 已到位资金 (a money cell), written past
    Excel's own limit the way a script could."""
    workbook = openpyxl.load_workbook(SAMPLE)
    sheet = workbook.worksheets[0]
    for row in sheet.iter_rows():
        for cell in row:
            if isinstance(cell.value, str) and cell.value.strip() == "已到位资金":
                sheet.cell(cell.row, cell.column + 1).value = "HUGECELL"
    plain = folder / "plain.xlsx"
    workbook.save(plain)
    rng = random.Random(24)  # random characters: a zip of a repeated text would be refused as a bomb
    text = "".join(chr(rng.randint(0x4E00, 0x9FA5)) for _ in range(HUGE))
    target = folder / "huge.xlsx"
    with zipfile.ZipFile(plain) as src, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename.startswith("xl/worksheets/"):
                data = re.sub(rb"<t>HUGECELL</t>", f"<t>{text}</t>".encode(), data)
            dst.writestr(item, data)
    return target


@pytest.mark.slow
def test_a_three_million_character_cell_is_quoted_in_two_hundred(tmp_path: Path) -> None:
    path = huge_cell_workbook(tmp_path)
    report = api.validate(path)
    [money] = [f for f in report.files[0].findings if f.code == "R001"]
    assert f"…（共 {HUGE} 字）" in money.message
    assert len(money.message) < QUOTE_MAX + 100

    result = CliRunner().invoke(app, ["validate", str(path)], terminal_width=100)
    assert result.exit_code == 1
    assert len(result.stdout) < 20_000  # the terminal gets the quote, not the cell
