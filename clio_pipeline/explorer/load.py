"""Read one partition of the analyst database into the plain dict the explorer page embeds.

The explorer is an analyst tool, so it reads the analyst database (aggregates only) and nothing else.
Before reading, it checks that the file really is an analyst database: a file that carries raw-data
tables or per-conversation / per-user columns is refused, so that pointing the explorer at the private
warehouse by mistake can never put transcripts or user ids into an HTML file that gets shared around.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any

import duckdb

from clio_pipeline.explorer.topics import load_topic_history, rising

# Mean concerning score (1-5 scale of the paper's facet) at or above which a cluster is flagged for review.
CONCERNING_THRESHOLD = 3.0

# `growth` is (last day / window daily mean) - 1 (sql/published/schema.sql), so 0 means flat.
GROWTH_CENTER = 0.0

# Tables that only the private warehouse has. Their presence means we were handed the wrong file.
RAW_TABLES = frozenset(
    {
        "conversations",
        "messages",
        "raw_conversations",
        "landing",
        "landing_files",
        "landing_records",
        "quarantine",
        "facets",
        "facet_records",
        "embeddings",
        "embedding_cache",
        "llm_cache",
        "llm_ledger",
        "cluster_assignments",
        "cluster_members",
        "users",
    }
)
# Columns that identify a single conversation or user, or hold transcript text. Aggregates never have them.
RAW_COLUMNS = frozenset(
    {"conversation_id", "user_id", "messages", "content", "transcript", "summary", "snippet"}
)

_REQUIRED_CLUSTER_COLUMNS = ("cluster_id", "level", "parent_id", "name", "n_conversations")
_OPTIONAL_CLUSTER_COLUMNS = (
    "description",
    "n_users",
    "share",
    "map_x",
    "map_y",
    "mean_concerning",
    "growth",
    "audit_score",
    "is_other",
    "topic_id",
    "topic_ids",
)


class NotAnAnalystDatabaseError(ValueError):
    """The file is not a Clio analyst database (or holds raw data, which the explorer must never read)."""


def _columns_by_table(con: duckdb.DuckDBPyConnection) -> dict[str, set[str]]:
    rows = con.execute(
        "SELECT table_name, column_name FROM information_schema.columns WHERE table_catalog = current_database()"
    ).fetchall()
    tables: dict[str, set[str]] = {}
    for table, column in rows:
        tables.setdefault(table.lower(), set()).add(column.lower())
    return tables


def check_analyst_database(tables: dict[str, set[str]], source: str) -> None:
    """Raise `NotAnAnalystDatabaseError` unless `tables` (name -> columns) looks like an analyst database."""
    raw_tables = sorted(RAW_TABLES & tables.keys())
    if raw_tables:
        raise NotAnAnalystDatabaseError(
            f"{source} contains raw-data tables {raw_tables}: it looks like the private warehouse. "
            "The explorer only reads the analyst database (CLIO_PUBLISHED_DB), which holds aggregates only."
        )
    raw_columns = sorted(f"{t}.{c}" for t, cols in tables.items() for c in cols & RAW_COLUMNS)
    if raw_columns:
        raise NotAnAnalystDatabaseError(
            f"{source} has per-conversation or per-user columns {raw_columns}; the analyst database "
            "must hold aggregates only, so the explorer refuses to read it."
        )
    if "clusters" not in tables:
        raise NotAnAnalystDatabaseError(f"{source} has no `clusters` table: not a Clio analyst database.")
    missing = [c for c in _REQUIRED_CLUSTER_COLUMNS if c not in tables["clusters"]]
    if missing:
        raise NotAnAnalystDatabaseError(f"{source}: table `clusters` lacks columns {missing}.")


def _as_float(value: Any) -> float | None:
    return None if value is None else float(value)


def _read_clusters(con: duckdb.DuckDBPyConnection, columns: set[str], day: date) -> list[dict[str, Any]]:
    present = [c for c in _OPTIONAL_CLUSTER_COLUMNS if c in columns]
    select = ", ".join((*_REQUIRED_CLUSTER_COLUMNS, *present))
    rows = con.execute(
        f"SELECT {select} FROM clusters WHERE partition_date = ? ORDER BY level DESC, n_conversations DESC, cluster_id",
        [day],
    ).fetchall()
    names = [*_REQUIRED_CLUSTER_COLUMNS, *present]
    clusters = []
    for row in rows:
        raw = dict(zip(names, row, strict=True))
        clusters.append(
            {
                "id": str(raw["cluster_id"]),
                "level": int(raw["level"]),
                "parent": None if raw["parent_id"] is None else str(raw["parent_id"]),
                "name": str(raw["name"] or ""),
                "description": str(raw.get("description") or ""),
                "n_conversations": int(raw["n_conversations"] or 0),
                "n_users": None if raw.get("n_users") is None else int(raw["n_users"]),
                "share": _as_float(raw.get("share")),
                "x": _as_float(raw.get("map_x")),
                "y": _as_float(raw.get("map_y")),
                "mean_concerning": _as_float(raw.get("mean_concerning")),
                "growth": _as_float(raw.get("growth")),
                "audit_score": None if raw.get("audit_score") is None else int(raw["audit_score"]),
                "is_other": bool(raw.get("is_other") or False),
                "topic_id": raw.get("topic_id"),
                "topic_ids": list(raw.get("topic_ids") or []),
            }
        )
    return clusters


def _read_breakdowns(con: duckdb.DuckDBPyConnection, day: date) -> dict[str, dict[str, list[list[Any]]]]:
    rows = con.execute(
        "SELECT cluster_id, facet, value, n_conversations, n_users FROM cluster_facet_breakdowns "
        "WHERE partition_date = ? ORDER BY cluster_id, facet, n_conversations DESC, value",
        [day],
    ).fetchall()
    out: dict[str, dict[str, list[list[Any]]]] = {}
    for cluster_id, facet, value, n_conv, n_users in rows:
        cells = out.setdefault(str(cluster_id), {}).setdefault(str(facet), [])
        cells.append([str(value), int(n_conv or 0), None if n_users is None else int(n_users)])
    return out


def _read_trends(con: duckdb.DuckDBPyConnection, day: date) -> dict[str, list[list[Any]]]:
    rows = con.execute(
        "SELECT cluster_id, day, n_conversations, n_users FROM cluster_trends "
        "WHERE partition_date = ? ORDER BY cluster_id, day",
        [day],
    ).fetchall()
    out: dict[str, list[list[Any]]] = {}
    for cluster_id, trend_day, n_conv, n_users in rows:
        out.setdefault(str(cluster_id), []).append(
            [
                trend_day.isoformat(),
                None if n_conv is None else int(n_conv),
                None if n_users is None else int(n_users),
            ]
        )
    return out


def _read_publication(con: duckdb.DuckDBPyConnection, day: date) -> dict[str, Any]:
    row = con.execute(
        "SELECT * FROM publication_log WHERE partition_date = ? ORDER BY published_at DESC LIMIT 1", [day]
    ).fetchone()
    if row is None:
        return {}
    names = [d[0] for d in con.description]
    return {
        name: _json_value(value) for name, value in zip(names, row, strict=True) if name != "partition_date"
    }


def _json_value(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat(sep=" ", timespec="seconds")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    return str(value)  # e.g. Decimal: shown, never used for arithmetic in the page


def dominant_language(breakdowns: dict[str, list[list[Any]]]) -> str | None:
    """The language value with the most conversations, ignoring the merged '(other)' cell."""
    cells = [c for c in breakdowns.get("language", []) if c[0] != "(other)"]
    return max(cells, key=lambda c: (c[1], c[0]))[0] if cells else None


def load_partition(published_db: Path, partition_date: date | None = None) -> dict[str, Any]:
    """Everything the explorer page shows for one partition (latest by default), as JSON-ready data.

    Opens the analyst database read-only and closes it before returning, so the explorer never holds a
    lock that would block the next publication.
    """
    path = Path(published_db)
    if not path.exists():
        raise FileNotFoundError(f"analyst database not found: {path}")
    with duckdb.connect(str(path), read_only=True) as con:
        tables = _columns_by_table(con)
        check_analyst_database(tables, str(path))
        if partition_date is None:
            partition_date = con.execute("SELECT max(partition_date) FROM clusters").fetchone()[0]
            if partition_date is None:
                raise ValueError(f"{path}: the analyst database has no published partition yet")
        clusters = _read_clusters(con, tables["clusters"], partition_date)
        if not clusters:
            raise ValueError(f"{path}: no clusters published for partition {partition_date.isoformat()}")
        breakdowns = _read_breakdowns(con, partition_date) if "cluster_facet_breakdowns" in tables else {}
        trends = _read_trends(con, partition_date) if "cluster_trends" in tables else {}
        publication = _read_publication(con, partition_date) if "publication_log" in tables else {}
        topic_history = load_topic_history(con, tables["clusters"], partition_date,
                                           (t for c in clusters for t in c["topic_ids"]))

    for cluster in clusters:
        cluster["dominant_language"] = dominant_language(breakdowns.get(cluster["id"], {}))
    rising(clusters, topic_history, partition_date)
    return {
        "partition_date": partition_date.isoformat(),
        "concerning_threshold": CONCERNING_THRESHOLD,
        "growth_center": GROWTH_CENTER,
        "publication": publication,
        "clusters": clusters,
        "breakdowns": breakdowns,
        "trends": trends,
        "topics": topic_history,
    }
