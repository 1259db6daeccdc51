"""Tests are isolated from the machine (issue 19, item 8): workspace discovery stops at PERFCLI_WORKSPACE_CEILING,
which the autouse fixture in conftest.py sets to each test's own temp folder."""

from __future__ import annotations

import json
import os

import pytest
from typer.testing import CliRunner

from perfcli.cli.main import app
from perfcli.model.config import CEILING_VARIABLE, find_workspace_config, load_config

runner = CliRunner()
STRAY = '[thresholds]\nexecution_lag_margn = 1\n\n[ledger]\npath = "stray.db"\n'


@pytest.fixture
def stray_config(tmp_path):
    """A perfcli.toml with a misspelt key and its own [ledger], in the folder above the test's temp root."""
    stray = tmp_path.parent / "perfcli.toml"
    assert not stray.exists()
    stray.write_text(STRAY, "utf-8")
    yield stray
    stray.unlink()


def test_a_stray_config_above_the_temp_root_changes_nothing(tmp_path, sample_roster, stray_config):
    assert os.getcwd() == str(tmp_path)
    assert find_workspace_config(tmp_path) is None and load_config().path is None
    out = tmp_path / "forms"
    args = ["generate", str(sample_roster), "--period", "2026Q3", "--out", str(out), "--json"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["files"]
    assert not list(stray_config.parent.glob("*.db"))  # no perfcli.db, no stray.db beside the stray file
    assert not list(tmp_path.rglob("*.db"))


def test_without_the_ceiling_the_stray_config_would_be_found(tmp_path, monkeypatch, stray_config):
    monkeypatch.delenv(CEILING_VARIABLE)
    assert find_workspace_config(tmp_path) == stray_config


def test_the_ceiling_folder_itself_is_still_a_workspace(tmp_path):
    (tmp_path / "perfcli.toml").write_text("", "utf-8")
    (tmp_path / "a" / "b").mkdir(parents=True)
    assert find_workspace_config(tmp_path / "a" / "b") == tmp_path / "perfcli.toml"
