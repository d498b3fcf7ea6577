"""The clustering window of a partition as one value: decided once by `base_clusters`, stored in
`clustering_runs`, and read back from there by the hierarchy and by publishing.

Nominally the window of partition D is the CLIO_WINDOW_DAYS days ending on D. It starts later when the
data does: days before a source's first conversation (or before the first daily partition) hold
nothing, so they are empty, not missing. A backfill from the first day of a new source therefore
clusters D1 alone, then D1..D2, and so on, and every later stage sees exactly those days: growth is
measured over the days that had data, and no never-loaded day is published as a zero.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import duckdb

from clio_pipeline.warehouse import connect


@dataclass(frozen=True)
class ClusterWindow:
    """The days [start, end] one partition clustered (start > end when the data begins after end)."""

    start: date
    end: date
    nominal_days: int  # CLIO_WINDOW_DAYS when the window was decided
    data_start: date | None = None  # first day with data known then (None: none known, or an old record)

    @property
    def n_days(self) -> int:
        return max(0, (self.end - self.start).days + 1)

    @property
    def days(self) -> list[date]:
        return [self.start + timedelta(days=i) for i in range(self.n_days)]

    @property
    def is_shortened(self) -> bool:
        """True while the data (or the partition range) is younger than the nominal window."""
        return self.n_days < self.nominal_days


def plan_window(end: date, window_days: int, *, first_partition: date, data_start: date | None) -> ClusterWindow:
    """The window of partition `end`: the later of end - window_days + 1, the first partition, the first data.

    With no data known at all the window is the partition's own day: no earlier day can be missing.
    """
    if window_days < 1:
        raise ValueError(f"CLIO_WINDOW_DAYS must be at least 1, got {window_days}")
    start = max(end - timedelta(days=window_days - 1), first_partition, data_start or end)
    return ClusterWindow(start=start, end=end, nominal_days=window_days, data_start=data_start)


# The first day with conversations: anything loaded, or any valid record the landing index has seen.
# The index counts, so a landing day that was never materialized is inside the data and still blocks.
_FIRST_DATA_DAY_SQL = """
SELECT min(day) FROM (
    SELECT min(partition_date) AS day FROM conversations
    UNION ALL
    SELECT min(partition_date) FROM landing_records WHERE reason IS NULL
)
"""


def first_data_day(db_path: str | Path) -> date | None:
    """The earliest day that has conversations, loaded or waiting in the landing index (None if none)."""
    with connect(db_path, read_only=True) as con:
        (day,) = con.execute(_FIRST_DATA_DAY_SQL).fetchone()
    return day


def read_cluster_window(con: duckdb.DuckDBPyConnection, day: date) -> ClusterWindow | None:
    """The window partition `day` was clustered on, as `base_clusters` recorded it (None if never clustered).

    Rows written before the window was a stored value lack `window_days` and `data_start`; their
    window_start..window_end is still exactly what was clustered.
    """
    row = con.execute(
        "SELECT window_start, window_end, window_days, data_start FROM clustering_runs WHERE partition_date = ?",
        [day],
    ).fetchone()
    if row is None:
        return None
    start, end, nominal, data_start = row
    if nominal is None:
        nominal = max(0, (end - start).days + 1)
    return ClusterWindow(start=start, end=end, nominal_days=int(nominal), data_start=data_start)


def load_cluster_window(db_path: str | Path, day: date) -> ClusterWindow | None:
    """`read_cluster_window` through a short read-only connection."""
    with connect(db_path, read_only=True) as con:
        return read_cluster_window(con, day)


def require_cluster_window(con: duckdb.DuckDBPyConnection, day: date) -> ClusterWindow:
    """The stored window of `day`, or a clear error saying which asset to materialize first."""
    window = read_cluster_window(con, day)
    if window is None:
        raise LookupError(
            f"No clustering window is recorded for {day} (clustering_runs has no row): "
            f"materialize base_clusters for {day} first."
        )
    return window
