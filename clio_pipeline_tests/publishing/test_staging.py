"""Staging tables in the warehouse and the blocking checks run on them before publishing."""

from __future__ import annotations

import re
import shutil
from datetime import date
from pathlib import Path

import duckdb
import pyarrow as pa

from clio_pipeline.privacy.policy import DisclosurePolicy
from clio_pipeline.privacy.published_rows import (
    find_detector_hits,
    find_small_cells,
    find_threshold_violations,
)
from clio_pipeline.publishing.schema import SCHEMA_SQL, TABLES, fetch_arrow
from clio_pipeline.publishing.staging import (
    STAGED_TABLES,
    read_staged,
    read_staged_history,
    write_staged,
)
from clio_pipeline.publishing.writer import publish_atomically

from .conftest import MIN_CONVERSATIONS, MIN_USERS, PARTITION
from .test_writer import shifted


def test_staged_round_trip_passes_every_check_and_publishes(tmp_path: Path, warehouse: Path, published_result):
    wh = tmp_path / "warehouse.duckdb"
    shutil.copyfile(warehouse, wh)
    con = duckdb.connect(str(wh))
    try:
        write_staged(con, PARTITION, published_result.tables)
        write_staged(con, PARTITION, published_result.tables)  # idempotent per partition
        for name, staged in STAGED_TABLES.items():
            (n,) = con.execute(f"SELECT count(*) FROM {staged}").fetchone()
            assert n == published_result.tables[name].num_rows
    finally:
        con.close()
    staged = read_staged(wh, PARTITION)
    for name in TABLES:
        assert staged[name].schema == TABLES[name]
        assert sorted(map(repr, staged[name].to_pylist())) == sorted(
            map(repr, published_result.tables[name].to_pylist()))
    clusters = staged["clusters"].to_pylist()
    assert find_detector_hits(clusters) == []
    assert find_detector_hits(staged["cluster_facet_breakdowns"].to_pylist()) == []
    assert find_threshold_violations(clusters, MIN_USERS, MIN_CONVERSATIONS) == []
    assert find_small_cells(staged["cluster_facet_breakdowns"].to_pylist(), MIN_USERS) == []
    assert find_small_cells(staged["cluster_trends"].to_pylist(), MIN_USERS) == []
    publish_atomically(tmp_path / "published.duckdb", PARTITION, staged)


def cluster_row(**overrides):
    row = {"partition_date": date(2026, 1, 7), "cluster_id": "k", "parent_id": None, "name": "Debugging code",
           "description": "Fixing errors.", "n_conversations": 100, "n_users": 50, "audit_score": 5}
    row.update(overrides)
    return row


def test_checks_find_planted_problems():
    hits = find_detector_hits([cluster_row(description="Contact jane.doe@example.com"),
                               cluster_row(cluster_id="k2", audit_score=2)])
    assert any("EMAIL" in h for h in hits) and any("audit score 2" in h for h in hits)
    assert find_detector_hits([{"cluster_id": "k", "facet": "task", "value": "call +1 415 555 0132"}])
    violations = find_threshold_violations(
        [cluster_row(n_users=2), cluster_row(cluster_id="k3", n_conversations=3, parent_id="missing")],
        MIN_USERS, MIN_CONVERSATIONS,
    )
    assert len(violations) == 3
    small = find_small_cells(
        [{"cluster_id": "k", "facet": "language", "value": "is", "n_conversations": 2, "n_users": 1},
         {"cluster_id": "k", "day": date(2026, 1, 3), "n_conversations": None, "n_users": None},
         {"cluster_id": "k", "day": date(2026, 1, 4), "n_conversations": 0, "n_users": 0}],
        MIN_USERS,
    )
    assert len(small) == 1 and "language=is" in small[0]


def test_schema_sql_matches_the_arrow_schemas(tmp_path: Path):
    con = duckdb.connect(str(tmp_path / "s.duckdb"))
    try:
        con.execute(SCHEMA_SQL.read_text(encoding="utf-8"))
        for name, schema in TABLES.items():
            arrow = fetch_arrow(con, f"SELECT * FROM {name} LIMIT 0").schema
            assert arrow.names == schema.names, name
            for field in schema:
                got = arrow.field(field.name).type
                # DuckDB returns TIMESTAMP as timestamp[us]; everything else must match exactly.
                assert got == field.type or re.match("timestamp", str(got)), (name, field.name, got)
    finally:
        con.close()


def test_rebuild_restores_only_staged_days_that_pass_the_gates(tmp_path: Path, warehouse: Path, published_result):
    """A staged day whose checks failed (planted email, a two-user cluster) never reaches a rebuilt database."""
    wh = tmp_path / "warehouse.duckdb"
    shutil.copyfile(warehouse, wh)
    good_day, good = shifted(published_result.tables, -1)
    bad_day, bad = shifted(published_result.tables, -2)
    clusters = bad["clusters"].to_pylist()
    clusters[0] |= {"name": "Emails to jane.doe@example.com"}
    clusters[1] |= {"n_users": 2}
    bad["clusters"] = pa.Table.from_pylist(clusters, schema=TABLES["clusters"])
    con = duckdb.connect(str(wh))
    try:
        for day, tables in ((bad_day, bad), (good_day, good), (PARTITION, published_result.tables)):
            write_staged(con, day, tables)
    finally:
        con.close()

    history = read_staged_history(wh, DisclosurePolicy(MIN_USERS, MIN_CONVERSATIONS), exclude=[PARTITION])
    assert sorted(history.publishable) == [good_day]
    assert list(history.withheld) == [bad_day]
    assert any("EMAIL" in p for p in history.withheld[bad_day]) and any("2 users" in p for p in history.withheld[bad_day])

    dest = tmp_path / "published.duckdb"
    publish_atomically(dest, PARTITION, read_staged(wh, PARTITION), other_days=lambda: history.publishable)
    con = duckdb.connect(str(dest), read_only=True)
    try:
        days = [d for (d,) in con.execute("SELECT DISTINCT partition_date FROM clusters ORDER BY 1").fetchall()]
        text = str(con.execute("SELECT * FROM clusters").fetchall())
    finally:
        con.close()
    assert days == [good_day, PARTITION]
    assert "jane.doe" not in text
