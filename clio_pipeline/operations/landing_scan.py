"""What changed in the landing folder since the last look, and which daily partitions that affects.

The landing sensor's Dagster-free core. A file is known by its fingerprint (size and modification
time, as ingestion uses). For a new or changed file, the days it holds records for are read from
`created_at` alone, parsed exactly as ingestion parses it; a changed or deleted file also affects the
days it held before. The cursor remembers every file's fingerprint and days, and the days that were
affected but are not partitions yet (today's data), so that they are launched once their day ends.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from pathlib import Path

import duckdb

from clio_pipeline.ingestion.discovery import LandingFile, discover
from clio_pipeline.ingestion.landing import read_raw_lines

# created_at -> UTC day, as ingestion's validation computes it (try_cast of the JSON string to TIMESTAMPTZ).
_DAYS_SQL = """
SELECT DISTINCT CAST(try_cast(json_extract_string(try(decode(raw)::JSON), '$.created_at') AS TIMESTAMPTZ) AS DATE)
FROM raw_lines WHERE try(trim(decode(raw))) IS DISTINCT FROM ''
"""


def record_days(file: LandingFile) -> set[date]:
    """The UTC days a landing file holds records for.

    A file with no datable record, and a file that cannot be read (a FIFO or an outside symlink that
    discovery refused, a corrupt gzip...), count as the day they landed: that is where ingestion files
    them (as records, or as one `unreadable_file` row). A refused entry is never opened here either.
    """
    landed = {_landing_day(file)}
    if file.problem is not None:
        return landed
    con = duckdb.connect()
    try:
        con.execute("SET TimeZone = 'UTC'")
        con.register("raw_lines", read_raw_lines(file))
        found = {row[0] for row in con.execute(_DAYS_SQL).fetchall()}
    except Exception:  # unreadable now: ingestion will quarantine it on its landing day
        return landed
    finally:
        con.close()
    days = {d for d in found if d is not None}
    return days if days or not found else landed


def _landing_day(file: LandingFile) -> date:
    """The UTC day the file landed (its modification time, never later than today)."""
    if file.mtime_ns is not None:
        mtime = file.mtime_ns / 1e9
    else:
        try:
            mtime = file.path.lstat().st_mtime
        except OSError:
            mtime = time.time()
    return min(datetime.fromtimestamp(mtime, tz=timezone.utc).date(), datetime.now(timezone.utc).date())


@dataclass
class LandingCursor:
    files: dict[str, dict] = field(default_factory=dict)  # path -> {"fingerprint": str, "days": [iso]}
    pending: dict[str, list[str]] = field(default_factory=dict)  # day -> changes not launched yet

    @classmethod
    def from_json(cls, text: str | None) -> LandingCursor:
        if not text:
            return cls()
        data = json.loads(text)
        return cls(files=data.get("files", {}), pending=data.get("pending", {}))

    def to_json(self) -> str:
        return json.dumps({"files": self.files, "pending": self.pending}, sort_keys=True, separators=(",", ":"))


@dataclass
class LandingPlan:
    runs: dict[str, str]  # partition day (ISO) -> run key
    cursor: LandingCursor
    changed_files: list[str]
    not_yet_partitions: list[str]  # affected days waiting for their partition to exist
    never_partitions: list[str]  # affected days before the first partition: nothing to run
    unscanned: int  # changed files left for the next tick (time budget)


def run_key(day: str, changes: list[str]) -> str:
    """One key per (partition, set of file versions): the same change never launches a second run."""
    digest = hashlib.sha256("\n".join(sorted(set(changes))).encode("utf-8")).hexdigest()[:16]
    return f"landing:{day}:{digest}"


def plan_runs(
    landing_dir: str | Path,
    cursor: LandingCursor,
    *,
    partition_state: Callable[[date], str],
    budget_s: float = 40.0,
) -> LandingPlan:
    """Compare the landing folder with `cursor`; the partitions to run and the cursor to store.

    `partition_state(day)` answers "valid" (a partition that can run now), "future" (not a partition
    yet) or "never" (before the first partition).
    """
    began = time.monotonic()
    files = {f.key: f for f in discover(landing_dir)}
    new_files: dict[str, dict] = {}
    changes: dict[str, list[str]] = {day: list(keys) for day, keys in cursor.pending.items()}
    changed, unscanned = [], 0
    for path, file in files.items():
        before = cursor.files.get(path)
        if before is not None and before["fingerprint"] == file.fingerprint:
            new_files[path] = before
            continue
        if time.monotonic() - began > budget_s:
            unscanned += 1  # keep the old state: the next tick sees the file as changed again
            if before is not None:
                new_files[path] = before
            continue
        days = sorted(d.isoformat() for d in record_days(file))
        new_files[path] = {"fingerprint": file.fingerprint, "days": days}
        changed.append(path)
        for day in set(days) | set(before["days"] if before else []):
            changes.setdefault(day, []).append(f"{path}@{file.fingerprint}")
    for path, before in cursor.files.items():
        if path not in files:  # deleted: its days lose records
            changed.append(path)
            for day in before["days"]:
                changes.setdefault(day, []).append(f"{path}@deleted")

    runs, pending, future, never = {}, {}, [], []
    for day in sorted(changes):
        state = partition_state(date.fromisoformat(day))
        if state == "valid":
            runs[day] = run_key(day, changes[day])
        elif state == "future":
            pending[day] = sorted(set(changes[day]))
            future.append(day)
        else:
            never.append(day)
    return LandingPlan(runs=runs, cursor=LandingCursor(files=new_files, pending=pending), changed_files=changed,
                       not_yet_partitions=future, never_partitions=never, unscanned=unscanned)
