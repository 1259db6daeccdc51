"""--force never loses a clerk's edits (issue 19, item 6): in a workspace, a generated form or a letter that
was changed by hand (or that the ledger does not know) is copied into 旧文件/ before it is replaced, and the
command names the copy."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from perfcli import api
from perfcli.cli.main import app
from perfcli.errors import OutputExistsError

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_RETURNS = ROOT / "sample_data" / "returns"
runner = CliRunner()


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    directory = tmp_path / "工作区"
    api.init(directory)
    return directory


def test_generate_force_copies_a_hand_changed_form_aside_and_says_where(workspace, sample_roster):
    config, out = workspace / "perfcli.toml", workspace / "监控表"
    first = api.generate(sample_roster, "2026Q3", out, config=config)
    edited, untouched = first.files[0].path, first.files[1].path
    edited.write_bytes(edited.read_bytes() + b"\0")  # a clerk's change
    mine = edited.read_bytes()
    with pytest.raises(OutputExistsError, match="旧文件"):
        api.generate(sample_roster, "2026Q3", out, config=config)

    args = ["generate", str(sample_roster), "--period", "2026Q3", "--out", str(out), "--config", str(config)]
    result = runner.invoke(app, [*args, "--force"])
    assert result.exit_code == 0, result.output
    copy = edited.parent / "旧文件" / edited.name
    assert copy.read_bytes() == mine and edited.read_bytes() != mine
    assert f"原文件已另存为 {copy}" in result.output.replace("\n", "")
    assert not (untouched.parent / "旧文件" / untouched.name).exists()  # ours and unchanged: no copy

    edited.write_bytes(edited.read_bytes() + b"\0")
    again = runner.invoke(app, [*args, "--force", "--json"])
    second_copy = edited.parent / "旧文件" / f"{edited.stem}（2）{edited.suffix}"
    assert json.loads(again.stdout)["backups"] == {str(edited): str(second_copy)}
    assert copy.read_bytes() == mine  # the first copy is never overwritten


def test_render_force_copies_a_hand_changed_letter_aside_and_verify_stays_clean(workspace, sample_roster):
    config = workspace / "perfcli.toml"
    shutil.copytree(SAMPLE_RETURNS, workspace / "回收")
    options = {"out": workspace / "函件", "roster": sample_roster, "config": config}
    first = api.render("feedback", [workspace / "回收"], **options)  # type: ignore[arg-type]
    edited = first.letters[0].docx
    edited.write_bytes(edited.read_bytes() + b"\0")
    mine = edited.read_bytes()
    forced = api.render("feedback", [workspace / "回收"], force=True, **options)  # type: ignore[arg-type]
    [backed_up] = [x for x in forced.letters if x.backup is not None]
    assert backed_up.docx == edited and backed_up.backup == edited.parent / "旧文件" / edited.name
    assert backed_up.backup.read_bytes() == mine
    assert api.verify(config=config).problems == []
