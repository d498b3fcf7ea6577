"""The analyst database on disk: aggregates only, views that work, atomic swap under a live reader."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from datetime import date, timedelta
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.compute as pc
import pytest

from clio_pipeline.publishing.schema import ANALYST_SQL_DIR, EXAMPLES_FILE, FORBIDDEN_COLUMNS, TABLES
from clio_pipeline.publishing.writer import publish_atomically

from .conftest import PARTITION


def shifted(tables: dict[str, pa.Table], days: int) -> tuple[date, dict[str, pa.Table]]:
    """The same tables re-dated as another partition (stands in for the next day's build)."""
    new_date = PARTITION + timedelta(days=days)
    out = {}
    for name, table in tables.items():
        column = pa.array([new_date] * table.num_rows, type=pa.date32())
        out[name] = table.set_column(table.schema.get_field_index("partition_date"), "partition_date", column)
    return new_date, out


@pytest.fixture
def published_db(tmp_path: Path, published_result) -> Path:
    dest = tmp_path / "published.duckdb"
    publish_atomically(dest, PARTITION, published_result.tables)
    return dest


def test_no_identifier_or_raw_text_column_and_no_leaked_value(published_db: Path):
    con = duckdb.connect(str(published_db), read_only=True)
    try:
        columns = con.execute("SELECT table_name, column_name FROM information_schema.columns").fetchall()
        assert not {c for _, c in columns} & FORBIDDEN_COLUMNS
        assert {t for t, _ in columns} >= set(TABLES)
        for table in TABLES:
            text = str(con.execute(f"SELECT * FROM {table}").fetchall())
            assert "SECRET" not in text and "jane.doe" not in text
        undocumented = con.execute(
            "SELECT table_name, column_name FROM duckdb_columns() WHERE comment IS NULL AND internal = false "
            "AND table_name IN (SELECT unnest(?))", [list(TABLES)]
        ).fetchall()
        assert undocumented == []
    finally:
        con.close()


def test_views_answer_on_a_real_published_db(published_db: Path, published_result):
    next_date, next_tables = shifted(published_result.tables, 1)
    publish_atomically(published_db, next_date, next_tables)
    con = duckdb.connect(str(published_db), read_only=True)
    try:
        (n_latest,) = con.execute("SELECT count(*) FROM latest_clusters").fetchone()
        assert n_latest == published_result.tables["clusters"].num_rows
        assert con.execute("SELECT DISTINCT partition_date FROM latest_clusters").fetchall() == [(next_date,)]
        top = con.execute("SELECT cluster_id FROM top_clusters WHERE level = 0 AND rank_in_level = 1").fetchone()
        assert top == ("b_travel",)
        assert not con.execute("SELECT count(*) FROM top_clusters WHERE cluster_id LIKE '%-other'").fetchone()[0]
        growth = con.execute(
            "SELECT partition_date, share_change FROM cluster_growth WHERE cluster_id = 'b_travel' "
            "ORDER BY partition_date"
        ).fetchall()
        assert growth == [(PARTITION, None), (next_date, 0.0)]
        fr = con.execute(
            "SELECT share_of_cluster FROM language_mix WHERE cluster_id = 'b_code' AND language = 'fr'"
        ).fetchone()
        assert fr is not None and abs(fr[0] - 24 / 120) < 1e-9
        first = con.execute("SELECT cluster_id, share_high_concern FROM concerning_clusters LIMIT 1").fetchone()
        assert first[0] == "b_travel" and abs(first[1] - 40 / 200) < 1e-9
        examples = (ANALYST_SQL_DIR / EXAMPLES_FILE).read_text(encoding="utf-8")
        statements = [
            s for s in examples.split(";")
            if any(line.strip() and not line.strip().startswith("--") for line in s.splitlines())
        ]
        for statement in statements:
            con.execute(statement).fetchall()
        assert len(statements) >= 5
    finally:
        con.close()


def test_republishing_a_partition_replaces_it(published_db: Path, published_result):
    smaller = {name: t.slice(0, 1) for name, t in published_result.tables.items()}
    publish_atomically(published_db, PARTITION, smaller)
    con = duckdb.connect(str(published_db), read_only=True)
    try:
        assert con.execute("SELECT count(*) FROM clusters").fetchone() == (1,)
        assert con.execute("SELECT count(*) FROM cluster_trends").fetchone() == (1,)
    finally:
        con.close()


def test_forbidden_column_is_refused_and_nothing_changes(published_db: Path, published_result):
    before = published_db.read_bytes()
    tables = dict(published_result.tables)
    clusters = tables["clusters"]
    tables["clusters"] = clusters.append_column("user_id", pa.array(["user-SECRET"] * clusters.num_rows))
    with pytest.raises(ValueError, match="forbidden"):
        publish_atomically(published_db, PARTITION, tables)
    assert published_db.read_bytes() == before
    assert sorted(p.name for p in published_db.parent.iterdir()) == ["published.duckdb", "published.duckdb.lock"]


def test_rows_of_another_partition_are_refused(tmp_path: Path, published_result):
    _, other = shifted(published_result.tables, 3)
    with pytest.raises(ValueError, match="not only"):
        publish_atomically(tmp_path / "p.duckdb", PARTITION, other)


ANALYST = textwrap.dedent("""
    import sys, duckdb
    con = duckdb.connect(sys.argv[1], read_only=True)
    def snapshot():
        return con.execute(
            "SELECT count(*), sum(n_conversations), count(DISTINCT partition_date) FROM clusters").fetchone()
    print("before", *snapshot(), flush=True)
    sys.stdin.readline()  # the pipeline publishes twice meanwhile
    print("after", *snapshot(), flush=True)
    sys.stdin.readline()
    con.close()
""")


def test_atomic_swap_with_a_concurrent_read_only_analyst(published_db: Path, published_result):
    analyst = subprocess.Popen(
        [sys.executable, "-c", ANALYST, str(published_db)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    try:
        before = analyst.stdout.readline().split()
        assert before[0] == "before", analyst.stderr.read()
        # Two publishes while the analyst holds the file open read-only.
        for days in (1, 2):
            day, tables = shifted(published_result.tables, days)
            bumped = tables["clusters"].set_column(
                tables["clusters"].schema.get_field_index("n_conversations"), "n_conversations",
                pc.add(tables["clusters"].column("n_conversations"), days),
            )
            publish_atomically(published_db, day, {**tables, "clusters": bumped})
        analyst.stdin.write("go\n")
        analyst.stdin.flush()
        after = analyst.stdout.readline().split()
        assert after[1:] == before[1:]  # the analyst's view did not move under them
        analyst.stdin.write("done\n")
        analyst.stdin.flush()
        assert analyst.wait(timeout=30) == 0, analyst.stderr.read()
    finally:
        if analyst.poll() is None:
            analyst.kill()
    con = duckdb.connect(str(published_db), read_only=True)
    try:
        n_rows = published_result.tables["clusters"].num_rows
        assert con.execute("SELECT count(DISTINCT partition_date), count(*) FROM clusters").fetchone() == (
            3, 3 * n_rows)
        assert con.execute("SELECT max(partition_date) FROM latest_clusters").fetchone() == (
            PARTITION + timedelta(days=2),)
    finally:
        con.close()
    assert not list(published_db.parent.glob("*.tmp*"))
