"""What ships: the wheel holds every file of the package tree, and every perfcli module imports from the
installed wheel, not from this checkout. (`.ci/run` also runs the whole demo cycle against a fresh install of
the wheel, from a folder outside the repository; it hands the wheel it built here in PERFCLI_TEST_WHEEL.)"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "perfcli"

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    given = os.environ.get("PERFCLI_TEST_WHEEL")
    if given:
        return Path(given)
    # built from a clean copy: setuptools reuses a build/ folder left in the checkout, stale files and all
    source, dist = tmp_path_factory.mktemp("source"), tmp_path_factory.mktemp("dist")
    shutil.copytree(PACKAGE, source / "perfcli", ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source / name)
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(dist), str(source)],
        check=True,
        capture_output=True,
    )
    (built,) = dist.glob("perfcli-*.whl")
    return built


def source_files() -> set[str]:
    """Every file of the package tree as it would sit in site-packages (perfcli/...), caches left out."""
    return {
        path.relative_to(ROOT).as_posix()
        for path in PACKAGE.rglob("*")
        if path.is_file() and "__pycache__" not in path.parts and path.suffix not in {".pyc", ".pyo"}
    }


def test_the_wheel_holds_every_file_of_the_package_tree(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        shipped = {name for name in archive.namelist() if name.startswith("perfcli/")}
    expected = source_files()
    # the templates, the packs (nested folders without __init__.py) and the specs are among them
    assert any(name.startswith("perfcli/templates/") and name.endswith(".docx") for name in expected)
    assert any(name.startswith("perfcli/forms/packs/national/") for name in expected)
    assert expected - shipped == set(), "文件未打进 wheel"
    assert shipped - expected == set(), "wheel 里有源码树中没有的文件"


def test_every_module_imports_from_the_installed_wheel(wheel: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "-q",
            "--no-deps",
            "--no-compile",
            "--target",
            str(site),
            str(wheel),
        ],
        check=True,
        capture_output=True,
    )
    probe = """
import importlib, json, pathlib, sys
site = pathlib.Path(sys.argv[1])
names = sorted(
    ".".join(path.relative_to(site).with_suffix("").parts).removesuffix(".__init__")
    for path in (site / "perfcli").rglob("*.py")
)
where = {}
for name in names:
    module = importlib.import_module(name)
    where[name] = getattr(module, "__file__", None)
print(json.dumps(where))
"""
    env = {**os.environ, "PYTHONPATH": str(site)}
    # run in an empty folder with -P, so neither this checkout nor the current folder is on sys.path
    out = subprocess.run(
        [sys.executable, "-P", "-c", probe, str(site)], cwd=tmp_path, env=env, capture_output=True, text=True
    )
    assert out.returncode == 0, out.stderr
    where = json.loads(out.stdout)
    assert {"perfcli.cli.main", "perfcli.ledger.store", "perfcli.scoring", "perfcli.templates"} <= set(where)
    outside = {name: file for name, file in where.items() if not (file and Path(file).is_relative_to(site))}
    assert outside == {}, "这些模块不是从安装的 wheel 导入的"
    # and the package finds its own data there: the default settings, a pack, a letter template
    check = (
        "import perfcli.api as a, perfcli.letters.render as r, perfcli.model.config as c;"
        "print(len(c.default_config_text()) > 0, len(a.packs().packs) >= 2, r.template_path('reminder', c.default_config()).is_file())"
    )
    out = subprocess.run(
        [sys.executable, "-P", "-c", check], cwd=tmp_path, env=env, capture_output=True, text=True
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["True", "True", "True"]
