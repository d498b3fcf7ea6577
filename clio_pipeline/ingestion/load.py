"""Loading one daily partition of indexed landing records into `conversations` and `quarantine`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from clio_pipeline.warehouse import connect, replace_partition

_CONVERSATIONS_SQL = """
SELECT
    conversation_id,
    user_id,
    created_at,
    partition_date,
    messages,
    metadata,
    len(messages) AS n_messages,
    len(list_filter(messages, lambda m: m.role = 'user')) AS n_user_messages,
    list_sum(list_transform(messages, lambda m: length(m.content)))::BIGINT AS n_chars,
    file AS source_file,
    line_no AS source_line
FROM landing_records
WHERE partition_date = ? AND reason IS NULL
ORDER BY created_at, conversation_id
"""

_QUARANTINE_SQL = """
SELECT partition_date, file AS source_file, line_no AS source_line, conversation_id, reason, snippet,
       now() AS quarantined_at
FROM landing_records
WHERE partition_date = ? AND reason IS NOT NULL
ORDER BY file, line_no
"""


@dataclass(frozen=True)
class PartitionLoad:
    partition_date: date
    records_read: int
    loaded: int
    quarantined: int
    reasons: dict[str, int]
    n_users: int


def load_partition(db_path: str | Path, partition_date: date) -> PartitionLoad:
    """Replace the partition's rows in `conversations` and `quarantine` from `landing_records`."""
    with connect(db_path) as con:
        loaded = replace_partition(con, "conversations", partition_date, _CONVERSATIONS_SQL, [partition_date])
        quarantined = replace_partition(con, "quarantine", partition_date, _QUARANTINE_SQL, [partition_date])
        (records_read,) = con.execute(
            "SELECT count(*) FROM landing_records WHERE partition_date = ?", [partition_date]
        ).fetchone()
        reasons = dict(
            con.execute(
                "SELECT reason, count(*) FROM quarantine WHERE partition_date = ? GROUP BY reason ORDER BY 2 DESC",
                [partition_date],
            ).fetchall()
        )
        (n_users,) = con.execute(
            "SELECT count(DISTINCT user_id) FROM conversations WHERE partition_date = ?", [partition_date]
        ).fetchone()
    return PartitionLoad(partition_date, int(records_read), loaded, quarantined, reasons, int(n_users))


def conservation_violation(db_path: str | Path, partition_date: date) -> str | None:
    """None when records read = loaded + quarantined for the partition; otherwise what does not add up."""
    with connect(db_path, read_only=True) as con:
        read, loaded, quarantined = con.execute(
            """
            SELECT (SELECT count(*) FROM landing_records WHERE partition_date = $d),
                   (SELECT count(*) FROM conversations WHERE partition_date = $d),
                   (SELECT count(*) FROM quarantine WHERE partition_date = $d)
            """,
            {"d": partition_date},
        ).fetchone()
    if read == loaded + quarantined:
        return None
    return f"{read} records read but {loaded} loaded + {quarantined} quarantined = {loaded + quarantined}"
