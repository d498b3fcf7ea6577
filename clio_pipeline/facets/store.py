"""Reading a day's conversations and writing its facets, each in one short warehouse connection."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date, datetime, timezone
from pathlib import Path

import pyarrow as pa

from clio_pipeline.types import Conversation, DirectMetrics, FacetRecord, Message
from clio_pipeline.warehouse import connect, replace_partition

# The columns `conversation_from_row` takes, in order: what a distributed engine exports for facets.
CONVERSATION_COLUMNS = ("conversation_id", "user_id", "created_at", "messages", "metadata")
_DAY_CONVERSATIONS = (f"SELECT {', '.join(CONVERSATION_COLUMNS)} FROM conversations "
                      "WHERE partition_date = ? ORDER BY conversation_id")


def read_conversations(db_path: str | Path, day: date) -> list[Conversation]:
    """The day's conversations as domain objects (the connection is closed before any model work)."""
    with connect(db_path, read_only=True) as con:
        rows = con.execute(_DAY_CONVERSATIONS, [day]).fetchall()
    return [conversation_from_row(*row) for row in rows]


def read_conversation_table(db_path: str | Path, day: date) -> pa.Table:
    """The same rows as `read_conversations`, as Arrow: what an engine exports to its workers."""
    with connect(db_path, read_only=True) as con:
        return con.sql(_DAY_CONVERSATIONS, params=[day]).to_arrow_table()


def conversation_from_row(cid: str, uid: str, created: datetime, messages: list[dict], meta: str | None) -> Conversation:
    """A stored conversation row as the domain object (the warehouse's and the Parquet exchange's rows alike)."""
    return Conversation(
        conversation_id=cid,
        user_id=uid,
        created_at=created,
        messages=[Message(role=m["role"], content=m["content"]) for m in messages],
        metadata=_metadata(meta),
    )


def _metadata(text: str | None) -> dict:
    # Facets never read metadata; a value Python cannot load (nested past the recursion limit, from a
    # warehouse filled before ingestion capped depth) must not cost the day its facets.
    if not text:
        return {}
    try:
        value = json.loads(text)
    except (ValueError, RecursionError):
        return {}
    return value if isinstance(value, dict) else {}


def facets_table(records: Sequence[FacetRecord], day: date) -> pa.Table:
    now = datetime.now(timezone.utc)
    return pa.Table.from_pylist(
        [
            {
                "conversation_id": r.conversation_id,
                "partition_date": day,
                "summary": r.summary,
                "summary_en": r.summary_en,
                "task": r.task,
                "language": r.language,
                "concerning_score": r.concerning_score,
                "extra_facets": json.dumps(r.extra_facets) if r.extra_facets else None,
                "n_turns": r.metrics.n_turns,
                "n_user_messages": r.metrics.n_user_messages,
                "n_user_chars": r.metrics.n_user_chars,
                "n_assistant_chars": r.metrics.n_assistant_chars,
                "user_char_share": r.metrics.user_char_share,
                "backend": r.backend,
                "model": r.model,
                "prompt_version": r.prompt_version,
                "is_heuristic": r.is_heuristic,
                "scrub_counts": json.dumps(r.scrub_counts) if r.scrub_counts else None,
                "failed": r.failed,
                "failure_reason": r.failure_reason,
                "extracted_at": now,
            }
            for r in records
        ],
        schema=_SCHEMA,
    )


_SCHEMA = pa.schema(
    [
        ("conversation_id", pa.string()), ("partition_date", pa.date32()), ("summary", pa.string()), ("summary_en", pa.string()),
        ("task", pa.string()), ("language", pa.string()), ("concerning_score", pa.int32()),
        ("extra_facets", pa.string()), ("n_turns", pa.int32()), ("n_user_messages", pa.int32()),
        ("n_user_chars", pa.int64()), ("n_assistant_chars", pa.int64()), ("user_char_share", pa.float64()),
        ("backend", pa.string()), ("model", pa.string()), ("prompt_version", pa.string()),
        ("is_heuristic", pa.bool_()), ("scrub_counts", pa.string()), ("failed", pa.bool_()),
        ("failure_reason", pa.string()), ("extracted_at", pa.timestamp("us", tz="UTC")),
    ]
)


def facet_record_from_row(row: dict) -> FacetRecord:
    """The record one row of `facets_table` was built from (the inverse of that function)."""
    return FacetRecord(
        conversation_id=row["conversation_id"], summary=row["summary"], summary_en=row["summary_en"],
        task=row["task"], language=row["language"], concerning_score=row["concerning_score"],
        extra_facets=json.loads(row["extra_facets"]) if row["extra_facets"] else {},
        metrics=DirectMetrics(**{k: row[k] for k in DirectMetrics.model_fields}),
        backend=row["backend"], model=row["model"], prompt_version=row["prompt_version"],
        is_heuristic=row["is_heuristic"], scrub_counts=json.loads(row["scrub_counts"]) if row["scrub_counts"] else {},
        failed=row["failed"], failure_reason=row["failure_reason"],
    )


def write_facets(db_path: str | Path, day: date, records: Sequence[FacetRecord]) -> int:
    """Replace the day's partition of `facets`."""
    table = facets_table(records, day)
    with connect(db_path) as con:
        con.register("new_facets", table)
        return replace_partition(con, "facets", day, "SELECT * FROM new_facets")
