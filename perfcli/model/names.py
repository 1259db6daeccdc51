"""Names as forms type them: a code written with a name in one cell (名称（代码）, 代码-名称)."""

from __future__ import annotations

import re

__all__ = ["split_code"]

# a code typed with a name in one cell: 名称（代码） (主管部门及代码), or 代码-名称 as budget systems export it
# ("219001-池州市贵池区棠溪镇人民政府", "51000021R000000019951-工资性支出"); a name opening with a number
# ("2023-2024年度学生资助") is not split
_NAME_THEN_CODE = re.compile(r"^(.*?)\s*[（(]\s*([0-9A-Za-z][0-9A-Za-z.\-]*)\s*[)）]\s*$")
_BRACKETED_CODE = re.compile(r"^[\[【［]\s*([0-9A-Za-z][0-9A-Za-z.\-]*)\s*[\]】］]\s*(\S.*)$", re.DOTALL)
_CODE_THEN_NAME = re.compile(r"^([0-9][0-9A-Za-z]{2,})\s*[-－—]\s*([^\d\s].*)$", re.DOTALL)


def split_code(text: str) -> tuple[str, str | None]:
    """A name and the code typed with it in one cell (名称（代码）, [代码]名称 or 代码-名称); the text and None without one."""
    match = _NAME_THEN_CODE.match(text)
    if match:
        return match[1].strip(), match[2]
    match = _BRACKETED_CODE.match(text.strip())  # [101]区教育局
    if match:
        return match[2].strip(), match[1]
    match = _CODE_THEN_NAME.match(text.strip())
    if match:
        return match[2].strip(), match[1]
    return text, None
