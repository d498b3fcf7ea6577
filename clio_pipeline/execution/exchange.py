"""The Parquet exchange between a distributed engine and the warehouse, partitioned by day (hive layout).

    <root>/stage=<stage>/day=<YYYY-MM-DD>/*.parquet

The root is a local folder (default: `<warehouse>.exchange` beside the private warehouse, since the
inputs hold raw text) or any URI pyarrow's filesystems know, such as s3://bucket/prefix (then DuckDB
needs its httpfs extension and credentials to read it back). The warehouse reads the engine's output
with DuckDB's own `read_parquet`; the warehouse stays the catalog and the home of everything after.
A day's folder is emptied before it is written, so a retried step never reads an earlier attempt's files.
"""

from __future__ import annotations

from datetime import date

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.fs as pafs
import pyarrow.parquet as pq


def stage_dir(root: str, stage: str, day: date) -> str:
    """The folder of one stage's files for one day."""
    return f"{root.rstrip('/')}/stage={stage}/day={day.isoformat()}"


def _filesystem(uri: str) -> tuple[pafs.FileSystem, str]:
    if "://" in uri:
        return pafs.FileSystem.from_uri(uri)
    return pafs.LocalFileSystem(), uri


def clear(root: str, stage: str, day: date) -> str:
    """Empty (or create) the day's folder of `stage`; returns it."""
    folder = stage_dir(root, stage, day)
    fs, path = _filesystem(folder)
    fs.create_dir(path, recursive=True)
    fs.delete_dir_contents(path, missing_dir_ok=True)
    return folder


def remove(root: str, stage: str, day: date) -> None:
    """Delete the day's folder of `stage` (inputs holding raw text are not left behind)."""
    fs, path = _filesystem(stage_dir(root, stage, day))
    if fs.get_file_info(path).type != pafs.FileType.NotFound:
        fs.delete_dir(path)


def write(root: str, stage: str, day: date, table: pa.Table, rows_per_file: int = 2000) -> str:
    """Write `table` as the day's files of `stage` (several files, so the engine can read them in parallel)."""
    folder = clear(root, stage, day)
    fs, path = _filesystem(folder)
    for part, start in enumerate(range(0, max(len(table), 1), rows_per_file)):
        pq.write_table(table.slice(start, rows_per_file), f"{path}/part-{part:05d}.parquet", filesystem=fs)
    return folder


def files(root: str, stage: str, day: date) -> list[str]:
    """The Parquet files of the day's folder of `stage` (none when it does not exist)."""
    folder = stage_dir(root, stage, day)
    fs, path = _filesystem(folder)
    if fs.get_file_info(path).type == pafs.FileType.NotFound:
        return []
    listed = fs.get_file_info(pafs.FileSelector(path))
    prefix = folder[: len(folder) - len(path)]  # the scheme part of a URI, which the listing leaves out
    return sorted(prefix + info.path for info in listed if info.path.endswith(".parquet"))


def append(root: str, stage: str, day: date, table: pa.Table) -> str:
    """Add one uniquely named file to the day's folder of `stage` (many writers may append at once)."""
    import uuid

    folder = stage_dir(root, stage, day)
    fs, path = _filesystem(folder)
    fs.create_dir(path, recursive=True)
    name = f"part-{uuid.uuid4().hex}.parquet"
    pq.write_table(table, f"{path}/{name}", filesystem=fs)
    return f"{folder}/{name}"


def read(root: str, stage: str, day: date, order_by: str) -> pa.Table:
    """The day's rows of `stage`, read by DuckDB through the hive layout, ordered by `order_by`."""
    glob = f"{root.rstrip('/')}/stage={stage}/*/*.parquet"
    con = duckdb.connect()
    try:
        return con.sql(
            f"SELECT * EXCLUDE (stage, day) FROM read_parquet(?, hive_partitioning = true) "
            f"WHERE day = ? ORDER BY {order_by}",
            params=[glob, day],
        ).to_arrow_table()
    finally:
        con.close()


def vectors_column(vectors: np.ndarray) -> pa.FixedSizeListArray:
    """(n, d) float32 as one Arrow column of fixed-size lists (one contiguous buffer)."""
    vectors = np.ascontiguousarray(vectors, dtype=np.float32)
    return pa.FixedSizeListArray.from_arrays(pa.array(vectors.reshape(-1), pa.float32()), vectors.shape[1])


def vectors_from_column(column: pa.Array | pa.ChunkedArray) -> np.ndarray:
    """The (n, d) float32 array of a list column whose rows all have the same length."""
    array = column.combine_chunks() if isinstance(column, pa.ChunkedArray) else column
    if len(array) == 0:
        return np.zeros((0, 0), dtype=np.float32)
    values = array.flatten().to_numpy(zero_copy_only=False).astype(np.float32, copy=False)
    return values.reshape(len(array), values.size // len(array))
