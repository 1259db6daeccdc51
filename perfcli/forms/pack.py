"""Form packs: a folder of data — form specs, settings (vocabularies, periods and deadlines, thresholds),
letter texts — that makes the same cycle serve another locality's forms (docs/packs.md).

Two packs ship (perfcli/forms/packs/): changzhou-xinbei (附表1–3, the default) and national (财预〔2019〕136号
项目支出绩效目标执行监控表). A config selects one with `[pack] name = "national"`, or its own folder with
`[pack] path = "我的表样"`. The selection is resolved once per config, into the FormRegistry the config carries
(perfcli.forms.registry); nothing here is process-wide.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from perfcli.errors import UsageError
from perfcli.forms.spec import FormSpec, parse_spec
from perfcli.model import config_file, config_schema
from perfcli.model.config import Config, read_settings

__all__ = [
    "BUILTIN_PACKS",
    "DEFAULT_PACK",
    "MANIFEST",
    "Pack",
    "installed_packs",
    "load_pack",
    "pack_of",
    "read_only_specs",
    "target_specs",
    "year_end_specs",
]

MANIFEST = "pack.yaml"
DEFAULT_PACK = "changzhou-xinbei"
BUILTIN_PACKS = ("changzhou-xinbei", "national")


@dataclass(frozen=True, eq=False)  # one object per folder (cached): hashed by identity
class Pack:
    """One pack as its manifest (pack.yaml) describes it, its specs loaded."""

    name: str
    title: str
    description: str
    folder: Path
    specs: tuple[FormSpec, ...]
    settings: dict[str, Any]  # the pack's perfcli.toml: merged over the defaults, under the user's file
    builtin: bool
    settings_file: Path | None = None

    def __reduce__(self) -> tuple[Any, ...]:
        # sent to a --jobs worker as its folder: loaded there once (cached), one object per process
        return _load, (self.folder, self.builtin)

    def config_text(self) -> str:
        """The commented perfcli.toml `init --pack` writes: every key of the schema, at the pack's own
        settings where it has them (its file's opening comment as the header), [pack] naming this pack."""
        values: dict[str, Any] = {}
        header, comments = config_schema.HEADER, {}
        if self.settings_file is not None:
            values = read_settings(self.settings_file, "表样包的配置文件")
            text = self.settings_file.read_text("utf-8")
            header = config_file.opening_comment(text) or header
            comments = config_file.key_comments(text)
        if not (self.builtin and self.name == DEFAULT_PACK):
            name, path = (self.name, "") if self.builtin else ("", self.folder.as_posix())
            values = {**values, "pack": {"name": name, "path": path}}
        return config_file.render(values, header, comments)

    @property
    def forms(self) -> tuple[str, ...]:
        return tuple(spec.form for spec in self.specs)

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "title": self.title,
            "description": self.description,
            "folder": str(self.folder),
            "builtin": self.builtin,
            "forms": [{"form": s.form, "code": s.code, "title": s.title} for s in self.specs],
        }


@cache  # looked up for every form read: resources.files is not free
def _builtin_folder(name: str) -> Path:
    return Path(str(resources.files("perfcli.forms").joinpath("packs", name)))


def _read_yaml(path: Path) -> Any:
    try:
        text = path.read_text("utf-8")
        try:  # libyaml, when PyYAML has it: the same data, parsed in C (every command reads the specs)
            return yaml.load(text, Loader=_FAST_LOADER)
        except yaml.YAMLError:
            return yaml.safe_load(text)  # a mistake: named in the pure-Python loader's words, as before
    except FileNotFoundError:
        raise UsageError(f"表样包缺少文件：{path}") from None
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise UsageError(f"表样包文件 {path} 格式有误：{exc}") from None


