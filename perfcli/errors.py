"""The one exception family for tool failures. Bad *data* is never an exception: it is a finding."""

from __future__ import annotations

# Exit codes (DESIGN §6)
EXIT_OK = 0
EXIT_DATA_ERRORS = 1
EXIT_USAGE = 2
EXIT_FAILED = 3


class PerfcliError(Exception):
    """A failure the user must see as a message (Chinese) and an exit code, never as a traceback."""

    exit_code = EXIT_FAILED

    def __init__(self, message: str, *, details: list[str] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.details = details or []


class UsageError(PerfcliError):
    """The command was called wrongly (bad option value, missing file)."""

    exit_code = EXIT_USAGE


class InputDataError(PerfcliError):
    """An input the run depends on as a whole (the roster, a config) has errors; nothing was written."""

    exit_code = EXIT_DATA_ERRORS


class OutputExistsError(PerfcliError):
    """An output already exists and --force was not given."""

    exit_code = EXIT_USAGE


class RunFailed(PerfcliError):
    """The run itself failed (disk full, LibreOffice crashed…)."""

    exit_code = EXIT_FAILED
