"""`make templates`: rebuild the blank official forms in templates/ from the form specs (reproducibly)."""

from __future__ import annotations

import sys
from pathlib import Path

from perfcli.issue.generate import build_templates

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    for path in build_templates(ROOT / "perfcli" / "templates"):
        print(path.relative_to(ROOT))
    return 0


if __name__ == "__main__":
    sys.exit(main())