_FAST_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@cache
def _load(folder: Path, builtin: bool) -> Pack:
    manifest = _read_yaml(folder / MANIFEST)
    if not isinstance(manifest, dict) or not manifest.get("specs"):
        raise UsageError(f"表样包说明文件 {folder / MANIFEST} 应写明 name 和 specs（表样定义文件的列表）")
    specs = []
    for name in manifest["specs"]:
        raw = _read_yaml(folder / name)
        try:
            specs.append(parse_spec(raw))
        except (KeyError, TypeError, ValueError) as exc:
            raise UsageError(f"表样定义 {folder / name} 有误：缺少或写错了 {exc}") from None
    settings: dict[str, Any] = {}
    path = None
    if manifest.get("settings"):
        path = folder / manifest["settings"]
        settings = read_settings(path, "表样包的配置文件")  # the same schema as a workspace's file
    letters = {kind: str(folder / file) for kind, file in (manifest.get("letters") or {}).items()}
    if letters:
        settings = {**settings, "templates": {**settings.get("templates", {}), **letters}}
    return Pack(
        name=str(manifest.get("name") or folder.name),
        title=str(manifest.get("title") or ""),
        description=str(manifest.get("description") or ""),
        folder=folder,
        specs=tuple(specs),
        settings=settings,
        builtin=builtin,
        settings_file=path,
    )


def load_pack(name_or_path: str | Path, base: Path | None = None) -> Pack:
    """A built-in pack by name, or the pack in a folder (relative to `base`, the config's folder)."""
    if str(name_or_path) in BUILTIN_PACKS:
        return _load(_builtin_folder(str(name_or_path)), True)
    folder = Path(name_or_path)
    if not folder.is_absolute() and base is not None:
        folder = base / folder
    if not (folder / MANIFEST).is_file():
        known = "、".join(BUILTIN_PACKS)
        raise UsageError(
            f"找不到表样包“{name_or_path}”：内置的有 {known}；自备的表样包应是含 {MANIFEST} 的文件夹"
        )
    return _load(folder.resolve(), False)


def installed_packs() -> tuple[Pack, ...]:
    return tuple(load_pack(name) for name in BUILTIN_PACKS)


def pack_of(config: Config) -> Pack:
    """The pack a config selects ([pack] path, else [pack] name, else changzhou-xinbei)."""
    section = config.section("pack")
    base = config.path.parent if config.path is not None else None
    if section.get("path"):
        return load_pack(str(section["path"]), base)
    return load_pack(str(section.get("name") or DEFAULT_PACK), base)


YEAR_END_SPECS = ("self_evaluation.yaml",)  # in perfcli/forms/specs/, beside the 常州 forms
TARGET_SPECS = (
    "project_target.yaml",
)  # the year's first form: 项目支出绩效目标申报表 (generate --stage targets)
# forms perfcli recognises and reads when they come in, but never issues (other systems' and provinces' forms)
READ_ONLY_SPECS = (
    "national_export.yaml",
    "province_monitoring.yaml",
    "target_declaration.yaml",
    "department_target.yaml",
    "sichuan_self_evaluation.yaml",  # 四川's 部门预算项目支出绩效自评表 (read and scored at the year's end)
    "department_self_evaluation.yaml",  # the 部门整体绩效自评表 (read and scored at the year's end)
)


def _builtin_specs(names: tuple[str, ...]) -> tuple[FormSpec, ...]:
    folder = _builtin_folder("changzhou-xinbei").parent.parent / "specs"
    return tuple(parse_spec(_read_yaml(folder / name)) for name in names)


@cache
def year_end_specs() -> tuple[FormSpec, ...]:
    """The year-end forms (项目支出绩效自评表): not a quarter's form of any pack, read whatever pack is chosen."""
    return _builtin_specs(YEAR_END_SPECS)


@cache
def target_specs() -> tuple[FormSpec, ...]:
    """The 绩效目标申报表 issued before the budget year (项目支出绩效目标申报表, the national layout): like the
    自评表, the same for every pack and read whatever pack is chosen."""
    return _builtin_specs(TARGET_SPECS)


@cache
def read_only_specs() -> tuple[FormSpec, ...]:
    """Forms read whatever pack is chosen and never generated: the central 项目库's export of the 136号 监控表,
    a province's 监控表, the 绩效目标 forms, a province's 自评表 and the 部门整体绩效自评表 (perfcli/forms/specs/,
    READ_ONLY_SPECS)."""
    return _builtin_specs(READ_ONLY_SPECS)
