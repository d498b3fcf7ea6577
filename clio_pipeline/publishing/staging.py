"""Staging tables in the warehouse, and the checks that must pass before the analyst DB is written.

The build writes `staged_*` tables into the private warehouse; Dagster's blocking asset checks call the
`find_*` functions below on them; only after the checks pass does the publish step read the staged
rows (`read_staged`) and hand them to `publish_atomically`. (Dagster persists an asset's output before
its checks run, so checking the analyst DB itself would be too late.) Each `find_*` takes rows as
mappings (e.g. `relation.fetch_arrow_table().to_pylist()`) and returns human-readable problems; an empty
list means the check passes.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from clio_pipeline.privacy.auditor import PASSING_SCORE
from clio_pipeline.privacy.thresholds import OTHER_VALUE
from clio_pipeline.publishing.schema import TABLES, conform, fetch_arrow
from clio_pipeline.warehouse import connect

# Analyst table -> its staging table in the warehouse.
STAGED_TABLES = {
    "clusters": "staged_clusters",
    "cluster_facet_breakdowns": "staged_facet_breakdowns",
    "cluster_trends": "staged_cluster_trends",
    "publication_log": "staged_publication_log",
    "topic_lineage": "staged_topic_lineage",
}
_TEXT_FIELDS = ("name", "description", "value")


def ensure_staging_tables(con: duckdb.DuckDBPyConnection) -> None:
    """Create the staging tables (same columns as the analyst tables) if they do not exist."""
    for name, staged in STAGED_TABLES.items():
        con.register("_empty", TABLES[name].empty_table())
        con.execute(f"CREATE TABLE IF NOT EXISTS {staged} AS SELECT * FROM _empty")
        con.unregister("_empty")
        add_missing_columns(con, staged, TABLES[name])


def add_missing_columns(con: duckdb.DuckDBPyConnection, table: str, schema: pa.Schema) -> None:
    """Add the columns a newer schema has to a table made by an older version (e.g. `topic_id`)."""
    have = {row[0] for row in con.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_name = ?", [table]).fetchall()}
    missing = [field for field in schema if field.name not in have]
    if not missing:
        return
    con.register("_probe", pa.schema(missing).empty_table())
    types = {name: duck_type for name, duck_type, *_ in con.execute("DESCRIBE SELECT * FROM _probe").fetchall()}
    con.unregister("_probe")
    for field in missing:
        con.execute(f"ALTER TABLE {table} ADD COLUMN {field.name} {types[field.name]}")


def write_staged(con: duckdb.DuckDBPyConnection, partition_date: date, tables: dict[str, pa.Table]) -> None:
    """Replace the partition's rows of every staging table with `tables` (analyst table names)."""
    ensure_staging_tables(con)
    con.execute("BEGIN TRANSACTION")
    try:
        for name, staged in STAGED_TABLES.items():
            con.execute(f"DELETE FROM {staged} WHERE partition_date = ?", [partition_date])
            if name in tables:
                con.register("_incoming", conform(name, tables[name]))
                con.execute(f"INSERT INTO {staged} BY NAME SELECT * FROM _incoming")
                con.unregister("_incoming")
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise


def read_staged_with(con: duckdb.DuckDBPyConnection, partition_date: date) -> dict[str, pa.Table]:
    """The partition's staged rows, as analyst tables, through an open connection."""
    return {
        name: conform(name, fetch_arrow(con, f"SELECT * FROM {staged} WHERE partition_date = ?", [partition_date]))
        for name, staged in STAGED_TABLES.items()
    }


def read_staged(warehouse: str | Path, partition_date: date) -> dict[str, pa.Table]:
    """Open the warehouse read-only, read the partition's staged tables, close it."""
    with connect(warehouse, read_only=True) as con:
        return read_staged_with(con, partition_date)


def find_detector_hits(rows: Iterable[Mapping[str, Any]]) -> list[str]:
    """Rows whose name, description or facet value contains personal data the PII detectors find."""
    from clio_pipeline.privacy.scrubber import detect

    problems = []
    for row in rows:
        for field in _TEXT_FIELDS:
            text = row.get(field)
            if not text:
                continue
            kinds = sorted({getattr(d, "type", "PII") for d in detect(str(text))})
            if kinds:
                problems.append(f"{row.get('cluster_id')}: {field} contains {', '.join(kinds)}")
        score = row.get("audit_score")
        if score is not None and score < PASSING_SCORE:
            problems.append(f"{row.get('cluster_id')}: audit score {score} < {PASSING_SCORE}")
    return problems


def find_threshold_violations(
    rows: Iterable[Mapping[str, Any]], min_users: int, min_conversations: int
) -> list[str]:
    """Cluster rows below the aggregation thresholds, or whose parent is not published."""
    rows = list(rows)
    published = {(row["partition_date"], row["cluster_id"]) for row in rows}
    problems = []
    for row in rows:
        if row["n_users"] < min_users:
            problems.append(f"{row['cluster_id']}: {row['n_users']} users < {min_users}")
        if row["n_conversations"] < min_conversations:
            problems.append(f"{row['cluster_id']}: {row['n_conversations']} conversations < {min_conversations}")
        if row.get("parent_id") is not None and (row["partition_date"], row["parent_id"]) not in published:
            problems.append(f"{row['cluster_id']}: parent {row['parent_id']} is not published")
    return problems


def find_small_cells(rows: Iterable[Mapping[str, Any]], min_users: int) -> list[str]:
    """Breakdown or trend cells that are published with fewer than `min_users` users.

    Suppressed trend cells (NULL counts) and days with no conversation at all (zero) pass.
    """
    problems = []
    for row in rows:
        users = row.get("n_users")
        if users is None or (users == 0 and not row.get("n_conversations")):
            continue
        if users < min_users:
            where = row.get("day") or f"{row.get('facet')}={row.get('value', OTHER_VALUE)}"
            problems.append(f"{row.get('cluster_id')} {where}: {users} users < {min_users}")
    return problems
