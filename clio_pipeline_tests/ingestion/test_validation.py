"""Every bad-input class is quarantined with its reason, and the DuckDB validation agrees with the contract."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

import pyarrow as pa
import pytest
from pydantic import ValidationError

from clio_pipeline.ingestion.contract import MAX_JSON_DEPTH, ConversationRecord, QuarantineReason, json_depth
from clio_pipeline.ingestion.validation import text_depth, validate_lines
from clio_pipeline_tests.conftest import conversation

R = QuarantineReason
BIG = 2_000
NOW = datetime.now(timezone.utc)


def _validate(lines: list[bytes], max_record_bytes: int = BIG) -> list[dict]:
    table = pa.table({"line_no": pa.array(range(1, len(lines) + 1), pa.int64()), "raw": pa.array(lines, pa.binary())})
    return validate_lines(table, max_record_bytes=max_record_bytes, now=NOW).to_pylist()


def _nested(levels: int) -> dict:
    """A metadata object `levels` deep: {"k": {"k": ... {}}}."""
    value: dict = {}
    for _ in range(levels - 1):
        value = {"k": value}
    return value


def _deep_record(levels: int) -> bytes:
    """A valid record whose metadata is `levels` deep (written by hand: json.dumps would recurse)."""
    head = json.dumps(conversation("deep"))[:-1].encode()
    return head + b', "metadata": ' + b'{"k": ' * (levels - 1) + b"{}" + b"}" * (levels - 1) + b"}"


def _enc(record: dict) -> bytes:
    return json.dumps(record).encode()


BAD_CASES = {
    R.INVALID_UTF8: b'{"conversation_id": "x", "note": "caf\xe9"}',
    R.MALFORMED_JSON: b'{"conversation_id": "x", ',
    R.NOT_AN_OBJECT: b'["a", "list"]',
    R.OVERSIZED: _enc(conversation("big", messages=[{"role": "user", "content": "x" * (BIG + 10)}])),
    R.MISSING_CONVERSATION_ID: _enc({k: v for k, v in conversation("c").items() if k != "conversation_id"}),
    R.MISSING_USER_ID: _enc(conversation("c", user=123)),
    R.BAD_TIMESTAMP: _enc(conversation("c", created_at="yesterday at noon")),
    R.TIMESTAMP_OUT_OF_RANGE: _enc(conversation("c", created_at="9999-12-31T00:00:00Z")),
    R.TOO_DEEP: _deep_record(1_000),
    R.MESSAGES_NOT_A_LIST: _enc(conversation("c", messages="hello")),
    R.EMPTY_MESSAGES: _enc(conversation("c", messages=[])),
    R.UNKNOWN_ROLE: _enc(conversation("c", messages=[{"role": "moderator", "content": "hi"}])),
    R.BAD_CONTENT: _enc(conversation("c", messages=[{"role": "user", "content": 42}])),
    R.BAD_METADATA: _enc(conversation("c", metadata=["not", "an", "object"])),
}


def test_every_record_reason_has_a_case() -> None:
    """A new reason must come with a case here, so the parity test below covers it too."""
    file_or_cross_record = {R.UNREADABLE_FILE, R.DUPLICATE}
    assert set(R) - file_or_cross_record == set(BAD_CASES)


@pytest.mark.parametrize("reason", list(BAD_CASES), ids=lambda r: r.value)
def test_each_bad_input_class_gets_its_reason(reason: QuarantineReason) -> None:
    rows = _validate([_enc(conversation("good")), BAD_CASES[reason]], max_record_bytes=BIG if reason == R.OVERSIZED else 50_000)
    assert [r["reason"] for r in rows] == [None, reason.value]
    assert rows[1]["snippet"] and len(rows[1]["snippet"]) <= 200


@pytest.mark.parametrize("reason", [r for r in BAD_CASES if r not in (R.INVALID_UTF8, R.OVERSIZED)], ids=lambda r: r.value)
def test_pydantic_contract_rejects_the_same_records(reason: QuarantineReason) -> None:
    """The reference model and the bulk SQL validation must agree on what is invalid."""
    with pytest.raises((ValidationError, ValueError)):
        ConversationRecord.model_validate_json(BAD_CASES[reason])


def test_valid_record_parses_identically() -> None:
    record = conversation("c1", created_at="2026-01-01T23:30:00-02:00", metadata={"client": "web"})
    (row,) = _validate([_enc(record)])
    model = ConversationRecord.model_validate(record)
    assert row["reason"] is None
    assert row["created_at"] == model.created_at  # both in UTC: 2026-01-02T01:30Z
    assert row["created_at"].date().isoformat() == "2026-01-02"
    assert [m["role"] for m in row["messages"]] == [m.role for m in model.messages]
    assert json.loads(row["metadata"]) == {"client": "web"}


def test_naive_timestamp_means_utc() -> None:
    (row,) = _validate([_enc(conversation("c", created_at="2026-03-04T23:59:59"))])
    assert row["created_at"].isoformat().startswith("2026-03-04T23:59:59")
    assert row["created_at"].utcoffset().total_seconds() == 0


def test_blank_lines_are_not_records() -> None:
    rows = _validate([_enc(conversation("a")), b"", b"   ", _enc(conversation("b"))])
    assert [r["line_no"] for r in rows] == [1, 4]


OUT_OF_RANGE = {
    "infinity": "infinity",
    "minus_infinity": "-infinity",
    "bc_year": "0044-03-15 (BC)",
    "negative_year": "-0044-03-15T00:00:00Z",
    "before_1990": "1989-12-31T23:59:59Z",
    "epoch": "epoch",
    "two_days_ahead": (NOW + timedelta(days=2)).isoformat(),
    "year_9999": "9999-12-31T00:00:00Z",
    "offset_plus_15": "2026-01-01T12:00:00+15:00",
    "offset_minus_14_30": "2026-01-01T12:00:00-14:30",
    "offset_plus_99": "2026-01-01T12:00:00+99:00",
}


@pytest.mark.parametrize("created_at", list(OUT_OF_RANGE.values()), ids=list(OUT_OF_RANGE))
def test_created_at_out_of_range_is_quarantined_without_a_date(created_at: str) -> None:
    """Quarantined, and no created_at comes back: it would choose the record's partition (or crash)."""
    rows = _validate([_enc(conversation("good")), _enc(conversation("c", created_at=created_at))])
    assert [r["reason"] for r in rows] == [None, R.TIMESTAMP_OUT_OF_RANGE.value]
    assert rows[1]["created_at"] is None
    with pytest.raises((ValidationError, ValueError)):
        ConversationRecord.model_validate(conversation("c", created_at=created_at))


