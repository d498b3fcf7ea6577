"""Short-lived DuckDB connections and the schema of the private warehouse.

DuckDB allows one writer per database file. Every stage therefore opens a connection for one read or
one write, closes it before doing model or network work, and retries briefly when another process
holds the file (a UI-launched run next to a CLI run, for example). The DDL lives in `sql/`.
"""

from __future__ import annotations

import random
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import duckdb

from clio_pipeline.package_data import SQL_DIR

# Files executed, in order, to create the warehouse tables. Each is idempotent (IF NOT EXISTS).
# The staged_* tables mirror the analyst schema and are created from it by publishing.staging.
WAREHOUSE_DDL = ("core.sql", "llm.sql", "facets.sql", "embeddings.sql", "clusters.sql", "topics.sql")

_LOCK_MARKERS = ("Could not set lock", "Conflicting lock", "database is locked")


def sql_text(*relative: str) -> str:
    """The text of a file under `sql/`."""
    path = SQL_DIR.joinpath(*relative)
    if not path.exists():
        raise FileNotFoundError(f"SQL file {path} is missing; reinstall clio-pipeline (the wheel ships sql/).")
    return path.read_text(encoding="utf-8")


@contextmanager
def connect(path: str | Path, *, read_only: bool = False, lock_timeout_s: float = 60.0) -> Iterator[duckdb.DuckDBPyConnection]:
    """Open a DuckDB connection for one unit of work, in UTC, retrying while another process holds the lock."""
    path = Path(path)
    if not read_only:
        path.parent.mkdir(parents=True, exist_ok=True)
    deadline = time.monotonic() + lock_timeout_s
    delay = 0.05
    while True:
        try:
            con = duckdb.connect(str(path), read_only=read_only)
            break
        except duckdb.IOException as exc:
            if not any(m in str(exc) for m in _LOCK_MARKERS) or time.monotonic() > deadline:
                raise
            time.sleep(delay + random.uniform(0, delay))
            delay = min(delay * 2, 2.0)
    try:
        con.execute("SET TimeZone = 'UTC'")
        yield con
    finally:
        con.close()


def ensure_warehouse(path: str | Path) -> None:
    """Create every warehouse table that does not exist yet (tables exist before the first write)."""
    with connect(path) as con:
        for name in WAREHOUSE_DDL:
            con.execute(sql_text("warehouse", name))


def replace_partition(con: duckdb.DuckDBPyConnection, table: str, partition_date: date, select_sql: str,
                      params: list | None = None) -> int:
    """Atomically replace one partition of `table` with the rows of `select_sql`; returns the row count.

    Re-materializing a partition therefore never duplicates rows and never touches other days.
    """
    con.execute("BEGIN TRANSACTION")
    try:
        con.execute(f"DELETE FROM {table} WHERE partition_date = ?", [partition_date])
        con.execute(f"INSERT INTO {table} BY NAME {select_sql}", params or [])
        (count,) = con.execute(f"SELECT count(*) FROM {table} WHERE partition_date = ?", [partition_date]).fetchone()
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise
    return int(count)


def table_exists(con: duckdb.DuckDBPyConnection, name: str) -> bool:
    """Whether `name` is a table or view of the connected database (e.g. one a newer stage creates)."""
    (n,) = con.execute("SELECT count(*) FROM information_schema.tables WHERE table_name = ?", [name]).fetchone()
    return bool(n)


def table_snapshot(path: str | Path) -> dict[str, list[tuple]]:
    """Every base table of a DuckDB file, rows sorted, without the columns that say when or in which run
    it was written (TIMESTAMP columns, `*run_id`): two runs on the same data compare equal."""
    with connect(path, read_only=True) as con:
        tables = [r[0] for r in con.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_type = 'BASE TABLE' ORDER BY 1").fetchall()]
        out = {}
        for table in tables:
            columns = [name for name, kind in con.execute(
                "SELECT column_name, data_type FROM information_schema.columns WHERE table_name = ? "
                "ORDER BY ordinal_position", [table]).fetchall()
                if "TIMESTAMP" not in kind and not name.endswith("run_id")]
            listed = ", ".join(f'"{c}"' for c in columns)
            out[table] = sorted(con.execute(f'SELECT {listed} FROM "{table}"').fetchall(), key=repr)
        return out


def stream_pairs(path: str | Path, sql: str, params: dict, chunk_rows: int) -> Iterator[tuple]:
    """The rows of a two-column query, read `chunk_rows` at a time on a read-only connection (open only
    while the caller iterates): a window's texts never sit in memory at once."""
    with connect(path, read_only=True) as con:
        for batch in con.sql(sql, params=params).to_arrow_reader(chunk_rows):
            yield from zip(batch.column(0).to_pylist(), batch.column(1).to_pylist(), strict=True)
