"""Hostile and broken input: each file gets a Chinese reason, quickly, and the batch goes on."""

from __future__ import annotations

import json
import random
import subprocess
import uuid
import zipfile
from pathlib import Path

import fixtures_builder as fb
import pytest
from conftest import needs_libreoffice, soffice
from typer.testing import CliRunner

from perfcli.cli.main import app
from perfcli.io.xlsx.read.safety import ENCRYPTED_REASON
from perfcli.model.config import load_config
from perfcli.returns.read import read_workbook


@pytest.fixture(scope="module")
def config():
    return load_config()


@pytest.fixture(scope="module")
def base(tmp_path_factory) -> Path:
    return fb.canonical_project(tmp_path_factory.mktemp("base") / "good.xlsx")


def _empty(base: Path, d: Path) -> Path:
    (d / "empty.xlsx").write_bytes(b"")
    return d / "empty.xlsx"


def _text(base: Path, d: Path) -> Path:
    (d / "notes.xlsx").write_text("项目名称,预算总额\n老旧小区改造,1250\n", encoding="utf-8")
    return d / "notes.xlsx"


def _html(base: Path, d: Path) -> Path:
    (d / "export.xls").write_text("<html><table><tr><td>项目名称</td></tr></table></html>", encoding="utf-8")
    return d / "export.xls"


def _laughs(base: Path, d: Path) -> Path:
    return fb.replace_part(base, d / "laughs.xlsx", "xl/worksheets/sheet1.xml", fb.BILLION_LAUGHS)


