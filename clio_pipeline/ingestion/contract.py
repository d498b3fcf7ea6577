"""The input contract for landing files, and the reasons a record is quarantined.

A landing directory holds `*.jsonl`, `*.jsonl.gz` and `*.parquet` files (sub-folders whose name starts
with `_` or `.` are skipped, so ground truth or scratch files can live beside the data). Each record:

    conversation_id  str, non-empty
    user_id          str, non-empty (pseudonymized on ingestion with a keyed hash)
    created_at       ISO-8601 timestamp; naive means UTC; between 1990-01-01 and now + 1 day (UTC),
                     with a UTC offset of at most ±14:00
    messages         non-empty list of {role: user|assistant|system|tool, content: str}
    metadata         optional object

and no record nests arrays/objects deeper than MAX_JSON_DEPTH levels.

The pydantic model below is the reference definition. Ingestion validates in DuckDB for speed
(`clio_pipeline.ingestion.validation`), and a test checks that both agree on every reason.
A whole file that cannot be read is one `unreadable_file: <why>` row (see `landing.py`); it has no
record to validate, so it is the one reason outside this model.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from enum import Enum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from clio_pipeline.types import Message

ROLES = ("user", "assistant", "system", "tool")
SNIPPET_CHARS = 200

# Timestamps outside these bounds are data errors, not conversations: before 1990 there were none, a
# record more than a day ahead of the clock would land in a partition that has not run yet, and no time
# zone is further than 14 hours from UTC.
EARLIEST_CREATED_AT = datetime(1990, 1, 1, tzinfo=timezone.utc)
MAX_FUTURE = timedelta(days=1)
MAX_UTC_OFFSET = timedelta(hours=14)
# Far above any real conversation record (a record, its messages and metadata are 3-4 levels), far
# below what Python's json module and pydantic survive (about 1,000 and 200 levels).
MAX_JSON_DEPTH = 64


class QuarantineReason(str, Enum):
    """Why a record did not load. Stored verbatim in `quarantine.reason`."""

    UNREADABLE_FILE = "unreadable_file"  # stored as "unreadable_file: <why>", one row per file, line 0
    INVALID_UTF8 = "invalid_utf8"
    MALFORMED_JSON = "malformed_json"
    NOT_AN_OBJECT = "not_an_object"
    OVERSIZED = "oversized_record"
    TOO_DEEP = "nested_too_deep"
    MISSING_CONVERSATION_ID = "missing_or_mistyped_conversation_id"
    MISSING_USER_ID = "missing_or_mistyped_user_id"
    BAD_TIMESTAMP = "missing_or_unparseable_created_at"
    TIMESTAMP_OUT_OF_RANGE = "created_at_out_of_range"
    MESSAGES_NOT_A_LIST = "missing_or_mistyped_messages"
    EMPTY_MESSAGES = "empty_messages"
    UNKNOWN_ROLE = "unknown_role"
    BAD_CONTENT = "message_content_not_a_string"
    BAD_METADATA = "metadata_not_an_object"
    DUPLICATE = "duplicate_conversation_id"


def json_depth(value: Any) -> int:
    """Nesting depth of a parsed JSON value: 0 for a scalar, 1 + the deepest child for a list or dict."""
    deepest, stack = 0, [(value, 1)]
    while stack:  # iterative: the values this guards against would overflow a recursive walk
        node, depth = stack.pop()
        children = node.values() if isinstance(node, dict) else node if isinstance(node, list) else None
        if children is None:
            continue
        deepest = max(deepest, depth)
        stack.extend((child, depth + 1) for child in children)
    return deepest


class ConversationRecord(BaseModel):
    """One landing record, as the input contract defines it."""

    model_config = ConfigDict(extra="ignore")

    conversation_id: str = Field(min_length=1)
    user_id: str = Field(min_length=1)
    created_at: datetime
    messages: list[Message] = Field(min_length=1)
    metadata: dict[str, Any] | None = None

    @model_validator(mode="before")
    @classmethod
    def _not_too_deep(cls, data: Any) -> Any:
        if json_depth(data) > MAX_JSON_DEPTH:
            raise ValueError(f"{QuarantineReason.TOO_DEEP.value}: nested deeper than {MAX_JSON_DEPTH} levels")
        return data

    @field_validator("created_at")
    @classmethod
    def _naive_means_utc_and_in_range(cls, value: datetime) -> datetime:
        offset = value.utcoffset()
        if offset is not None and abs(offset) > MAX_UTC_OFFSET:
            raise ValueError(f"{QuarantineReason.TIMESTAMP_OUT_OF_RANGE.value}: UTC offset {offset} beyond ±14:00")
        utc = value.replace(tzinfo=timezone.utc) if value.tzinfo is None else value.astimezone(timezone.utc)
        if not EARLIEST_CREATED_AT <= utc <= datetime.now(timezone.utc) + MAX_FUTURE:
            raise ValueError(f"{QuarantineReason.TIMESTAMP_OUT_OF_RANGE.value}: {utc.isoformat()}")
        return utc