IN_RANGE = {
    "first_instant_1990": "1990-01-01T00:00:00Z",
    "offset_plus_14": "2026-01-01T12:00:00+14:00",
    "offset_minus_12": "2026-01-01T12:00:00-12:00",
    "a_few_hours_ahead": (NOW + timedelta(hours=20)).isoformat(),
}


@pytest.mark.parametrize("created_at", list(IN_RANGE.values()), ids=list(IN_RANGE))
def test_created_at_at_the_edges_of_the_range_loads(created_at: str) -> None:
    (row,) = _validate([_enc(conversation("c", created_at=created_at))])
    assert row["reason"] is None
    assert row["created_at"] == ConversationRecord.model_validate(conversation("c", created_at=created_at)).created_at


@pytest.mark.parametrize("levels", [MAX_JSON_DEPTH + 1, 1_000, 100_000])
def test_nesting_past_the_limit_is_quarantined(levels: int) -> None:
    """Checked on the raw text, so even 100,000 levels cost no recursion anywhere."""
    rows = _validate([_enc(conversation("good")), _deep_record(levels)], max_record_bytes=10_000_000)
    assert [r["reason"] for r in rows] == [None, R.TOO_DEEP.value]
    if levels < 100:  # within pydantic's own parser limit, so the contract's depth rule is what rejects it
        with pytest.raises(ValidationError, match=R.TOO_DEEP.value):
            ConversationRecord.model_validate_json(_deep_record(levels))


def test_depth_at_the_limit_loads_and_both_definitions_agree() -> None:
    record = conversation("c", metadata=_nested(MAX_JSON_DEPTH - 1))  # the record itself is one more level
    assert json_depth(record) == MAX_JSON_DEPTH == text_depth(_enc(record))
    (row,) = _validate([_enc(record)], max_record_bytes=50_000)
    assert row["reason"] is None
    ConversationRecord.model_validate(record)
    # Brackets inside strings are text, not structure.
    many_brackets = conversation("c2", messages=[{"role": "user", "content": "[{" * 500}])
    (row,) = _validate([_enc(many_brackets)], max_record_bytes=50_000)
    assert row["reason"] is None and text_depth(_enc(many_brackets)) == 3


def test_long_conversations_are_not_mistaken_for_deep_ones() -> None:
    """More than MAX_JSON_DEPTH messages means many brackets, but depth 3."""
    turns = [{"role": "user" if i % 2 == 0 else "assistant", "content": f"turn {i}"} for i in range(300)]
    (row,) = _validate([_enc(conversation("long", messages=turns))], max_record_bytes=100_000)
    assert row["reason"] is None and len(row["messages"]) == 300


@pytest.mark.parametrize("line", [b"\t", b"  \t  ", b"\r", b" \r", b"\x0b\x0c"], ids=repr)
def test_whitespace_only_lines_are_blank_not_malformed(line: bytes) -> None:
    rows = _validate([_enc(conversation("a")), line, _enc(conversation("b"))])
    assert [(r["line_no"], r["reason"]) for r in rows] == [(1, None), (3, None)]


def test_nul_bytes() -> None:
    """A raw NUL is not valid JSON; an escaped one is a character like any other."""
    escaped = _enc(conversation("esc", messages=[{"role": "user", "content": "a\u0000b"}]))
    rows = _validate([b'{"conversation_id": "x\x00"}', b"\x00\x00", escaped])
    assert [r["reason"] for r in rows] == [R.MALFORMED_JSON.value, R.MALFORMED_JSON.value, None]
    assert rows[2]["messages"][0]["content"] == "a\x00b"
