"""The input contract for landing files, and the reasons a record is quarantined.

A landing directory holds `*.jsonl`, `*.jsonl.gz` and `*.parquet` files (sub-folders whose name starts
with `_` or `.` are skipped, so ground truth or scratch files can live beside the data). Each record:

    conversation_id  str, non-empty
    user_id          str, non-empty (pseudonymized on ingestion with a keyed hash)
    created_at       ISO-8601 timestamp; naive means UTC
    messages         non-empty list of {role: user|assistant|system|tool, content: str}
    metadata         optional object

The pydantic model below is the reference definition. Ingestion validates in DuckDB for speed
(`clio_pipeline.ingestion.validation`), and a test checks that both agree on every reason.
"""

from __future__ import annotations

from datetime import datetime, timezone
from enum import Enum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

from clio_pipeline.types import Message

ROLES = ("user", "assistant", "system", "tool")
SNIPPET_CHARS = 200


class QuarantineReason(str, Enum):
    """Why a record did not load. Stored verbatim in `quarantine.reason`."""

    INVALID_UTF8 = "invalid_utf8"
    MALFORMED_JSON = "malformed_json"
    NOT_AN_OBJECT = "not_an_object"
    OVERSIZED = "oversized_record"
    MISSING_CONVERSATION_ID = "missing_or_mistyped_conversation_id"
    MISSING_USER_ID = "missing_or_mistyped_user_id"
    BAD_TIMESTAMP = "missing_or_unparseable_created_at"
    MESSAGES_NOT_A_LIST = "missing_or_mistyped_messages"
    EMPTY_MESSAGES = "empty_messages"
    UNKNOWN_ROLE = "unknown_role"
    BAD_CONTENT = "message_content_not_a_string"
    BAD_METADATA = "metadata_not_an_object"
    DUPLICATE = "duplicate_conversation_id"


class ConversationRecord(BaseModel):
    """One landing record, as the input contract defines it."""

    model_config = ConfigDict(extra="ignore")

    conversation_id: str = Field(min_length=1)
    user_id: str = Field(min_length=1)
    created_at: datetime
    messages: list[Message] = Field(min_length=1)
    metadata: dict[str, Any] | None = None

    @field_validator("created_at")
    @classmethod
    def _naive_means_utc(cls, value: datetime) -> datetime:
        if value.tzinfo is None:
            return value.replace(tzinfo=timezone.utc)
        return value.astimezone(timezone.utc)
