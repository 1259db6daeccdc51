"""Shared fixtures. Workbooks that stand for returns from outside are laid out by test code, never by generate."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

os.environ.setdefault("COLUMNS", "120")  # stable rich output in CLI tests
ROOT = Path(__file__).resolve().parent.parent


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


needs_libreoffice = pytest.mark.skipif(soffice() is None, reason="LibreOffice (soffice) 未安装")


@pytest.fixture
def sample_roster() -> Path:
    return ROOT / "sample_data" / "roster.xlsx"


@pytest.fixture(autouse=True)
def _isolated_from_the_machine(tmp_path, monkeypatch):
    """Each test runs in its own temp folder, and workspace discovery stops there (or at the repository, for
    the tests that run from it): a perfcli.toml above the temp root, a stray one on the developer's disk,
    changes nothing and gets no perfcli.db written beside it."""
    from perfcli.model.config import CEILING_VARIABLE

    monkeypatch.setenv(CEILING_VARIABLE, os.pathsep.join([str(tmp_path), str(ROOT)]))
    monkeypatch.chdir(tmp_path)
