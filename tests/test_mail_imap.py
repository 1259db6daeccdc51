"""perfcli receive from a real IMAP server over TLS (Dovecot on 127.0.0.1, started and stopped here): the
server's INTERNALDATE is the 报送日期, nothing is deleted, \\Seen changes only with --mark-seen."""

from __future__ import annotations

import imaplib
import ssl
from datetime import date, datetime, timedelta, timezone

import imap_server
import pytest
from mail_fixtures import eml, sample

from perfcli import api

pytestmark = pytest.mark.skipif(
    not imap_server.available(), reason="Dovecot 未安装（.ci/run 安装 dovecot-imapd）"
)
BEIJING = timezone(timedelta(hours=8))


@pytest.fixture
def server(monkeypatch):
    with imap_server.dovecot() as running:
        monkeypatch.setenv("SSL_CERT_FILE", str(running.cert))  # trust the test server's own certificate
        yield running


def _client(server) -> imaplib.IMAP4_SSL:
    context = ssl.create_default_context(cafile=str(server.cert))
    client = imaplib.IMAP4_SSL("127.0.0.1", server.port, ssl_context=context)
    client.login(imap_server.USER, imap_server.PASSWORD)
    return client


def _deliver(server, messages: list[tuple[bytes, datetime]]) -> None:
    client = _client(server)
    for raw, arrived in messages:
        client.append("INBOX", None, imaplib.Time2Internaldate(arrived), raw.replace(b"\n", b"\r\n"))
    client.logout()


def _flags(server) -> list[bytes]:
    client = _client(server)
    client.select("INBOX", readonly=True)
    _status, data = client.fetch("1:*", "(FLAGS)")
    client.logout()
    return [d for d in data if isinstance(d, bytes)]


def test_receive_over_imap_takes_internaldate_and_changes_nothing_but_seen(server, tmp_path):
    ws = tmp_path / "ws"
    api.init(ws)
    # the Date header says 10-03; the server received it on 10-12: the server's date counts
    _deliver(server, [
        (eml("outlook_gb2312.eml", sample("区教育局（本级）_附表1_2026Q3.xlsx")), datetime(2026, 10, 12, 9, 0, tzinfo=BEIJING)),
        (eml("foxmail_no_attachment.eml"), datetime(2026, 10, 6, 11, 0, tzinfo=BEIJING)),
    ])  # fmt: skip
    config = ws / "perfcli.toml"
    result = api.receive(server.url(), period="2026Q3", config=config, password=imap_server.PASSWORD)
    assert [m.local_date for m in result.mails] == ["2026-10-12", "2026-10-06"]
    assert result.mails[0].attachments[0].status == "saved"
    assert all(b"\\Seen" not in f for f in _flags(server)) and len(_flags(server)) == 2
    report = api.validate(ws / "回收" / "2026Q3", period="2026Q3", config=config)
    assert report.files[0].received == "2026-10-12"
    assert any(f.code == "V117" for f in report.files[0].findings)  # late by the server's date

    since = api.receive(server.url(), period="2026Q3", config=config, password=imap_server.PASSWORD,
                        since=date(2026, 10, 10), mark_seen=True)  # fmt: skip
    assert [m.attachments[0].status for m in since.mails] == ["duplicate"]
    flags = _flags(server)
    assert len(flags) == 2 and sum(b"\\Seen" in f for f in flags) == 1
