"""Form packs: the two that ship, `perfcli packs`, `init --pack`, a config selecting a pack by name or folder."""

from __future__ import annotations

import json
import shutil
from importlib.resources import files
from pathlib import Path
from typing import get_args

import pytest
from typer.testing import CliRunner

from perfcli import api
from perfcli.api.common import config_of
from perfcli.cli.main import app
from perfcli.errors import UsageError
from perfcli.forms.pack import DEFAULT_PACK, load_pack
from perfcli.forms.registry import forms_of, registry_of
from perfcli.model.records import FormKind

runner = CliRunner()


def test_the_built_in_packs_and_their_forms():
    listing = api.packs()
    assert [p.name for p in listing.packs] == ["changzhou-xinbei", "national"]
    assert listing.selected == "changzhou-xinbei"
    assert [p.forms for p in listing.packs] == [
        ("project", "department", "key_project"),
        ("national_project",),
    ]


def test_the_kinds_of_form_are_the_registrys():
    """The kinds of form are what the installed packs (and the year-end 自评表) declare; the FormKind type
    names exactly those, so no kind is typed in code without its spec, and none is left out of the type."""
    assert set(registry_of(load_pack(DEFAULT_PACK)).by_form) == set(get_args(FormKind))


def test_perfcli_packs_lists_them():
    result = runner.invoke(app, ["packs", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["selected"] == "changzhou-xinbei"
    assert [f["title"] for f in data["packs"][1]["forms"]] == ["项目支出绩效目标执行监控表"]
    text = runner.invoke(app, ["packs"]).stdout
    assert "national" in text and "项目支出绩效目标执行监控表" in text


def test_init_with_the_national_pack_selects_it(tmp_path):
    result = runner.invoke(app, ["init", str(tmp_path / "ws"), "--pack", "national"])
    assert result.exit_code == 0, result.output
    assert "--period 20" in result.stdout and "M7" in result.stdout  # 1-7月
    config = config_of(tmp_path / "ws" / "perfcli.toml")
    assert config.likelihood == ("确定能", "有可能", "完全不可能")
    assert config.period_kind == "month"
    assert [s.form for s in forms_of(config).owed("unit", True)] == ["national_project"]
    assert forms_of(config).owed("department", True) == []


def test_the_users_own_settings_win_over_the_packs(tmp_path):
    path = tmp_path / "perfcli.toml"
    path.write_text('[pack]\nname = "national"\n[periods]\nunit_due_days = 5\n', "utf-8")
    config = config_of(path)
    assert config.raw["periods"]["unit_due_days"] == 5
    assert config.raw["periods"]["kind"] == "month"  # from the pack


def test_a_config_points_at_a_pack_folder_of_its_own(tmp_path):
    folder = tmp_path / "我的表样"
    shutil.copytree(load_pack("national").folder, folder)
    (tmp_path / "perfcli.toml").write_text('[pack]\npath = "我的表样"\n', "utf-8")
    config_of(tmp_path / "perfcli.toml")
    listing = api.packs(tmp_path / "perfcli.toml")
    assert listing.packs[-1].folder == folder.resolve() and not listing.packs[-1].builtin


def test_an_unknown_pack_is_a_usage_error(tmp_path):
    (tmp_path / "perfcli.toml").write_text('[pack]\nname = "hainan"\n', "utf-8")
    with pytest.raises(UsageError, match="找不到表样包“hainan”"):
        config_of(tmp_path / "perfcli.toml")
    result = runner.invoke(app, ["packs", "-c", str(tmp_path / "perfcli.toml")])
    assert result.exit_code == 2 and "national" in result.output


def test_a_pack_folder_brings_its_own_letter_texts_and_init_can_select_it(tmp_path, monkeypatch):
    folder = tmp_path / "省表样"
    shutil.copytree(load_pack("national").folder, folder)
    shutil.copy(Path(str(files("perfcli.templates").joinpath("催报通知.docx"))), folder / "省催报通知.docx")
    manifest = folder / "pack.yaml"
    manifest.write_text(
        manifest.read_text("utf-8").replace("name: national", "name: province")
        + "letters:\n  reminder: 省催报通知.docx\n",
        "utf-8",
    )
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["init", "ws", "--pack", "省表样"])
    assert result.exit_code == 0, result.output
    config = config_of(tmp_path / "ws" / "perfcli.toml")
    assert config.section("pack")["path"] == folder.resolve().as_posix()
    assert config.template_override("reminder") == folder.resolve() / "省催报通知.docx"
    assert config.template_override("feedback") is None
    assert api.packs(tmp_path / "ws" / "perfcli.toml").selected == "province"
