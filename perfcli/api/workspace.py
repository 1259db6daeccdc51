"""`perfcli init`: a working folder with the locality config and an empty roster workbook."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from perfcli.errors import UsageError
from perfcli.io.files import check_writable, write_text_atomic
from perfcli.model.config import CONFIG_NAME, default_config_text, load_config
from perfcli.model.period import Period
from perfcli.roster.workbook import write_empty_roster

ROSTER_NAME = "名册.xlsx"


@dataclass(frozen=True)
class Workspace:
    directory: Path
    config: Path
    roster: Path
    suggested_period: Period

    def to_json(self) -> dict[str, str]:
        return {
            "directory": str(self.directory),
            "config": str(self.config),
            "roster": str(self.roster),
            "suggested_period": self.suggested_period.code,
        }


def latest_report_period(today: date, report_periods: list[int]) -> Period:
    """The most recent quarter that has ended and must be reported (二、三季度 by default)."""
    year, quarter = today.year, (today.month - 1) // 3  # the last finished quarter (0 = last year's Q4)
    for _ in range(8):
        if quarter == 0:
            year, quarter = year - 1, 4
        if quarter in report_periods:
            return Period(year, quarter)
        quarter -= 1
    return Period(today.year, 3)


def init(directory: Path | str, *, force: bool = False, today: date | None = None) -> Workspace:
    """Create `directory` with perfcli.toml and 名册.xlsx; refuses to overwrite either without force.

    Both targets are checked before anything is written, so a refusal leaves the folder untouched.
    """
    directory = Path(directory)
    if directory.exists() and not directory.is_dir():
        raise UsageError(f"{directory} 已存在且不是文件夹，请换一个目录名")
    config_path, roster_path = directory / CONFIG_NAME, directory / ROSTER_NAME
    for target in (config_path, roster_path):
        check_writable(target, force)
    config = load_config(None, search_from=directory / ".none")  # built-in defaults, not the cwd's file
    write_text_atomic(config_path, default_config_text(), force=force)
    write_empty_roster(roster_path, config=config, force=force)
    periods = [int(p) for p in config.section("periods").get("report_periods", [2, 3])]
    return Workspace(
        directory, config_path, roster_path, latest_report_period(today or date.today(), periods)
    )
