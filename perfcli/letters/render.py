"""Letters on disk: build every letter of a kind from a LetterData, write .docx (and .pdf) files.

Also the template check behind `render --check`. Word and LibreOffice are reached through perfcli.io.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from perfcli.errors import UsageError
from perfcli.io.docx import TemplateCheck
from perfcli.letters.build import ALL_LETTER_KINDS, build_letters
from perfcli.letters.data import FindingLine, LetterData, Recipient, ReevaluationLine
from perfcli.letters.letter import Letter
from perfcli.letters.self_evaluation import SELF_EVALUATION_LETTERS
from perfcli.model.config import Config
from perfcli.model.period import Period
from perfcli.model.roster import Department, Project, Roster, Unit


@dataclass
class RenderedLetter:
    recipient: str
    docx: Path
    pdf: Path | None = None
    notes: list[str] = field(default_factory=list)
    summary: str = ""

    def to_json(self) -> dict[str, Any]:
        return {
            "recipient": self.recipient,
            "summary": self.summary,
            "docx": str(self.docx),
            "pdf": str(self.pdf) if self.pdf else None,
            "notes": self.notes,
        }


@dataclass
class RenderResult:
    """What `perfcli render` did: one entry per document written."""

    kind: str
    template: Path
    out_dir: Path
    period: Period | None  # None for the year-end letters, which have a year
    issue_date: date
    letters: list[RenderedLetter]
    sources: list[str] = field(default_factory=list)
    year: int | None = None

    @property
    def period_name(self) -> str:
        """2026年三季度, or 2026年度 for the year-end letters."""
        return self.period.name if self.period else f"{self.year}年度" if self.year else ""

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "kind_name": ALL_LETTER_KINDS[self.kind],
            "template": str(self.template),
            "out_dir": str(self.out_dir),
            "period": self.period.code if self.period else None,
            "year": self.year,
            "issue_date": self.issue_date.isoformat(),
            "sources": self.sources,
            "count": len(self.letters),
            "letters": [x.to_json() for x in self.letters],
        }


def template_path(kind: str, config: Config) -> Path:
    """The config's [templates] <kind> when set, else the built-in template."""
    override = config.template_override(kind)
    if override is not None:
        if not override.is_file():
            raise UsageError(f"配置 [templates] {kind} 指定的模板不存在：{override}")
        return override
    from importlib.resources import files

    return Path(str(files("perfcli.templates").joinpath(f"{ALL_LETTER_KINDS[kind]}.docx")))


def _sample_data(period: Period, config: Config) -> LetterData:
    """A tiny LetterData touching every branch, to learn which variables each kind provides."""
    from perfcli.rollups.city import aggregate_city

    roster = Roster(
        [Department("D", "样例部门")],
        [Unit("U", "样例单位", "D")],
        [Project("P", "样例项目", "U", Decimal(1), "区级")],
        [],
    )
    data = LetterData(period, aggregate_city([], config, period=period, roster=roster), roster=roster)
    data.add_finding(
        Recipient("样例单位", "unit", "U", "样例部门"), FindingLine("样例问题", file="样例.xlsx")
    )
    data.reevaluations = [ReevaluationLine("样例部门", "样例项目")]
    return data


def _sample_self_evaluation(kind: str, config: Config) -> list[Letter]:
    """The year-end letters of a tiny scored batch, to learn which variables they provide."""
    from perfcli.letters.self_evaluation import self_evaluation_letters
    from perfcli.model.findings import Finding
    from perfcli.rollups.self_evaluation import rollup
    from perfcli.scoring.evaluate import ProjectScore
    from perfcli.scoring.formulas import ScoringSettings
    from perfcli.scoring.spot_check import Pick

    score = ProjectScore(
        "样例.xlsx", "样例", "样例单位", "样例部门", "样例项目", Decimal(10), Decimal(50), "差", None
    )
    score.findings.append(Finding("error", "S005", "样例问题", sheet="样例", cell="E13"))
    settings = ScoringSettings.from_config(config)
    summary = rollup([score], None, settings)
    picks = [Pick(score, "样例理由")]
    return self_evaluation_letters(kind, summary, picks, {}, config, date(2027, 1, 20))


def provided_variables(kind: str, config: Config) -> set[str]:
    """The top-level variables the data gives a template of this kind."""
    if kind in SELF_EVALUATION_LETTERS:
        letters = _sample_self_evaluation(kind, config)
        return set(letters[0].context) if letters else set()
    letters = build_letters(kind, _sample_data(Period(2026, 3), config), config, date(2026, 10, 20))
    return set(letters[0].context) if letters else set()


def guess_kind(template: Path) -> str | None:
    for kind, name in ALL_LETTER_KINDS.items():
        if name in template.stem or kind in template.stem.lower():
            return kind
    return None


def check_letter_template(
    template: Path, kind: str | None, config: Config
) -> tuple[TemplateCheck, str | None]:
    """`render --check`: the template's variables, those the data of `kind` lacks, split tags."""
    from perfcli.io.docx import check_template

    kind = kind or guess_kind(template)
    provided = provided_variables(kind, config) if kind else None
    return check_template(template, provided), kind


def render_letters(
    kind: str,
    data: LetterData,
    config: Config,
    *,
    out_dir: Path,
    issue: date,
    pdf: bool = False,
    jobs: int = 1,
    force: bool = False,
) -> RenderResult:
    """Build every letter of `kind` from `data` and write .docx (and .pdf) files into out_dir.

    Every target is checked before the first is written: a refused run leaves nothing half done."""
    letters = build_letters(kind, data, config, issue)
    template, rendered = write_letters(
        kind, letters, config, out_dir=out_dir, pdf=pdf, jobs=jobs, force=force
    )
    return RenderResult(kind, template, out_dir, data.period, issue, rendered, data.sources)


def write_letters(
    kind: str, letters: list[Letter], config: Config, *, out_dir: Path, pdf: bool, jobs: int, force: bool
) -> tuple[Path, list[RenderedLetter]]:
    """Write the built letters of `kind` as .docx (and .pdf) into out_dir; returns the template used."""
    from perfcli.errors import OutputExistsError
    from perfcli.io import docx as docx_render
    from perfcli.io.files import check_writable, safe_filename, unique_names

    template = template_path(kind, config)
    if out_dir.exists() and not out_dir.is_dir():
        raise UsageError(f"输出位置 {out_dir} 已存在且不是文件夹，请换一个 --out 目录。")
    if pdf:
        from perfcli.io.pdf import require_soffice

        require_soffice()  # say so before rendering anything
    names = unique_names([safe_filename(x.stem) for x in letters])
    targets = [out_dir / f"{name}.docx" for name in names]
    existing = [t for t in targets + ([t.with_suffix(".pdf") for t in targets] if pdf else []) if t.exists()]
    if existing and not force:
        raise OutputExistsError(
            f"输出目录中已有 {len(existing)} 个同名文件，如 {existing[0]}（如需覆盖，请加 --force）"
        )
    for target in targets:
        check_writable(target, force)
    docx_render.render_batch(template, [x.context for x in letters], targets, jobs=jobs)
    rendered = [
        RenderedLetter(x.recipient, t, notes=x.notes, summary=x.summary)
        for x, t in zip(letters, targets, strict=True)
    ]
    if pdf and targets:
        from perfcli.io.pdf import convert_to_pdf

        for item, produced in zip(rendered, convert_to_pdf(targets, jobs=jobs, force=True), strict=True):
            item.pdf = produced
    return template, rendered
