"""The rule catalogue: every finding type the tool can report: reading (R…), checking (V…, N… for the
national 监控表), scoring (S…).

docs/rules.md is generated from it (scripts/gen_rule_docs.py) and a test keeps the two in step.
"""

from __future__ import annotations

from perfcli.findings.batch_rules import BATCH_RULES
from perfcli.findings.form_rules import FORM_RULES
from perfcli.findings.national_rules import NATIONAL_RULES
from perfcli.findings.target_versions import TARGET_VERSION_RULES
from perfcli.model.findings import Rule
from perfcli.returns.rules import READ_RULES
from perfcli.scoring.rules import SCORING_RULES


def all_rules() -> list[Rule]:
    """Every rule, reading rules first, each group ordered by code."""
    rules = [*READ_RULES, *FORM_RULES, *NATIONAL_RULES, *BATCH_RULES, *SCORING_RULES, *TARGET_VERSION_RULES]
    codes = [r.code for r in rules]
    duplicated = sorted({c for c in codes if codes.count(c) > 1})
    if duplicated:
        raise ValueError(f"duplicate rule codes: {duplicated}")
    return sorted(rules, key=lambda r: (r.code[0] != "R", r.code))
