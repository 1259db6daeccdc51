"""The forms come from the config, not from the process: a config's pack is resolved once into the
FormRegistry it carries, two configs with different packs live side by side in one process, and a --jobs
worker reads with the forms its arguments bring."""

from __future__ import annotations

import pickle
import shutil
from decimal import Decimal
from operator import attrgetter
from pathlib import Path

import pytest
from fixtures_builder import canonical_project, money
from national_fixtures import fill_national

from perfcli import api
from perfcli.api.common import config_of
from perfcli.forms.pack import DEFAULT_PACK, load_pack
from perfcli.forms.registry import forms_of, registry_of
from perfcli.io.files.scratch import process_pool
from perfcli.model.config import default_config
from perfcli.returns.read import read_workbook

NATIONAL = "2026M7"


def _config_file(folder: Path, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "perfcli.toml"
    path.write_text(text, "utf-8")
    return path


def _own_pack(tmp_path: Path) -> Path:
    """A copy of the default pack whose 附表1 is called 表一 and also knows 已支出资金 as 实际支出数."""
    folder = tmp_path / "我的表样"
    folder.mkdir()
    specs = load_pack(DEFAULT_PACK).folder.parent.parent / "specs"
    for name in ("project.yaml", "department.yaml", "key_project.yaml"):
        shutil.copy(specs / name, folder / name)
    project = folder / "project.yaml"
    text = project.read_text("utf-8").replace("code: 附表1", "code: 表一")
    project.write_text(
        text.replace("variants: [支出资金, 已使用资金]", "variants: [支出资金, 已使用资金, 实际支出数]"),
        "utf-8",
    )
    (folder / "pack.yaml").write_text(
        "name: own\ntitle: 自备表样\nspecs: [project.yaml, department.yaml, key_project.yaml]\n", "utf-8"
    )
    return folder


def test_the_config_carries_its_packs_forms_resolved_once(tmp_path):
    config = config_of(_config_file(tmp_path / "ws", '[pack]\nname = "national"\n'))
    assert config.forms is forms_of(config) is registry_of(load_pack("national"))
    assert config.forms.pack.name == "national"
    # a config made in code gets its [pack] resolved where it is asked
    assert forms_of(default_config()).pack.name == DEFAULT_PACK
    assert forms_of(default_config({"pack": {"name": "national"}})) is config.forms


def test_two_configs_with_different_packs_in_one_process_keep_their_own_forms(tmp_path, sample_roster):
    national = config_of(_config_file(tmp_path / "national", '[pack]\nname = "national"\n'))
    default = config_of(_config_file(tmp_path / "default", ""))
    _own_pack(tmp_path)
    own = config_of(_config_file(tmp_path / "own", '[pack]\npath = "../我的表样"\n'))
    # resolving one config never changed what another one says
    assert [s.form for s in forms_of(national).owed("unit", True)] == ["national_project"]
    assert forms_of(national).owed("department", True) == []
    assert [s.code for s in forms_of(default).owed("unit", True)] == ["附表1"]
    assert [s.code for s in forms_of(default).owed("department", True)] == ["附表2", "附表3"]
    assert [s.code for s in forms_of(own).owed("unit", True)] == ["表一"]

    # generate, interleaved: each run issues its own pack's forms
    runs = [(national, NATIONAL), (default, "2026Q3"), (own, "2026Q3"), (national, NATIONAL)]
    for number, (config, period) in enumerate(runs):
        out = tmp_path / f"out{number}"
        result = api.generate(sample_roster, period=period, out=out, config=config)
        names = {f.path.name.split("_")[-2] for f in result.files}
        expected = {
            national.path: {"监控表"},
            default.path: {"附表1", "附表2附表3"},  # every sample department has a key project
            own.path: {"表一", "附表2附表3"},
        }[config.path]
        assert names == expected, (config.path, names)

    # read, interleaved: the selected pack's own spec of a form wins for that config alone
    path = canonical_project(
        tmp_path / "u.xlsx", labels={"已支出资金": "实际支出数"}, values=money(100, 80, 60)
    )
    for config, spent in ((own, Decimal(60)), (default, None), (own, Decimal(60)), (national, None)):
        (record,) = read_workbook(path, config).records
        assert record.form == "project" and record.fields["funds_spent"] == spent, config.path


def test_a_worker_gets_the_forms_with_its_arguments(tmp_path):
    _own_pack(tmp_path)
    own = config_of(_config_file(tmp_path / "ws", '[pack]\npath = "../我的表样"\n'))
    # sent as the pack's folder and rebuilt through the caches: the same objects in this process
    again = pickle.loads(pickle.dumps(own))
    assert again.forms is own.forms and again.forms.pack is own.forms.pack
    assert len(pickle.dumps(own.forms)) < 1000  # the folder, not the specs
    # a fresh worker process (spawn) has the pack from its arguments alone
    executor = process_pool(1)
    try:
        assert executor.submit(attrgetter("forms.pack.name"), own).result() == "own"
        code = executor.submit(attrgetter("forms.by_form"), own).result()["project"].code
        assert code == "表一"
    finally:
        executor.shutdown()


@pytest.mark.slow
def test_jobs_2_in_the_national_pack_reads_as_jobs_1(tmp_path, sample_roster):
    config = _config_file(tmp_path / "ws", '[pack]\nname = "national"\n')
    out = tmp_path / "ws" / "监控表"
    generated = api.generate(sample_roster, period=NATIONAL, out=out, config=config)
    assert len(generated.files) > 2
    for number, file in enumerate(generated.files):
        fill_national(file.path, likelihood="有可能" if number % 2 else "确定能")
    one = api.validate([out], roster=sample_roster, period=NATIONAL, config=config, jobs=1, use_cache=False)
    two = api.validate([out], roster=sample_roster, period=NATIONAL, config=config, jobs=2, use_cache=False)
    assert two.to_json() == one.to_json()
    assert {r.form for f in two.files for r in f.records} == {"national_project"}
    assert not [f for r in two.files for f in r.findings if f.severity == "error"]
