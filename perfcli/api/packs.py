"""`perfcli packs`: the form packs that ship with perfcli, and the one a config selects."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from perfcli.api.common import ConfigArg, config_of
from perfcli.forms.pack import Pack, installed_packs, read_only_specs, target_specs, year_end_specs
from perfcli.forms.registry import forms_of
from perfcli.forms.spec import FormSpec


@dataclass(frozen=True)
class PackList:
    packs: tuple[Pack, ...]  # the built-in packs, then the selected one when it is a folder of its own
    selected: str  # the selected pack's name
    read_only: tuple[FormSpec, ...] = ()  # forms recognised and read whatever the pack, never issued
    yearly: tuple[FormSpec, ...] = ()  # the forms of the year's start and end, issued whatever the pack

    def to_json(self) -> dict[str, Any]:
        def listed(specs: tuple[FormSpec, ...]) -> list[dict[str, str]]:
            return [{"form": s.form, "code": s.code, "title": s.title, "stage": s.stage} for s in specs]

        return {
            "selected": self.selected,
            "packs": [p.to_json() for p in self.packs],
            "yearly": listed(self.yearly),
            "read_only": listed(self.read_only),
        }


def packs(config: ConfigArg = None) -> PackList:
    """The installed packs and the one `config` (./perfcli.toml, else the default) selects."""
    selected = forms_of(config_of(config)).pack
    listed = installed_packs()
    if selected not in listed:
        listed = (*listed, selected)
    return PackList(listed, selected.name, read_only_specs(), (*target_specs(), *year_end_specs()))
