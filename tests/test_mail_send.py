"""perfcli send: the forms generated for a period go out one mail per recipient — as .eml drafts, or to a
real SMTP server (aiosmtpd on 127.0.0.1, started and stopped here) — never twice, not even after kill -9."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from email import policy
from email.parser import BytesParser
from pathlib import Path

import pytest
from test_mail_contacts import _with_emails
from test_roster import build_roster
from typer.testing import CliRunner

from perfcli import api
from perfcli.cli.main import app

PERFCLI = [sys.executable, "-m", "perfcli"]


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    """A workspace whose ledger knows the forms generated for 2026Q3: departments D1 (with an address) and
    D2 (none), units U1 and 301 with addresses, U2 without."""
    ws = tmp_path / "ws"
    api.init(ws)
    headers, rows = _with_emails(["u1@xb.gov.cn；u1b@xb.gov.cn", "", "fly@xb.gov.cn"], ["d1@xb.gov.cn", ""])
    build_roster(ws / "名册.xlsx", rows, headers)
    api.generate(ws / "名册.xlsx", "2026Q3", ws / "监控表", config=ws / "perfcli.toml")
    return ws


def _args(ws: Path, *more: str) -> list[str]:
    return [
        *more,
        "--period",
        "2026Q3",
        "--roster",
        str(ws / "名册.xlsx"),
        "--config",
        str(ws / "perfcli.toml"),
    ]


def test_drafts_one_per_recipient_and_a_rerun_writes_none(workspace, tmp_path):
    run = CliRunner().invoke(app, ["send", "forms", *_args(workspace, "--drafts", str(tmp_path / "草稿"))])
    assert run.exit_code == 0, run.output
    drafts = sorted((tmp_path / "草稿").glob("*.eml"))
    assert len(drafts) == 3  # D1, U1, 301; U2 and D2 have no address
    assert run.stdout.count("名册中没有邮箱，未发送") == 2
    mail = BytesParser(policy=policy.default).parsebytes(
        next(p for p in drafts if "区教育局（本级）" in p.name).read_bytes()
    )
    assert mail["To"] == "u1@xb.gov.cn, u1b@xb.gov.cn"
    assert "2026年三季度预算绩效运行监控表" in mail["Subject"]
    names = [part.get_filename() for part in mail.iter_attachments()]
    assert names and all(n.endswith(".xlsx") for n in names)
    again = CliRunner().invoke(app, ["send", "forms", *_args(workspace, "--drafts", str(tmp_path / "草稿"))])
    assert again.stdout.count("此前已发送，未重发") == 3
    assert len(list((tmp_path / "草稿").glob("*.eml"))) == 3


class _Inbox:
    """aiosmtpd handler: every message the server accepted, as bytes."""

    def __init__(self) -> None:
        self.messages: list[bytes] = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's hook name)
        self.messages.append(envelope.original_content or envelope.content)
        return "250 OK"


@pytest.fixture
def smtp_server():
    from aiosmtpd.controller import Controller

    with socket.socket() as probe:  # a free port (the controller checks its server by connecting to it)
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    inbox = _Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield inbox, port
    finally:
        controller.stop()


def _smtp_config(ws: Path, port: int, rate: int) -> None:
    """The workspace's [mail] keys (as perfcli init wrote them, commented) set for the loopback server."""
    config = ws / "perfcli.toml"
    values = {"smtp_host": '"127.0.0.1"', "smtp_port": str(port), "security": '"none"',
              "from_address": '"绩效管理科 <jxk@xb.gov.cn>"', "rate": str(rate)}  # fmt: skip
    lines = config.read_text("utf-8").splitlines()
    for n, line in enumerate(lines):
        key = line.split("=", 1)[0].strip()
        if key in values and "=" in line:
            lines[n] = f"{key} = {values.pop(key)}"
    assert not values, f"perfcli init wrote no {values}"
    config.write_text("\n".join(lines) + "\n", "utf-8")


def _recipients(messages: list[bytes]) -> list[str]:
    return sorted(BytesParser(policy=policy.default).parsebytes(m)["To"] for m in messages)


