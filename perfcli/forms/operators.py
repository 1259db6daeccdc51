"""A declared indicator's 指标值 as one text, from the 指标性质 and 度量单位 columns some 申报表 give their own
(the operator words are the shared list, perfcli/forms/specs/operators.yaml)."""

from __future__ import annotations

from perfcli.forms.spec_yaml import standard_operators

# how a value written out starts with its sign; ＝ full width, so a spreadsheet never takes it for a formula
_SHOWN_SIGN = {"≥": "≥", "≤": "≤", "=": "＝"}
_SIGNS = tuple("≥≤=＝<>＜＞≦≧")


def indicator_value(nature: str, target: str, unit: str) -> str:
    """("≥", "95", "%") -> "≥95%"; ("正向指标", "12", "个") -> "≥12个"; a value that already has its sign or
    unit keeps it ("≥95%", "定性", "明显提高" stay as they are)."""
    value = target.strip()
    if not value:
        return ""
    sign = _SHOWN_SIGN.get(dict(standard_operators()).get(nature.strip().replace(" ", ""), ""), "")
    if sign and not value.startswith(_SIGNS):
        value = sign + value
    if unit.strip() and not value.endswith(unit.strip()):
        value += unit.strip()
    return value
