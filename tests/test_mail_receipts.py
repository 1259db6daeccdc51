"""perfcli send receipts: each return that came by mail is answered — passed, or its findings with the
annotated copy — in reply to its mail, stating the deadline; one receipt per return, never two."""

from __future__ import annotations

from email import policy
from email.parser import BytesParser
from pathlib import Path

from mail_fixtures import eml, sample
from test_mail_send import (
    _smtp_config,
    smtp_server,  # noqa: F401 (the loopback SMTP server fixture)
)

from perfcli import api
from perfcli.ledger import mail as ledger_mail
from perfcli.ledger.mail import OutgoingKey
from perfcli.ledger.store import Ledger

ROSTER = Path(__file__).resolve().parent.parent / "sample_data" / "roster.xlsx"


def _received(tmp_path: Path) -> Path:
    ws = tmp_path / "ws"
    api.init(ws)
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.eml").write_bytes(eml("outlook_gb2312.eml", sample("区教育局（本级）_附表1_2026Q3.xlsx")))
    (folder / "b.eml").write_bytes(
        eml("foxmail_gbk_as_gb2312.eml", sample("区第一实验小学_附表1_2026Q3.xlsx"))
    )
    api.receive(folder, period="2026Q3", roster=ROSTER, config=ws / "perfcli.toml")
    return ws


def _parse(path: Path):
    return BytesParser(policy=policy.default).parsebytes(path.read_bytes())


def test_one_receipt_per_return_in_reply_to_its_mail(tmp_path):
    ws = _received(tmp_path)
    config = ws / "perfcli.toml"
    result = api.send("receipts", period="2026Q3", roster=ROSTER, config=config, drafts=tmp_path / "回执")
    assert result.count("drafted") == 2
    mails = {m["To"]: m for m in map(_parse, (tmp_path / "回执").glob("*.eml"))}
    passed, faulty = mails["jyj@xb.gov.cn"], mails["wangzk@163.com"]
    assert passed["In-Reply-To"] == "<000001db3a2b$3c4d5e60$b5e81b20$@xb.gov.cn>"
    assert passed["Subject"].startswith("回执：报送2026年三季度预算绩效运行监控表")
    text = passed.get_body(("plain",)).get_content()
    assert "已收到，校验通过" in text and "报送截止日为 2026-10-10" in text
    body = faulty.get_body(("plain",)).get_content()
    assert "已支出资金" in body and "请于" in body and "前改正后重新报送" in body
    assert [p.get_filename() for p in faulty.iter_attachments()] and not list(passed.iter_attachments())
    again = api.send("receipts", period="2026Q3", roster=ROSTER, config=config, drafts=tmp_path / "回执")
    assert again.count("already") == 2 and again.count("drafted") == 0


def test_an_interrupted_mail_is_not_sent_again_without_resend(tmp_path, smtp_server):  # noqa: F811
    inbox, port = smtp_server
    ws = _received(tmp_path)
    config = ws / "perfcli.toml"
    _smtp_config(ws, port, 6000)
    with Ledger.open(ws / "perfcli.db") as ledger:  # a run killed after the server took the mail
        row = ledger_mail.returns_by_mail(ledger, "2026Q3")[0]
        key = OutgoingKey("receipts", "2026Q3", row["sender"], row["sha256"])
        ledger_mail.begin_sending(
            ledger, key, via="smtp", addresses=[row["sender"]], message_id="<x@y>", files=[]
        )
    result = api.send("receipts", period="2026Q3", roster=ROSTER, config=config, smtp=True, password="")
    assert result.count("uncertain") == 1 and result.count("sent") == 1 and len(inbox.messages) == 1
    forced = api.send("receipts", period="2026Q3", roster=ROSTER, config=config, smtp=True, password="",
                      resend=True)  # fmt: skip
    assert forced.count("sent") == 2 and len(inbox.messages) == 3


def test_a_superseded_return_is_told_so_not_passed(tmp_path):
    """区第二中学 mailed a first version (已支出资金 missing) and then a corrected one: the first receipt says
    the newer version counts; it never says 校验通过."""
    ws = tmp_path / "ws"
    api.init(ws)
    folder = tmp_path / "in"
    folder.mkdir()
    first = eml("outlook_gb2312.eml", sample("区第二中学_附表1_2026Q3.xlsx"))
    second = eml("outlook_gb2312.eml", sample("区第二中学_附表1_2026Q3（更正）.xlsx"))
    (folder / "1.eml").write_bytes(first)
    (folder / "2.eml").write_bytes(
        second.replace(b"000001db3a2b$3c4d5e60", b"000001db3a2b$3c4d5e61").replace(
            b"3 Oct 2026", b"9 Oct 2026"
        )
    )
    config = ws / "perfcli.toml"
    api.receive(folder, period="2026Q3", roster=ROSTER, config=config)
    result = api.send("receipts", period="2026Q3", roster=ROSTER, config=config, drafts=tmp_path / "回执")
    assert result.count("drafted") == 2
    bodies = [_parse(p).get_body(("plain",)).get_content() for p in (tmp_path / "回执").glob("*.eml")]
    assert sum("已被你单位随后报送的较新版本取代" in b for b in bodies) == 1
    assert not any("已被你单位随后报送的较新版本取代" in b and "校验通过" in b for b in bodies)
