"""The roster's optional 邮箱 column on 单位 and 部门: several addresses per cell, bad ones named by cell."""

from __future__ import annotations

from test_roster import HEADERS, build_roster, errors_of, good_rows

from perfcli.model.addresses import address_key, split_addresses
from perfcli.roster.workbook import read_roster, write_roster


def _with_emails(units: list[str], departments: list[str]) -> tuple[dict, dict]:
    headers = {**HEADERS, "部门": [*HEADERS["部门"], "邮箱"], "单位": [*HEADERS["单位"], "邮箱"]}
    rows = good_rows()
    rows["部门"] = [[*r, e] for r, e in zip(rows["部门"], departments, strict=True)]
    rows["单位"] = [[*r, e] for r, e in zip(rows["单位"], units, strict=True)]
    return headers, rows


def test_email_column_takes_several_addresses(tmp_path):
    headers, rows = _with_emails(
        ["jyj@xb.gov.cn；caiwu@xb.gov.cn", "", "ＦＬＹ＠xb.gov.cn; fly2@qq.com"], ["a@xb.gov.cn", ""]
    )
    roster = read_roster(build_roster(tmp_path / "r.xlsx", rows, headers))
    assert roster.unit("U1").emails == ("jyj@xb.gov.cn", "caiwu@xb.gov.cn")
    assert roster.unit("U2").emails == ()
    assert roster.unit("301").emails == ("FLY@xb.gov.cn", "fly2@qq.com")
    assert roster.department("D1").emails == ("a@xb.gov.cn",)


def test_roster_without_email_column_still_reads(tmp_path):
    roster = read_roster(build_roster(tmp_path / "r.xlsx"))
    assert all(u.emails == () for u in roster.units)


def test_bad_address_is_named_by_sheet_row_and_column(tmp_path):
    headers, rows = _with_emails(["jyj@xb.gov.cn；王芳", "", ""], ["", "a@b"])
    problems = errors_of(build_roster(tmp_path / "r.xlsx", rows, headers))
    assert any("工作表“单位” 第3行 “邮箱”列" in p and "“王芳”不是有效的邮箱地址" in p for p in problems)
    assert any("工作表“部门” 第4行 “邮箱”列" in p and "“a@b”" in p for p in problems)


def test_emails_round_trip_through_the_writer(tmp_path):
    headers, rows = _with_emails(["x@a.cn;y@a.cn", "", ""], ["d@a.cn", ""])
    roster = read_roster(build_roster(tmp_path / "r.xlsx", rows, headers))
    again = read_roster(write_roster(tmp_path / "w.xlsx", roster))
    assert again.unit("U1").emails == ("x@a.cn", "y@a.cn") and again.department("D1").emails == ("d@a.cn",)


def test_split_and_compare():
    assert split_addresses(" a@x.cn ， B@x.cn、a@X.cn ") == (("a@x.cn", "B@x.cn"), ())
    assert address_key("<Li@Foxmail.COM>") == "li@foxmail.com"
