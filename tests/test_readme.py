"""README (issue 11, item 16): it points only at files of this repository, and tells a Windows user how to
install and run perfcli."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text("utf-8")


def test_no_link_leaves_the_repository():
    links = re.findall(r"\]\(([^)#]+)(?:#[^)]*)?\)", README)
    code_paths = re.findall(r"`([^`\s]*\.(?:md|py|toml|xlsx|docx|json))`", README)
    for target in [*links, *code_paths]:
        if re.match(r"^[a-z]+://", target):
            continue
        resolved = (ROOT / target).resolve()
        assert resolved.is_relative_to(ROOT), f"README 指向仓库之外：{target}"
    assert "../" not in README and "shared/DESIGN" not in README


def test_every_linked_file_exists():
    for target in re.findall(r"\]\(([^)#:]+)\)", README):
        assert (ROOT / target).exists(), target


def test_a_windows_section_with_cmd_powershell_and_chinese_names():
    section = README.split("## 在 Windows 上使用", 1)[1].split("\n## ", 1)[0]
    for text in (
        "py -m venv .venv",
        ".venv\\Scripts\\pip install .",
        "PowerShell",
        "cmd",
        "python -m perfcli",
        "中文",
        "GBK",
    ):
        assert text in section, text
