"""`perfcli score`: returned 项目支出绩效自评表 scored by the formulas (perfcli.scoring)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from perfcli.api.common import ConfigArg, config_of, paths_of
from perfcli.model.config import Config
from perfcli.returns.discover import discover
from perfcli.returns.read import WorkbookContent, read_workbook
from perfcli.scoring.evaluate import ProjectScore
from perfcli.scoring.formulas import ScoringSettings
from perfcli.scoring.kinds import score_form, scored_kind

if TYPE_CHECKING:
    import pandas as pd


@dataclass
class ScoreResult:
    """Every project's score, in file order, and the files that gave none (with why)."""

    projects: list[ProjectScore] = field(default_factory=list)
    unread: list[tuple[str, str]] = field(default_factory=list)  # (file, why no 自评表 was scored)

    @property
    def errors(self) -> int:
        return sum(1 for p in self.projects for f in p.findings if f.severity == "error")

    @property
    def failed(self) -> bool:
        """The data has errors, or a file could not be scored (exit code 1)."""
        return bool(self.errors or self.unread)

    def to_json(self) -> list[dict[str, Any]]:
        return [p.to_json() for p in self.projects]

    def frame(self) -> pd.DataFrame:
        """One row per project: unit, project, budget score, total, self-reported total, grade, problems."""
        import pandas as pd

        return pd.DataFrame(
            [
                {
                    "file": p.file,
                    "unit": p.unit,
                    "department": p.department,
                    "project_name": p.project_name,
                    "budget_score": p.budget_score,
                    "total": p.total,
                    "self_total": p.self_total,
                    "grade": p.grade,
                    "errors": sum(1 for f in p.findings if f.severity == "error"),
                    "warnings": sum(1 for f in p.findings if f.severity == "warning"),
                }
                for p in self.projects
            ]
        )


def score_content(content: WorkbookContent, settings: ScoringSettings) -> list[ProjectScore]:
    """The scores of the 自评表 in one workbook read, each with its reading findings in front."""
    scores = []
    for record in content.records:
        spec = settings.spec(record.form)
        if scored_kind(spec):
            scored = score_form(record, settings, spec)
            scored.findings[:0] = record.issues
            scores.append(scored)
    return scores


def score(paths: Iterable[Path | str] | Path | str, *, config: ConfigArg = None) -> ScoreResult:
    """Score every 自评表 under `paths` (folders recursively); a bad file is listed, never raised."""
    settings: Config = config_of(config)
    scoring = ScoringSettings.from_config(settings)
    result = ScoreResult()
    for path in discover(paths_of(paths)):
        content = read_workbook(path, settings)
        if content.rejected:
            result.unread.append((str(path), content.rejected))
            continue
        scores = score_content(content, scoring)
        if not scores:
            why = "工作簿中没有项目支出绩效自评表或部门整体绩效自评表（按表中文字识别）"
            result.unread.append((str(path), f"{why}；{content.resembles}" if content.resembles else why))
        result.projects.extend(scores)
    return result
