"""The demo's mailbox: sample_data/returns as the mails that brought them, and the roster with 邮箱.

Each return of sample_data/returns_manifest.json becomes one mail in an mbox, sent from its unit's address
on the day the manifest says it was received (09:30 Beijing time), built with Python's email package as a
mail client would send it (RFC 2231 names). The roster gets a 邮箱 column: one address per unit and
department, derived from its code. `make demo` builds both into out/ and receives the mbox, so the
报送情况 comes from the mail dates, not from file times.

    .venv/bin/python -m scripts.make_sample_mailbox out/mail
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import mailbox
import sys
from datetime import datetime, timedelta, timezone
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime
from pathlib import Path

from perfcli.roster.workbook import read_roster, write_roster

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "sample_data"
BEIJING = timezone(timedelta(hours=8))
BUREAU = "绩效管理科 <jxk@xb.gov.cn>"
XLSX = ("application", "vnd.openxmlformats-officedocument.spreadsheetml.sheet")


def address(code: str) -> str:
    return f"u{code}@xb.gov.cn"


def build(out: Path) -> tuple[Path, Path]:
    """(the mbox, the roster with 邮箱) under `out`."""
    out.mkdir(parents=True, exist_ok=True)
    manifest = json.loads((SAMPLE / "returns_manifest.json").read_text("utf-8"))
    box_path = out / "样例邮箱.mbox"
    box_path.unlink(missing_ok=True)
    box = mailbox.mbox(box_path)
    try:
        for n, entry in enumerate(e for e in manifest if e.get("file")):
            day = datetime.fromisoformat(entry["received"]).replace(hour=9, minute=30, tzinfo=BEIJING)
            message = EmailMessage(policy=SMTP)
            message["From"] = f"{entry['name']} <{address(entry['code'])}>"
            message["To"] = BUREAU
            message["Subject"] = f"{entry['name']}报送2026年三季度预算绩效运行监控表"
            message["Date"] = format_datetime(day + timedelta(minutes=n))
            message["Message-ID"] = f"<sample-{n:03d}-{entry['code']}@xb.gov.cn>"
            message.set_content("绩效科：\n    附件是我单位三季度的监控表，请查收。\n")
            data = (SAMPLE / "returns" / entry["file"]).read_bytes()
            kind = ("application", "vnd.ms-excel") if entry["file"].endswith(".xls") else XLSX
            message.add_attachment(data, maintype=kind[0], subtype=kind[1], filename=entry["file"])
            box.add(message.as_bytes())
        box.flush()
    finally:
        box.close()
    roster = read_roster(SAMPLE / "roster.xlsx")
    roster.units = [dataclasses.replace(u, emails=(address(u.code),)) for u in roster.units]
    roster.departments = [dataclasses.replace(d, emails=(address(d.code),)) for d in roster.departments]
    roster_path = write_roster(out / "名册（含邮箱）.xlsx", roster, force=True)
    return box_path, roster_path


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, nargs="?", default=ROOT / "out" / "mail")
    args = parser.parse_args()
    for path in build(args.out):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
