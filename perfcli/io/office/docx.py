"""Word letters through docxtpl: safe rendering and the template check (`render --check`).

Values are data, never template source: Jinja runs with autoescape (so `&`, `<`, `{{ }}` typed by a
unit come out literally) and StrictUndefined (a variable the data lacks is an error naming it).
Only this module touches docxtpl; the report's chart picture is drawn by perfcli.io.office.chart.
"""

from __future__ import annotations

import os
import re
import tempfile
import zipfile
from dataclasses import dataclass, field
from io import BytesIO
from pathlib import Path
from typing import Any

from perfcli.errors import UsageError
from perfcli.io.files.outputs import atomic_path
from perfcli.io.files.scratch import process_pool, run_dir
from perfcli.io.office.chart import execution_chart
from perfcli.io.office.docx_properties import (
    CUSTOM_PART,
    copy_with_properties,
    custom_part,
    set_custom_properties,
)
from perfcli.model.text import writable_text

# characters XML 1.0 forbids, plus \a and \f, which docxtpl would turn into paragraph and page breaks
_TAG = re.compile(r"\{[{%#].*?[}%#]\}", re.DOTALL)
_OPENER = re.compile(r"\{[{%#]")
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


class LetterTemplateError(UsageError):
    """A letter template cannot be rendered (unknown variable, broken tag, not a .docx)."""


def clean_text(value: str) -> str:
    """Keep line breaks (Windows or Mac style become \\n); drop characters Word cannot store."""
    return writable_text(value.replace("\r\n", "\n").replace("\r", "\n"))


