"""A generated workbook re-saved by LibreOffice keeps its identity and its dropdowns (DESIGN §4)."""

from __future__ import annotations

import subprocess
import uuid

import openpyxl
from conftest import needs_libreoffice, soffice
from test_generate import PERIOD, make_roster

from perfcli.issue.generate import generate
from perfcli.model.config import load_config
from perfcli.model.identity import IDENTITY_MARK, IDENTITY_PROPERTY, IDENTITY_SHEET, Identity, prefill_digest


def resave(path, out_dir, tmp_path):
    profile = tmp_path / f"lo-{uuid.uuid4().hex}"
    subprocess.run(
        [
            soffice(),
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--convert-to",
            "xlsx",
            "--outdir",
            str(out_dir),
            str(path),
        ],
        check=True,
        timeout=180,
        capture_output=True,
    )
    return out_dir / path.name


@needs_libreoffice
def test_identity_and_dropdowns_survive_a_libreoffice_save(tmp_path):
    config = load_config(None, search_from=tmp_path)
    result = generate(make_roster(), PERIOD, tmp_path / "out", config)
    for book in (
        next(f for f in result.files if f.kind == "unit" and f.code == "U01"),
        next(f for f in result.files if f.kind == "department" and f.code == "D01"),
    ):
        original = openpyxl.load_workbook(book.path)
        saved = resave(book.path, tmp_path / f"resaved-{book.code}", tmp_path)
        wb = openpyxl.load_workbook(saved)
        assert wb.sheetnames == original.sheetnames
        hidden = wb[IDENTITY_SHEET]
        assert hidden.sheet_state in ("hidden", "veryHidden")
        assert hidden["A1"].value == IDENTITY_MARK
        identity = Identity.from_json(hidden["A2"].value)
        assert identity.to_json() == original[IDENTITY_SHEET]["A2"].value
        assert identity.digest == prefill_digest(identity.sheets)
        prop = {p.name: p.value for p in wb.custom_doc_props.props}.get(IDENTITY_PROPERTY)
        assert prop and Identity.from_json(prop).digest == identity.digest
        for name in original.sheetnames[:-1]:
            before = {
                (dv.formula1, str(dv.sqref))
                for dv in original[name].data_validations.dataValidation
                if dv.type == "list"
            }
            after = {
                (dv.formula1, str(dv.sqref))
                for dv in wb[name].data_validations.dataValidation
                if dv.type == "list"
            }
            assert before and before <= after, name
            assert wb[name].protection.sheet
