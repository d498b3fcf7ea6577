"""Staging tables in the warehouse, and the checks that must pass before the analyst DB is written.

The build writes `staged_*` tables into the private warehouse; Dagster's blocking asset checks run the
disclosure policy's verification (`privacy.policy.DisclosurePolicy.staged_violations`) on them; only
after the checks pass does the publish step read the staged rows (`read_staged`) and hand them to
`publish_atomically`. (Dagster persists an asset's output before its checks run, so checking the
analyst DB itself would be too late.)
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import duckdb
import pyarrow as pa

from clio_pipeline.privacy.policy import DisclosurePolicy
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


@dataclass
class StagedHistory:
    """Every staged day, split by whether its rows pass the publishing gates as they stand now."""

    publishable: dict[date, dict[str, pa.Table]]
    withheld: dict[date, list[str]]  # day -> what the gates found


def read_staged_history(
    warehouse: str | Path, policy: DisclosurePolicy, *, exclude: Iterable[date] = ()
) -> StagedHistory:
    """Every staged day but `exclude`, each passed again through the gates, for rebuilding a lost analyst DB.

    A day whose staged rows fail a gate (its checks failed, so it was never published, or the thresholds
    have been raised since) is withheld: the rebuild restores only what the gates would let through.
    """
    skip = set(exclude)
    with connect(warehouse, read_only=True) as con:
        existing = {t for (t,) in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
        if not set(STAGED_TABLES.values()) <= existing:
            return StagedHistory({}, {})
        days = [d for (d,) in con.execute(
            f"SELECT DISTINCT partition_date FROM {STAGED_TABLES['publication_log']} ORDER BY 1").fetchall()]
        staged = {day: read_staged_with(con, day) for day in days if day not in skip}
    history = StagedHistory({}, {})
    for day, tables in staged.items():
        problems = [p for found in policy.staged_violations(tables).values() for p in found]
        if problems:
            history.withheld[day] = problems
        else:
            history.publishable[day] = tables
    return history
