"""绩效目标申报表 by mail: `receive` saves a unit's 申报表 under its year (回收/2027年度绩效目标申报表, not 未定期间),
and `validate` records each project's version as received on the mail's date, not the file's time."""

from __future__ import annotations

from email.message import EmailMessage
from pathlib import Path

from perfcli import api
from perfcli.ledger import targets as ledger_targets
from perfcli.ledger.store import Ledger

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "sample_data" / "targets" / "区教育局（本级）_绩效目标申报表_2027.xlsx"


def _mail(path: Path, attachment: Path) -> Path:
    """A unit's mail as Foxmail sends it: the workbook attached, dated in China's zone."""
    message = EmailMessage()
    message["From"] = "jyj@xb.gov.cn"
    message["To"] = "jxk@xb.gov.cn"
    message["Subject"] = "区教育局（本级）2027年度项目支出绩效目标申报表"
    message["Date"] = "Mon, 30 Nov 2026 17:45:00 +0800"
    message["Message-ID"] = "<20261130174500.jyj@xb.gov.cn>"
    message.set_content("请审核。")
    subtype = "vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    message.add_attachment(attachment.read_bytes(), maintype="application", subtype=subtype,
                           filename=attachment.name)  # fmt: skip
    path.write_bytes(bytes(message))
    return path


def test_a_mailed_declaration_is_filed_by_year_and_received_on_the_mail_date(tmp_path):
    api.init(tmp_path / "ws")
    config = tmp_path / "ws" / "perfcli.toml"
    result = api.receive(_mail(tmp_path / "申报.eml", SAMPLE), config=config)
    (saved,) = [a for m in result.mails for a in m.attachments if a.status == "saved"]
    assert Path(saved.saved_as).parent == tmp_path / "ws" / "回收" / "2027年度绩效目标申报表"
    api.validate(Path(saved.saved_as).parent, roster=ROOT / "sample_data" / "roster.xlsx", config=config)
    with Ledger.open(tmp_path / "ws" / "perfcli.db", create=False) as ledger:
        versions = ledger_targets.target_versions(ledger, 2027)
    assert [v.project_key for v in versions] == ["30100101", "30100102", "30100103"]
    assert {v.received for v in versions} == {"2026-11-30"}  # the mail's date, though the file is newer
