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
from perfcli.letters.build import LETTER_KINDS, build_letters
from perfcli.letters.data import FindingLine, LetterData, Recipient, ReevaluationLine
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
    period: Period
    issue_date: date
    letters: list[RenderedLetter]
    sources: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # about the run as a whole (fonts of the PDFs)

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "kind_name": LETTER_KINDS[self.kind],
            "template": str(self.template),
            "out_dir": str(self.out_dir),
            "period": self.period.code,
            "issue_date": self.issue_date.isoformat(),
            "sources": self.sources,
            "count": len(self.letters),
            "letters": [x.to_json() for x in self.letters],
            "warnings": self.warnings,
        }


def template_path(kind: str, config: Config) -> Path:
    """The config's [templates] <kind> when set, else the built-in template."""
    override = config.template_override(kind)
    if override is not None:
        if not override.is_file():
            raise UsageError(f"配置 [templates] {kind} 指定的模板不存在：{override}")
        return override
    from importlib.resources import files

    return Path(str(files("perfcli.templates").joinpath(f"{LETTER_KINDS[kind]}.docx")))


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


def provided_variables(kind: str, config: Config) -> set[str]:
    """The top-level variables the data gives a template of this kind."""
    letters = build_letters(kind, _sample_data(Period(2026, 3), config), config, date(2026, 10, 20))
    return set(letters[0].context) if letters else set()


def guess_kind(template: Path) -> str | None:
    for kind, name in LETTER_KINDS.items():
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
    from perfcli.errors import OutputExistsError
    from perfcli.io import docx as docx_render
    from perfcli.io.files import check_writable, safe_filename, unique_names

    template = template_path(kind, config)
    if out_dir.exists() and not out_dir.is_dir():
        raise UsageError(f"输出位置 {out_dir} 已存在且不是文件夹，请换一个 --out 目录。")
    if pdf:
        from perfcli.io.pdf import require_soffice

        require_soffice()  # say so before rendering anything
    letters = build_letters(kind, data, config, issue)
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
    warnings = []
    if pdf and targets:
        from perfcli.io.pdf import convert_to_pdf

        for item, produced in zip(rendered, convert_to_pdf(targets, jobs=jobs, force=True), strict=True):
            item.pdf = produced
        warnings += font_warnings(config)
    return RenderResult(kind, template, out_dir, data.period, issue, rendered, data.sources, warnings)


def font_warnings(config: Config) -> list[str]:
    """One warning for the run when the letters' fonts ([letters] body_font, title_font) are missing here."""
    from perfcli.io.soffice import font_stand_ins

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