def _laughs_in_shared_strings(base: Path, d: Path) -> Path:
    with zipfile.ZipFile(base) as src, zipfile.ZipFile(d / "sst.xlsx", "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            dst.writestr(item, src.read(item.filename))
        dst.writestr("xl/sharedStrings.xml", fb.BILLION_LAUGHS)
    return d / "sst.xlsx"


CASES = {
    "empty": (_empty, "文件是空的"),
    "text file named .xlsx": (_text, "不是 Excel 工作簿"),
    "html named .xls": (_html, "不是 Excel 工作簿"),
    "truncated": (lambda b, d: fb.truncated(b, d / "cut.xlsx"), "被截断"),
    "password protected": (lambda b, d: fb.encrypted_ole2(d / "secret.xlsx"), ENCRYPTED_REASON),
    "password protected .xls": (lambda b, d: fb.encrypted_ole2(d / "secret.xls"), ENCRYPTED_REASON),
    "zip bomb": (lambda b, d: fb.zip_bomb(b, d / "bomb.xlsx", 2.0), "压缩炸弹"),
    "zip bomb in shared strings": (
        lambda b, d: fb.zip_bomb(b, d / "sst-bomb.xlsx", 1.0, part="xl/sharedStrings.xml"),
        "压缩炸弹",
    ),
    "zip bomb with a lying directory": (
        lambda b, d: fb.zip_bomb(b, d / "liar.xlsx", 1.0, declared=3000),
        "与压缩包目录记录不符",
    ),
    "zip bomb in shared strings with a lying directory": (
        lambda b, d: fb.zip_bomb(b, d / "liar2.xlsx", 1.0, part="xl/sharedStrings.xml", declared=3000),
        "与压缩包目录记录不符",
    ),
    "ods with a million repeated rows": (lambda b, d: fb.ods_repeated_rows(d / "rows.ods"), "行数过多"),
    "billion laughs": (_laughs, "DOCTYPE/ENTITY"),
    "billion laughs in shared strings": (_laughs_in_shared_strings, "DOCTYPE/ENTITY"),
    "external entity": (
        lambda b, d: fb.replace_part(b, d / "xxe.xlsx", "xl/worksheets/sheet1.xml", fb.EXTERNAL_ENTITY),
        "DOCTYPE/ENTITY",
    ),
    "million rows declared": (lambda b, d: fb.million_rows(b, d / "rows.xlsx"), "行数过多"),
    "million rows undeclared": (lambda b, d: fb.million_rows(b, d / "rows2.xlsx", declare=False), "行数过多"),
    "far corner cell": (lambda b, d: fb.far_corner(b, d / "far.xlsx"), "表格范围过大"),
}


@pytest.mark.parametrize("case", list(CASES))
def test_rejected_with_a_reason(tmp_path, base, config, case):
    build, reason = CASES[case]
    path = build(base, tmp_path)
    content = read_workbook(path, config)
    assert content.rejected is not None and reason in content.rejected
    assert content.records == []
    assert [f.code for f in content.findings] == ["R010"]
    assert content.findings[0].severity == "error" and reason in content.findings[0].message


def test_word_document_is_not_a_workbook(tmp_path, config):
    path = tmp_path / "letter.xlsx"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("word/document.xml", "<document/>")
    assert "Word" in read_workbook(path, config).rejected


def test_missing_file_and_folder(tmp_path, config):
    assert read_workbook(tmp_path / "nope.xlsx", config).rejected == "文件不存在或已被移走"
    assert "文件夹" in read_workbook(tmp_path, config).rejected


def test_cli_batch_goes_on_and_exits_1(tmp_path, base):
    chosen = (
        "empty",
        "text file named .xlsx",
        "truncated",
        "password protected",
        "zip bomb",
        "billion laughs",
        "million rows declared",
        "far corner cell",
    )
    bad = [CASES[name][0](base, tmp_path) for name in chosen]
    runner = CliRunner()
    result = runner.invoke(app, ["extract", "--json", *map(str, bad), str(base)])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    stdout = result.stdout
    records = json.loads(stdout)
    assert [r["fields"]["project_name"] for r in records] == ["老旧小区改造工程"]
    stderr = result.stderr
    for path in bad:
        assert path.name in stderr
    assert "压缩炸弹" in stderr and "已加密" in stderr and "行数过多" in stderr


def test_cli_good_file_exits_0(base):
    result = CliRunner().invoke(app, ["extract", str(base)])
    assert result.exit_code == 0
    assert "老旧小区改造工程" in result.stdout and "附表1" in result.stdout


@needs_libreoffice
def test_xls_far_corner_is_refused_before_a_dense_read(tmp_path, config):
    """Two cells, A1 and IV65536, in a few-KB .xls: a dense reader would allocate 16.7 million cells."""
    import openpyxl

    wb = openpyxl.Workbook()
    wb.active["A1"], wb.active["IV65536"] = 1, 2
    wb.save(tmp_path / "corner.xlsx")
    profile = tmp_path / f"lo-{uuid.uuid4().hex}"
    subprocess.run(
        [
            soffice(),
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "xls",
            "--outdir",
            str(tmp_path / "out"),
            str(tmp_path / "corner.xlsx"),
        ],
        check=True,
        timeout=120,
        capture_output=True,
    )
    content = read_workbook(tmp_path / "out" / "corner.xls", config)
    assert content.rejected is not None and "表格范围过大" in content.rejected


def _mutations(data: bytes, seed: int, count: int):
    rng = random.Random(seed)
    for _ in range(count):
        buf = bytearray(data)
        for _ in range(rng.choice((1, 3, 10, 50))):
            buf[rng.randrange(len(buf))] = rng.randrange(256)
        yield bytes(buf)


def _stored_copy(src: Path, target: Path) -> Path:
    """The same workbook without compression, so damaged bytes land in the XML itself."""
    with zipfile.ZipFile(src) as a, zipfile.ZipFile(target, "w", zipfile.ZIP_STORED) as b:
        for item in a.infolist():
            b.writestr(item.filename, a.read(item.filename))
    return target


def test_damaged_bytes_never_raise(tmp_path, config):
    """Random byte damage anywhere in a workbook: read, or rejected with a reason — never an exception."""
    src = fb.department_workbook_with_key_project(tmp_path / "dept.xlsx")
    stored = _stored_copy(src, tmp_path / "stored.xlsx")
    outcomes = set()
    for n, data in enumerate([*_mutations(src.read_bytes(), 1, 60), *_mutations(stored.read_bytes(), 2, 60)]):
        path = tmp_path / f"damaged{n}.xlsx"
        path.write_bytes(data)
        content = read_workbook(path, config)
        assert content.rejected or content.records is not None
        outcomes.add("rejected" if content.rejected else "read")
    assert outcomes == {"rejected", "read"}  # the damage hit both fatal and harmless places


@needs_libreoffice
def test_damaged_xls_never_raises_or_prints(tmp_path, config, capfd):
    src = fb.department_workbook_with_key_project(tmp_path / "dept.xlsx")
    profile = tmp_path / f"lo-{uuid.uuid4().hex}"
    subprocess.run(
        [
            soffice(),
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "xls",
            "--outdir",
            str(tmp_path / "out"),
            str(src),
        ],
        check=True,
        timeout=120,
        capture_output=True,
    )
    capfd.readouterr()
    for n, data in enumerate(_mutations((tmp_path / "out" / "dept.xls").read_bytes(), 3, 80)):
        path = tmp_path / f"damaged{n}.xls"
        path.write_bytes(data)
        read_workbook(path, config)
    assert capfd.readouterr().out == ""  # xlrd's warnings must not land in `extract --json` output
