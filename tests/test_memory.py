"""Memory of a batch (DESIGN §7): what validate keeps per file is small and packed, and does not grow
with the live size of the workbooks; `--json` is written file by file with the same text."""

from __future__ import annotations

import gc
import io
import sys
import tracemalloc
from collections.abc import Iterator
from datetime import UTC, datetime
from decimal import Decimal as D

import pytest

from perfcli.cli.console import print_json, print_json_streamed
from perfcli.findings.batch import assemble_report
from perfcli.findings.reading import FileRead as _Read
from perfcli.model.config import load_config
from perfcli.model.findings import Finding
from perfcli.model.identity import Identity, SheetIdentity
from perfcli.model.period import Period
from perfcli.model.records import FileResult, FormRecord, Indicator

PERIOD = Period.parse("2026Q3")
SAVED = datetime(2026, 10, 8, 2, 0, tzinfo=UTC)
INDICATORS = 25
FORMS = 5


def level3(file: str, n: int, i: int) -> str:
    return f"{file} 第{n}项 指标{i} 完成的工作量（按月统计）"


def project_record(file: str, n: int, identity: dict) -> FormRecord:
    """A 附表1 as the reader returns it: fields, cells and a full indicator table (hand-made)."""
    table = [
        Indicator(
            values={
                "level1": "产出指标",
                "level2": "数量指标",
                "level3": level3(file, n, i),
                "target": f"≥{100 + i}个",
                "actual": f"{50 + i}个",
                "likelihood": "确定能" if i % 7 else "有可能",
            },
            cells={
                k: f"{c}{12 + i}"
                for k, c in zip(("level1", "level2", "level3", "target"), "ABCD", strict=True)
            },
            row=12 + i,
        )
        for i in range(INDICATORS)
    ]
    return FormRecord(
        file=file,
        form="project",
        sheet=f"项目{n}",
        period=PERIOD,
        unit=f"单位 {file}",
        fields={
            "project_name": f"{file} 的项目{n}",
            "budget_total": D("1200.50") + n,
            "funds_received": D("800.25"),
            "funds_spent": D("600.125"),
            "deviation_analysis": "资金按合同节点拨付，" * 8,
        },
        cells={"project_name": "B3", "budget_total": "B6", "funds_received": "D6", "funds_spent": "F6"},
        table=table,
        identity=identity,
        issues=[Finding("warning", "V112", f"{file} 项目{n} 执行进度滞后", file=file, sheet=f"项目{n}")],
    )


def hand_made_read(index: int) -> _Read:
    file = f"returns/单位{index:05d}.xlsx"
    identity = Identity(
        workbook="unit",
        code=f"U{index:05d}",
        name=f"单位 {file}",
        department_code="D01",
        period="2026Q3",
        template_version="1",
        generated_at="2026-09-01T00:00:00",
        sheets=[
            SheetIdentity(
                sheet=f"项目{n}",
                form="project",
                project_code=f"P{index:05d}{n}",
                prefilled={f"indicators[{i}].level3": level3(file, n, i) for i in range(INDICATORS)},
            )
            for n in range(1, FORMS + 1)
        ],
    )
    ident = {"workbook": "unit", "code": identity.code, "name": identity.name}
    records = [project_record(file, n, ident) for n in range(1, FORMS + 1)]
    return _Read(
        path=file,
        records=records,
        identity=identity,
        findings=[i for r in records for i in r.issues],
        rejected=None,
        saved_at=SAVED,
        mtime=SAVED,
        file_format="xlsx",
    )


def reads(count: int) -> Iterator[_Read]:
    return (hand_made_read(i) for i in range(count))


def live_bytes(make):  # type: ignore[no-untyped-def]
    """What the object `make()` builds occupies while alive (tracemalloc)."""
    gc.collect()
    tracemalloc.start()
    try:
        kept = make()
        gc.collect()
        size, _ = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    del kept
    return size


@pytest.fixture(scope="module")
def config():
    return load_config(None)


