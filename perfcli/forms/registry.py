"""The forms a config gives: its pack resolved once (`configured`) into a FormRegistry that rides on the Config,
so readers, checks, writers and --jobs workers all take their forms from the config they were handed.

A reader recognises the forms of every installed pack whatever is selected; the selected pack's own spec of a
form wins, and it alone decides what generate issues and which forms are owed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from functools import cache, cached_property
from typing import Any

from perfcli.forms.pack import (
    Pack,
    installed_packs,
    pack_of,
    read_only_specs,
    target_specs,
    year_end_specs,
)
from perfcli.forms.spec import FormSpec
from perfcli.model.config import Config, default_config, merge_settings

__all__ = ["FormRegistry", "configured", "forms_of", "registry_of"]


@dataclass(frozen=True, eq=False)
class FormRegistry:
    """Every form a returned workbook may hold, by kind, and the selected pack. One per pack (registry_of is
    cached), hashed by identity: the readers' caches are keyed on it."""

    pack: Pack  # the selected pack: what generate issues and what units and departments owe
    by_form: Mapping[str, FormSpec]  # the installed packs' forms, the selected pack's overriding, the 自评表

    def __reduce__(self) -> tuple[Any, ...]:
        # a --jobs worker gets the config's registry with its arguments; it is rebuilt there from the pack
        # (itself sent as its folder), once per process, so the worker's caches keyed on it stay warm
        return registry_of, (self.pack,)

    def spec(self, form: str) -> FormSpec:
        """The spec of one form kind: the selected pack's, else an installed pack's."""
        return self.by_form[form]

    @cached_property  # asked for every sheet read
    def recognised(self) -> tuple[FormSpec, ...]:
        """Every form a returned workbook may hold: those of every installed pack and of the selected one."""
        return tuple(self.by_form.values())

    @property
    def issued(self) -> tuple[FormSpec, ...]:
        """The forms of the selected pack: what generate issues and what units and departments owe."""
        return self.pack.specs

    @property
    def monitoring(self) -> tuple[FormSpec, ...]:
        """The selected pack's monitoring forms (附表1–3, or the national 监控表), without the year-end 自评表."""
        return tuple(s for s in self.issued if s.stage == "monitoring")

    def by_code(self, code: str) -> FormSpec:
        """附表1 / 附表2 / 附表3 (also 1, 2, 3, or the form kind) -> spec; the selected pack's forms first."""
        wanted = code.strip().removeprefix("附表")
        for spec in (*self.issued, *self.recognised):
            if spec.code.removeprefix("附表") == wanted or spec.form == code:
                return spec
        raise KeyError(code)

    @cached_property  # asked for every form matched and rolled up
    def project_forms(self) -> frozenset[str]:
        """The forms a unit fills one per project (附表1, the national 监控表), of any installed pack."""
        return frozenset(s.form for s in self.recognised if s.filled_by == "unit")

    @cached_property
    def stages(self) -> Mapping[str, str]:
        """Form kind -> its stage: monitoring (监控表), self_evaluation (自评表) or target (绩效目标申报表)."""
        return {s.form: s.stage for s in self.recognised}

    @cached_property
    def year_end_forms(self) -> frozenset[str]:
        """The year-end 自评表 of every kind a reader recognises (stage self_evaluation)."""
        return frozenset(s.form for s in self.recognised if s.stage == "self_evaluation")

    def owed(self, filled_by: str, has_key_projects: bool) -> list[FormSpec]:
        """The forms a unit (附表1) or a department (附表2, and 附表3 only when it has key projects) returns:
        the selected pack's monitoring specs filled by it, 附表3 — one sheet per key project — only when there
        is one."""
        specs = [s for s in self.monitoring if s.filled_by == filled_by]
        return [s for s in specs if s.form != "key_project" or has_key_projects]


@cache
def registry_of(selected: Pack) -> FormRegistry:
    """The forms a reader recognises when `selected` is the config's pack."""
    specs: dict[str, FormSpec] = {}
    for pack in installed_packs():
        for spec in pack.specs:
            specs.setdefault(spec.form, spec)
    for spec in selected.specs:  # the selected pack's own spec of a form wins (a province's copy)
        specs[spec.form] = spec
    # the 自评表, the 绩效目标申报表 and the forms read but never issued are the same for every pack, unless one
    # has its own
    for spec in (*year_end_specs(), *target_specs(), *read_only_specs()):
        specs.setdefault(spec.form, spec)
    return FormRegistry(selected, specs)


def forms_of(config: Config) -> FormRegistry:
    """The forms of `config`: resolved once by `configured`; a config made in code (default_config(),
    Config(...)) has its [pack] resolved here."""
    forms = config.forms
    return forms if isinstance(forms, FormRegistry) else registry_of(pack_of(config))


def configured(config: Config) -> Config:
    """The config with its pack's settings put under the user's own, and its forms resolved onto it.

    What the user's file (or code) set apart from the built-in defaults still wins over the pack."""
    pack = pack_of(config)
    forms = registry_of(pack)
    if not pack.settings:
        return replace(config, forms=forms)
    defaults = default_config().raw
    raw = merge_settings(merge_settings(defaults, pack.settings), _changes(config.raw, defaults))
    return Config(raw, config.path, config.extra, forms)


def _changes(raw: dict[str, Any], defaults: dict[str, Any]) -> dict[str, Any]:
    """What `raw` sets differently from the defaults."""
    out: dict[str, Any] = {}
    for key, value in raw.items():
        if isinstance(value, dict) and isinstance(defaults.get(key), dict):
            inner = _changes(value, defaults[key])
            if inner:
                out[key] = inner
        elif key not in defaults or defaults[key] != value:
            out[key] = value
    return out
