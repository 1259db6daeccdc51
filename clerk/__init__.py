"""Fill generated monitoring workbooks the way a clerk would, with optional realistic mistakes.

A development library (not shipped with perfcli) for scripts/make_sample_returns.py, the tests and the
benchmarks: every function is deterministic for a given seed. Cells are found by their printed labels
(as a clerk finds them), not by fixed addresses.

    import clerk
    facts = clerk.fill_unit_workbook(src, dst, seed=7, mistakes=clerk.Mistakes(spent_over_received=True),
                                     modified=datetime(2026, 10, 8, 2))
    clerk.fill_department_workbook(dept_src, dept_dst, seed=7, projects={f.code: f for f in facts})

Mistakes (each lands on one 附表1 sheet, `Mistakes.sheet`, and is listed in the returned facts):
  spent_over_received, received_over_budget, near_miss_likelihood ("可能性较大"),
  unlikely_without_analysis (可能性小 with 偏离分析/改进计划 left empty), missing_required (a field key left
  blank), text_numbers ("thousands" 1,250.50 | "wanyuan" 12.5万元 | "fullwidth" １２５０.５０),
  extra_indicator_row (a row inserted into the indicator table), tamper_budget (pre-filled 预算总额 changed).
"""

from clerk.cells import Table, field_cell, find_label, find_table, value_cell
from clerk.mistakes import Mistakes
from clerk.saving import resave_all_as_xls, resave_as_xls, set_modified
from clerk.sheets import ProjectFacts
from clerk.workbooks import fill_department_workbook, fill_unit_workbook

__all__ = [
    "Mistakes",
    "ProjectFacts",
    "Table",
    "field_cell",
    "fill_department_workbook",
    "fill_unit_workbook",
    "find_label",
    "find_table",
    "resave_all_as_xls",
    "resave_as_xls",
    "set_modified",
    "value_cell",
]
