"""Which rules score which kind of 自评表: the spec names them (`scoring: project` or `scoring: department`),
this table holds them, so no code asks which form a record is."""

from __future__ import annotations

from perfcli.forms.spec import FormSpec
from perfcli.model.records import FormRecord
from perfcli.scoring.department import DepartmentScorer
from perfcli.scoring.evaluate import _Scorer
from perfcli.scoring.formulas import ScoringSettings
from perfcli.scoring.result import ProjectScore

__all__ = ["SCORERS", "score_form", "scored_kind"]

SCORERS: dict[str, type[_Scorer]] = {"project": _Scorer, "department": DepartmentScorer}


def scored_kind(spec: FormSpec) -> bool:
    """Whether records of this form are scored (the year-end 自评表 of every kind)."""
    return spec.stage == "self_evaluation" and spec.scoring in SCORERS


def score_form(record: FormRecord, settings: ScoringSettings, spec: FormSpec | None = None) -> ProjectScore:
    """Score one 自评表 record by the rules its spec names."""
    spec = spec or settings.spec(record.form)
    return SCORERS[spec.scoring or "project"](record, settings, spec).score()
