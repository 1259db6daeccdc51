"""The one exact codec (perfcli.model.codec): every record type the cache, the worker pipe and `--json`
carry comes back exactly (amounts with their digits, dates as dates, a 自评表's score included), and bytes
that are not an encoding of the type asked for are a CodecError, never an object."""

from __future__ import annotations

import pickle
import zlib
from dataclasses import fields
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from perfcli.findings.reading import FileRead
from perfcli.model import codec
from perfcli.model.findings import Finding
from perfcli.model.identity import Identity, SheetIdentity
from perfcli.model.period import Period
from perfcli.model.records import FileResult, FormRecord, Indicator

text = st.text(max_size=12)
maybe_text = st.none() | text
amounts = st.decimals(allow_nan=False, allow_infinity=False)
moments = st.datetimes(timezones=st.none() | st.just(UTC))
periods = st.sampled_from([("quarter", 4), ("half", 2), ("month", 12)]).flatmap(
    lambda kind: st.builds(
        Period, year=st.integers(2000, 2100), number=st.integers(1, kind[1]), kind=st.just(kind[0])
    )
)
# what a form's fields, an identity or a score may hold (keys include the codec's own tags)
keys = text | st.sampled_from(["$d", "$dt", "$date", "$map"])
scalars = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | text
    | amounts
    | st.dates()
    | moments
    | periods
)
values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(keys, inner, max_size=3),
    max_leaves=8,
)
value_maps = st.dictionaries(keys, values, max_size=4)

findings = st.builds(
    Finding,
    severity=st.sampled_from(["error", "warning"]),
    code=text,
    message=text,
    file=maybe_text,
    sheet=maybe_text,
    cell=maybe_text,
    field=maybe_text,
    suggestion=maybe_text,
)
indicators = st.builds(
    Indicator,
    values=value_maps,
    cells=st.dictionaries(text, text, max_size=3),
    row=st.none() | st.integers(1, 10**6),
)
records = st.builds(
    FormRecord,
    file=text,
    form=st.sampled_from(["project", "department", "key_project", "national_project", "self_evaluation"]),
    sheet=text,
    period=st.none() | periods,
    unit=maybe_text,
    fields=value_maps,
    funding=st.dictionaries(text, st.dictionaries(text, st.none() | amounts, max_size=2), max_size=4),
    table=st.lists(indicators, max_size=3),
    cells=st.dictionaries(text, text, max_size=3),
    identity=st.none() | value_maps,
    issues=st.lists(findings, max_size=2),
    score=st.none() | value_maps,
)
identities = st.builds(
    Identity,
    workbook=text,
    code=text,
    name=text,
    department_code=maybe_text,
    period=text,
    template_version=text,
    generated_at=text,
    sheets=st.lists(
        st.builds(
            SheetIdentity,
            sheet=text,
            form=text,
            project_code=maybe_text,
            prefilled=st.dictionaries(text, text, max_size=3),
        ),
        max_size=2,
    ),
    digest=text,
)
file_results = st.builds(
    FileResult,
    path=text,
    status=st.sampled_from(["read", "rejected", "superseded"]),
    records=st.lists(records, max_size=2),
    findings=st.lists(findings, max_size=2),
    reason=maybe_text,
    superseded_by=maybe_text,
    received=maybe_text,
    workbook_kind=maybe_text,
    code=maybe_text,
    name=maybe_text,
    department_code=maybe_text,
    project_codes=st.dictionaries(text, text, max_size=2),
    sha256=maybe_text,
    size=st.none() | st.integers(0, 2**40),
    saved_at=maybe_text,
)
file_reads = st.builds(
    FileRead,
    path=text,
    records=st.lists(records, max_size=2),
    identity=st.none() | identities,
    findings=st.lists(findings, max_size=2),
    rejected=maybe_text,
    saved_at=st.none() | moments,
    mtime=moments,
    file_format=maybe_text,
    rule_findings=st.lists(findings, max_size=2),
    tamper_findings=st.lists(findings, max_size=2),
    sha256=maybe_text,
    size=st.none() | st.integers(0, 2**40),
)


def exactly_equal(a: Any, b: Any) -> None:
    """Equal, and equal digit for digit (Decimal("1.0") == Decimal("1"), but they are not the same amount)."""
    assert a == b
    assert codec.encode(a) == codec.encode(b)


@settings(max_examples=100, deadline=None)
@given(
    st.one_of(
        findings.map(lambda x: (Finding, x)),
        periods.map(lambda x: (Period, x)),
        indicators.map(lambda x: (Indicator, x)),
        records.map(lambda x: (FormRecord, x)),
        identities.map(lambda x: (Identity, x)),
        file_results.map(lambda x: (FileResult, x)),
        st.lists(records, max_size=3).map(lambda x: (list[FormRecord], x)),
    )
)
def test_every_record_type_round_trips_exactly(case: tuple[Any, Any]) -> None:
    kind, value = case
    exactly_equal(codec.loads(kind, codec.dumps(value)), value)


@settings(max_examples=60, deadline=None)
@given(records)
def test_a_form_record_keeps_its_score_and_its_public_json(record: FormRecord) -> None:
    again = codec.loads(FormRecord, codec.dumps(record))
    assert again.score == record.score
    assert again.to_json() == record.to_json()


