"""Whether a day's facets would come out as stored: a re-run of an unchanged day keeps them.

Facets are the most expensive stage per conversation (an LLM call each, or the offline extractor's
~10 ms), and re-materializing a day whose conversations did not change is routine (a backfill over done
days, a retried run). The stored facets are kept when the day's conversations (id, user, time, messages,
metadata, summed over a hash of each row in DuckDB), the settings of the resources the step reads (the
extra facets file by its bytes) and the package's code are those they were extracted from, every
conversation has its row, and none failed: a failed extraction (an LLM that timed out) is tried again.
"""

from __future__ import annotations

from datetime import date, datetime, timezone
from typing import Any

import duckdb

from clio_pipeline.lib.fingerprint import code_fingerprint, digest

_DAY_ROWS_SQL = """
SELECT count(*), coalesce(sum(hash(conversation_id, user_id, created_at, messages, metadata)::HUGEINT), 0)::VARCHAR
FROM conversations WHERE partition_date = ?
"""


def facets_fingerprint(con: duckdb.DuckDBPyConnection, day: date, settings: dict[str, Any]) -> str:
    """The fingerprint of everything `facets` of `day` reads."""
    rows = con.execute(_DAY_ROWS_SQL, [day]).fetchone()
    return digest({"day": day, "rows": list(rows), "settings": settings, "code": code_fingerprint()})


def kept_facets(con: duckdb.DuckDBPyConnection, day: date, fingerprint: str) -> int | None:
    """The day's stored facet count when they were extracted from `fingerprint`, are all there and none failed."""
    row = con.execute(
        "SELECT r.n_records, (SELECT count(*) FROM facets f WHERE f.partition_date = r.partition_date), "
        "(SELECT count(*) FROM facets f WHERE f.partition_date = r.partition_date AND f.failed), "
        "(SELECT count(*) FROM conversations c WHERE c.partition_date = r.partition_date) "
        "FROM facet_runs r WHERE r.partition_date = ? AND r.input_fingerprint = ?", [day, fingerprint],
    ).fetchone()
    if row is None or row[1] != row[0] or row[2] or row[3] != row[0] or row[0] == 0:
        return None
    return int(row[0])


def record_facet_run(con: duckdb.DuckDBPyConnection, day: date, fingerprint: str, n_records: int) -> None:
    """Store what the day's facets, just written, were extracted from."""
    con.execute("DELETE FROM facet_runs WHERE partition_date = ?", [day])
    con.execute("INSERT INTO facet_runs VALUES (?, ?, ?, ?)", [day, fingerprint, n_records, datetime.now(timezone.utc)])
