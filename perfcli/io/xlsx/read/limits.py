"""What the workbook guards accept and what they answer: the size limits (perfcli.toml [reading]), the
refusal (Rejected, with the Chinese reason shown to the user) and the pass (Checked)."""

from __future__ import annotations

from dataclasses import dataclass, field

ENCRYPTED_REASON = "工作簿已加密（设置了打开密码），请取消密码后重新报送"


@dataclass(frozen=True)
class Limits:
    """How big a returned workbook may be before it is refused (generous for a monitoring form)."""

    max_file_bytes: int = 100 * 1024 * 1024
    max_part_bytes: int = 50 * 1024 * 1024  # one part (sheet XML, shared strings) uncompressed
    max_total_bytes: int = 200 * 1024 * 1024  # all parts uncompressed
    max_ratio: int = 200  # compression ratio, checked on parts bigger than ratio_min_bytes
    ratio_min_bytes: int = 1024 * 1024
    max_parts: int = 5000
    max_rows: int = 100_000
    max_cells: int = 5_000_000  # rows × columns of a sheet's used area (calamine allocates it densely)
    prolog_bytes: int = 64 * 1024  # how far into an XML part a DOCTYPE is looked for


_MB = 1024 * 1024
# perfcli.toml [reading] key -> (Limits field, multiplier)
_CONFIG_KEYS = {
    "max_file_mb": ("max_file_bytes", _MB),
    "max_part_mb": ("max_part_bytes", _MB),
    "max_total_mb": ("max_total_bytes", _MB),
    "max_ratio": ("max_ratio", 1),
    "max_rows": ("max_rows", 1),
    "max_cells": ("max_cells", 1),
}


def limits_from_settings(settings: dict[str, object]) -> Limits:
    """Limits from the [reading] section of perfcli.toml; a wrong key or value is a usage error."""
    from perfcli.errors import UsageError

    values: dict[str, int] = {}
    for key, value in settings.items():
        if key not in _CONFIG_KEYS:
            raise UsageError(
                f"配置文件 [reading] 中有无法识别的设置“{key}”：可用的有 {'、'.join(_CONFIG_KEYS)}"
            )
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value <= 0:
            raise UsageError(f"配置文件 [reading] 中“{key}”应为正数，现为“{value}”")
        name, factor = _CONFIG_KEYS[key]
        values[name] = int(value * factor)
    return Limits(**values)


class Rejected(Exception):
    """The file cannot be read; `reason` is the Chinese sentence shown to the user."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


# Document-property parts the reader wants after the checks (save time, identity property): handed on
# from the checks' own reads so the file is not opened and inflated a second time.
PROPERTY_PARTS = ("docProps/core.xml", "docProps/custom.xml", "meta.xml")


@dataclass(frozen=True)
class Checked:
    """A file that passed the guards: its real format and, for zip formats, its part names and the bytes
    of each PROPERTY_PARTS part it has (whole, CRC and size verified; the first MB of a huge one)."""

    file_format: str  # xlsx | xlsm | xls | ods
    parts: tuple[str, ...] = ()
    properties: dict[str, bytes] = field(default_factory=dict, compare=False)
    # the parts an .xlsx reader needs (workbook, relationships, shared strings, styles, sheets) that the
    # checks read whole: handed on so the reader inflates nothing a second time
    contents: dict[str, bytes] = field(default_factory=dict, compare=False)
