"""Small cells across days: a planted small group's daily count cannot be recovered by differencing.

Two stable topics, A and B, under one parent, published on four consecutive days with a 3-day window.
Every day A has 12 users and B 15, except one day on which only a planted group of 3 users talks
about A. Every conversation stays in its topic on every day, so the window counts that analysts see
are exact sums of daily counts: the strongest case for differencing.

The analyst's attack is linear algebra over everything published: every published count (cluster
windows, daily trend cells) is a sum of unknown (topic, day) counts, known through `topic_ids`. The
planted day is recoverable exactly when its unit vector lies in the row space of those equations.
With the stable-topic rules it does not; with the per-day rules alone it does (the test can fail).
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import duckdb
import numpy as np
import pytest

from clio_pipeline.privacy.auditor import OfflinePrivacyAuditor
from clio_pipeline.privacy.policy import DisclosurePolicy
from clio_pipeline.privacy.word_rule import WordRule
from clio_pipeline.publishing.build import build_published_tables
from clio_pipeline.publishing.inputs import load_publish_inputs
from clio_pipeline.publishing.topics import (
    keep_published_lineage,
    load_topic_inputs,
    published_topic_ids,
    with_topics,
)
from clio_pipeline.publishing.writer import publish_atomically
from clio_pipeline_tests.publishing.conftest import open_topic_warehouse

FIRST, DAYS, WINDOW = date(2026, 1, 1), 6, 3
PUBLISHED = [FIRST + timedelta(days=i) for i in range(WINDOW - 1, DAYS)]  # the days with a full window
PLANTED_DAY = FIRST + timedelta(days=4)
MIN_USERS, MIN_CONVERSATIONS = 10, 20
USERS = {"A": 12, "B": 15}
PLANTED_USERS = 3
NAMES = {"A": ("Debugging Python code", "Fixing errors in programs."),
         "B": ("Planning trips", "Itineraries and travel."), "P": ("Everyday help", "Code and travel.")}


def _conversations() -> list[dict]:
    rows = []
    for i in range(DAYS):
        day = FIRST + timedelta(days=i)
        for topic, n in USERS.items():
            planted = topic == "A" and day == PLANTED_DAY
            for u in range(PLANTED_USERS if planted else n):
                who = f"planted-SECRET-{u}" if planted else f"user-SECRET-{topic}-{i}-{u}"
                rows.append({"conversation_id": f"conv-SECRET-{topic}-{i}-{u}", "user_id": who, "day": day,
                             "topic": topic})
    return rows


def make_warehouse(path: Path) -> Path:
    con = open_topic_warehouse(path, _conversations())
    try:
        centroids = {"A": [1.0, 0.0], "B": [0.0, 1.0], "P": [0.7, 0.7]}
        for part in PUBLISHED:
            start = max(FIRST, part - timedelta(days=WINDOW - 1))  # as base_clusters stores it
            ids = {k: f"{part:%Y%m%d}-{k}" for k in ("A", "B", "P")}
            for key, (name, description) in NAMES.items():
                level, parent = (1, None) if key == "P" else (0, ids["P"])
                con.execute("INSERT INTO clusters VALUES (?, ?, ?, ?, ?, ?, 0, 0, ?, 'offline')",
                            [part, ids[key], level, parent, name, description, centroids[key]])
            for key in ("A", "B"):
                con.execute("INSERT INTO cluster_topics VALUES (?, ?, ?, 'continue', NULL, NULL, NULL, ?, ?)",
                            [part, ids[key], f"T-{key}", FIRST, centroids[key]])
            con.execute(
                "INSERT INTO cluster_assignments SELECT ?, conversation_id, strftime(?, '%Y%m%d') || '-' || topic, 0.1 "
                "FROM planted WHERE day BETWEEN ? AND ?", [part, part, start, part])
            con.execute("INSERT INTO clustering_runs VALUES (?, ?, ?, 0, 2, 'test', '[]', 0, now(), ?, ?, NULL, NULL, NULL)",
                        [part, start, part, WINDOW, FIRST])
        for key in ("A", "B"):
            con.execute("INSERT INTO topic_lineage VALUES (?, ?, 'birth', NULL, NULL)", [PUBLISHED[0], f"T-{key}"])
    finally:
        con.close()
    return path


def publish_all(tmp: Path, *, stable_topics: bool) -> Path:
    warehouse = make_warehouse(tmp / "warehouse.duckdb")
    published = tmp / "published.duckdb"
    rule = WordRule(" ".join(" ".join(v) for v in NAMES.values()).replace(".", " ").split(), MIN_USERS)
    for part in PUBLISHED:
        result = build_published_tables(
            load_publish_inputs(warehouse, part), OfflinePrivacyAuditor(rule),
            DisclosurePolicy(MIN_USERS, MIN_CONVERSATIONS), stable_topics=stable_topics)
        tables = with_topics(result.tables, load_topic_inputs(warehouse, part), part)  # ids either way
        publish_atomically(published, part, keep_published_lineage(tables, published_topic_ids(published)))
    return published


def recoverable(published: Path, topic: str, day: date) -> bool:
    """Whether the (topic, day) count is a linear combination of published counts (exact recovery)."""
    con = duckdb.connect(str(published), read_only=True)
    try:
        clusters = con.execute("SELECT c.partition_date, c.cluster_id, c.topic_ids, c.n_conversations, c.is_other, "
                               "l.window_start FROM clusters c JOIN publication_log l USING (partition_date)").fetchall()
        trends = con.execute("SELECT partition_date, cluster_id, day, n_conversations FROM cluster_trends "
                             "WHERE n_conversations IS NOT NULL").fetchall()
    finally:
        con.close()
    assert not any(row[4] for row in clusters), "the scenario has no other buckets"
    unknowns = [(t, FIRST + timedelta(days=i)) for t in ("T-A", "T-B") for i in range(DAYS)]
    index = {u: i for i, u in enumerate(unknowns)}
    topics_of = {(p, c): ids for p, c, ids, *_ in clusters}
    equations = []
    for part, _, ids, _, _, start in clusters:  # a cluster's window count
        equations.append([1.0 if t in ids and start <= d <= part else 0.0 for t, d in unknowns])
    for part, cid, day_, _ in trends:  # a published day of a cluster
        row = np.zeros(len(unknowns))
        for t in topics_of[(part, cid)]:
            row[index[(t, day_)]] = 1.0
        equations.append(row)
    A = np.asarray(equations)
    target = np.zeros(len(unknowns))
    target[index[(topic, day)]] = 1.0
    return np.linalg.matrix_rank(np.vstack([A, target])) == np.linalg.matrix_rank(A)


@pytest.mark.parametrize("stable_topics", [True, False])
def test_planted_small_group_cannot_be_recovered_by_differencing_days(tmp_path: Path, stable_topics: bool) -> None:
    published = publish_all(tmp_path, stable_topics=stable_topics)
    con = duckdb.connect(str(published), read_only=True)
    try:
        # Both topics are published every day, with their ids: analysts can link the windows.
        assert con.execute("SELECT count(*) FROM clusters WHERE level = 0").fetchone() == (2 * len(PUBLISHED),)
        assert con.execute("SELECT count(DISTINCT topic_id) FROM topic_trends").fetchone() == (2,)
        planted_cells = con.execute(
            "SELECT count(*) FROM cluster_trends WHERE day = ? AND n_conversations = ?",
            [PLANTED_DAY, PLANTED_USERS]).fetchone()
        text = " ".join(str(r) for r in con.execute("SELECT * FROM clusters").fetchall())
        lineage = con.execute("SELECT partition_date, topic_id, event FROM topic_lineage ORDER BY ALL").fetchall()
    finally:
        con.close()
    assert planted_cells == (0,) and "SECRET" not in text  # the small cell itself is never published
    assert lineage == [(PUBLISHED[0], "T-A", "birth"), (PUBLISHED[0], "T-B", "birth")]
    if stable_topics:
        assert not recoverable(published, "T-A", PLANTED_DAY)
        assert not any(recoverable(published, t, FIRST + timedelta(days=i)) for t in ("T-A", "T-B")
                       for i in range(DAYS))
    else:
        # Per-day suppression alone: yesterday's published days, subtracted from today's window, give it.
        assert recoverable(published, "T-A", PLANTED_DAY)


def test_an_unreadable_analyst_file_has_no_topics_and_does_not_stop_the_rebuild(tmp_path: Path) -> None:
    """The publish step asks the analyst file which topics it holds before rebuilding a corrupt one."""
    garbage = tmp_path / "published.duckdb"
    garbage.write_bytes(b"\x00not a duckdb file" * 1000)
    assert published_topic_ids(garbage) == set()
    assert published_topic_ids(tmp_path / "missing.duckdb") == set()
