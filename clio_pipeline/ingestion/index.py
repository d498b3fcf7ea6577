"""Indexing landing files into the warehouse: each file is parsed once, not once per partition.

`index_landing` reads only new or changed files (by size and modification time), validates their
records in bulk, pseudonymizes user ids and stores every record with its verdict in
`landing_records`. Loading a partition is then a filter on that table.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc

from clio_pipeline.ingestion.contract import SNIPPET_CHARS, QuarantineReason
from clio_pipeline.ingestion.landing import LandingFile, discover, read_raw_lines
from clio_pipeline.ingestion.pseudonym import pseudonym_map
from clio_pipeline.ingestion.validation import validate_lines
from clio_pipeline.warehouse import connect

_DUPLICATES_SQL = f"""
UPDATE landing_records SET reason = NULL, snippet = NULL
WHERE reason = '{QuarantineReason.DUPLICATE.value}';
UPDATE landing_records AS r
SET reason = '{QuarantineReason.DUPLICATE.value}',
    snippet = left(to_json(r.messages)::VARCHAR, {SNIPPET_CHARS})
FROM (
    SELECT lr.file, lr.line_no,
           row_number() OVER (PARTITION BY lr.conversation_id ORDER BY f.indexed_at, lr.file, lr.line_no) AS nth
    FROM landing_records lr JOIN landing_files f USING (file)
    WHERE lr.reason IS NULL
) AS ranked
WHERE ranked.nth > 1 AND r.file = ranked.file AND r.line_no = ranked.line_no;
"""


@dataclass
class IndexReport:
    files_seen: int = 0
    files_indexed: list[str] = field(default_factory=list)
    records_indexed: int = 0
    invalid_indexed: int = 0


def index_landing(db_path: str | Path, landing_dir: str | Path, *, secret: str, max_record_bytes: int) -> IndexReport:
    """Bring `landing_records` up to date with the landing directory; returns what was (re)indexed."""
    files = discover(landing_dir)
    report = IndexReport(files_seen=len(files))
    with connect(db_path, read_only=False) as con:
        known = dict(con.execute("SELECT file, fingerprint FROM landing_files").fetchall())
    changed = [f for f in files if known.get(str(f.path)) != f.fingerprint]
    if not changed:
        return report

    # Parse outside any warehouse connection: a long parse must not hold the writer lock.
    batches = [_index_file(f, secret=secret, max_record_bytes=max_record_bytes) for f in changed]
    now = datetime.now(timezone.utc)
    with connect(db_path) as con:
        con.execute("BEGIN TRANSACTION")
        try:
            for file, batch in zip(changed, batches):
                con.execute("DELETE FROM landing_records WHERE file = ?", [str(file.path)])
                con.register("batch", batch)
                con.execute("INSERT INTO landing_records BY NAME SELECT * FROM batch")
                con.unregister("batch")
                con.execute(
                    "INSERT OR REPLACE INTO landing_files VALUES (?, ?, ?, ?)",
                    [str(file.path), file.fingerprint, batch.num_rows, now],
                )
            con.execute(_DUPLICATES_SQL)
            con.execute("COMMIT")
        except Exception:
            con.execute("ROLLBACK")
            raise
    report.files_indexed = [str(f.path) for f in changed]
    report.records_indexed = sum(b.num_rows for b in batches)
    report.invalid_indexed = sum(b.num_rows - b.column("reason").null_count for b in batches)
    return report


def _index_file(file: LandingFile, *, secret: str, max_record_bytes: int) -> pa.Table:
    parsed = validate_lines(read_raw_lines(file), max_record_bytes=max_record_bytes)
    raw_ids = parsed.column("raw_user_id")
    # Hash each distinct id once, then map the column through the lookup in Arrow.
    distinct = pc.unique(raw_ids).drop_null()
    mapping = pseudonym_map(distinct.to_pylist(), secret)
    pseudonyms = pa.array([mapping[u] for u in distinct.to_pylist()], pa.string())
    user_ids = pc.take(pseudonyms, pc.index_in(raw_ids, value_set=distinct))
    dates = pc.cast(parsed.column("created_at"), pa.date32())
    undated_date = _usual_date(dates, file.path)
    partition_dates = pc.fill_null(dates, pa.scalar(undated_date, pa.date32()))
    snippets = _readable_snippets(parsed, file)
    return pa.table(
        {
            "file": pa.array([str(file.path)] * parsed.num_rows, pa.string()),
            "line_no": parsed.column("line_no"),
            "partition_date": partition_dates,
            "conversation_id": parsed.column("conversation_id"),
            "user_id": user_ids,
            "created_at": parsed.column("created_at"),
            "messages": parsed.column("messages"),
            "metadata": parsed.column("metadata"),
            "n_bytes": parsed.column("n_bytes"),
            "reason": parsed.column("reason"),
            "snippet": snippets,
        }
    )


def _usual_date(dates: pa.ChunkedArray, path: Path):
    """Where undatable records of a file go: the file's most common record date, else its mtime's date."""
    counts = pc.value_counts(dates.drop_null()) if dates.null_count < len(dates) else None
    if counts is not None and len(counts):
        best = max(counts.to_pylist(), key=lambda c: (c["counts"], c["values"]))
        return best["values"]
    return datetime.fromtimestamp(path.stat().st_mtime, tz=timezone.utc).date()


def _readable_snippets(parsed: pa.Table, file: LandingFile) -> pa.Array:
    """Invalid UTF-8 records get a snippet decoded with replacement characters, not byte escapes."""
    reasons = parsed.column("reason").to_pylist()
    if QuarantineReason.INVALID_UTF8.value not in reasons:
        return parsed.column("snippet").combine_chunks()
    bad_lines = {
        line for line, reason in zip(parsed.column("line_no").to_pylist(), reasons)
        if reason == QuarantineReason.INVALID_UTF8.value
    }
    raw = read_raw_lines(file)
    decoded = {
        line: raw_bytes.decode("utf-8", errors="replace")[:SNIPPET_CHARS]
        for line, raw_bytes in zip(raw.column("line_no").to_pylist(), raw.column("raw").to_pylist())
        if line in bad_lines
    }
    snippets = parsed.column("snippet").to_pylist()
    fixed = [decoded.get(line, s) for line, s in zip(parsed.column("line_no").to_pylist(), snippets)]
    return pa.array(fixed, pa.string())