def clean_context(value: Any) -> Any:
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, dict):
        return {k: clean_context(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [clean_context(v) for v in value]
    return value


def letter_environment():
    """The Jinja environment for every letter: autoescape on, undefined variables raise."""
    from jinja2 import StrictUndefined
    from jinja2.sandbox import SandboxedEnvironment

    # sandboxed too: a template copied around by e-mail should not reach Python internals
    return SandboxedEnvironment(autoescape=True, undefined=StrictUndefined, keep_trailing_newline=True)


_XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'


def _postprocess(tpl, dst_xml: str) -> str:
    """What docxtpl does after Jinja: restore paragraph layout, escaped braces, \n -> <w:br/>."""
    dst_xml = re.sub(r"\n<w:p([ >])", r"<w:p\1", dst_xml)
    dst_xml = dst_xml.replace("{_{", "{{").replace("}_}", "}}").replace("{_%", "{%").replace("%_}", "%}")
    return tpl.resolve_listing(dst_xml)


class LetterTemplate:
    """One .docx template, read and compiled once, rendered for many recipients.

    Letters without pictures take a fast path: the template's Jinja is compiled once per part, and each
    letter is the template's zip with the rendered parts swapped in (no python-docx round trip).
    Letters with a picture (the report's chart) go through docxtpl as usual.
    """

    def __init__(self, path: Path) -> None:
        from docxtpl import DocxTemplate
        from jinja2 import TemplateSyntaxError

        self.path = Path(path)
        try:
            self.data = self.path.read_bytes()
        except OSError as exc:
            raise LetterTemplateError(f"无法读取模板 {self.path}：{exc.strerror or exc}") from exc
        if not zipfile.is_zipfile(BytesIO(self.data)):
            raise LetterTemplateError(
                f"模板 {self.path} 不是 Word 文档（.docx）。",
                details=["请在 Word 或 WPS 中另存为“Word 文档（*.docx）”。"],
            )
        self.env = letter_environment()
        self.tpl = DocxTemplate(BytesIO(self.data))
        try:
            self.tpl.init_docx()
        except (KeyError, ValueError, zipfile.BadZipFile) as exc:
            raise LetterTemplateError(f"模板 {self.path} 无法作为 Word 文档打开：{exc}") from exc
        try:
            self._prepare()
        except TemplateSyntaxError as exc:
            raise LetterTemplateError(
                f"模板 {self.path.name} 的标签写法有误：{exc.message}",
                details=[f"可用 perfcli render --check {self.path} 查找被拆开的标签。"],
            ) from None

    def _prepare(self) -> None:
        tpl = self.tpl
        document = tpl.xml_to_string(tpl.docx._element)
        body_start, body_end = document.index("<w:body"), document.rindex("</w:body>") + len("</w:body>")
        self.document_frame = (_XML_HEAD + document[:body_start], document[body_end:])
        self.body = self._compile(tpl.patch_xml(tpl.get_xml()))
        self.parts: dict[str, Any] = {}  # zip name -> compiled header/footer
        for rel in tpl.docx.part.rels.values():
            if rel.is_external or not rel.reltype.endswith(("/header", "/footer")):
                continue
            xml = tpl.get_part_xml(rel.target_part)
            if "{" in xml:
                self.parts[rel.target_part.partname.lstrip("/")] = self._compile(
                    _XML_HEAD + tpl.patch_xml(xml)
                )
        replaced = {"word/document.xml", *self.parts}
        base = BytesIO()
        with (
            zipfile.ZipFile(BytesIO(self.data)) as src,
            zipfile.ZipFile(base, "w", zipfile.ZIP_DEFLATED) as dst,
        ):
            copy_with_properties(src, dst, None, skip=frozenset(replaced))  # each letter adds its own
        self.base = base.getvalue()

    def _compile(self, xml: str):
        return self.env.from_string(re.sub(r"<w:p([ >])", r"\n<w:p\1", xml))

    def render(self, context: dict[str, Any], target: Path, properties: dict[str, str] | None = None) -> None:
        """Render `context` into the .docx at `target` (the caller makes the write atomic), with
        `properties` as its custom document properties (a letter's 文号, kind, recipient, period)."""
        from jinja2 import TemplateSyntaxError, UndefinedError
        from jinja2.exceptions import SecurityError

        context = clean_context(context)
        try:
            if isinstance(context.get("chart"), dict):
                self._render_with_picture(context, target)
                set_custom_properties(Path(target), properties or {})
            else:
                self._render_fast(context, target, properties or {})
        except UndefinedError as exc:
            name = _undefined_name(str(exc))
            raise LetterTemplateError(
                f"模板 {self.path.name} 使用了数据中没有的变量“{name}”。",
                details=[
                    f"Jinja 提示：{exc}",
                    f"可用 perfcli render --check {self.path} 查看模板所用的全部变量。",
                ],
            ) from None
        except TemplateSyntaxError as exc:
            raise LetterTemplateError(
                f"模板 {self.path.name} 的标签写法有误：{exc.message}",
                details=[f"可用 perfcli render --check {self.path} 查找被拆开的标签。"],
            ) from None
        except SecurityError as exc:
            raise LetterTemplateError(f"模板 {self.path.name} 使用了不允许的写法：{exc}") from None

    def _render_fast(self, context: dict[str, Any], target: Path, properties: dict[str, str]) -> None:
        from lxml import etree

        tpl = self.tpl
        body = tpl.fix_tables(_postprocess(tpl, self.body.render(context)))
        tpl.docx_ids_index = 1000
        tpl.fix_docpr_ids(body)
        head, tail = self.document_frame
        document = head + etree.tostring(body, encoding="unicode") + tail
        Path(target).write_bytes(self.base)
        with zipfile.ZipFile(target, "a", zipfile.ZIP_DEFLATED) as zf:
            zf.writestr("word/document.xml", document.encode("utf-8"))
            for name, compiled in self.parts.items():
                zf.writestr(name, _postprocess(tpl, compiled.render(context)).encode("utf-8"))
            zf.writestr(CUSTOM_PART, custom_part(properties))

    def _render_with_picture(self, context: dict[str, Any], target: Path) -> None:
        from docx.shared import Mm
        from docxtpl import DocxTemplate, InlineImage

        tpl = DocxTemplate(BytesIO(self.data))
        fd, name = tempfile.mkstemp(prefix="chart-", suffix=".png", dir=run_dir())
        os.close(fd)
        png = Path(name)
        try:
            execution_chart(context["chart"], png)
            context["chart"] = InlineImage(tpl, str(png), width=Mm(150))
            tpl.render(context, self.env)
            tpl.save(str(target))
        finally:
            png.unlink(missing_ok=True)


_WORKER: LetterTemplate | None = None
PARALLEL_MIN_LETTERS = 40  # below this, starting worker processes costs more than it saves


def _init_worker(template: Path) -> None:
    global _WORKER
    _WORKER = LetterTemplate(template)


def _render_one(job: tuple[dict[str, Any], Path, dict[str, str]]) -> Path:
    context, target, properties = job
    assert _WORKER is not None
    with atomic_path(target, force=True) as tmp:
        _WORKER.render(context, tmp, properties)
    return target


def render_batch(
    template: Path,
    contexts: list[dict[str, Any]],
    targets: list[Path],
    *,
    jobs: int = 1,
    properties: list[dict[str, str]] | None = None,
) -> list[Path]:
    """Render each context into its target .docx (atomically), the template loaded once per worker, each
    with its custom document properties."""
    jobs_list = list(zip(contexts, targets, properties or [{} for _ in targets], strict=True))
    if jobs <= 1 or len(jobs_list) < PARALLEL_MIN_LETTERS:
        _init_worker(template)
        return [_render_one(job) for job in jobs_list]
    LetterTemplate(template)  # fail fast, in this process, on a missing or broken template
    with process_pool(jobs, _init_worker, (template,)) as pool:
        return list(pool.map(_render_one, jobs_list, chunksize=max(1, len(jobs_list) // (jobs * 4))))


def _undefined_name(message: str) -> str:
    m = re.search(r"'([^']+)' is undefined", message) or re.search(r"has no attribute '([^']+)'", message)
    return m[1] if m else message


# ------------------------------------------------------------------------------------------------
# render --check
# ------------------------------------------------------------------------------------------------


@dataclass
class SplitTag:
    """A Jinja tag whose text Word has spread over several runs (w:r) of one paragraph."""

    part: str
    text: str
    runs: list[str]

    @property
    def broken(self) -> bool:
        """The delimiter itself is split ("{" | "{"): docxtpl cannot repair it and the tag prints as text."""
        return any(r.endswith("{") for r in self.runs[:-1]) or any(
            r.startswith(("}", "%}")) for r in self.runs[1:]
        )


@dataclass
class TemplateCheck:
    path: str
    variables: list[str]
    missing: list[str]  # used by the template, not provided by the data
    split_tags: list[SplitTag] = field(default_factory=list)
    syntax_error: str | None = None

    @property
    def ok(self) -> bool:
        return not self.missing and not self.split_tags and not self.syntax_error

    def to_json(self) -> dict[str, Any]:
        return {
            "template": self.path,
            "variables": self.variables,
            "missing": self.missing,
            "split_tags": [
                {"part": s.part, "text": s.text, "runs": s.runs, "broken": s.broken} for s in self.split_tags
            ],
            "syntax_error": self.syntax_error,
            "ok": self.ok,
        }


def _parts(path: Path) -> list[tuple[str, bytes]]:
    try:
        with zipfile.ZipFile(path) as zf:
            names = [
                n
                for n in zf.namelist()
                if re.fullmatch(r"word/(document|header\d*|footer\d*|footnotes)\.xml", n)
            ]
            return [(n, zf.read(n)) for n in sorted(names)]
    except (OSError, zipfile.BadZipFile) as exc:
        raise LetterTemplateError(f"模板 {path} 不是 Word 文档（.docx）：{exc}") from exc


def find_split_tags(path: Path) -> list[SplitTag]:
    """Tags ({{ }}, {% %}, {# #}) whose characters lie in more than one run of a paragraph."""
    from lxml import etree

    out = []
    for name, xml in _parts(path):
        root = etree.fromstring(xml, parser=etree.XMLParser(resolve_entities=False, no_network=True))
        for p in root.iter(f"{{{W_NS}}}p"):
            pieces: list[tuple[int, str]] = []  # (run index, text)
            for index, run in enumerate(p.iter(f"{{{W_NS}}}r")):
                text = "".join(t.text or "" for t in run.iter(f"{{{W_NS}}}t"))
                if text:
                    pieces.append((index, text))
            joined, owner = "", []
            for index, text in pieces:
                joined += text
                owner += [index] * len(text)
            spans = [(m.start(), m.end()) for m in _TAG.finditer(joined)]
            # an opener never closed in the paragraph is a split (or broken) tag too
            closed_upto = max((end for _, end in spans), default=0)
            spans += [(m.start(), len(joined)) for m in _OPENER.finditer(joined, closed_upto)]
            for start, end in spans:
                runs = sorted(set(owner[start:end]))
                if len(runs) > 1:
                    texts = [t for i, t in pieces if i in runs]
                    out.append(SplitTag(name, joined[start:end], texts))
    return out


def template_variables(path: Path) -> list[str]:
    """The top-level variables a template uses (loop variables excluded)."""
    from docxtpl import DocxTemplate
    from jinja2 import meta

    tpl = DocxTemplate(str(path))
    tpl.init_docx()
    env = letter_environment()
    xml = tpl.patch_xml(tpl.get_xml())
    docx = tpl.get_docx()
    for rel in docx.part.rels.values():
        if rel.reltype.endswith(("/header", "/footer")) and not rel.is_external:
            xml += tpl.patch_xml(tpl.get_part_xml(rel.target_part))
    return sorted(meta.find_undeclared_variables(env.parse(xml)))


def check_template(path: Path, provided: set[str] | None) -> TemplateCheck:
    """What `perfcli render --check` prints: variables used, those the data lacks, split tags."""
    from jinja2 import TemplateSyntaxError

    path = Path(path)
    if not path.is_file():
        raise LetterTemplateError(f"找不到模板文件：{path}")
    split = find_split_tags(path)
    try:
        variables = template_variables(path)
        syntax_error = None
    except TemplateSyntaxError as exc:
        variables, syntax_error = [], f"第 {exc.lineno} 处附近：{exc.message}"
    missing = sorted(set(variables) - provided) if provided is not None else []
    return TemplateCheck(str(path), variables, missing, split, syntax_error)
