"""`perfcli init`: a working folder with the locality config and an empty roster workbook."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from perfcli.errors import PerfcliError, UsageError
from perfcli.forms.pack import DEFAULT_PACK, activate, load_pack
from perfcli.io.files import check_writable, write_text_atomic
from perfcli.ledger.store import Ledger, ledger_path
from perfcli.model.config import CONFIG_NAME, default_config, load_config
from perfcli.model.period import Period
from perfcli.roster.workbook import read_roster, write_empty_roster

ROSTER_NAME = "名册.xlsx"


@dataclass(frozen=True)
class Workspace:
    directory: Path
    config: Path
    roster: Path
    suggested_period: Period
    ledger: Path | None = None

    def to_json(self) -> dict[str, str | None]:
        return {
            "directory": str(self.directory),
            "config": str(self.config),
            "roster": str(self.roster),
            "ledger": str(self.ledger) if self.ledger else None,
            "suggested_period": self.suggested_period.code,
        }


def latest_report_period(today: date, report_periods: list[int], kind: str = "quarter") -> Period:
    """The most recent quarter (or 1-X月, kind month) that has ended and must be reported."""
    if kind == "month":
        ended = [Period(y, m, "month") for y in (today.year, today.year - 1) for m in report_periods]
        return max(
            (p for p in ended if p.end < today), default=Period(today.year, report_periods[0], "month")
        )
    year, quarter = today.year, (today.month - 1) // 3  # the last finished quarter (0 = last year's Q4)
    for _ in range(8):
        if quarter == 0:
            year, quarter = year - 1, 4
        if quarter in report_periods:
            return Period(year, quarter)
        quarter -= 1
    return Period(today.year, 3)


def init(
    directory: Path | str, *, force: bool = False, today: date | None = None, pack: str | Path | None = None
) -> Workspace:
    """Create `directory` with perfcli.toml and 名册.xlsx; refuses to overwrite either without force.

    `pack` selects the form pack (a built-in name such as national, or a pack folder); its settings
    become the config. Both targets are checked before anything is written, so a refusal leaves the
    folder untouched.
    """
    chosen = load_pack(pack or DEFAULT_PACK, Path.cwd())
    directory = Path(directory)
    if directory.exists() and not directory.is_dir():
        raise UsageError(f"{directory} 已存在且不是文件夹，请换一个目录名")
    config_path, roster_path = directory / CONFIG_NAME, directory / ROSTER_NAME
    for target in (config_path, roster_path):
        check_writable(target, force)
    config = default_config(overlay=chosen.settings)  # the pack's settings, not a workspace above
    activate(chosen)
    write_text_atomic(config_path, chosen.config_text(), force=force)
    write_empty_roster(roster_path, config=config, force=force)
    ledger = ledger_path(load_config(config_path))
    assert ledger is not None  # a config read from a file always has a place for the ledger
    Ledger.open(ledger, directory).close()
    periods = [int(p) for p in config.section("periods").get("report_periods", [2, 3])]
    period = latest_report_period(today or date.today(), periods, config.period_kind)
    return Workspace(directory, config_path, roster_path, period, ledger)


def workspace_roster(config: Path | str | None = None) -> Path | None:
    """The workspace's 名册.xlsx, which the commands that take a roster use when none is named: the one beside
    the perfcli.toml in use (`config`, else found from the current folder upward). None outside a workspace,
    or when the workspace has no 名册.xlsx or only the blank one `init` wrote (checking returns against an
    empty roster would call every unit unknown)."""
    settings = load_config(Path(config) if config is not None else None)
    if settings.path is None:
        return None
    roster = settings.path.parent / ROSTER_NAME
    if not roster.is_file():
        return None
    try:
        filled = bool(read_roster(roster).units)
    except PerfcliError:
        return roster  # a broken roster is the command's to report, naming its cells
    return roster if filled else None