def test_file_result_keeps_its_records_packed_and_gives_them_back_equal():
    read = hand_made_read(1)
    result = FileResult(read.path, "read", read.records)
    assert result.record_count == FORMS
    assert isinstance(result.packed_records, bytes) and result.packed_records
    # no live FormRecord is held by the result, only the bytes
    held = [v for v in vars(result).values() if isinstance(v, list) and v and isinstance(v[0], FormRecord)]
    assert held == []
    assert [r.to_json() for r in result.records] == [r.to_json() for r in read.records]
    # each access is a fresh list: editing it does not change the result
    result.records[0].fields["funds_spent"] = D(0)
    assert result.records[0].fields["funds_spent"] == D("600.125")
    result.records = read.records[:2]
    assert result.record_count == 2 and len(result.records) == 2
    assert FileResult("x.xlsx", "rejected").records == []


def test_packed_records_are_several_times_smaller_than_live_ones():
    live = live_bytes(lambda: hand_made_read(1).records)
    packed = live_bytes(lambda: FileResult("x.xlsx", "read", hand_made_read(1).records))
    assert packed * 5 < live, (packed, live)


def test_validation_keeps_a_small_bounded_amount_per_file(config):
    """Retained memory per file is a small fraction of one file's live records, at 40 and at 160 files."""
    one_file = live_bytes(lambda: hand_made_read(0))

    def retained(count: int) -> int:
        return live_bytes(lambda: assemble_report(reads(count), config, period=PERIOD))

    small, large = retained(40), retained(160)
    per_file = (large - small) / 120
    assert per_file * 5 < one_file, (per_file, one_file)


def test_batch_peak_does_not_grow_with_the_live_size_of_all_files(config):
    """Files are checked as they arrive: the peak of 160 files stays far below 160 files held at once."""
    one_file = live_bytes(lambda: hand_made_read(0))
    gc.collect()
    tracemalloc.start()
    try:
        report = assemble_report(reads(160), config, period=PERIOD)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert len(report.files) == 160 and report.summary["forms"] == 160 * FORMS
    assert peak < 160 * one_file / 4, (peak, one_file)


def capture(write) -> str:  # type: ignore[no-untyped-def]
    buffer, saved = io.StringIO(), sys.stdout
    sys.stdout = buffer
    try:
        write()
    finally:
        sys.stdout = saved
    return buffer.getvalue()


def test_streamed_report_json_is_the_same_text_as_the_whole(config):
    report = assemble_report(reads(3), config, period=PERIOD)
    report.findings.append(Finding("error", "V200", "单位“某单位”未报送", field="unit"))
    whole = capture(lambda: print_json(report.to_json()))
    streamed = capture(lambda: print_json_streamed(report.json_frame(), "files", report.files_json()))
    assert streamed == whole
    assert '"records": [' in whole and "指标24" in whole


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"files": []},
        {"a": 1, "files": [], "b": {}},
        {"period": None, "files": [{"x": [1, {"y": "多行\n文字"}], "z": {}}, {}], "findings": [[]]},
    ],
)
def test_streamed_json_matches_print_json_on_every_shape(data):
    expected = capture(lambda: print_json(data))
    frame = {**data, "files": []} if "files" in data else data
    assert capture(lambda: print_json_streamed(frame, "files", iter(data.get("files", [])))) == expected


def test_streamed_city_json_is_the_same_text_as_the_whole(config):
    from perfcli.rollups.city import aggregate_city

    results = [FileResult(r.path, "read", r.records, received="2026-10-08") for r in reads(3)]
    city = aggregate_city(results, config, period=PERIOD)
    assert len(city.projects) == 3 * FORMS
    whole = capture(lambda: print_json({**city.to_json(), "output": "汇总.xlsx"}))
    streamed = capture(
        lambda: print_json_streamed(
            {**city.json_frame(), "output": "汇总.xlsx"}, "projects", city.projects_json()
        )
    )
    assert streamed == whole
