"""`perfcli receive` at city scale: every filled return as one mail (one workbook each) in an mbox,
received into a fresh workspace, against validate --jobs 1 of the same workbooks (target ≤ 1.5×)."""

from __future__ import annotations

import mailbox
import shutil
import subprocess
from collections.abc import Callable
from email.message import EmailMessage
from email.policy import SMTP
from pathlib import Path

from benchmarks.baselines import files_under
from benchmarks.measure import Measurement

Measure = Callable[[list[str]], Measurement]
TARGET = 1.5


def write_mbox(returns: Path, target: Path) -> int:
    """One mail per workbook under `returns`, from a unit's address, named as the file; how many."""
    box = mailbox.mbox(target)
    n = 0
    try:
        for n, path in enumerate(sorted(files_under(returns)), 1):
            message = EmailMessage(policy=SMTP)
            message["From"] = f"unit{n}@xb.gov.cn"
            message["To"] = "jxk@xb.gov.cn"
            message["Subject"] = f"报送监控表 {path.stem}"
            message["Date"] = "Fri, 09 Oct 2026 09:30:00 +0800"
            message["Message-ID"] = f"<bench-{n}@xb.gov.cn>"
            message.set_content("见附件。")
            message.add_attachment(path.read_bytes(), maintype="application", subtype="octet-stream",
                                   filename=path.name)  # fmt: skip
            box.add(message.as_bytes())
        box.flush()
    finally:
        box.close()
    return n


def receive_line(
    perfcli: str, returns: Path, work: Path, period: str, measure: Measure, validate: Measurement
) -> tuple[str, int, Measurement, str, str]:
    """(operation, files, measurement, target, verdict) of receiving the mailbox."""
    workspace = work / "workspace-mail"
    if workspace.exists():
        shutil.rmtree(workspace)
    subprocess.run([perfcli, "init", str(workspace)], check=True, capture_output=True)
    mbox = work / "returns.mbox"
    mbox.unlink(missing_ok=True)
    n = write_mbox(returns, mbox)
    m = measure([perfcli, "receive", str(mbox), "--period", period, "--json",
                 "--config", str(workspace / "perfcli.toml")])  # fmt: skip
    share = m.seconds / validate.seconds
    verdict = f"{'达到' if share <= TARGET else '未达到'}（{share:.2f}×）"
    return ("receive（mbox，每封一个工作簿）", n, m, f"≤ {TARGET}× validate --jobs 1", verdict)
