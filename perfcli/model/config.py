"""Locality settings (vocabularies, deadlines, thresholds, letterhead) from a TOML file.

常州新北's rules are the default (the schema, perfcli.model.config_schema); a working folder's perfcli.toml
overrides any key, and is checked against the schema as it is read. Rules read these values; nothing
locality-specific is hard-coded elsewhere.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from datetime import date, datetime, tzinfo
from decimal import Decimal
from pathlib import Path
from typing import Any

from perfcli.errors import UsageError
from perfcli.model import config_file, config_schema
from perfcli.model.period import Period

CONFIG_NAME = "perfcli.toml"
CEILING_VARIABLE = "PERFCLI_WORKSPACE_CEILING"


def default_config_text() -> str:
    """The commented perfcli.toml `init` writes, every key at its default."""
    return config_file.render()


def read_settings(path: Path, what: str = "配置文件") -> dict[str, Any]:
    """The settings in the TOML file at `path`, checked against the schema (unknown key, wrong type:
    a UsageError naming the file, the line and the nearest known key)."""
    try:
        text = Path(path).read_text("utf-8")
    except FileNotFoundError as exc:
        raise UsageError(f"找不到{what}：{path}") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise UsageError(f"{what} {path} 无法读取：{exc}") from exc
    try:
        settings = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise UsageError(f"{what} {path} 格式有误：{exc}") from exc
    config_file.check(settings, text, path)
    return settings


def merge_settings(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for key, value in over.items():
        out[key] = (
            merge_settings(out[key], value)
            if isinstance(value, dict) and isinstance(out.get(key), dict)
            else value
        )
    return out


@dataclass(frozen=True)
class Config:
    raw: dict[str, Any]
    path: Path | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    # the forms of the config's pack (perfcli.forms.registry.FormRegistry), resolved once by `configured`;
    # read through perfcli.forms.registry.forms_of, which resolves it for a config made in code
    forms: Any = field(default=None, compare=False, repr=False)

    def section(self, name: str) -> dict[str, Any]:
        return self.raw.get(name, {})

    # vocabularies -----------------------------------------------------------------------------
    def vocabulary(self, name: str) -> tuple[str, ...]:
        return tuple(self.raw["vocabulary"][name])

    @property
    def project_categories(self) -> tuple[str, ...]:
        """The 项目类别 a roster may name: those [handling] categories gives a handling rule."""
        return tuple(self.section("handling").get("categories") or ())

    @property
    def fund_sources(self) -> tuple[str, ...]:
        return self.vocabulary("fund_sources")

    @property
    def likelihood(self) -> tuple[str, ...]:
        return self.vocabulary("likelihood")

    @property
    def likelihood_at_risk(self) -> tuple[str, ...]:
        return self.vocabulary("likelihood_at_risk")

    # periods and deadlines --------------------------------------------------------------------
    @property
    def period_kind(self) -> str:
        return self.raw["periods"]["kind"]

    @property
    def report_periods(self) -> tuple[int, ...]:
        """The quarters (or halves) that are reported ([periods] report_periods: 二、三季度)."""
        return tuple(int(n) for n in self.raw["periods"].get("report_periods", ()))

    def reports_in(self, period: Period) -> bool:
        """Whether `period` is one this locality reports ([periods] kind and report_periods)."""
        return period.kind == self.period_kind and period.number in self.report_periods

    def due_date(self, period: Period, filled_by: str) -> date:
        """The deadline for a 附表 of `period` filled by a unit or a department."""
        periods = self.raw["periods"]
        fixed = periods.get(f"{filled_by}_due_date") or ""
        if fixed:
            month, day = (int(x) for x in fixed.split("-"))
            return date(period.end.year if period.end.month <= month else period.end.year + 1, month, day)
        return period.due(int(periods[f"{filled_by}_due_days"]))

    @property
    def zone(self) -> tzinfo:
        """The bureau's time zone ([periods] timezone): received dates and identity stamps are in it."""
        from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

        name = self.raw["periods"].get("timezone") or "Asia/Shanghai"
        try:
            return ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise UsageError(
                f"配置项 periods.timezone 的时区“{name}”无法识别，请写成如 Asia/Shanghai"
            ) from exc

    def today(self) -> date:
        """Today in the bureau's zone: the default 成文日期, and what received dates are compared with (a
        file saved at 00:07 in 上海 is received that day, though the machine's clock says the day before)."""
        return datetime.now(self.zone).date()

    def stamp(self) -> str:
        """Now, as an identity records when a workbook was generated: ISO 8601 in the bureau's zone."""
        return datetime.now(self.zone).isoformat(timespec="seconds")

    # thresholds ---------------------------------------------------------------------------------
    def threshold(self, name: str) -> Decimal:
        """A [thresholds] value with the digits the config file has (10 stays 10, 12.5 stays 12.5)."""
        value = self.raw["thresholds"][name]
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise UsageError(f"配置 [thresholds] {name} 应为数字，现为“{value}”")
        return Decimal(str(value))

    @property
    def protection_password(self) -> str | None:
        return self.raw.get("protection", {}).get("password") or None

    def template_override(self, name: str) -> Path | None:
        value = self.raw.get("templates", {}).get(name)
        if not value:
            return None
        p = Path(value)
        return p if p.is_absolute() or self.path is None else self.path.parent / p


def workspace_ceilings() -> tuple[Path, ...]:
    """The folders above which no workspace is looked for (PERFCLI_WORKSPACE_CEILING, a list of folders
    separated as PATH is, like GIT_CEILING_DIRECTORIES): tests, shared drives with a stray perfcli.toml."""
    value = os.environ.get(CEILING_VARIABLE, "")
    return tuple(Path(p).resolve() for p in value.split(os.pathsep) if p.strip())


def find_workspace_config(start: Path) -> Path | None:
    """The workspace's perfcli.toml: in `start` or the nearest folder above it (as git finds a repository),
    not looking above a ceiling folder (PERFCLI_WORKSPACE_CEILING)."""
    folder = start.resolve()
    ceilings = workspace_ceilings()
    for candidate in (folder, *folder.parents):
        config = candidate / CONFIG_NAME
        if config.is_file():
            return config
        if candidate in ceilings:
            return None
    return None


def default_config(overlay: dict[str, Any] | None = None) -> Config:
    """The built-in settings (with a form pack's own over them), whatever workspace the folder is in."""
    return Config(merge_settings(config_schema.defaults(), overlay or {}))


def load_config(
    path: Path | None = None, *, search_from: Path | None = None, overlay: dict[str, Any] | None = None
) -> Config:
    """The defaults merged with `path` (or the workspace's perfcli.toml, found from `search_from` or the
    current folder upward, when there is one); `overlay` (a form pack's own settings, perfcli.forms.pack)
    goes between the two, so the workspace's file still wins."""
    base = merge_settings(config_schema.defaults(), overlay or {})
    if path is None:
        path = find_workspace_config(search_from or Path.cwd())
    if path is None:
        return Config(base)
    return Config(merge_settings(base, read_settings(Path(path))), Path(path))
