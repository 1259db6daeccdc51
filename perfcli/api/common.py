"""What every api function takes in the same forms: a config, a period, a roster — as objects or as the
paths and texts a command line or a notebook has at hand."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from perfcli.errors import UsageError
from perfcli.io.files.outputs import check_writable
from perfcli.model.config import Config, load_config
from perfcli.model.period import Period
from perfcli.model.roster import Roster

ConfigArg = Config | Path | str | None
PeriodArg = Period | str | None
RosterArg = Roster | Path | str | None


def config_of(config: ConfigArg) -> Config:
    """A Config as it is, a perfcli.toml path, or None: ./perfcli.toml when present, else the defaults;
    with its form pack's settings under it and that pack's forms resolved onto it (perfcli.forms.registry)."""
    from perfcli.forms.registry import configured

    if isinstance(config, Config):
        return configured(config)
    return configured(load_config(Path(config) if config is not None else None))


def period_of(period: PeriodArg, config: Config | None = None, *, force: bool = False) -> Period | None:
    """2026Q3, 2026H1 (or a Period, or None); with a config, one of the periods it reports, unless `force`."""
    if period is not None and not isinstance(period, Period):
        period = Period.parse(period)
    if period is not None and config is not None and not force and not config.reports_in(period):
        allowed = [Period(period.year, n, config.period_kind) for n in config.report_periods]
        where = f"配置文件 {config.path}" if config.path else "内置配置"
        raise UsageError(
            f"期间 {period.code}（{period.name}）不是需要报送的期间：{where}的 [periods] 只报送 "
            + "、".join(f"{p.code}（{p.name}）" for p in allowed)
            + "。",
            details=["请检查 --period；如确需按这个期间处理，请加 --force-period。"],
        )
    return period


def roster_of(roster: RosterArg, config: Config) -> Roster | None:
    """A Roster as it is, or the roster workbook at a path (checked whole, every problem listed)."""
    if roster is None or isinstance(roster, Roster):
        return roster
    path = Path(roster)
    if not path.is_file():
        raise UsageError(f"找不到名册文件：{path}")
    from perfcli.roster.workbook import read_roster

    return read_roster(path, config)


def paths_of(paths: Iterable[Path | str] | Path | str) -> list[Path]:
    """One path or many, as Paths."""
    if isinstance(paths, (str, Path)):
        return [Path(paths)]
    return [Path(p) for p in paths]


def refuse_existing(targets: Iterable[Path], force: bool) -> None:
    """Refuse before any work is done when an output exists and --force was not given."""
    for target in targets:
        check_writable(target, force)
