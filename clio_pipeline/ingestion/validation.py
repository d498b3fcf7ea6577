"""Validating raw landing records in DuckDB, in bulk.

The checks mirror `contract.ConversationRecord` (a test holds them to it) but run as one vectorized
query, which is what lets ingestion stay above 10,000 records/s on two cores.
"""

from __future__ import annotations

import re
from datetime import datetime, timezone

import duckdb
import pyarrow as pa
import pyarrow.compute as pc

from clio_pipeline.ingestion.contract import (
    EARLIEST_CREATED_AT,
    MAX_FUTURE,
    MAX_JSON_DEPTH,
    MAX_UTC_OFFSET,
    ROLES,
    SNIPPET_CHARS,
    QuarantineReason,
)

R = QuarantineReason
_ROLE_LIST = "[" + ", ".join(f"'{r}'" for r in ROLES) + "]"
# What a person calls a blank line: JSON whitespace (space, tab, LF, CR) plus vertical tab and form feed.
_BLANK_CHARS = "' ' || chr(9) || chr(10) || chr(11) || chr(12) || chr(13)"
# A JSON string (escapes included) or one bracket: what is left after skipping strings is the structure.
_JSON_TOKEN = re.compile(rb'"(?:[^"\\]++|\\.)*+"|[\[\]{}]', re.DOTALL)

# Each CASE branch is one quarantine reason, checked in the order a person would fix them.
# DuckDB re-parses JSON text in every json_* call, so the record is split into its top-level fields in
# one pass and the messages into (role, content) pieces in another; the checks then touch small values.
VALIDATE_SQL = f"""
WITH decoded AS (
    SELECT line_no, raw, too_deep, octet_length(raw) AS n_bytes, try(decode(raw)) AS txt
    FROM raw_lines
), records AS (
    SELECT *, CASE WHEN n_bytes <= $max_bytes AND NOT too_deep THEN try(txt::JSON) END AS j
    FROM decoded
    -- Nearly every record starts with '{{', which settles it without trimming the whole text.
    WHERE txt IS NULL OR starts_with(txt, '{{') OR trim(txt, {_BLANK_CHARS}) <> ''
), parts AS (
    SELECT *, json_type(j) AS j_type,
        json_extract(j, ['$.conversation_id', '$.user_id', '$.created_at', '$.messages', '$.metadata']) AS p
    FROM records
), fields AS (
    SELECT *,
        json_type(p[1]) AS cid_type,
        p[1] ->> '$' AS conversation_id,
        json_type(p[2]) AS uid_type,
        p[2] ->> '$' AS raw_user_id,
        json_type(p[3]) AS ts_type,
        p[3] ->> '$' AS ts_text,
        try_cast(ts_text AS TIMESTAMPTZ) AS created_at,
        -- In range, and the wall-clock time (the text's own offset ignored) within ±14h of UTC; a text
        -- in UTC ('...Z') has no offset to check, which spares the second parse for most records.
        CASE WHEN created_at BETWEEN $earliest AND $latest
             THEN ends_with(ts_text, 'Z') OR coalesce(
                 abs(epoch(try_cast(ts_text AS TIMESTAMP)) - epoch(created_at)) <= $max_offset_s, true)
             ELSE false END AS ts_in_range,
        json_type(p[4]) AS msgs_type,
        p[4] AS msgs,
        json_type(p[5]) AS meta_type,
        p[5] AS meta
    FROM parts
), message_parts AS (
    SELECT *,
        CASE WHEN msgs_type = 'ARRAY' THEN json_type(msgs, '$[*]') END AS msg_types,
        CASE WHEN msgs_type = 'ARRAY'
             THEN json_transform(msgs, '[{{"role": "JSON", "content": "JSON"}}]') END AS pieces
    FROM fields
), verdicts AS (
    SELECT *, CASE
        WHEN txt IS NULL THEN '{R.INVALID_UTF8.value}'
        WHEN n_bytes > $max_bytes THEN '{R.OVERSIZED.value}'
        WHEN too_deep THEN '{R.TOO_DEEP.value}'
        WHEN j IS NULL THEN '{R.MALFORMED_JSON.value}'
        WHEN j_type <> 'OBJECT' THEN '{R.NOT_AN_OBJECT.value}'
        WHEN cid_type IS DISTINCT FROM 'VARCHAR' OR conversation_id = '' THEN '{R.MISSING_CONVERSATION_ID.value}'
        WHEN uid_type IS DISTINCT FROM 'VARCHAR' OR raw_user_id = '' THEN '{R.MISSING_USER_ID.value}'
        WHEN ts_type IS DISTINCT FROM 'VARCHAR' OR created_at IS NULL THEN '{R.BAD_TIMESTAMP.value}'
        WHEN NOT ts_in_range THEN '{R.TIMESTAMP_OUT_OF_RANGE.value}'
        WHEN msgs_type IS DISTINCT FROM 'ARRAY'
             OR len(list_filter(msg_types, lambda t: t <> 'OBJECT')) > 0 THEN '{R.MESSAGES_NOT_A_LIST.value}'
        WHEN len(pieces) = 0 THEN '{R.EMPTY_MESSAGES.value}'
        WHEN len(list_filter(pieces, lambda m: m.role IS NULL OR json_type(m.role) <> 'VARCHAR'
                              OR NOT list_contains({_ROLE_LIST}, m.role ->> '$'))) > 0
             THEN '{R.UNKNOWN_ROLE.value}'
        WHEN len(list_filter(pieces, lambda m: m.content IS NULL OR json_type(m.content) <> 'VARCHAR')) > 0
             THEN '{R.BAD_CONTENT.value}'
        WHEN meta_type IS NOT NULL AND meta_type NOT IN ('OBJECT', 'NULL') THEN '{R.BAD_METADATA.value}'
    END AS reason
    FROM message_parts
)
SELECT
    line_no,
    n_bytes,
    reason,
    CASE WHEN reason IS DISTINCT FROM '{R.MISSING_CONVERSATION_ID.value}' THEN conversation_id END AS conversation_id,
    raw_user_id,
    -- An out-of-range time must not pick the record's partition (9999-12-31 is a day that never runs).
    CASE WHEN ts_in_range THEN created_at END AS created_at,
    CASE WHEN reason IS NULL THEN list_transform(pieces, lambda m: {{'role': m.role ->> '$', 'content': m.content ->> '$'}})
    END AS messages,
    CASE WHEN reason IS NULL AND meta_type = 'OBJECT' THEN meta END AS metadata,
    CASE WHEN reason IS NOT NULL THEN left(coalesce(txt, raw::VARCHAR), {SNIPPET_CHARS}) END AS snippet
FROM verdicts
ORDER BY line_no
"""


