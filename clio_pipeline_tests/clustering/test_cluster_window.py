"""The clustering window as a value: where it starts, where the first data day comes from, old warehouses."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import duckdb
import pytest

from clio_pipeline.clustering.cluster_window import (
    ClusterWindow,
    first_data_day,
    load_cluster_window,
    plan_window,
)
from clio_pipeline.warehouse import ensure_warehouse

FIRST_PARTITION = date(2026, 1, 1)
D = date(2026, 3, 10)


@pytest.mark.parametrize(
    ("end", "data_start", "start"),
    [
        (D, date(2026, 3, 1), D - timedelta(days=6)),  # data older than the window: the full window
        (D, D, D),  # the first day of a new source: that day alone
        (D, D - timedelta(days=2), D - timedelta(days=2)),  # young data: from its first day
        (date(2026, 1, 3), date(2025, 12, 1), FIRST_PARTITION),  # data before the first partition
        (D, None, D),  # nothing known anywhere: no earlier day can be missing
    ],
)
def test_window_starts_at_the_later_of_the_window_the_partitions_and_the_data(end, data_start, start):
    window = plan_window(end, 7, first_partition=FIRST_PARTITION, data_start=data_start)
    assert (window.start, window.end) == (start, end)
    assert window.days == [start + timedelta(days=i) for i in range((end - start).days + 1)]
    assert window.is_shortened == (window.n_days < 7)


def test_a_day_before_the_data_has_an_empty_window():
    window = plan_window(D, 7, first_partition=FIRST_PARTITION, data_start=D + timedelta(days=3))
    assert window.n_days == 0 and window.days == []


def test_nonsense_window_length_is_refused():
    with pytest.raises(ValueError, match="at least 1"):
        plan_window(D, 0, first_partition=FIRST_PARTITION, data_start=None)


def test_first_data_day_counts_loaded_and_indexed_valid_records_only(tmp_path: Path):
    db = tmp_path / "warehouse.duckdb"
    ensure_warehouse(db)
    assert first_data_day(db) is None
    con = duckdb.connect(str(db))
    try:
        # A quarantined record dated earlier is not data; a valid record still in the landing index is,
        # even though its day was never loaded (so that day stays inside the window, and can block).
        con.execute("INSERT INTO landing_records (file, line_no, partition_date, n_bytes, reason) VALUES "
                    "('f', 1, DATE '2026-02-01', 10, 'invalid_json'), ('f', 2, DATE '2026-03-05', 10, NULL)")
        con.execute("INSERT INTO conversations (conversation_id, user_id, created_at, partition_date, messages, "
                    "n_messages, n_user_messages, n_chars, source_file, source_line) VALUES "
                    "('c', 'u', TIMESTAMPTZ '2026-03-07 10:00:00+00', DATE '2026-03-07', [], 0, 0, 0, 'f', 3)")
    finally:
        con.close()
    assert first_data_day(db) == date(2026, 3, 5)


OLD_CLUSTERING_RUNS = """
CREATE TABLE clustering_runs (
    partition_date DATE NOT NULL, window_start DATE NOT NULL, window_end DATE NOT NULL,
    n_conversations BIGINT NOT NULL, k INTEGER NOT NULL, k_method VARCHAR NOT NULL, k_candidates JSON NOT NULL,
    seed INTEGER NOT NULL, created_at TIMESTAMPTZ NOT NULL
);
INSERT INTO clustering_runs VALUES (DATE '2026-01-03', DATE '2026-01-01', DATE '2026-01-03', 10, 2, 'pinned',
                                    '[]', 0, now());
"""


def test_a_warehouse_of_the_previous_version_keeps_working(tmp_path: Path):
    db = tmp_path / "warehouse.duckdb"
    con = duckdb.connect(str(db))
    try:
        con.execute(OLD_CLUSTERING_RUNS)
    finally:
        con.close()
    ensure_warehouse(db)
    ensure_warehouse(db)  # idempotent
    # The old row reads back as exactly the window it clustered.
    assert load_cluster_window(db, date(2026, 1, 3)) == ClusterWindow(
        date(2026, 1, 1), date(2026, 1, 3), nominal_days=3, data_start=None)
    assert load_cluster_window(db, date(2026, 1, 4)) is None
    con = duckdb.connect(str(db))
    try:
        columns = [r[0] for r in con.execute("DESCRIBE clustering_runs").fetchall()]
    finally:
        con.close()
    assert columns[-5:] == ["window_days", "data_start", "k_reason", "input_fingerprint", "hierarchy_fingerprint"]
