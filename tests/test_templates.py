"""The blank official forms in templates/: up to date with the specs, reproducible, print-ready, protected."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import openpyxl
import pytest

from perfcli.forms.pack import read_only_specs
from perfcli.forms.registry import forms_of
from perfcli.issue.generate import build_templates
from perfcli.model.config import default_config

ROOT = Path(__file__).resolve().parent.parent
FORMS = forms_of(default_config())  # the default pack's, and every installed pack's


def issued_specs() -> list:
    """Every form perfcli issues (the read-only ones, such as the 项目库 export, have no template)."""
    read_only = {spec.form for spec in read_only_specs()}
    return [spec for spec in FORMS.recognised if spec.form not in read_only]


def test_committed_templates_are_a_fresh_build(tmp_path):
    """Rebuilding gives the same bytes, and the committed files are what the specs build today."""
    first = build_templates(tmp_path / "a")
    second = build_templates(tmp_path / "b")
    assert [p.name for p in first] == [spec.template for spec in issued_specs()]
    for a, b in zip(first, second, strict=True):
        assert a.read_bytes() == b.read_bytes(), a.name
        assert (ROOT / "perfcli" / "templates" / a.name).read_bytes() == a.read_bytes(), (
            f"请运行 make templates：{a.name} 已过期"
        )


def test_installed_package_finds_templates():
    folder = resources.files("perfcli.templates")
    for spec in issued_specs():
        assert folder.joinpath(spec.template).is_file(), spec.template


@pytest.mark.parametrize("code", ["附表1", "附表2", "附表3"])
def test_template_looks_like_the_printed_form(code):
    spec = FORMS.by_code(code)
    wb = openpyxl.load_workbook(ROOT / "perfcli" / "templates" / spec.template)
    ws = wb.worksheets[0]
    assert ws.title == code and ws["A1"].value == code
    title = next(c for c in ws[2] if c.value)
    assert title.value == spec.title and title.font.b and title.font.name == "宋体" and title.font.sz >= 16
    assert any(c.value == "（      年度   季度）" for c in ws[3])
    # merged title across the form's width
    assert any(r.min_row == 2 and r.min_col == 1 and r.max_col == spec.width for r in ws.merged_cells.ranges)
    # print set-up: A4 portrait, one page wide, print area, centred
    assert ws.page_setup.paperSize == 9 and ws.page_setup.orientation == "portrait"
    assert (
        ws.sheet_properties.pageSetUpPr.fitToPage
        and (ws.page_setup.fitToWidth or 1) == 1
        and ws.page_setup.fitToHeight == 0
    )  # 1 is the default
    assert ws.print_area and ws.print_options.horizontalCentered
    # the 注 line closes the form, every label of the spec's layout is printed with borders
    note_row = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == spec.note)
    assert note_row == ws.max_row
    labels = {c.label for row in spec.layout for c in row if c.label}
    printed = {c.value: c for row in ws.iter_rows() for c in row if isinstance(c.value, str)}
    for label in labels | {col.label for col in spec.table.columns}:
        assert label in printed, label
        assert printed[label].border.left.style == "thin" and printed[label].font.name == "宋体"
    # protected, with unlocked input cells and dropdowns on the 完成目标可能性 column
    assert ws.protection.sheet and ws.protection.insertRows is False  # False = inserting rows allowed
    assert sum(1 for row in ws.iter_rows() for c in row if c.protection.locked is False) > 10
    assert any(dv.type == "list" and "可能性大" in dv.formula1 for dv in ws.data_validations.dataValidation)
    assert any(dv.type == "decimal" for dv in ws.data_validations.dataValidation)
