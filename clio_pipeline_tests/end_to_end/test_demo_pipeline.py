"""The README's demo command, end to end, and the privacy promises checked on what it published.

Runs `clio-pipeline demo` in a subprocess (real Dagster runs, real DuckDB files, the real embedding
model, FAISS), then plants nothing new: the generator already planted personal data, rare
identifying groups and a two-user topic, and this test proves none of them reaches analysts.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import duckdb
import pytest

from clio_pipeline.evaluation.audit import analyst_text
from clio_pipeline.generator import load_ground_truth, load_rare_words

pytestmark = [pytest.mark.integration, pytest.mark.slow]

N, DAYS, MIN_USERS, MIN_CONVERSATIONS = 1200, 3, 5, 10


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    home = tmp_path_factory.mktemp("demo")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CLIO_", "DAGSTER_"))}
    env |= {"CLIO_MIN_USERS": str(MIN_USERS), "CLIO_MIN_CONVERSATIONS": str(MIN_CONVERSATIONS)}
    proc = subprocess.run(
        [sys.executable, "-m", "clio_pipeline.cli", "demo", "--home", str(home), "--n", str(N), "--days", str(DAYS)],
        env=env, capture_output=True, text=True, timeout=1500,
    )
    assert proc.returncode == 0, proc.stdout[-4000:] + proc.stderr[-4000:]
    assert "Analyst database" in proc.stdout and "Explorer" in proc.stdout
    return home


def test_every_day_materialized_and_published(demo: Path) -> None:
    con = duckdb.connect(str(demo / "published.duckdb"), read_only=True)
    try:
        days = con.execute("SELECT count(DISTINCT partition_date) FROM publication_log").fetchone()[0]
        columns = {r[0] for r in con.execute("SELECT column_name FROM information_schema.columns").fetchall()}
        n_clusters, min_users = con.execute(
            "SELECT count(*), min(n_users) FROM clusters WHERE partition_date = (SELECT max(partition_date) FROM clusters)"
        ).fetchone()
    finally:
        con.close()
    assert days == DAYS
    assert n_clusters >= 3 and min_users >= MIN_USERS
    assert not columns & {"conversation_id", "user_id", "messages", "summary", "embedding"}


def test_planted_personal_data_never_reaches_analysts(demo: Path) -> None:
    truth = load_ground_truth(demo / "landing")
    planted = {p["value"] for t in truth for p in t["planted"] if len(p["value"]) >= 4}
    assert len(planted) > 50, "the generator should have planted personal data"
    published = analyst_text(demo / "published.duckdb") + (demo / "explorer.html").read_text(encoding="utf-8")
    leaked = sorted(v for v in planted if v in published)
    assert leaked == []


def test_rare_identifying_words_never_reach_analysts(demo: Path) -> None:
    words = {w.lower() for w in load_rare_words(demo / "landing")["words"]}
    assert words
    published = (analyst_text(demo / "published.duckdb") + (demo / "explorer.html").read_text(encoding="utf-8")).lower()
    assert sorted(w for w in words if re.search(rf"\b{re.escape(w)}\b", published)) == []


def test_two_user_topic_is_suppressed(demo: Path) -> None:
    """The topic two users drive is never published as a cluster of its own, nor named."""
    truth = load_ground_truth(demo / "landing")
    niche = {t["conversation_id"] for t in truth if t["two_user_topic"]}
    assert niche
    warehouse = duckdb.connect(str(demo / "warehouse.duckdb"), read_only=True)
    try:
        last = warehouse.execute("SELECT max(partition_date) FROM cluster_assignments").fetchone()[0]
        rows = warehouse.execute(
            "SELECT conversation_id, cluster_id FROM cluster_assignments WHERE partition_date = ?", [last]
        ).fetchall()
    finally:
        warehouse.close()
    size = Counter(cid for _, cid in rows)
    niche_in = Counter(cid for conv, cid in rows if conv in niche)
    dominated = {cid for cid, n in niche_in.items() if n >= 0.5 * size[cid]}
    analyst = duckdb.connect(str(demo / "published.duckdb"), read_only=True)
    try:
        published = {r[0] for r in analyst.execute("SELECT cluster_id FROM clusters WHERE partition_date = ?", [last]).fetchall()}
    finally:
        analyst.close()
    assert dominated.isdisjoint(published)
    text = (analyst_text(demo / "published.duckdb") + (demo / "explorer.html").read_text(encoding="utf-8")).lower()
    assert "barometer" not in text


def test_warehouse_keeps_raw_data_private_and_conserved(demo: Path) -> None:
    con = duckdb.connect(str(demo / "warehouse.duckdb"), read_only=True)
    try:
        read, loaded, quarantined = con.execute(
            "SELECT (SELECT count(*) FROM landing_records), (SELECT count(*) FROM conversations), "
            "(SELECT count(*) FROM quarantine)"
        ).fetchone()
        raw_user_ids = con.execute("SELECT count(*) FROM conversations WHERE user_id LIKE 'u\\_%' ESCAPE '\\'").fetchone()[0]
        facets = con.execute("SELECT count(*) FROM facets").fetchone()[0]
    finally:
        con.close()
    assert read == N and loaded + quarantined == read and facets == loaded
    assert raw_user_ids == 0, "user ids must be pseudonymized"
