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
def workspace(tmp_path: Path) -> Path:
    """A workspace made by init, with a copy of the sample returns (tests/ledger_workspace.py); a test
    module that needs another kind of workspace defines its own."""
    from tests.ledger_workspace import make_workspace

    return make_workspace(tmp_path)


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


@pytest.fixture(scope="session")
def pg_server():
    """A real PostgreSQL on 127.0.0.1 for the session (tests/postgres_server.py); skipped where it is not
    installed (.ci/run installs Debian's postgresql)."""
    import postgres_server

    if not postgres_server.available():
        pytest.skip("PostgreSQL 未安装（.ci/run 安装 postgresql）")
    with postgres_server.postgres() as running:
        yield running


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the workbooks actually read (not taken from the cache)."""
    import perfcli.returns.read as reader

    seen: list[str] = []
    original = reader.read_workbook

    def counting(path, config):  # type: ignore[no-untyped-def]
        seen.append(Path(path).name)
        return original(path, config)

    monkeypatch.setattr(reader, "read_workbook", counting)
    return seen