def validate_lines(raw_lines: pa.Table, *, max_record_bytes: int, now: datetime | None = None) -> pa.Table:
    """Validate a table of (`line_no`, `raw`) and return one parsed row per non-blank record.

    Columns: line_no, n_bytes, reason (NULL when valid), conversation_id, raw_user_id, created_at
    (NULL unless in range), messages, metadata, snippet (only for invalid records). `now` is the
    clock that bounds created_at (default: the current time).
    """
    now = now or datetime.now(timezone.utc)
    lines = raw_lines.append_column("too_deep", _too_deep(raw_lines.column("raw")))
    con = duckdb.connect()
    try:
        con.execute("SET TimeZone = 'UTC'")
        con.register("raw_lines", lines)
        params = {
            "max_bytes": max_record_bytes,
            "earliest": EARLIEST_CREATED_AT,
            "latest": now + MAX_FUTURE,
            "max_offset_s": MAX_UTC_OFFSET.total_seconds(),
        }
        return con.sql(VALIDATE_SQL, params=params).to_arrow_table()
    finally:
        con.close()


def text_depth(raw: bytes) -> int:
    """Bracket nesting depth of JSON text, brackets inside strings not counted."""
    depth = deepest = 0
    for token in _JSON_TOKEN.finditer(raw):
        char = token.group()
        if char in (b"{", b"["):
            depth += 1
            deepest = max(deepest, depth)
        elif char in (b"}", b"]"):
            depth -= 1
    return deepest


def _too_deep(raw: pa.ChunkedArray) -> pa.Array:
    # Depth never exceeds the number of opening brackets, so only records with many of them (long
    # conversations, or the hostile ones) pay for the exact scan in Python.
    openers = pc.count_substring_regex(raw, r"[\[{]")
    candidates = pc.indices_nonzero(pc.greater(openers, MAX_JSON_DEPTH))
    flags = [False] * len(raw)
    for index, value in zip(candidates.to_pylist(), pc.take(raw, candidates).to_pylist()):
        flags[index] = text_depth(value) > MAX_JSON_DEPTH
    return pa.array(flags, pa.bool_())
