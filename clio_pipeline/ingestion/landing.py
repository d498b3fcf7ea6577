"""Finding landing files and reading them as raw records with pyarrow.

Records are read as raw bytes, one per line (JSONL) or one per row (Parquet, re-serialized as JSON),
so that validation can quarantine every bad record with its file and line number instead of a
reader giving up on the whole file at the first bad line.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.csv as pcsv

PATTERNS = ("*.jsonl", "*.jsonl.gz", "*.parquet")

# A byte that cannot appear unescaped in valid JSON, used as the CSV "delimiter" so each line is one field.
_NEVER_IN_JSON = "\x1e"


@dataclass(frozen=True)
class LandingFile:
    path: Path
    fingerprint: str

    @property
    def kind(self) -> str:
        return "parquet" if self.path.suffix == ".parquet" else "jsonl"


def discover(landing_dir: str | Path) -> list[LandingFile]:
    """All landing files under `landing_dir`, skipping folders whose name starts with `_` or `.`."""
    root = Path(landing_dir)
    if not root.is_dir():
        raise FileNotFoundError(f"Landing directory {root} does not exist (set CLIO_LANDING_DIR).")
    found: list[LandingFile] = []
    for pattern in PATTERNS:
        for path in root.rglob(pattern):
            relative_parts = path.relative_to(root).parts[:-1]
            if any(part.startswith(("_", ".")) for part in relative_parts):
                continue
            stat = path.stat()
            found.append(LandingFile(path.resolve(), f"{stat.st_size}:{stat.st_mtime_ns}"))
    return sorted(found, key=lambda f: str(f.path))


def read_raw_lines(file: LandingFile) -> pa.Table:
    """A table with `line_no` (1-based) and `raw` (binary) for every non-blank record of the file."""
    if file.kind == "parquet":
        return _read_parquet_as_json(file.path)
    invalid: list[tuple[int, str]] = []

    def keep_invalid(row: pcsv.InvalidRow) -> str:
        # Only reachable for lines with a raw 0x1E byte, which are not valid JSON; keep them for quarantine.
        invalid.append((row.number or 0, row.text or ""))
        return "skip"

    table = pcsv.read_csv(
        pa.input_stream(str(file.path), compression="detect"),
        read_options=pcsv.ReadOptions(column_names=["raw"], block_size=1 << 24),
        parse_options=pcsv.ParseOptions(
            delimiter=_NEVER_IN_JSON,
            quote_char=False,
            escape_char=False,
            newlines_in_values=False,
            ignore_empty_lines=False,
            invalid_row_handler=keep_invalid,
        ),
        convert_options=pcsv.ConvertOptions(
            column_types={"raw": pa.binary()}, strings_can_be_null=False, quoted_strings_can_be_null=False
        ),
    )
    line_no = pa.array(range(1, table.num_rows + 1), type=pa.int64())
    table = pa.table({"line_no": line_no, "raw": table.column("raw")})
    if invalid:
        # The skipped rows shift later line numbers; rebuild them exactly from the file instead.
        return _read_lines_exactly(file.path)
    return table


def _read_lines_exactly(path: Path) -> pa.Table:
    with pa.input_stream(str(path), compression="detect") as stream:
        lines = stream.read().split(b"\n")
    if lines and lines[-1] == b"":
        lines.pop()
    return pa.table({"line_no": pa.array(range(1, len(lines) + 1), type=pa.int64()), "raw": pa.array(lines, pa.binary())})


def _read_parquet_as_json(path: Path) -> pa.Table:
    con = duckdb.connect()
    try:
        return con.sql(
            "SELECT row_number() OVER ()::BIGINT AS line_no, encode(to_json(t)::VARCHAR) AS raw "
            "FROM read_parquet(?) AS t",
            params=[str(path)],
        ).to_arrow_table()
    finally:
        con.close()
