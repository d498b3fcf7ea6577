"""Stable topics through real Dagster runs: ids carry over, re-runs repeat them, analysts see only gated topics.

Generated data (with a topic that appears mid-way), the real embedding model and FAISS, four daily
runs of every asset from ingestion to the analyst database into temporary DuckDB files, with a
2-day window and low thresholds so that a small data set publishes.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date, timedelta
from pathlib import Path

import duckdb
import pytest
from dagster import DagsterInstance

from clio_pipeline.clustering.assets import base_clusters
from clio_pipeline.embeddings.assets import embeddings
from clio_pipeline.facets.assets import facets
from clio_pipeline.generator import generate_dataset, load_ground_truth
from clio_pipeline.generator.dynamics import TopicDynamics
from clio_pipeline.hierarchy.assets import cluster_hierarchy, hierarchy_invariants
from clio_pipeline.ingestion.assets import conversations, records_conserved
from clio_pipeline.publishing.assets import (
    aggregation_thresholds,
    analyst_database,
    no_personal_data,
    no_small_cells,
    staged_aggregates,
    topics_published_only,
)
from clio_pipeline.resources import (
    ClusteringResource,
    PrivacyResource,
)
from clio_pipeline_tests.conftest import pipeline_resources, run_assets

pytestmark = [pytest.mark.integration, pytest.mark.slow]

# Days 1-5 of a week with no k re-sweep day after the first (`daily_k.is_sweep_day`: ordinal % 7 == 0 is
# 2026-01-04 and 2026-01-11), so that k moves only if the data move it. ~240 conversations a day over
# 20 generator topics: enough that a topic can form a cluster of its own at k ~ n / 25.
START, DAYS = date(2026, 1, 5), 5
MIDWAY, MIDWAY_DAY, MIN_CONVERSATIONS = "caregiving_advice", 3, 6
ASSETS = [conversations, facets, embeddings, base_clusters, cluster_hierarchy, staged_aggregates, analyst_database]
CHECKS = [records_conserved, hierarchy_invariants, no_personal_data, aggregation_thresholds, no_small_cells,
          topics_published_only]


def resources(home: Path, *, track_topics: bool = True, skip_unchanged: bool = True) -> dict:
    # The defaults otherwise: multilingual model, language-neutral vectors (centered over each window).
    return pipeline_resources(
        home,
        clustering=ClusteringResource(window_days=2, seed=0, track_topics=track_topics, target_cluster_size=25,
                                      skip_unchanged=skip_unchanged),
        privacy=PrivacyResource(min_users=3, min_conversations=MIN_CONVERSATIONS),
    )


def day_key(i: int) -> str:
    return (START + timedelta(days=i)).isoformat()


def query(path: Path, sql: str, params: list | None = None) -> list[tuple]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return con.execute(sql, params or []).fetchall()
    finally:
        con.close()


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory):
    home = tmp_path_factory.mktemp("topics")
    generate_dataset(home / "landing", n=1200, days=DAYS, start_date=START, seed=5,
                     dynamics=TopicDynamics(rising=None, midway=MIDWAY, midway_day=MIDWAY_DAY, midway_rate=0.3))
    with DagsterInstance.ephemeral() as instance:
        for i in range(DAYS):
            result = run_assets(ASSETS, resources(home), day_key(i), checks=CHECKS, instance=instance)
            assert result.success, day_key(i)
            failed = [c.check_name for c in result.get_asset_check_evaluations() if not c.passed]
            assert failed == [], (day_key(i), failed)
        yield home, instance


def test_topic_ids_carry_over_between_consecutive_days(run) -> None:
    # Day 3: the 2-day window is full and the content is what it was the day before (the mid-way topic
    # starts on day 4, a real change measured in the next test, not churn).
    home, _ = run
    rows = query(home / "warehouse.duckdb", """
        SELECT a.partition_date, a.conversation_id, t.topic_id
        FROM cluster_assignments a JOIN cluster_topics t USING (partition_date, cluster_id)""")
    topic = {(d, c): t for d, c, t in rows}
    day = START + timedelta(days=MIDWAY_DAY - 1)
    shared = [(t, topic[(day - timedelta(days=1), c)]) for (d, c), t in topic.items()
              if d == day and (day - timedelta(days=1), c) in topic]
    # No re-sweep and no change of size band: k is yesterday's.
    k = dict(query(home / "warehouse.duckdb", "SELECT partition_date, k FROM clustering_runs"))
    assert k[day] == k[day - timedelta(days=1)]
    assert len(shared) > 50
    same = sum(a == b for a, b in shared)
    assert same / len(shared) >= 0.9, f"only {same}/{len(shared)} conversations kept their topic on {day}"
    events = dict(query(home / "warehouse.duckdb", "SELECT event, count(*) FROM topic_lineage GROUP BY 1"))
    assert events.get("birth", 0) >= 2  # day 1: every cluster is born


def test_the_mid_way_topic_gets_a_new_id_on_the_day_it_forms_a_cluster(run) -> None:
    # On day 4 it is 38 of a 57-conversation cluster of an old topic: the new-content permutation test
    # (clustering/novelty.py) splits it off (z 4.0 >= 3.86); the former 2-means test did not (z 3.0).
    home, _ = run
    truth = {r["conversation_id"]: r["topic"] for r in load_ground_truth(home / "landing")}
    rows = query(home / "warehouse.duckdb", """
        SELECT a.partition_date, t.topic_id, a.conversation_id
        FROM cluster_assignments a JOIN cluster_topics t USING (partition_date, cluster_id)""")
    members: dict[tuple, Counter] = defaultdict(Counter)
    for day, topic_id, conversation_id in rows:
        members[(day, topic_id)][truth[conversation_id]] += 1
    formed = sorted((day, topic_id) for (day, topic_id), counts in members.items()
                    if counts[MIDWAY] >= MIN_CONVERSATIONS and counts.most_common(1)[0][0] == MIDWAY)
    assert formed, "the mid-way topic never formed a cluster of its own"
    day, topic_id = formed[0]
    assert day > START + timedelta(days=MIDWAY_DAY - 1)
    assert all(t != topic_id for (d, t) in members if d < day), f"{topic_id} existed before {day}"
    events = query(home / "warehouse.duckdb", "SELECT event FROM topic_lineage WHERE partition_date = ? "
                                              "AND topic_id = ?", [day, topic_id])
    assert events and events[0][0] in ("birth", "split")


def test_rerunning_a_day_gives_identical_topics_and_names(run) -> None:
    home, instance = run
    snapshot_sql = """
        SELECT t.cluster_id, t.topic_id, t.origin, c.name, c.description
        FROM cluster_topics t JOIN clusters c USING (partition_date, cluster_id)
        WHERE t.partition_date = ? ORDER BY 1"""
    lineage_sql = "SELECT topic_id, event, related_topic_id FROM topic_lineage WHERE partition_date = ? ORDER BY ALL"
    day = START + timedelta(days=2)
    before = query(home / "warehouse.duckdb", snapshot_sql, [day]), query(home / "warehouse.duckdb", lineage_sql, [day])
    # Re-run day 3 after day 4 exists: it is matched against day 2 again, not against day 4. Re-clustered, not
    # kept as unchanged (CLIO_SKIP_UNCHANGED), so that this tests that clustering it again gives the same.
    assert run_assets([base_clusters], resources(home, skip_unchanged=False), day.isoformat(),
                      instance=instance).success
    after = query(home / "warehouse.duckdb", snapshot_sql, [day]), query(home / "warehouse.duckdb", lineage_sql, [day])
    assert before == after and before[0]


def test_analysts_get_topic_ids_history_and_growth_of_published_clusters_only(run) -> None:
    home, _ = run
    published = home / "published.duckdb"
    base = query(published, "SELECT partition_date, cluster_id, topic_id FROM clusters WHERE level = 0 AND NOT is_other")
    assert base and all(t is not None for _, _, t in base)
    private = dict(((d, c), t) for d, c, t in query(home / "warehouse.duckdb",
                                                     "SELECT partition_date, cluster_id, topic_id FROM cluster_topics"))
    assert all(private[(d, c)] == t for d, c, t in base)
    # Parents carry exactly the topics of their published base descendants; no other row has one.
    for day, cid, topic_ids in query(published, "SELECT partition_date, cluster_id, topic_ids FROM clusters WHERE level > 0"):
        day_topics = {t for d, _, t in base if d == day}
        assert set(topic_ids) <= day_topics, cid
    assert query(published, "SELECT count(*) FROM clusters WHERE topic_id IS NOT NULL AND (level > 0 OR is_other)") == [(0,)]
    # topic_trends is clusters keyed by topic: same rows, same numbers.
    trends = query(published, "SELECT day, topic_id, n_conversations FROM topic_trends ORDER BY ALL")
    assert trends == query(published, "SELECT partition_date, topic_id, n_conversations FROM clusters "
                                      "WHERE level = 0 AND topic_id IS NOT NULL ORDER BY ALL")
    growth = query(published, "SELECT count(*), count(growth_7d), count(*) FILTER (WHERE is_new) FROM topic_growth")
    assert growth[0][0] == len(trends) and growth[0][2] == len(trends)  # 4 days: every topic is new, none 7 days old
    # No daily cell of a base cluster is published, and base clusters carry no last-day growth.
    assert query(published, "SELECT count(*) FROM cluster_trends t JOIN clusters c USING (partition_date, cluster_id) "
                            "WHERE c.level = 0 AND NOT c.is_other") == [(0,)]
    assert query(published, "SELECT count(growth) FROM clusters WHERE level = 0 AND NOT is_other") == [(0,)]
    lineage = query(published, "SELECT topic_id, related_topic_id FROM topic_lineage")
    ever = {t for _, _, t in base}
    assert lineage and all(t in ever and (r is None or r in ever) for t, r in lineage)


def test_topics_off_writes_no_topics_and_publishes_no_ids(tmp_path: Path, run) -> None:
    home, instance = run
    last = day_key(DAYS - 1)
    assert run_assets(ASSETS[3:], resources(home, track_topics=False), last, checks=CHECKS[1:], instance=instance).success
    assert query(home / "warehouse.duckdb", "SELECT count(*) FROM cluster_topics WHERE partition_date = ?", [last]) == [(0,)]
    assert query(home / "published.duckdb", "SELECT count(topic_id) FROM clusters WHERE partition_date = ?", [last]) == [(0,)]
    # Topics back on: the day is matched against the day before it again, as in the first run.
    assert run_assets(ASSETS[3:], resources(home), last, checks=CHECKS[1:], instance=instance).success
    assert query(home / "published.duckdb", "SELECT count(*) = count(topic_id) FROM clusters "
                                            "WHERE partition_date = ? AND level = 0 AND NOT is_other", [last]) == [(True,)]
