"""Reading one landing file as raw records with pyarrow, or saying exactly why it cannot be read.

Records are read as raw bytes, one per line (JSONL) or one per row (Parquet, re-serialized as JSON),
so that validation can quarantine every bad record with its file and line number instead of a
reader giving up on the whole file at the first bad line. A file that cannot be read at all raises
`UnreadableFile` with a short reason from a closed vocabulary (the quarantine row says
`unreadable_file: <why>`) and the error text as detail; indexing turns it into one quarantine row.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.csv as pcsv

from clio_pipeline.ingestion.discovery import LandingFile, file_type

# A byte that cannot appear unescaped in valid JSON, used as the CSV "delimiter" so each line is one field.
_NEVER_IN_JSON = "\x1e"
_GZIP_MAGIC = b"\x1f\x8b"
_BOM = b"\xef\xbb\xbf"


class UnreadableFile(Exception):
    """A landing file that yields no records at all: `why` is the reason, `detail` the error text."""

    def __init__(self, why: str, detail: str = "") -> None:
        super().__init__(f"{why}: {detail}" if detail else why)
        self.why = why
        self.detail = detail


def read_raw_lines(file: LandingFile) -> pa.Table:
    """A table with `line_no` (1-based) and `raw` (binary) for every record of the file.

    Blank lines are kept (validation drops them) so that line numbers stay exact.
    Raises `UnreadableFile` when the file cannot be read.
    """
    if file.problem:
        raise UnreadableFile(file.problem)
    size = _regular_file_size(file.path)
    try:
        with _utf8_path(file.path) as path:
            if file.kind == "parquet":
                return _read_parquet_as_json(path, size)
            if size == 0:
                return _lines_table([])
            # The name says how to read a file; content that contradicts it is refused, not guessed at.
            with open(path, "rb") as head:
                is_gzip = head.read(2) == _GZIP_MAGIC
            if file.gzipped and not is_gzip:
                raise UnreadableFile("not a gzip file", "named .gz but has no gzip header")
            if is_gzip and not file.gzipped:
                raise UnreadableFile("gzip data in a file not named .gz")
            return _read_jsonl(path, "gzip" if file.gzipped else None)
    except UnreadableFile:
        raise
    except FileNotFoundError as exc:
        raise UnreadableFile("file disappeared before it was read", str(exc)) from exc
    except PermissionError as exc:
        raise UnreadableFile("permission denied", str(exc)) from exc
    except OSError as exc:
        raise UnreadableFile("corrupt or truncated gzip" if file.gzipped else "read error", str(exc)) from exc


def _regular_file_size(path: Path) -> int:
    # Checked again just before reading: a file can vanish or be replaced (by a FIFO, say) after discovery.
    try:
        st = os.stat(path)
    except FileNotFoundError as exc:
        raise UnreadableFile("file disappeared before it was read", str(exc)) from exc
    except OSError as exc:
        raise UnreadableFile("cannot stat file", str(exc)) from exc
    if not stat.S_ISREG(st.st_mode):
        raise UnreadableFile(f"not a regular file ({file_type(st.st_mode)})")
    return st.st_size


@contextmanager
def _utf8_path(path: Path) -> Iterator[str]:
    """A path string the Arrow and DuckDB readers accept: they need UTF-8, and a file name need not be."""
    name = str(path)
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        if not os.path.isdir("/proc/self/fd"):
            raise UnreadableFile("file name is not valid UTF-8") from None
        fd = os.open(path, os.O_RDONLY)
        try:
            yield f"/proc/self/fd/{fd}"  # the open file itself, whatever its name
        finally:
            os.close(fd)
        return
    yield name


def _read_jsonl(path: str, compression: str | None) -> pa.Table:
    try:
        table = pcsv.read_csv(
            pa.input_stream(path, compression=compression),
            read_options=pcsv.ReadOptions(column_names=["raw"], block_size=1 << 24),
            parse_options=pcsv.ParseOptions(
                delimiter=_NEVER_IN_JSON,
                quote_char=False,
                escape_char=False,
                newlines_in_values=False,
                ignore_empty_lines=False,
            ),
            convert_options=pcsv.ConvertOptions(
                column_types={"raw": pa.binary()}, strings_can_be_null=False, quoted_strings_can_be_null=False
            ),
        )
    except pa.ArrowInvalid as exc:
        if "Empty CSV file" in str(exc):  # e.g. a gzip of nothing
            return _lines_table([])
        # A line with a raw 0x1E byte splits into two "columns" and fails the fast reader; such lines
        # are not valid JSON, so reading this (rare) file line by line loses nothing.
        return _read_lines_exactly(path, compression)
    # The CSV reader already skips a UTF-8 byte order mark at the start of the file.
    return pa.table({"line_no": pa.array(range(1, table.num_rows + 1), type=pa.int64()), "raw": table.column("raw")})


def _read_lines_exactly(path: str, compression: str | None) -> pa.Table:
    with pa.input_stream(path, compression=compression) as stream:
        data = stream.read()
    lines = data.removeprefix(_BOM).split(b"\n")
    if lines and lines[-1] == b"":
        lines.pop()
    return _lines_table([line.removesuffix(b"\r") for line in lines])


def _lines_table(lines: list[bytes]) -> pa.Table:
    return pa.table({"line_no": pa.array(range(1, len(lines) + 1), type=pa.int64()), "raw": pa.array(lines, pa.binary())})


def _read_parquet_as_json(path: str, size: int) -> pa.Table:
    if size == 0:
        raise UnreadableFile("not a parquet file", "empty file (0 bytes)")
    con = duckdb.connect()
    try:
        return con.sql(
            "SELECT row_number() OVER ()::BIGINT AS line_no, encode(to_json(t)::VARCHAR) AS raw "
            "FROM read_parquet(?) AS t",
            params=[path],
        ).to_arrow_table()
    except duckdb.Error as exc:
        raise UnreadableFile("not a readable parquet file", str(exc)) from exc
    finally:
        con.close()
