"""`perfcli init`: a working folder with the locality config and an empty roster workbook.

It never destroys a clerk's work: a perfcli.toml or 名册.xlsx already there is kept, and with --force the new
file is written beside it (perfcli（新）.toml, 名册（新）.xlsx) for the clerk to compare.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

from perfcli.errors import PerfcliError, UsageError
from perfcli.forms.pack import DEFAULT_PACK, load_pack
from perfcli.forms.registry import configured, registry_of
from perfcli.io.files.outputs import beside, check_writable, write_text_atomic
from perfcli.ledger.store import Ledger, ledger_path
from perfcli.model.config import CONFIG_NAME, default_config, find_workspace_config, load_config
from perfcli.model.period import Period
from perfcli.model.roster import Roster
from perfcli.roster.workbook import read_roster, write_empty_roster

ROSTER_NAME = "名册.xlsx"


@dataclass(frozen=True)
class Workspace:
    directory: Path
    config: Path
    roster: Path
    suggested_period: Period
    ledger: Path | None = None
    kept: tuple[Path, ...] = ()  # files that were there already, left as they were
    written_beside: dict[Path, Path] = field(default_factory=dict)  # kept file -> the new one beside it

    def to_json(self) -> dict[str, object]:
        return {
            "directory": str(self.directory),
            "config": str(self.config),
            "roster": str(self.roster),
            "ledger": str(self.ledger) if self.ledger else None,
            "suggested_period": self.suggested_period.code,
            "kept": [str(p) for p in self.kept],
            "written_beside": {str(old): str(new) for old, new in self.written_beside.items()},
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
    """Create `directory` with perfcli.toml and 名册.xlsx.

    A file already there is kept: without force nothing is written and the refusal names what exists;
    with force the new file goes beside it (名册（新）.xlsx), and the result names it. `pack` selects the
    form pack (a built-in name such as national, or a pack folder); its settings become the config.
    A folder inside another workspace is refused, naming the outer one (one ledger, one 文号 sequence).
    """
    chosen = load_pack(pack or DEFAULT_PACK, Path.cwd())
    directory = Path(directory)
    if directory.exists() and not directory.is_dir():
        raise UsageError(f"{directory} 已存在且不是文件夹，请换一个目录名")
    _refuse_nested(directory)
    config_path, roster_path = directory / CONFIG_NAME, directory / ROSTER_NAME
    existing = [p for p in (config_path, roster_path) if p.exists()]
    for target in (config_path, roster_path):
        check_writable(target, True)  # a folder in the way, or a file where a folder should be
    if existing and not force:
        raise UsageError(_kept_message(existing))
    targets = {p: beside(p) if p in existing else p for p in (config_path, roster_path)}
    # the pack's settings, not a workspace above, and its forms
    config = replace(default_config(overlay=chosen.settings), forms=registry_of(chosen))
    write_text_atomic(targets[config_path], chosen.config_text(), force=False)
    write_empty_roster(targets[roster_path], config=config, force=False)
    active = configured(load_config(config_path))  # a kept perfcli.toml stays the one in use
    ledger = ledger_path(active)
    assert ledger is not None  # a config read from a file always has a place for the ledger
    Ledger.open(ledger, directory).close()
    periods = [int(p) for p in active.section("periods").get("report_periods", [2, 3])]
    period = latest_report_period(today or active.today(), periods, active.period_kind)
    written_beside = {p: targets[p] for p in existing}
    return Workspace(directory, config_path, roster_path, period, ledger, tuple(existing), written_beside)


def _refuse_nested(directory: Path) -> None:
    """A workspace inside another would keep a second ledger and a second 文号 sequence: refused."""
    outer = find_workspace_config(directory.resolve().parent)
    if outer is not None:
        raise UsageError(
            f"{directory} 位于已有的工作区 {outer.parent} 之内（其配置文件 {outer}）。工作区不能套在另一个工作区里，"
            f"否则两处各记一本台账、各编一套文号：请换一个不在其中的目录，或直接在 {outer.parent} 中工作"
        )


def _kept_message(existing: list[Path]) -> str:
    names = "\n".join(f"  {p}" for p in existing)
    new = "、".join(beside(p).name for p in existing)
    return (
        f"工作目录中已存在以下文件，保留原样、未作改动：\n{names}\n"
        f"如需一份新的默认配置或空白名册作对照，加 --force：新文件写在原文件旁边（{new}），原文件不会被覆盖。"
    )


def workspace_roster(config: Path | str | None = None) -> Roster | Path | None:
    """The workspace's 名册.xlsx, which the commands that take a roster use when none is named: the one beside
    the perfcli.toml in use (`config`, else found from the current folder upward), read with that config.

    The Roster itself is returned, so the command does not read the workbook a second time (3.5 s for 2,000
    units). None outside a workspace, or when the workspace has no 名册.xlsx or only the blank one `init`
    wrote (checking returns against an empty roster would call every unit unknown); the path of a roster
    that does not read, for the command to report its problems."""
    from perfcli.api.common import config_of

    settings = config_of(Path(config) if config is not None else None)
    if settings.path is None:
        return None
    path = settings.path.parent / ROSTER_NAME
    if not path.is_file():
        return None
    try:
        roster = read_roster(path, settings)
    except PerfcliError:
        return path  # a broken roster is the command's to report, naming its cells
    return roster if roster.units else None
