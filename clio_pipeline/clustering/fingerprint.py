"""Whether a day's clustering would come out the same as its stored one: a re-run of an unchanged day
keeps what it has instead of clustering the whole window again.

Re-materializing a day whose inputs did not change is routine (a backfill over days already done, a
retried run, a publication re-run after a failed check), and at 100,000 conversations re-clustering and
re-naming the window took minutes for the same result. Clustering is deterministic for a seed, so the
stored result is reused when all of these are what they were when it was written:

- the window: its days and every conversation clustered in it (id, day, embedding model and text hash,
  English summary, language, user), summed over a hash of each row in one DuckDB query;
- the earlier days it continues topics from: the stored fingerprints (or write times) of the runs of
  the two windows before the day, so that a re-clustered earlier day makes the later ones re-cluster;
- the settings of every resource the step reads (secrets left out) and the package's own code and data
  files, so that an upgrade or a changed setting never serves a result the new version would not make.

The hierarchy keeps its levels the same way: its fingerprint is the day's base fingerprint with its own
settings, and a re-clustered base clears it (`write_base_clusters` rewrites the run's row).
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import duckdb

from clio_pipeline.clustering.cluster_window import ClusterWindow
from clio_pipeline.lib.fingerprint import code_fingerprint, digest

# Sum rather than xor of the row hashes: two identical rows would cancel under xor.
_WINDOW_ROWS_SQL = """
SELECT count(*), coalesce(sum(hash(e.conversation_id, e.partition_date, e.model, e.text_hash,
                                   f.summary_en, f.language, c.user_id)::HUGEINT), 0)::VARCHAR
FROM embeddings e
JOIN facets f USING (conversation_id, partition_date)
JOIN conversations c USING (conversation_id, partition_date)
WHERE e.partition_date BETWEEN $start AND $end
"""

_EARLIER_RUNS_SQL = """
SELECT partition_date, coalesce(input_fingerprint, created_at::VARCHAR)
FROM clustering_runs WHERE partition_date >= $first AND partition_date < $day ORDER BY partition_date
"""


def clustering_fingerprint(con: duckdb.DuckDBPyConnection, day: date, window: ClusterWindow,
                           settings: dict[str, Any]) -> str:
    """The fingerprint of everything `base_clusters` of `day` reads (see the module docstring)."""
    rows = con.execute(_WINDOW_ROWS_SQL, {"start": window.start, "end": window.end}).fetchone()
    first = day - timedelta(days=2 * max(window.nominal_days, 1))
    earlier = con.execute(_EARLIER_RUNS_SQL, {"first": first, "day": day}).fetchall()
    return digest({"window": [window.start, window.end, window.nominal_days, window.data_start],
                    "rows": list(rows), "earlier": earlier, "settings": settings, "code": code_fingerprint()})


def hierarchy_fingerprint(base_fingerprint: str, settings: dict[str, Any]) -> str:
    """The fingerprint of the day's hierarchy: its base clustering's, with the hierarchy's own settings."""
    return digest({"base": base_fingerprint, "settings": settings, "code": code_fingerprint()})


def stored_base_run(con: duckdb.DuckDBPyConnection, day: date, fingerprint: str) -> dict | None:
    """The day's stored run when it was made from `fingerprint` and its clusters are all still there."""
    row = con.execute(
        "SELECT r.k, r.k_method, r.k_reason, r.created_at, r.n_conversations, "
        "(SELECT count(*) FROM cluster_assignments a WHERE a.partition_date = r.partition_date), "
        "(SELECT count(*) FROM clusters c WHERE c.partition_date = r.partition_date AND c.level = 0), "
        "(SELECT count(DISTINCT a.cluster_id) FROM cluster_assignments a WHERE a.partition_date = r.partition_date) "
        "FROM clustering_runs r WHERE r.partition_date = ? AND r.input_fingerprint = ?", [day, fingerprint],
    ).fetchone()
    # Kept only when whole: every conversation assigned, and every assigned cluster still stored.
    if row is None or row[5] != row[4] or row[6] == 0 or row[7] != row[6]:
        return None
    return {"k": row[0], "k_method": row[1], "k_reason": row[2], "created_at": row[3],
            "n_conversations": row[4], "n_clusters": row[6]}


def stored_hierarchy(con: duckdb.DuckDBPyConnection, day: date, fingerprint: str) -> int | None:
    """The number of parent clusters the day keeps when its hierarchy was made from `fingerprint`."""
    row = con.execute(
        "SELECT (SELECT count(*) FROM clusters c WHERE c.partition_date = r.partition_date AND c.level > 0) "
        "FROM clustering_runs r WHERE r.partition_date = ? AND r.hierarchy_fingerprint = ?", [day, fingerprint],
    ).fetchone()
    return row[0] if row is not None and row[0] > 0 else None

