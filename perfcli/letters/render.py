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
from perfcli.io.office.docx import TemplateCheck
from perfcli.letters.build import build_letters, build_target_letters
from perfcli.letters.data import FindingLine, LetterData, Recipient, ReevaluationLine
from perfcli.letters.kinds import ALL_LETTER_KINDS, LETTER_KIND_RECORDS
from perfcli.letters.letter import Letter
from perfcli.model.config import Config
from perfcli.model.period import Period
from perfcli.model.records import FileResult, FormRecord
from perfcli.model.roster import Department, Project, Roster, Unit


@dataclass
class RenderedLetter:
    recipient: str
    docx: Path
    pdf: Path | None = None
    notes: list[str] = field(default_factory=list)
    summary: str = ""
    unchanged: bool = False  # written by an earlier run, recorded in the ledger and unchanged since
    doc_number: str = ""
    backup: Path | None = None  # the copy of a hand-changed letter this one replaced (--force)
    attachments: list[str] = field(default_factory=list)  # the 附件 the letter lists (render --bundle)
    bundle: Path | None = None  # the recipient's folder of render --bundle

    def to_json(self) -> dict[str, Any]:
        return {
            "recipient": self.recipient,
            "doc_number": self.doc_number,
            "unchanged": self.unchanged,
            "backup": str(self.backup) if self.backup else None,
            "summary": self.summary,
            "docx": str(self.docx),
            "pdf": str(self.pdf) if self.pdf else None,
            "notes": self.notes,
            "attachments": self.attachments,
            "bundle": str(self.bundle) if self.bundle else None,
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
    draft: bool = False  # outside a workspace: no ledger, so the 文号 are left blank
    year: int | None = None

    @property
    def period_name(self) -> str:
        """2026年三季度, or 2026年度 for the year-end letters."""
        return self.period.name if self.period else f"{self.year}年度" if self.year else ""

    warnings: list[str] = field(default_factory=list)  # about the run as a whole (fonts of the PDFs)
    bundle: Path | None = None  # render --bundle: one folder per recipient under it

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
            "draft": self.draft,
            "count": len(self.letters),
            "letters": [x.to_json() for x in self.letters],
            "warnings": self.warnings,
            "bundle": str(self.bundle) if self.bundle else None,
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
    sent = FileResult(  # the department's own 附表2: a 反馈 answers what was sent
        "样例部门.xlsx",
        "read",
        [FormRecord("样例部门.xlsx", "department", "附表2", period, fields={"department_name": "样例部门"})],
        workbook_kind="department",
        code="D",
        name="样例部门",
        department_code="D",
    )
    data = LetterData(period, aggregate_city([sent], config, period=period, roster=roster), roster=roster)
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
    if LETTER_KIND_RECORDS[kind].source == "targets":
        from perfcli.letters.targets import sample_data as target_sample

        letters = build_target_letters(kind, target_sample(), config, date(2026, 11, 20))
        return set(letters[0].context) if letters else set()
    if LETTER_KIND_RECORDS[kind].source == "self_evaluation":
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
    from perfcli.io.office.docx import check_template

    kind = kind or guess_kind(template)
    provided = provided_variables(kind, config) if kind else None
    return check_template(template, provided), kind


@dataclass
class PlannedLetter:
    """A letter built and given its file, before anything is written."""

    letter: Letter
    target: Path
    # the letter's 文号, kind, recipient, period as custom document properties (set once it is numbered)
    properties: dict[str, str] = field(default_factory=dict)


def plan_letters(
    kind: str, data: LetterData, config: Config, *, out_dir: Path, issue: date
) -> list[PlannedLetter]:
    """Every letter of `kind` from `data`, each with its file in out_dir (names sanitised and unique)."""
    return plan_built(build_letters(kind, data, config, issue), out_dir)


def plan_built(letters: list[Letter], out_dir: Path) -> list[PlannedLetter]:
    """Letters already built (the year-end ones too), each given its file in out_dir."""
    from perfcli.io.files.outputs import safe_filename, unique_names

    if out_dir.exists() and not out_dir.is_dir():
        raise UsageError(f"输出位置 {out_dir} 已存在且不是文件夹，请换一个 --out 目录。")
    names = unique_names([safe_filename(x.stem) for x in letters])
    return [PlannedLetter(x, out_dir / f"{name}.docx") for x, name in zip(letters, names, strict=True)]


def write_letters(
    planned: list[PlannedLetter], template: Path, *, pdf: bool = False, jobs: int = 1
) -> list[RenderedLetter]:
    """Write each planned letter's .docx (and .pdf beside it with `pdf`). The caller has decided that
    every target may be written (new, or --force, or the ledger's own unfinished file)."""
    from perfcli.io.office import docx as docx_render

    targets = [p.target for p in planned]
    docx_render.render_batch(
        template,
        [p.letter.context for p in planned],
        targets,
        jobs=jobs,
        properties=[p.properties for p in planned],
    )
    rendered = [
        RenderedLetter(p.letter.recipient, p.target, notes=p.letter.notes, summary=p.letter.summary)
        for p in planned
    ]
    if pdf and targets:
        from perfcli.io.office.pdf import convert_to_pdf

        for item, produced in zip(rendered, convert_to_pdf(targets, jobs=jobs, force=True), strict=True):
            item.pdf = produced
    return rendered


def font_warnings(config: Config) -> list[str]:
    """One warning for the run when the letters' fonts ([letters] body_font, title_font) are missing here."""
    from perfcli.io.office.soffice import font_stand_ins

    section = config.section("letters")
    wanted = [str(section.get(k) or "") for k in ("body_font", "title_font")]
    missing = font_stand_ins([w for w in wanted if w])
    if not missing:
        return []
    used = "；".join(f"{name} 以 {stand_in} 代替" for name, stand_in in missing.items())
    return [
        f"本机未安装函件字体 {'、'.join(missing)}，PDF 中{used}。Word 文档不受影响：在装有这些字体的电脑上"
        "用 Word/WPS 打开或另存为 PDF 即为正式字体。"
    ]
