"""Every bad-input class is quarantined with its reason, and the DuckDB validation agrees with the contract."""

from __future__ import annotations

import json

import pyarrow as pa
import pytest
from pydantic import ValidationError

from clio_pipeline.ingestion.contract import ConversationRecord, QuarantineReason
from clio_pipeline.ingestion.validation import validate_lines
from clio_pipeline_tests.conftest import conversation

R = QuarantineReason
BIG = 2_000


def _validate(lines: list[bytes]) -> list[dict]:
    table = pa.table({"line_no": pa.array(range(1, len(lines) + 1), pa.int64()), "raw": pa.array(lines, pa.binary())})
    return validate_lines(table, max_record_bytes=BIG).to_pylist()


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
    R.MESSAGES_NOT_A_LIST: _enc(conversation("c", messages="hello")),
    R.EMPTY_MESSAGES: _enc(conversation("c", messages=[])),
    R.UNKNOWN_ROLE: _enc(conversation("c", messages=[{"role": "moderator", "content": "hi"}])),
    R.BAD_CONTENT: _enc(conversation("c", messages=[{"role": "user", "content": 42}])),
    R.BAD_METADATA: _enc(conversation("c", metadata=["not", "an", "object"])),
}


@pytest.mark.parametrize("reason", list(BAD_CASES), ids=lambda r: r.value)
def test_each_bad_input_class_gets_its_reason(reason: QuarantineReason) -> None:
    rows = _validate([_enc(conversation("good")), BAD_CASES[reason]])
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
