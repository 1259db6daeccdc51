"""render self-evaluation-feedback / spot-check-notice from 自评表 laid out by the tests."""

from __future__ import annotations

import json
from datetime import date

import pytest
from test_render import document_text
from typer.testing import CliRunner

import perfcli
from perfcli.cli.main import app
from perfcli.letters.kinds import SELF_EVALUATION_LETTERS
from perfcli.letters.render import provided_variables
from perfcli.model.config import load_config
from tests.selfeval_fixtures import GOOD_ROWS, lay_out

runner = CliRunner()
ISSUE = date(2027, 1, 20)


@pytest.fixture
def returns(tmp_path):
    folder = tmp_path / "自评"
    folder.mkdir()
    lay_out(folder / "a.xlsx", project="社区养老 & <服务>", department="区民政局")
    poor = [("产出指标", "数量指标", "培训人次", "≥500人次", "0人次", 20, 0, None), *GOOD_ROWS[1:]]
    lay_out(folder / "b.xlsx", poor, project="老年食堂", department="区民政局", implementer="区养老院")
    lay_out(
        folder / "c.xlsx", project="道路养护", department="区交通局", implementer="区公路站", self_total=70
    )
    return folder


def test_feedback_one_per_department_with_grades_and_problems(returns, tmp_path):
    result = perfcli.render("self-evaluation-feedback", [returns], out=tmp_path / "fb", issue_date=ISSUE)
    assert [x.recipient for x in result.letters] == ["区民政局", "区交通局"]
    assert result.to_json()["year"] == 2026 and result.to_json()["kind_name"] == "绩效自评结果反馈"
    text, xml = document_text(result.letters[0].docx)
    assert "{{" not in xml and "{%" not in xml
    assert (
        "常州国家高新区（新北区）财政局文件" in text and "新财绩〔2027〕\u3000\u3000号" in text
    )  # a draft outside a workspace
    assert "关于2026年度项目支出绩效自评结果的反馈意见" in text.replace("\n", "") and "区民政局：" in text
    assert "社区养老 & <服务>" in text  # a unit's text is escaped, never markup
    assert "91.95" in text and "优" in text
    # 老年食堂: 0人次 for ≥500人次 with no 偏差原因分析 (S006)
    assert "偏差原因分析及改进措施" in text and "二〇二七年一月二十日" in text
    second, _ = document_text(result.letters[1].docx)
    assert "道路养护" in second


def test_spot_check_notice_lists_the_picks_and_reasons(returns, tmp_path):
    args = ["render", "spot-check-notice", str(returns), "--seed", "4", "--rate", "0%"]
    result = runner.invoke(app, [*args, "--date", "2027-01-20", "--out", str(tmp_path / "sc"), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    # rate 0%: only the gaps — 老年食堂 (90.5 against 7.5 + 0 + 66.45 = 73.95) and 道路养护 (70 against 91.95)
    assert [x["recipient"] for x in data["letters"]] == ["区民政局", "区交通局"]
    civil, _ = document_text(tmp_path / "sc" / "自评抽查通知-区民政局.docx")
    assert "老年食堂" in civil and "相差 16.55 分" in civil and "社区养老" not in civil
    text, _ = document_text(tmp_path / "sc" / "自评抽查通知-区交通局.docx")
    assert "关于开展2026年度项目支出绩效自评抽查的通知" in text.replace("\n", "")  # title in balanced lines
    assert "道路养护" in text and "相差 21.95 分" in text and "佐证材料" in text


@pytest.mark.parametrize("kind", list(SELF_EVALUATION_LETTERS))
def test_the_templates_use_only_what_the_data_provides(kind):
    from importlib.resources import files
    from pathlib import Path

    from perfcli.io.office.docx import check_template

    config = load_config(None)
    template = Path(str(files("perfcli.templates").joinpath(f"{SELF_EVALUATION_LETTERS[kind]}.docx")))
    checked = check_template(template, provided_variables(kind, config))
    assert checked.ok, checked
    assert {
        "bureau_mark",
        "doc_number",
        "title",
        "addressee",
        "issue_date",
        "attachments",
    } <= provided_variables(kind, config)
