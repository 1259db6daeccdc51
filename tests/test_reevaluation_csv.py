"""The 再评价 results CSV as Excel saves it (issue 11, item 6): GBK/GB18030 from a Chinese Windows, UTF-8
with or without BOM; a wrong 得分 or 等级 is named by row and column."""

from __future__ import annotations

import pytest

from perfcli.errors import InputDataError
from perfcli.letters.reevaluation import read_reevaluation_csv
from perfcli.model.config import load_config

TEXT = (
    "部门,项目,得分,等级,评价结论,整改要求\r\n"
    "区教育局,校舍维修,72,中,进度偏慢,加快执行\r\n"
    "区民政局,部门整体,85.5,良,总体较好,完善指标\r\n"
    ",,,,,\r\n"  # Excel's trailing empty line
)


@pytest.fixture
def grades(tmp_path):
    return load_config(search_from=tmp_path).vocabulary("reevaluation_grades")


@pytest.mark.parametrize(
    "encoded",
    [
        TEXT.encode("gbk"),
        TEXT.encode("gb18030"),
        TEXT.encode("utf-8-sig"),
        TEXT.encode("utf-8"),
    ],
    ids=["gbk", "gb18030", "utf-8-bom", "utf-8"],
)
def test_every_encoding_excel_saves_is_read(tmp_path, grades, encoded):
    path = tmp_path / "再评价结果.csv"
    path.write_bytes(encoded)
    lines = read_reevaluation_csv(path, grades)
    assert [(x.department, x.project, x.score, x.grade) for x in lines] == [
        ("区教育局", "校舍维修", "72", "中"),
        ("区民政局", "部门整体", "85.5", "良"),
    ]


def test_gb18030_only_characters_are_read(tmp_path, grades):
    path = tmp_path / "再评价结果.csv"
    path.write_bytes("部门,项目,得分,等级\n区教育局,𠀀号工程,90,优\n".encode("gb18030"))
    (line,) = read_reevaluation_csv(path, grades)
    assert line.project == "𠀀号工程"


@pytest.mark.parametrize(
    ("row", "where", "what"),
    [
        ("区教育局,校舍维修,高,中", "第 3 行第 3 列（得分）", "“高”不是 0 到 100 之间的分数"),
        ("区教育局,校舍维修,120,中", "第 3 行第 3 列（得分）", "“120”不是 0 到 100 之间的分数"),
        ("区教育局,校舍维修,-5,中", "第 3 行第 3 列（得分）", "“-5”不是 0 到 100 之间的分数"),
        ("区教育局,校舍维修,80,特优", "第 3 行第 4 列（等级）", "“特优”不是规定的等级"),
    ],
)
def test_a_wrong_score_or_grade_names_row_and_column(tmp_path, grades, row, where, what):
    path = tmp_path / "再评价结果.csv"
    path.write_bytes(f"部门,项目,得分,等级\n区民政局,部门整体,85,良\n{row}\n".encode("gbk"))
    with pytest.raises(InputDataError) as caught:
        read_reevaluation_csv(path, grades)
    assert str(path) in caught.value.message
    (detail,) = caught.value.details
    assert detail.startswith(f"{where}：{what}")


def test_columns_in_another_order_are_found_by_header(tmp_path, grades):
    path = tmp_path / "再评价结果.csv"
    path.write_text("等级,得分,部门\n优,95,区教育局\n良,百分,区民政局\n", "utf-8")
    with pytest.raises(InputDataError) as caught:
        read_reevaluation_csv(path, grades)
    assert caught.value.details[0].startswith("第 3 行第 2 列（得分）：“百分”")


def test_neither_utf8_nor_gbk_is_refused_with_advice(tmp_path):
    path = tmp_path / "再评价结果.csv"
    path.write_bytes(b"\xff\xfe" + "部门".encode("utf-16-le") + b"\x81\x20")
    with pytest.raises(InputDataError, match="既不是 UTF-8 也不是 GBK"):
        read_reevaluation_csv(path)


def test_a_row_without_score_or_conclusion_is_an_error_naming_the_row(tmp_path, grades):
    path = tmp_path / "再评价结果.csv"
    path.write_text(
        "部门,项目,得分,等级,评价结论,整改要求\n区教育局,校舍维修,90,优,总体较好,—\n区民政局,养老服务,,,,\n",
        "utf-8",
    )
    with pytest.raises(InputDataError) as caught:
        read_reevaluation_csv(path, grades)
    (detail,) = caught.value.details
    assert detail.startswith("第 3 行（区民政局 养老服务）没有得分和评价结论")
