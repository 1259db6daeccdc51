"""perfcli receive: returns taken from .eml folders and mbox files into the workspace's returns folder,
names decoded as Outlook, Foxmail and Coremail write them, duplicates seen, the mail's date the 报送日期."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest
from mail_fixtures import eml, gbk_zip, inbox, sample, write_mbox
from typer.testing import CliRunner

from perfcli import api
from perfcli.cli.main import app
from perfcli.mail.sources import parse_message
from perfcli.roster.workbook import read_roster

ROSTER = Path(__file__).resolve().parent.parent / "sample_data" / "roster.xlsx"


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    api.init(tmp_path / "ws")
    return tmp_path / "ws"


def _config(workspace: Path) -> Path:
    return workspace / "perfcli.toml"


@pytest.mark.parametrize(
    ("fixture", "sender", "subject", "names"),
    [
        ("outlook_gb2312.eml", "jyj@xb.gov.cn", "报送2026年三季度预算绩效运行监控表（区教育局本级）",
         ["区教育局（本级）_附表1_2026Q3.xlsx"]),
        ("foxmail_gbk_as_gb2312.eml", "wangzk@163.com", "区第一实验小学三季度监控表（喆堃报送）",
         ["区第一实验小学_附表1_2026Q3（王喆堃填报）.xlsx"]),
        ("coremail_rfc2231_utf8.eml", "syzx@xb.gov.cn", "实验初中报送三季度绩效监控表",
         ["实验初中-2026年三季度绩效监控.xlsx"]),
        ("coremail_gb18030_zip.eml", "mzj@xb.gov.cn", "区民政局 附表 打包", ["区民政局报表.zip"]),
        ("mailmerge_raw_gbk_path.eml", "caiwu@xb.gov.cn", "邮件合并", ["../../区图书馆_附表1.xlsx"]),
        ("foxmail_no_attachment.eml", "whg@xb.gov.cn", "监控表稍后报送", []),
    ],
)  # fmt: skip
def test_headers_and_names_decode(fixture, sender, subject, names):
    mail = parse_message(eml(fixture, b"x"), fixture)
    assert (mail.sender, mail.subject, [a.name for a in mail.attachments]) == (sender, subject, names)
    assert mail.date is not None and mail.date.utcoffset() is not None


def test_receive_saves_each_workbook_once_and_records_the_mail(workspace, tmp_path):
    folder = inbox(tmp_path / "inbox")
    result = api.receive(folder, period="2026Q3", roster=ROSTER, config=_config(workspace))
    by_id = {m.message_id: m for m in result.mails}
    assert len(by_id) == 6
    saved = [a for m in result.mails for a in m.attachments if a.status == "saved"]
    assert len(saved) == 6  # outlook, foxmail, coremail, two from the zip, mail merge
    target = workspace / "回收" / "2026Q3"
    assert sorted(p.name for p in target.iterdir()) == sorted(Path(a.saved_as).name for a in saved)
    for a in saved:
        assert Path(a.saved_as).parent == target  # the ../../ in a name never leaves the folder
    outlook = by_id["<000001db3a2b$3c4d5e60$b5e81b20$@xb.gov.cn>"]
    assert outlook.unit == "301001" and outlook.local_date == "2026-10-03"
    zipped = by_id["<1f2e3d4c.77.19a4e5f6a01.Coremail.mzj@xb.gov.cn>"]
    assert [a.name for a in zipped.attachments] == [
        "区民政局报表.zip/区民政局_附表2附表3_2026Q3.xlsx",
        "区民政局报表.zip/区民政局（本级）_附表1_2026Q3.xlsx",
    ]
    empty = by_id["<202610061100001234567@xb.gov.cn>"]
    assert empty.attachments == []

    again = api.receive(folder, period="2026Q3", roster=ROSTER, config=_config(workspace))
    assert {a.status for m in again.mails for a in m.attachments} == {"duplicate"}
    assert len(list(target.iterdir())) == 6  # nothing written twice, nothing overwritten


def test_sender_address_names_the_unit_when_the_workbook_does_not(workspace, tmp_path):
    roster = read_roster(ROSTER)
    roster.units = [
        dataclasses.replace(u, emails=("whg@xb.gov.cn",)) if u.name == "区文化馆" else u for u in roster.units
    ]
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.eml").write_bytes(eml("foxmail_no_attachment.eml"))
    result = api.receive(folder, period="2026Q3", roster=roster, config=_config(workspace))
    assert result.mails[0].unit_name == "区文化馆"


def test_hostile_and_foreign_attachments_are_refused_per_file(workspace, tmp_path):
    bomb = gbk_zip({"炸弹.xlsx": b"\0" * (60 * 1024 * 1024)})  # inflates past the workbook limits
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "bomb.eml").write_bytes(eml("coremail_gb18030_zip.eml", bomb))
    (folder / "text.eml").write_bytes(eml("outlook_gb2312.eml", b"not a workbook at all"))
    result = api.receive(folder, period="2026Q3", config=_config(workspace))
    statuses = [a.status for m in result.mails for a in m.attachments]
    assert statuses == ["unreadable", "unreadable"]
    assert not (workspace / "回收" / "2026Q3").exists()


def test_mbox_and_the_cli_line_per_mail(workspace, tmp_path):
    box = write_mbox(
        tmp_path / "报送.mbox",
        [
            eml("outlook_gb2312.eml", sample("区教育局（本级）_附表1_2026Q3.xlsx")),
            eml("foxmail_no_attachment.eml"),
        ],
    )
    run = CliRunner().invoke(
        app, ["receive", str(box), "--period", "2026Q3", "--config", str(_config(workspace))]
    )
    assert run.exit_code == 0, run.output
    lines = run.stdout.splitlines()
    assert (
        "发件人 jyj@xb.gov.cn｜单位 区教育局（本级）｜2026-10-03｜区教育局（本级）_附表1_2026Q3.xlsx 已保存"
        in lines[0]
    )
    assert lines[1].endswith("邮件未附文件")
    again = CliRunner().invoke(
        app, ["receive", str(box), "--period", "2026Q3", "--json", "--config", str(_config(workspace))]
    )
    data = json.loads(again.stdout)
    third = CliRunner().invoke(
        app, ["receive", str(box), "--period", "2026Q3", "--config", str(_config(workspace))]
    )
    assert "此前已收取过这封邮件" in third.stdout.splitlines()[0] and "重复" in third.stdout.splitlines()[0]
    assert (
        data[0]["attachments"][0]["status"] == "duplicate" and data[0]["date"] == "2026-10-03T09:12:44+08:00"
    )
    assert set(data[0]) == {"message_id", "sender", "subject", "date", "unit", "unit_name", "attachments"}


def test_the_mail_date_is_the_report_date(workspace, tmp_path):
    """A return mailed on 10-09 (due 10-10) is on time, though its file was written today."""
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.eml").write_bytes(eml("coremail_gb18030_zip.eml", gbk_zip(
        {"区民政局（本级）_附表1_2026Q3.xlsx": sample("区民政局（本级）_附表1_2026Q3.xlsx")})))  # fmt: skip
    api.receive(folder, period="2026Q3", config=_config(workspace))
    report = api.validate(workspace / "回收" / "2026Q3", period="2026Q3", config=_config(workspace))
    (result,) = report.files
    assert result.received == "2026-10-09"
    assert not any(f.code == "V117" for f in result.findings)
    rows = api.ledger_list("returns", config=_config(workspace))
    assert [r["received_via"] for r in rows] == ["mail"]


def test_a_damaged_outlook_msg_is_named_not_a_crash(workspace, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "报送.msg").write_bytes(b"not an outlook file")
    run = CliRunner().invoke(
        app, ["receive", str(folder), "--period", "2026Q3", "--config", str(_config(workspace))]
    )
    assert run.exit_code == 0, run.output
    assert "邮件无法读取：不是可读取的 Outlook 邮件" in run.stdout
