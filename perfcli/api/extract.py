"""`perfcli extract`: what each monitoring form in some workbooks says, as DESIGN §3 records."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from perfcli.api.common import ConfigArg, config_of, paths_of
from perfcli.forms.registry import FormRegistry, forms_of
from perfcli.model.records import FormRecord
from perfcli.returns.discover import discover
from perfcli.returns.read import WorkbookContent, read_workbook


@dataclass
class Extraction:
    """Every workbook read: its records, or why it gave none."""

    contents: list[WorkbookContent]
    # the forms they were read with (the config's): each record's spec
    forms: FormRegistry = field(repr=False)

    @property
    def records(self) -> list[FormRecord]:
        return [record for content in self.contents for record in content.records]

    @property
    def failed(self) -> list[WorkbookContent]:
        """The workbooks that could not be read or hold no monitoring form."""
        return [c for c in self.contents if c.rejected or not c.records]

    def to_json(self) -> list[dict[str, Any]]:
        return [record.to_json() for record in self.records]


def extract(paths: Iterable[Path | str] | Path | str, *, config: ConfigArg = None) -> Extraction:
    """Read every workbook under `paths` (folders recursively); a bad file is reported, never raised."""
    settings = config_of(config)
    contents = [read_workbook(path, settings) for path in discover(paths_of(paths))]
    return Extraction(contents, forms_of(settings))
