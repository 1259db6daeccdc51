"""`render --draft` and `render --from-review`: the letters as drafts beside a 审阅清单.xlsx the clerk edits,
then issued with the clerk's choices."""

from __future__ import annotations

from pathlib import Path

from perfcli.api.outputs import settle_outputs
from perfcli.io.files.locks import output_locks
from perfcli.io.xlsx.write.lists import read_list_rows, write_list_workbook
from perfcli.letters.render import PlannedLetter, RenderedLetter, write_letters
from perfcli.letters.review import REVIEW_SHEET, apply_review, review_sheet

REVIEW_FILE = f"{REVIEW_SHEET}.xlsx"


def apply_review_file(planned: list[PlannedLetter], review: Path | str) -> list[str]:
    """The clerk's 修改为 put into the planned letters (matched by file name and place)."""
    rows = read_list_rows(Path(review), REVIEW_SHEET)
    return apply_review([(p.letter, p.target.stem) for p in planned], rows)


def write_drafts(
    planned: list[PlannedLetter],
    template: Path,
    out_dir: Path,
    *,
    kind: str,
    pdf: bool,
    jobs: int,
    force: bool,
) -> tuple[list[RenderedLetter], Path]:
    """The letters as drafts (no 文号: nothing is recorded in the ledger) and the 审阅清单 beside them."""
    review = out_dir / REVIEW_FILE
    with output_locks([(out_dir, f"render-{kind}")]):
        settle_outputs([p.target for p in planned] + [review], {}, force=force)
        letters = write_letters(planned, template, pdf=pdf, jobs=jobs)
        write_list_workbook(review, [review_sheet([(p.letter, p.target.stem) for p in planned])], force=True)
    return letters, review