def test_smtp_sends_each_mail_once(workspace, smtp_server):
    inbox, port = smtp_server
    _smtp_config(workspace, port, 6000)
    result = api.send("forms", period="2026Q3", roster=workspace / "名册.xlsx", config=workspace / "perfcli.toml",
                      smtp=True, password="")  # fmt: skip
    assert result.count("sent") == 3 and result.warnings  # security none warns
    assert _recipients(inbox.messages) == ["d1@xb.gov.cn", "fly@xb.gov.cn", "u1@xb.gov.cn, u1b@xb.gov.cn"]
    again = api.send("forms", period="2026Q3", roster=workspace / "名册.xlsx", config=workspace / "perfcli.toml",
                     smtp=True, password="")  # fmt: skip
    assert again.count("sent") == 0 and again.count("already") == 3 and len(inbox.messages) == 3
    sent = api.ledger_list("returns", config=workspace / "perfcli.toml")  # the ledger still reads
    assert sent == []


def test_kill_9_in_the_middle_then_rerun_sends_nothing_twice(workspace, smtp_server):
    inbox, port = smtp_server
    _smtp_config(workspace, port, 60)  # one a second: the kill lands while the batch is under way
    env = {**os.environ, "PERFCLI_MAIL_PASSWORD": ""}
    args = [*PERFCLI, "send", "forms", "--smtp", *_args(workspace)]
    proc = subprocess.Popen(args, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while len(inbox.messages) < 1 and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(0.5)  # into the wait for the next mail's turn (rate 60: one a second)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    before = len(inbox.messages)
    assert 1 <= before < 3
    rerun = subprocess.run(args, env=env, capture_output=True, text=True, timeout=120)
    assert rerun.returncode == 0, rerun.stderr
    ids = [BytesParser(policy=policy.default).parsebytes(m)["Message-ID"] for m in inbox.messages]
    assert len(ids) == len(set(ids))
    assert _recipients(inbox.messages) == ["d1@xb.gov.cn", "fly@xb.gov.cn", "u1@xb.gov.cn, u1b@xb.gov.cn"]


def test_letters_go_to_their_recipients_alone(workspace, tmp_path):
    """send letters: each issued letter to its unit or department (without --bundle, the letter alone: it lists
    no 附件)."""
    empty = tmp_path / "回收"
    empty.mkdir()
    config = workspace / "perfcli.toml"
    api.render("reminder", [empty], out=workspace / "函件", roster=workspace / "名册.xlsx", period="2026Q3",
               config=config)  # fmt: skip
    result = api.send("letters", period="2026Q3", roster=workspace / "名册.xlsx", config=config,
                      drafts=tmp_path / "函件草稿")  # fmt: skip
    drafted = [i for i in result.items if i.status == "drafted"]
    assert drafted and all(len(i.files) == 1 and i.files[0].endswith(".docx") for i in drafted)
    assert {i.status for i in result.items} <= {"drafted", "no_address"}
    mail = BytesParser(policy=policy.default).parsebytes(Path(drafted[0].draft).read_bytes())
    assert "催报通知" in mail["Subject"]


def test_a_bundled_letter_goes_with_the_attachments_it_lists(workspace, tmp_path):
    """render --bundle: the 催报通知 lists the blank form as 附件, so its mail carries the letter and that
    form; an attachment changed since is not mailed (the letter would list what the mail lacks)."""
    empty = tmp_path / "回收"
    empty.mkdir()
    config = workspace / "perfcli.toml"
    rendered = api.render("reminder", [empty], out=workspace / "函件", roster=workspace / "名册.xlsx",
                          period="2026Q3", config=config, bundle=workspace / "打包")  # fmt: skip
    listed = {letter.recipient: letter.attachments for letter in rendered.letters}
    result = api.send("letters", period="2026Q3", roster=workspace / "名册.xlsx", config=config,
                      drafts=tmp_path / "函件草稿")  # fmt: skip
    drafted = [i for i in result.items if i.status == "drafted"]
    assert drafted
    for item in drafted:
        mail = BytesParser(policy=policy.default).parsebytes(Path(item.draft).read_bytes())
        names = [part.get_filename() for part in mail.iter_attachments()]
        assert names[0].endswith(".docx") and "催报通知" in names[0]
        assert names[1:] == sorted(listed[item.recipient]) and names[1:], names
        assert item.files == names
    changed = next(iter((workspace / "打包").rglob("*.xlsx")))
    changed.write_bytes(changed.read_bytes() + b"\0")
    again = api.send("letters", period="2026Q3", roster=workspace / "名册.xlsx", config=config,
                     drafts=tmp_path / "函件草稿", resend=True)  # fmt: skip
    held = [i for i in again.items if i.status == "missing"]
    assert len(held) == 1 and "文件已改动" in (held[0].detail or "") and changed.name in held[0].detail
