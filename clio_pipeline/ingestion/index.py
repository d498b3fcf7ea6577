"""Indexing landing files into the warehouse: each file is parsed once, not once per partition.

`index_landing` reads only new or changed files (by size and modification time), validates their
records in bulk, pseudonymizes user ids and stores every record with its verdict in
`landing_records`. Loading a partition is then a filter on that table.

Each file is read in isolation. One that cannot be read (see `landing.UnreadableFile`) becomes a single
`landing_records` row: line 0, reason `unreadable_file: <why>`, the error text as snippet, in the
partition of the day the file landed (its modification date in UTC, never later than today), so the
row has a stable home and `records_conserved` holds on every day. Its fingerprint is stored with an
`unreadable:` prefix, which never matches, so the file is retried on every run; once it reads, its
records replace the row. If a file that once read becomes unreadable, its last good records stay until
a readable version replaces them: a half-copied file must not wipe out a loaded day.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.compute as pc

from clio_pipeline.ingestion.contract import SNIPPET_CHARS, QuarantineReason
from clio_pipeline.ingestion.discovery import LandingFile, discover
from clio_pipeline.ingestion.landing import UnreadableFile, read_raw_lines
from clio_pipeline.ingestion.pseudonym import pseudonym_map
from clio_pipeline.ingestion.validation import validate_lines
from clio_pipeline.warehouse import connect

UNREADABLE_PREFIX = "unreadable:"

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


_RECORD_SCHEMA = pa.schema([
    ("file", pa.string()), ("line_no", pa.int64()), ("partition_date", pa.date32()), ("conversation_id", pa.string()),
    ("user_id", pa.string()), ("created_at", pa.timestamp("us", tz="UTC")),
    ("messages", pa.list_(pa.struct([("role", pa.string()), ("content", pa.string())]))),
    ("metadata", pa.string()), ("n_bytes", pa.int64()), ("reason", pa.string()), ("snippet", pa.string()),
])


@dataclass
class IndexReport:
    files_seen: int = 0
    files_indexed: list[str] = field(default_factory=list)
    records_indexed: int = 0
    invalid_indexed: int = 0
    unreadable: dict[str, str] = field(default_factory=dict)  # file -> reason, for every unreadable file seen


def index_landing(
    db_path: str | Path, landing_dir: str | Path, *, secret: str, max_record_bytes: int, now: datetime | None = None
) -> IndexReport:
    """Bring `landing_records` up to date with the landing directory; returns what was (re)indexed.

    `now` is the clock for the created_at range check and the indexing time (default: current time).
    """
    now = now or datetime.now(timezone.utc)
    files = discover(landing_dir)
    report = IndexReport(files_seen=len(files))
    with connect(db_path, read_only=False) as con:
        known = dict(con.execute("SELECT file, fingerprint FROM landing_files").fetchall())
    changed = [f for f in files if known.get(f.key) != f.fingerprint]
    if not changed:
        return report

    # Parse outside any warehouse connection: a long parse must not hold the writer lock.
    batches = [_index_or_quarantine(f, secret=secret, max_record_bytes=max_record_bytes, now=now) for f in changed]
    readable = [(f, b) for f, (b, ok) in zip(changed, batches) if ok]
    with connect(db_path) as con:
        con.execute("BEGIN TRANSACTION")
        try:
            for file, (batch, ok) in zip(changed, batches):
                _store(con, file, batch, ok, now)
            if readable:  # unreadable-file rows carry no conversation id, so they cannot change duplicates
                con.execute(_DUPLICATES_SQL)
            con.execute("COMMIT")
        except Exception:
            con.execute("ROLLBACK")
            raise
    report.files_indexed = [f.key for f, _ in readable]
    report.records_indexed = sum(b.num_rows for _, b in readable)
    report.invalid_indexed = sum(b.num_rows - b.column("reason").null_count for _, b in readable)
    report.unreadable = {f.key: b.column("reason")[0].as_py() for f, (b, ok) in zip(changed, batches) if not ok}
    return report


def _store(con: duckdb.DuckDBPyConnection, file: LandingFile, batch: pa.Table, readable: bool, now: datetime) -> None:
    if readable:
        con.execute("DELETE FROM landing_records WHERE file = ?", [file.key])
        fingerprint = file.fingerprint
    else:  # keep the file's last good records, replace only its unreadable-file row
        con.execute("DELETE FROM landing_records WHERE file = ? AND line_no = 0", [file.key])
        fingerprint = UNREADABLE_PREFIX + file.fingerprint
    con.register("batch", batch)
    con.execute("INSERT INTO landing_records BY NAME SELECT * FROM batch")
    con.unregister("batch")
    con.execute(
        """
        INSERT INTO landing_files
        SELECT $file, $fingerprint, (SELECT count(*) FROM landing_records WHERE file = $file), $now
        ON CONFLICT (file) DO UPDATE SET fingerprint = excluded.fingerprint, n_records = excluded.n_records,
            indexed_at = CASE WHEN $readable THEN excluded.indexed_at ELSE landing_files.indexed_at END
        """,
        {"file": file.key, "fingerprint": fingerprint, "now": now, "readable": readable},
    )


def _index_or_quarantine(file: LandingFile, *, secret: str, max_record_bytes: int, now: datetime) -> tuple[pa.Table, bool]:
    """(records of the file, True), or (its one unreadable-file row, False). Never raises for a bad file."""
    try:
        return _index_file(file, secret=secret, max_record_bytes=max_record_bytes, now=now), True
    except UnreadableFile as exc:
        return _unreadable_row(file, exc, now.date()), False
    except Exception as exc:  # one bad file must never stop the run; the row says what broke
        error = UnreadableFile("could not be processed", f"{type(exc).__name__}: {exc}")
        return _unreadable_row(file, error, now.date()), False


def _unreadable_row(file: LandingFile, error: UnreadableFile, today: date) -> pa.Table:
    try:
        size = file.path.lstat().st_size
    except OSError:
        size = 0
    row = {
        "file": file.key, "line_no": 0, "partition_date": landing_date(file, today), "conversation_id": None,
        "user_id": None, "created_at": None, "messages": None, "metadata": None, "n_bytes": size,
        "reason": f"{QuarantineReason.UNREADABLE_FILE.value}: {error.why}",
        "snippet": error.detail[:SNIPPET_CHARS] or None,
    }
    return pa.Table.from_pylist([row], schema=_RECORD_SCHEMA)


def landing_date(file: LandingFile, today: date) -> date:
    """The UTC day a file landed (its modification time when discovered), at the latest today."""
    if file.mtime_ns is None:
        return today
    return min(datetime.fromtimestamp(file.mtime_ns / 1e9, tz=timezone.utc).date(), today)


def _index_file(file: LandingFile, *, secret: str, max_record_bytes: int, now: datetime) -> pa.Table:
    raw = read_raw_lines(file)
    parsed = validate_lines(raw, max_record_bytes=max_record_bytes, now=now)
    raw_ids = parsed.column("raw_user_id")
    # Hash each distinct id once, then map the column through the lookup in Arrow.
    distinct = pc.unique(raw_ids).drop_null()
    mapping = pseudonym_map(distinct.to_pylist(), secret)
    pseudonyms = pa.array([mapping[u] for u in distinct.to_pylist()], pa.string())
    user_ids = pc.take(pseudonyms, pc.index_in(raw_ids, value_set=distinct))
    dates = pc.cast(parsed.column("created_at"), pa.date32())
    undated_date = _usual_date(dates, file, now.date())
    partition_dates = pc.fill_null(dates, pa.scalar(undated_date, pa.date32()))
    snippets = _readable_snippets(parsed, raw)
    return pa.table(
        {
            "file": pa.array([file.key] * parsed.num_rows, pa.string()),
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


def _usual_date(dates: pa.ChunkedArray, file: LandingFile, today: date) -> date:
    """Where undatable records of a file go: the file's most common record date, else the day it landed."""
    counts = pc.value_counts(dates.drop_null()) if dates.null_count < len(dates) else None
    if counts is not None and len(counts):
        best = max(counts.to_pylist(), key=lambda c: (c["counts"], c["values"]))
        return best["values"]
    return landing_date(file, today)


def _readable_snippets(parsed: pa.Table, raw: pa.Table) -> pa.Array:
    """Invalid UTF-8 records get a snippet decoded with replacement characters, not byte escapes."""
    reasons = parsed.column("reason").to_pylist()
    if QuarantineReason.INVALID_UTF8.value not in reasons:
        return parsed.column("snippet").combine_chunks()
    bad_lines = {
        line for line, reason in zip(parsed.column("line_no").to_pylist(), reasons)
        if reason == QuarantineReason.INVALID_UTF8.value
    }
    decoded = {
        line: raw_bytes.decode("utf-8", errors="replace")[:SNIPPET_CHARS]
        for line, raw_bytes in zip(raw.column("line_no").to_pylist(), raw.column("raw").to_pylist())
        if line in bad_lines
    }
    snippets = parsed.column("snippet").to_pylist()
    fixed = [decoded.get(line, s) for line, s in zip(parsed.column("line_no").to_pylist(), snippets)]
    return pa.array(fixed, pa.string())
