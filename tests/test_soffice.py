"""The one LibreOffice launcher: a private profile per run, nothing left in temp, failures in Chinese."""

from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path
from urllib.parse import urlparse
from urllib.request import url2pathname

import openpyxl
import pytest
from conftest import needs_libreoffice

from perfcli.errors import RunFailed, UsageError
from perfcli.io.office import soffice
from perfcli.io.office.pdf import convert_to_pdf, require_soffice
from perfcli.io.xlsx.write import annotate

posix_only = pytest.mark.skipif(sys.platform == "win32", reason="the stand-in soffice is a script")

FAKE_SOFFICE = """#!{python}
import json, os, pathlib, sys, time
args = sys.argv[1:]
time.sleep({sleep})
out = pathlib.Path(args[args.index("--outdir") + 1])
ext = args[args.index("--convert-to") + 1].split(":")[0]
out.mkdir(parents=True, exist_ok=True)
for src in args[args.index("--outdir") + 2:]:
    (out / (pathlib.Path(src).stem + "." + ext)).write_bytes(b"%PDF-1.4 stand-in")
fonts = os.environ["FONTCONFIG_FILE"]
record = {{"args": args, "home": os.environ["HOME"], "fonts": fonts, "fonts_written": os.path.isfile(fonts)}}
pathlib.Path({log!r}).write_text(json.dumps(record))
sys.exit({exit_code})
"""


@pytest.fixture
def private_tmp(tmp_path, monkeypatch) -> Path:
    """tempfile's directory for this test alone (other runs share /tmp), with a space in its path."""
    tmp = tmp_path / "temp dir"
    tmp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(tmp))
    return tmp


def _left_over(temp: Path) -> list[Path]:
    """What a conversion left in the temp folder: anything but this run's (emptied) scratch folder."""
    return [
        p
        for p in temp.rglob("*")
        if not (p.is_dir() and p.name.startswith("perfcli-run-") and p.parent == temp)
    ]


def _stand_in(tmp_path: Path, monkeypatch, *, exit_code: int = 0, sleep: float = 0) -> Path:
    """A fake soffice first on PATH that records how it was called; returns the record's path."""
    bin_dir, log = tmp_path / "bin", tmp_path / "soffice-call.json"
    bin_dir.mkdir()
    exe = bin_dir / "soffice"
    exe.write_text(FAKE_SOFFICE.format(python=sys.executable, log=str(log), exit_code=exit_code, sleep=sleep))
    exe.chmod(0o755)
    monkeypatch.setenv("PATH", f"{bin_dir}:{Path(sys.executable).parent}")
    return log


def _letter(tmp_path: Path) -> Path:
    docx = tmp_path / "letters" / "整改通知.docx"
    docx.parent.mkdir()
    docx.write_bytes(b"PK stand-in docx")
    return docx


def test_missing_soffice_is_a_chinese_usage_error(monkeypatch, tmp_path):
    monkeypatch.setattr(soffice.shutil, "which", lambda name: None)
    monkeypatch.setattr(soffice, "_USUAL_PLACES", ())
    assert soffice.find_soffice() is None
    with pytest.raises(UsageError, match="未找到 LibreOffice（soffice），无法生成 PDF") as caught:
        require_soffice()
    assert any("另存为 PDF" in line for line in caught.value.details)
    with pytest.raises(UsageError, match="未找到 LibreOffice"):
        convert_to_pdf([tmp_path / "a.docx"])


@posix_only
def test_conversion_runs_headless_in_a_private_profile_and_cleans_up(tmp_path, monkeypatch, private_tmp):
    log = _stand_in(tmp_path, monkeypatch)
    docx = _letter(tmp_path)
    (pdf,) = convert_to_pdf([docx])
    assert pdf == docx.with_suffix(".pdf") and pdf.read_bytes().startswith(b"%PDF")
    call = json.loads(log.read_text())
    assert {"--headless", "--norestore", "--nolockcheck"} <= set(call["args"])
    (install,) = [a for a in call["args"] if a.startswith("-env:UserInstallation=")]
    uri = install.split("=", 1)[1]
    profile = Path(url2pathname(urlparse(uri).path))
    assert uri == profile.as_uri() and "%20" in uri  # a real file URI, the space escaped
    assert profile.parent.parent == private_tmp and profile.name.startswith("lo-")
    assert profile.parent.name.startswith(f"perfcli-run-p{os.getpid()}-")  # this run's own scratch folder
    assert call["home"] == str(profile)
    assert Path(call["fonts"]).parent == profile and call["fonts_written"]
    assert _left_over(private_tmp) == []  # profile and scratch folders removed


@posix_only
def test_a_failed_conversion_is_run_failed_and_leaves_nothing(tmp_path, monkeypatch, private_tmp):
    _stand_in(tmp_path, monkeypatch, exit_code=1)
    docx = _letter(tmp_path)
    with pytest.raises(RunFailed, match="LibreOffice 转换 PDF 失败（退出码 1）"):
        convert_to_pdf([docx])
    assert not docx.with_suffix(".pdf").exists()
    assert _left_over(private_tmp) == []


@posix_only
def test_a_hanging_soffice_times_out(tmp_path, monkeypatch, private_tmp):
    _stand_in(tmp_path, monkeypatch, sleep=30)
    monkeypatch.setattr(soffice, "START_SECONDS", 1)
    monkeypatch.setattr(soffice, "SECONDS_PER_FILE", 0)
    with pytest.raises(RunFailed, match="超时（1 秒）"):
        convert_to_pdf([_letter(tmp_path)])
    assert _left_over(private_tmp) == []


@posix_only
def test_annotate_falls_back_quietly_when_the_conversion_fails(tmp_path, monkeypatch, private_tmp):
    log = _stand_in(tmp_path, monkeypatch, exit_code=1)
    assert annotate._load_converted(tmp_path / "单位.xls") is None  # the values-only copy takes over
    assert log.is_file()  # it did try, through the shared launcher
    assert _left_over(private_tmp) == []


def test_annotate_falls_back_quietly_without_soffice(tmp_path, monkeypatch):
    monkeypatch.setattr(soffice, "find_soffice", lambda: None)
    assert annotate._load_converted(tmp_path / "单位.xls") is None


@needs_libreoffice
def test_real_libreoffice_converts_and_leaves_no_profile(tmp_path, private_tmp):
    source = tmp_path / "单位.xlsx"
    book = openpyxl.Workbook()
    book.active["A1"] = "项目名称"
    book.save(source)
    (ods,) = soffice.convert(soffice.find_soffice(), [source], tmp_path / "out", "ods")
    assert ods == tmp_path / "out" / "单位.ods" and ods.is_file()
    assert _left_over(private_tmp) == []