@settings(max_examples=60, deadline=None)
@given(file_results)
def test_a_file_result_keeps_its_records_and_its_public_json(result: FileResult) -> None:
    again = codec.loads(FileResult, codec.dumps(result))
    exactly_equal(again.records, result.records)
    assert again.to_json() == result.to_json()
    assert list(again.to_json()) == [
        "path", "status", "reason", "superseded_by", "received", "workbook_kind", "code", "name",
        "department_code", "project_codes", "sha256", "size", "saved_at", "errors", "warnings", "records",
        "findings",
    ]  # fmt: skip


@settings(max_examples=60, deadline=None)
@given(file_reads)
def test_a_reading_round_trips_as_the_cache_and_the_worker_pipe_carry_it(read: FileRead) -> None:
    again = FileRead.from_blob(read.to_blob())
    for f in fields(FileRead):
        if f.name != "packed":
            exactly_equal(getattr(again, f.name), getattr(read, f.name))
    exactly_equal(FileRead.from_blob(again.to_blob()).records, read.records)


# --- what is not an encoding -----------------------------------------------------------------------------
class _Payload:
    def __reduce__(self) -> tuple[Any, ...]:
        import os

        return (os.system, ("echo ran",))


SAMPLE = FormRecord(
    "a.xlsx",
    "project",
    "项目1",
    Period(2026, 3),
    fields={"budget_total": Decimal("1250.50")},
    score={"总分": 90},
)


@pytest.mark.parametrize(
    "blob",
    [
        pytest.param(zlib.compress(pickle.dumps(_Payload())), id="pickle"),
        pytest.param(pickle.dumps([SAMPLE]), id="raw pickle"),
        pytest.param(codec.dumps([SAMPLE])[:-7], id="truncated"),
        pytest.param(codec.dumps([SAMPLE]) + b"x", id="trailing"),
        pytest.param(zlib.compress(b"[" * 100_000 + b"]" * 100_000), id="too deep"),
        pytest.param(zlib.compress(b'[{"file": 1}]'), id="wrong keys"),
        pytest.param(zlib.compress(b"[1e999]"), id="infinity"),
        pytest.param(zlib.compress(b"\xff\xfe"), id="not utf-8"),
    ],
)
def test_bytes_that_are_not_records_are_refused(blob: bytes) -> None:
    with pytest.raises(codec.CodecError):
        codec.loads(list[FormRecord], blob)


@pytest.mark.parametrize(
    ("kind", "text"),
    [
        (Any, b"1e999"),
        (Any, b"[" + b"9" * 5000 + b"]"),
        (Decimal, b'{"$d": "1E+99999999"}'),
        (Decimal, b'{"$d": "sNaN"}'),
        (date, b'{"$date": "2026-13-01"}'),
        (Period, b'{"$period": "2026Q5"}'),
    ],
)
def test_values_arithmetic_cannot_hold_are_refused(kind: Any, text: bytes) -> None:
    with pytest.raises(codec.CodecError):
        codec.loads(kind, zlib.compress(text))


def test_decompression_is_bounded() -> None:
    bomb = zlib.compress(b" " * (1 << 20), 9)
    assert codec.loads(list[FormRecord], zlib.compress(b"[]" + b" " * 1000), limit=1 << 20) == []
    with pytest.raises(codec.CodecError, match="larger than"):
        codec.loads(list[FormRecord], bomb, limit=1 << 19)


@pytest.mark.parametrize(
    ("change", "value"),
    [
        ("table", "not a list"),
        ("fields", ["not", "a", "map"]),
        ("form", "附表9"),
        ("period", {"year": "2026", "number": 3, "kind": "quarter"}),
        ("funding", {"district": {"budget": {"$d": "NaN"}}}),
        ("issues", [{"severity": "fatal"}]),
        ("score", 7),
    ],
)
def test_a_record_of_the_wrong_types_is_refused(change: str, value: Any) -> None:
    data = codec.encode(SAMPLE)
    data[change] = value
    with pytest.raises(codec.CodecError):
        codec.decode(FormRecord, data)


def test_exact_values_survive_and_tag_like_keys_stay_keys() -> None:
    tricky = {"$d": "1.0"}
    record = FormRecord(
        "a.xlsx",
        "self_evaluation",
        "自评",
        fields={"x": Decimal("1250.50"), "when": date(2026, 10, 8), "odd": tricky},
        identity={"generated_at": datetime(2026, 9, 1, tzinfo=UTC)},
        score={"总分": Decimal("91.25"), "items": [{"$map": 1}]},
    )
    again = codec.loads(FormRecord, codec.dumps(record))
    assert str(again.fields["x"]) == "1250.50" and again.fields["odd"] == tricky
    assert again.identity == record.identity and again.score == record.score


def test_integers_past_64_bits_are_kept_and_a_float_that_is_not_finite_is_refused() -> None:
    """dumps writes with orjson, and with json what orjson cannot write; NaN is never written as null."""
    record = FormRecord("a.xlsx", "project", "项目1", fields={"big": 2**70, "low": -(2**64), "x": 0.5})
    assert codec.loads(FormRecord, codec.dumps(record)).fields == record.fields
    for odd in (float("nan"), float("inf")):
        with pytest.raises(ValueError):
            codec.dumps(FormRecord("a.xlsx", "project", "项目1", fields={"x": odd}))
