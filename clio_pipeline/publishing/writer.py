"""Write the analyst database atomically: build a new file next to the old one, then rename it over.

Analysts open the published file read-only, often for hours. DuckDB would refuse a writer while they
do, so the publisher never writes the published file in place: it copies it to a temporary file in the
same folder, replaces one partition there, creates the views, checkpoints, closes, and `os.replace`s
the copy onto the destination. On POSIX the rename is atomic: an analyst already connected keeps
reading the old file (its open descriptor still points at it) and any new connection sees the new one.
A lock file serialises publishers so that two partitions published at once cannot lose each other's rows.
A missing or unreadable analyst database is not patched with one day: it is rebuilt from every staged
day that still passes the publishing gates (the caller supplies them), and an unreadable file is kept.
(Windows cannot rename over a file someone holds open; the platform this targets is POSIX.)
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import secrets
import shutil
import stat
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timezone
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


@dataclass(frozen=True)
class PublishOutcome:
    """What one publish did to the analyst database."""

    dest: Path
    rebuilt_because: str | None = None  # None: the existing file was updated; else why it was rebuilt
    days_restored: tuple[date, ...] = ()  # other days written into a rebuilt file
    set_aside: Path | None = None  # an unreadable file, kept under this name instead of being overwritten


class PublishError(RuntimeError):
    """The analyst database could not be written; the message names the real file, never its working copy."""


# Source of the other days a rebuilt analyst database must hold (called only when a rebuild is needed).
OtherDays = Callable[[], Mapping[date, dict[str, pa.Table]]]

MISSING = "the file does not exist"
EMPTY = "the file holds no publication yet"


def publish_atomically(
    dest: Path, partition_date: date, tables: dict[str, pa.Table], *, other_days: OtherDays | None = None
) -> PublishOutcome:
    """Publish one partition into the analyst database at `dest` without ever writing `dest` in place.

    When `dest` is missing, or cannot be read as an analyst database (corrupt, truncated, not DuckDB),
    the new file is rebuilt from `other_days()` plus this partition, so one run restores every day; an
    unreadable file is kept beside it as `<name>.unreadable-<UTC time>`. The file gets the mode of any
    new file (0666 less the umask, as `explorer.html`), not the 0600 of a private temporary file.
    """
    dest = Path(dest)
    dest.parent.mkdir(parents=True, exist_ok=True)
    with _publisher_lock(dest):
        tmp, mode = _new_working_copy(dest)
        try:
            try:
                return _publish(dest, tmp, mode, partition_date, tables, other_days)
            except (duckdb.Error, OSError) as exc:
                detail = str(exc).replace(str(tmp), str(dest))
                raise PublishError(
                    f"Could not publish {partition_date} into the analyst database {dest}: {detail}"
                ) from exc
        finally:
            for leftover in (tmp, Path(f"{tmp}.wal")):
                leftover.unlink(missing_ok=True)


def _publish(dest: Path, tmp: Path, mode: int, partition_date: date, tables: dict[str, pa.Table],
             other_days: OtherDays | None) -> PublishOutcome:
    unusable = _copy_if_usable(dest, tmp)
    restore: dict[date, dict[str, pa.Table]] = {}
    if unusable is not None and other_days is not None:
        restore = {day: t for day, t in other_days().items() if day != partition_date}
    con = duckdb.connect(str(tmp))
    try:
        for day in sorted(restore):
            write_partition(con, day, restore[day])
        write_partition(con, partition_date, tables)
        con.execute("CHECKPOINT")
    finally:
        con.close()
    os.chmod(tmp, mode)
    set_aside = None
    if unusable not in (None, MISSING, EMPTY):
        set_aside = dest.with_name(f"{dest.name}.unreadable-{datetime.now(timezone.utc):%Y%m%dT%H%M%S%fZ}")
        os.replace(dest, set_aside)
    os.replace(tmp, dest)
    return PublishOutcome(dest, unusable, tuple(sorted(restore)), set_aside)


def _new_working_copy(dest: Path) -> tuple[Path, int]:
    """A new, empty temporary file beside `dest`, created like any new file, and that file's mode.

    `os.open(..., 0o666)` lets the umask decide, exactly as for `explorer.html`; `mkstemp` would make
    the analyst database private to the pipeline's user (0600).
    """
    for _ in range(100):
        tmp = dest.with_name(f".{dest.name}.{secrets.token_hex(6)}.tmp")
        try:
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        except FileExistsError:
            continue
        try:
            return tmp, stat.S_IMODE(os.fstat(fd).st_mode)
        finally:
            os.close(fd)
    raise FileExistsError(f"Could not create a temporary file beside {dest}")


def _copy_if_usable(dest: Path, tmp: Path) -> str | None:
    """Copy `dest` onto `tmp` when it is a readable analyst database; otherwise leave no `tmp` and say why.

    Read-only analysts never write, so the copy is consistent. A file DuckDB cannot open or read (or a
    DuckDB file without our tables, such as the empty one a client creates at a deleted path) needs a
    rebuild; the reason names `dest`, not the copy.
    """
    if not dest.exists():
        tmp.unlink()  # DuckDB creates a database only where no file exists
        return MISSING
    shutil.copyfile(dest, tmp)
    try:
        con = duckdb.connect(str(tmp), read_only=True)
        try:
            present = {t for (t,) in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
            if "publication_log" not in present:
                reason = EMPTY if not present else f"{dest} holds no publication_log table"
            else:
                for name in sorted(present & set(TABLES)):
                    # Hash every value: a count alone is answered from metadata, even for a truncated file.
                    con.execute(f"SELECT bit_xor(hash(COLUMNS(*))) FROM {name}").fetchall()
                reason = None
        finally:
            con.close()
    except duckdb.Error as exc:
        reason = f"{dest} is unreadable: " + str(exc).splitlines()[0].replace(str(tmp), str(dest))
    if reason is not None:
        tmp.unlink()
        Path(f"{tmp}.wal").unlink(missing_ok=True)
    return reason
