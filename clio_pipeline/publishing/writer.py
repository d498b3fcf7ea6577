"""Write the analyst database atomically: build a new file next to the old one, then rename it over.

Analysts open the published file read-only, often for hours. DuckDB would refuse a writer while they
do, so the publisher never writes the published file in place: it copies it to a temporary file in the
same folder, replaces one partition there, creates the views, checkpoints, closes, and `os.replace`s
the copy onto the destination. On POSIX the rename is atomic: an analyst already connected keeps
reading the old file (its open descriptor still points at it) and any new connection sees the new one.
A lock file serialises publishers so that two partitions published at once cannot lose each other's rows.
(Windows cannot rename over a file someone holds open; the platform this targets is POSIX.)
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import tempfile
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import duckdb
import pyarrow as pa

from clio_pipeline.publishing.schema import FORBIDDEN_COLUMNS, SCHEMA_SQL, TABLES, conform, view_sql


@contextlib.contextmanager
def _publisher_lock(dest: Path) -> Iterator[None]:
    lock_path = dest.with_name(dest.name + ".lock")
    with open(lock_path, "a+") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _check_partition(name: str, table: pa.Table, partition_date: date) -> None:
    dates = set(table.column("partition_date").to_pylist())
    if dates - {partition_date}:
        raise ValueError(f"table {name!r} holds rows of {sorted(dates - {partition_date})}, not only {partition_date}")


def write_partition(con: duckdb.DuckDBPyConnection, partition_date: date, tables: dict[str, pa.Table]) -> None:
    """Replace one partition of every analyst table inside `con` and (re)create the views."""
    for name, table in tables.items():
        if FORBIDDEN_COLUMNS & set(table.column_names):
            raise ValueError(f"table {name!r} has forbidden columns {sorted(FORBIDDEN_COLUMNS & set(table.column_names))}")
    conformed = {name: conform(name, table) for name, table in tables.items()}
    for name, table in conformed.items():
        _check_partition(name, table, partition_date)
    con.execute(SCHEMA_SQL.read_text(encoding="utf-8"))
    con.execute("BEGIN TRANSACTION")
    try:
        # Every analyst table loses the partition, even one not passed: a re-publish must not leave
        # stale rows of a cluster that is now suppressed.
        for name in TABLES:
            con.execute(f"DELETE FROM {name} WHERE partition_date = ?", [partition_date])
        for name, table in conformed.items():
            con.register("_incoming", table)
            con.execute(f"INSERT INTO {name} BY NAME SELECT * FROM _incoming")
            con.unregister("_incoming")
        for statement in view_sql():
            con.execute(statement)
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise


def publish_atomically(dest: Path, partition_date: date, tables: dict[str, pa.Table]) -> None:
    """Publish one partition into the analyst database at `dest` without ever writing `dest` in place."""
    dest = Path(dest)
    dest.parent.mkdir(parents=True, exist_ok=True)
    with _publisher_lock(dest):
        fd, tmp_name = tempfile.mkstemp(prefix=f".{dest.name}.", suffix=".tmp", dir=dest.parent)
        os.close(fd)
        tmp = Path(tmp_name)
        try:
            if dest.exists():
                shutil.copyfile(dest, tmp)  # read-only analysts never write, so the copy is consistent
            else:
                tmp.unlink()  # DuckDB creates a database only where no file exists
            con = duckdb.connect(str(tmp))
            try:
                write_partition(con, partition_date, tables)
                con.execute("CHECKPOINT")
            finally:
                con.close()
            os.replace(tmp, dest)
        finally:
            for leftover in (tmp, Path(f"{tmp}.wal")):
                leftover.unlink(missing_ok=True)
